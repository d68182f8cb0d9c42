//! Money taken at the desk and given back. Recorded with their method and reference,
//! never processed over the network. A payment is applied to the invoice the desk
//! chose, then to the oldest open ones; what is left is the patient's credit, applied
//! to the next invoice issued. A refund is a new entry against one payment, from what
//! of it is not applied to invoices, never more than was paid.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::invoices;
use super::money::Money;
use super::{now_text, require_writer};
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::error::{AppError, AppResult};
use crate::store::Store;
use crate::validate;

/// The most parts one payment may be split into.
const MAX_PARTS: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PaymentMethod {
    Cash,
    Card,
    BankTransfer,
    Jazzcash,
    Easypaisa,
}

impl PaymentMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::Card => "card",
            PaymentMethod::BankTransfer => "bank_transfer",
            PaymentMethod::Jazzcash => "jazzcash",
            PaymentMethod::Easypaisa => "easypaisa",
        }
    }

    /// What the desk must write down as the reference.
    fn reference_hint(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "",
            PaymentMethod::Card => "Enter the card slip's reference (approval code).",
            PaymentMethod::BankTransfer => "Enter the bank transfer's reference.",
            PaymentMethod::Jazzcash => "Enter the JazzCash transaction ID.",
            PaymentMethod::Easypaisa => "Enter the Easypaisa transaction ID.",
        }
    }
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct PaymentPart {
    pub method: PaymentMethod,
    /// Rupees as typed.
    pub amount: String,
    /// Cash only: what the patient handed over, for the change due.
    pub tendered: Option<String>,
    /// The slip or transaction reference; needed for everything but cash.
    pub reference: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct PaymentInput {
    #[ts(type = "number")]
    pub patient_id: i64,
    /// The invoice the desk chose to pay first; none: the oldest open one.
    #[ts(type = "number | null")]
    pub invoice_id: Option<i64>,
    /// One part per method (a split payment has several).
    pub parts: Vec<PaymentPart>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct RefundInput {
    /// Rupees as typed.
    pub amount: String,
    pub method: PaymentMethod,
    /// Needed for everything but cash.
    pub reference: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct Payment {
    #[ts(type = "number")]
    pub id: i64,
    /// "payment" or "refund".
    pub kind: String,
    #[ts(type = "number")]
    pub patient_id: i64,
    pub method: String,
    #[ts(type = "number")]
    pub amount_paisa: i64,
    #[ts(type = "number | null")]
    pub tendered_paisa: Option<i64>,
    #[ts(type = "number | null")]
    pub change_paisa: Option<i64>,
    pub reference: Option<String>,
    #[ts(type = "number | null")]
    pub refund_of: Option<i64>,
    pub reason: Option<String>,
    pub taken_at: String,
}

/// Where a payment went.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Applied {
    #[ts(type = "number")]
    pub invoice_id: i64,
    pub number: String,
    #[ts(type = "number")]
    pub amount_paisa: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PaymentOutcome {
    pub payments: Vec<Payment>,
    pub applied: Vec<Applied>,
    /// Cash to hand back.
    #[ts(type = "number")]
    pub change_paisa: i64,
    /// Of this payment, what was left over and became credit.
    #[ts(type = "number")]
    pub to_credit_paisa: i64,
}

async fn load(conn: &mut SqliteConnection, id: i64) -> AppResult<Payment> {
    let p: Option<Payment> = sqlx::query_as(
        "SELECT id, kind, patient_id, method, amount_paisa, tendered_paisa, change_paisa, reference, refund_of, reason,
                taken_at FROM payments WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    p.ok_or_else(|| AppError::not_found("This payment does not exist."))
}

/// The patient's issued invoices with something still owed, oldest first. What each
/// owes is kept in `invoice_dues` by the store's triggers (see its migration).
pub(crate) async fn open_invoices(
    conn: &mut SqliteConnection,
    patient_id: i64,
) -> AppResult<Vec<(i64, String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT invoice_id, number, owed_paisa FROM invoice_dues
         WHERE patient_id = ? AND owed_paisa > 0 ORDER BY issued_at, invoice_id",
    )
    .bind(patient_id)
    .fetch_all(conn)
    .await?)
}

/// The patient's payments with something not applied nor refunded, oldest first (kept
/// in `payment_credits` by the store's triggers).
async fn unapplied(conn: &mut SqliteConnection, patient_id: i64) -> AppResult<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT payment_id, free_paisa FROM payment_credits
         WHERE patient_id = ? AND free_paisa > 0 ORDER BY taken_at, payment_id",
    )
    .bind(patient_id)
    .fetch_all(conn)
    .await?)
}

/// The patient's credit: what of their payments is neither applied nor refunded.
pub(crate) async fn credit_of(conn: &mut SqliteConnection, patient_id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT coalesce(sum(free_paisa), 0) FROM payment_credits WHERE patient_id = ?")
        .bind(patient_id)
        .fetch_one(conn)
        .await?)
}

async fn allocate(
    conn: &mut SqliteConnection,
    payment_id: i64,
    invoice_id: i64,
    amount: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO payment_allocations (payment_id, invoice_id, amount_paisa, made_at) VALUES (?, ?, ?, ?)",
    )
    .bind(payment_id)
    .bind(invoice_id)
    .bind(amount)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(())
}

/// Applies the patient's credit to a just-issued invoice. Returns what was applied.
pub(crate) async fn apply_credit(
    conn: &mut SqliteConnection,
    patient_id: i64,
    invoice_id: i64,
) -> AppResult<Money> {
    let (credited, paid) = invoices::credited_and_paid(conn, invoice_id).await?;
    let total: i64 = sqlx::query_scalar("SELECT total_paisa FROM invoices WHERE id = ?")
        .bind(invoice_id)
        .fetch_one(&mut *conn)
        .await?;
    let mut owed = total - credited - paid;
    let mut applied = 0;
    for (payment_id, free) in unapplied(conn, patient_id).await? {
        if owed <= 0 {
            break;
        }
        let take = free.min(owed);
        allocate(conn, payment_id, invoice_id, take).await?;
        owed -= take;
        applied += take;
    }
    Ok(Money(applied))
}

/// Gives back to the patient's credit up to `most` of what is applied to an invoice,
/// newest payment first, by rows that undo (the applied rows stay). Returns what was
/// released.
pub(crate) async fn release(conn: &mut SqliteConnection, invoice_id: i64, most: i64) -> AppResult<i64> {
    let applied: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT payment_id, sum(amount_paisa) FROM payment_allocations WHERE invoice_id = ?
         GROUP BY payment_id HAVING sum(amount_paisa) > 0 ORDER BY payment_id DESC",
    )
    .bind(invoice_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut left = most;
    let mut released = 0;
    for (payment_id, amount) in applied {
        if left <= 0 {
            break;
        }
        let back = amount.min(left);
        allocate(conn, payment_id, invoice_id, -back).await?;
        left -= back;
        released += back;
    }
    Ok(released)
}

struct Part {
    method: PaymentMethod,
    amount: Money,
    tendered: Option<Money>,
    reference: Option<String>,
}

fn reference(field: &str, method: PaymentMethod, typed: Option<&str>) -> AppResult<Option<String>> {
    let r = validate::optional_text(field, "The reference", typed.unwrap_or(""), 100)?;
    if r.is_none() && method != PaymentMethod::Cash {
        return Err(AppError::validation(field, method.reference_hint()));
    }
    Ok(r)
}

fn read_part(i: usize, p: &PaymentPart) -> AppResult<Part> {
    let f = |name: &str| format!("parts.{i}.{name}");
    let amount = Money::parse_positive(&f("amount"), &p.amount)?;
    let tendered = match p.tendered.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(_) if p.method != PaymentMethod::Cash => {
            return Err(AppError::validation(&f("tendered"), "Only cash is handed over with change due."));
        }
        Some(t) => {
            let given = Money::parse(&f("tendered"), t)?;
            if given < amount {
                return Err(AppError::validation(
                    &f("tendered"),
                    format!(
                        "The cash handed over ({}) is less than the amount ({}).",
                        given.pkr(),
                        amount.pkr()
                    ),
                ));
            }
            Some(given)
        }
    };
    let reference = reference(&f("reference"), p.method, p.reference.as_deref())?;
    Ok(Part { method: p.method, amount, tendered, reference })
}

/// Takes a payment, in one or several parts. Nothing is saved unless every part is
/// right and the chosen invoice may be paid.
pub async fn take_payment(store: &Store, actor: &Actor, input: PaymentInput) -> AppResult<PaymentOutcome> {
    let mut tx = store.begin_write().await?;
    require_writer(tx.conn(), actor, Permission::TakePayments, input.patient_id).await?;
    if input.parts.is_empty() {
        return Err(AppError::validation("parts", "Enter the amount paid and how it was paid."));
    }
    if input.parts.len() > MAX_PARTS {
        return Err(AppError::validation(
            "parts",
            format!("A payment can be split into at most {MAX_PARTS} parts."),
        ));
    }
    let parts =
        input.parts.iter().enumerate().map(|(i, p)| read_part(i, p)).collect::<AppResult<Vec<_>>>()?;
    let mut total = Money::ZERO;
    for (i, p) in parts.iter().enumerate() {
        total = total.add(p.amount, &format!("parts.{i}.amount"))?;
    }

    let mut targets = Vec::new();
    if let Some(chosen) = input.invoice_id {
        targets.push(chosen_invoice(tx.conn(), chosen, input.patient_id).await?);
    }
    for open in open_invoices(tx.conn(), input.patient_id).await? {
        if Some(open.0) != input.invoice_id {
            targets.push(open);
        }
    }

    let now = now_text();
    let mut ids = Vec::new();
    let mut applied: Vec<Applied> = Vec::new();
    let mut change = 0;
    let mut target = 0;
    for p in &parts {
        let change_due = p.tendered.map(|t| t.paisa() - p.amount.paisa());
        change += change_due.unwrap_or(0);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO payments (kind, patient_id, method, amount_paisa, tendered_paisa, change_paisa, reference, taken_by, taken_at)
             VALUES ('payment', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(input.patient_id)
        .bind(p.method.as_str())
        .bind(p.amount.paisa())
        .bind(p.tendered.map(Money::paisa))
        .bind(change_due)
        .bind(&p.reference)
        .bind(actor.staff_id)
        .bind(&now)
        .fetch_one(tx.conn())
        .await?;
        ids.push(id);
        let mut left = p.amount.paisa();
        while left > 0 && target < targets.len() {
            let (invoice_id, number, owed) = &mut targets[target];
            let take = left.min(*owed);
            allocate(tx.conn(), id, *invoice_id, take).await?;
            match applied.iter_mut().find(|a| a.invoice_id == *invoice_id) {
                Some(a) => a.amount_paisa += take,
                None => applied.push(Applied {
                    invoice_id: *invoice_id,
                    number: number.clone(),
                    amount_paisa: take,
                }),
            }
            *owed -= take;
            left -= take;
            if *owed == 0 {
                target += 1;
            }
        }
    }
    let to_credit = total.paisa() - applied.iter().map(|a| a.amount_paisa).sum::<i64>();
    let methods = parts
        .iter()
        .map(|p| format!("{} {}", p.method.as_str(), p.amount.paisa()))
        .collect::<Vec<_>>()
        .join(", ");
    let on = applied.iter().map(|a| a.invoice_id.to_string()).collect::<Vec<_>>().join(",");
    let mut e = actor.origin().entry(
        AuditAction::Create,
        "payment",
        Some(ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")),
        format!("{methods} paisa; applied to invoices [{on}]; {to_credit} paisa to credit"),
    );
    e.patient_id = Some(input.patient_id);
    tx.audit(e).await?;
    let mut payments = Vec::with_capacity(ids.len());
    for id in ids {
        payments.push(load(tx.conn(), id).await?);
    }
    tx.commit().await?;
    Ok(PaymentOutcome { payments, applied, change_paisa: change, to_credit_paisa: to_credit })
}

async fn chosen_invoice(
    conn: &mut SqliteConnection,
    invoice_id: i64,
    patient_id: i64,
) -> AppResult<(i64, String, i64)> {
    let row: Option<(i64, String, String, Option<String>)> =
        sqlx::query_as("SELECT patient_id, kind, status, number FROM invoices WHERE id = ?")
            .bind(invoice_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((owner, kind, status, number)) = row else {
        return Err(AppError::validation("invoice_id", "This invoice does not exist."));
    };
    if owner != patient_id {
        return Err(AppError::validation("invoice_id", "This invoice is another patient's."));
    }
    if kind == "credit_note" {
        return Err(AppError::validation("invoice_id", "A credit note is not paid; choose an invoice."));
    }
    match status.as_str() {
        "void" => {
            return Err(AppError::validation("invoice_id", "This invoice was voided; it cannot be paid."))
        }
        "draft" => {
            return Err(AppError::validation("invoice_id", "Issue the invoice before taking payment for it."))
        }
        _ => {}
    }
    let (credited, paid) = invoices::credited_and_paid(conn, invoice_id).await?;
    let total: i64 = sqlx::query_scalar("SELECT total_paisa FROM invoices WHERE id = ?")
        .bind(invoice_id)
        .fetch_one(&mut *conn)
        .await?;
    let owed = total - credited - paid;
    if owed <= 0 {
        return Err(AppError::Conflict {
            message: "This invoice is already paid in full.".into(),
            field: Some("invoice_id".into()),
        });
    }
    Ok((invoice_id, number.unwrap_or_default(), owed))
}

/// Gives money back against one payment: never more than was paid, and only from what
/// is not applied to an invoice (void the invoice or issue a credit note first).
pub async fn refund_payment(
    store: &Store,
    actor: &Actor,
    payment_id: i64,
    input: RefundInput,
) -> AppResult<Payment> {
    let mut tx = store.begin_write().await?;
    actor.require(Permission::TakePayments)?;
    let paid = load(tx.conn(), payment_id).await?;
    require_writer(tx.conn(), actor, Permission::TakePayments, paid.patient_id).await?;
    if paid.kind != "payment" {
        return Err(AppError::validation("payment_id", "A refund cannot itself be refunded."));
    }
    let amount = Money::parse_positive("amount", &input.amount)?;
    let (refunded, applied): (i64, i64) = sqlx::query_as(
        "SELECT coalesce((SELECT sum(amount_paisa) FROM payments WHERE refund_of = ?1), 0),
                coalesce((SELECT sum(amount_paisa) FROM payment_allocations WHERE payment_id = ?1), 0)",
    )
    .bind(payment_id)
    .fetch_one(tx.conn())
    .await?;
    if amount.paisa() > paid.amount_paisa - refunded {
        return Err(AppError::validation(
            "amount",
            format!(
                "A refund cannot be more than was paid: {} was paid and {} of it is already refunded.",
                Money(paid.amount_paisa).pkr(),
                Money(refunded).pkr()
            ),
        ));
    }
    let free = paid.amount_paisa - refunded - applied;
    if amount.paisa() > free {
        return Err(AppError::Conflict {
            message: format!(
                "Only {} of this payment is not applied to an invoice. To refund more, void the invoice or issue a credit note first.",
                Money(free).pkr()
            ),
            field: Some("amount".into()),
        });
    }
    let reference = reference("reference", input.method, input.reference.as_deref())?;
    let reason = validate::text("reason", "The reason for the refund", &input.reason, 300)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO payments (kind, patient_id, method, amount_paisa, reference, refund_of, reason, taken_by, taken_at)
         VALUES ('refund', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(paid.patient_id)
    .bind(input.method.as_str())
    .bind(amount.paisa())
    .bind(&reference)
    .bind(payment_id)
    .bind(&reason)
    .bind(actor.staff_id)
    .bind(now_text())
    .fetch_one(tx.conn())
    .await?;
    let mut e = actor.origin().entry(
        AuditAction::Create,
        "refund",
        Some(id.to_string()),
        format!("{} paisa by {} against payment {payment_id}", amount.paisa(), input.method.as_str()),
    );
    e.patient_id = Some(paid.patient_id);
    tx.audit(e).await?;
    let saved = load(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(saved)
}
