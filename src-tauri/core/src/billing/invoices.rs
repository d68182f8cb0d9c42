//! Invoices: a draft made at check-out (from an appointment) or at the pharmacy counter
//! (from a dispensing), with extra lines and discounts; issued with the next number of
//! the year; voided with a reason, or corrected with a credit note. An issued invoice
//! is never changed or deleted (the store's triggers refuse it).

use chrono::Datelike;
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::lines::{self, Discount, DiscountInput, LineInput, LineKind, PricedLine};
use super::money::Money;
use super::numbering::{self, Series};
use super::{now_text, payments, prices, require_reader, require_writer, settings, today};
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::error::{AppError, AppResult};
use crate::store::Store;
use crate::validate;

/// The most lines on one invoice.
const MAX_LINES: usize = 100;

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct InvoiceInput {
    #[ts(type = "number")]
    pub patient_id: i64,
    /// Check-out: the appointment's service at its price on the appointment's day.
    #[ts(type = "number | null")]
    pub appointment_id: Option<i64>,
    /// The pharmacy counter: the dispensed item at its sale price.
    #[ts(type = "number | null")]
    pub dispensing_id: Option<i64>,
    pub lines: Vec<LineInput>,
    /// A discount on the whole invoice.
    pub discount: Option<DiscountInput>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum InvoiceKind {
    Invoice,
    CreditNote,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum InvoiceStatus {
    Draft,
    Issued,
    Void,
}

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct InvoiceLine {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: String,
    #[ts(type = "number | null")]
    pub service_id: Option<i64>,
    #[ts(type = "number | null")]
    pub item_id: Option<i64>,
    pub description: String,
    #[ts(type = "number")]
    pub quantity: i64,
    #[ts(type = "number")]
    pub unit_paisa: i64,
    #[ts(type = "number")]
    pub gross_paisa: i64,
    pub discount_reason: Option<String>,
    #[ts(type = "number")]
    pub line_discount_paisa: i64,
    #[ts(type = "number")]
    pub invoice_discount_paisa: i64,
    #[ts(type = "number")]
    pub tax_bp: i64,
    #[ts(type = "number")]
    pub tax_paisa: i64,
    #[ts(type = "number")]
    pub total_paisa: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Invoice {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: InvoiceKind,
    pub status: InvoiceStatus,
    /// `None` while a draft.
    pub number: Option<String>,
    #[ts(type = "number")]
    pub patient_id: i64,
    #[ts(type = "number | null")]
    pub appointment_id: Option<i64>,
    #[ts(type = "number | null")]
    pub dispensing_id: Option<i64>,
    /// A credit note: the invoice it corrects.
    #[ts(type = "number | null")]
    pub credits_invoice_id: Option<i64>,
    pub discount_reason: Option<String>,
    #[ts(type = "number")]
    pub subtotal_paisa: i64,
    #[ts(type = "number")]
    pub discount_paisa: i64,
    #[ts(type = "number")]
    pub tax_paisa: i64,
    #[ts(type = "number")]
    pub total_paisa: i64,
    /// Taken off by credit notes.
    #[ts(type = "number")]
    pub credited_paisa: i64,
    /// Payments applied to it.
    #[ts(type = "number")]
    pub paid_paisa: i64,
    /// What is still owed on it (0 for a draft, a void invoice or a credit note).
    #[ts(type = "number")]
    pub outstanding_paisa: i64,
    /// The total as people read it: "PKR 1,500.00".
    pub total_text: String,
    pub issued_at: Option<String>,
    pub void_reason: Option<String>,
    pub lines: Vec<InvoiceLine>,
}

#[derive(sqlx::FromRow)]
pub(super) struct Head {
    pub(super) id: i64,
    pub(super) kind: String,
    pub(super) status: String,
    pub(super) number: Option<String>,
    pub(super) patient_id: i64,
    pub(super) appointment_id: Option<i64>,
    pub(super) dispensing_id: Option<i64>,
    pub(super) credits_invoice_id: Option<i64>,
    pub(super) discount_reason: Option<String>,
    pub(super) subtotal_paisa: i64,
    pub(super) discount_paisa: i64,
    pub(super) tax_paisa: i64,
    pub(super) total_paisa: i64,
    pub(super) issued_at: Option<String>,
    pub(super) void_reason: Option<String>,
}

pub(super) async fn head(conn: &mut SqliteConnection, id: i64) -> AppResult<Head> {
    let h: Option<Head> = sqlx::query_as(
        "SELECT id, kind, status, number, patient_id, appointment_id, dispensing_id, credits_invoice_id,
                discount_reason, subtotal_paisa, discount_paisa, tax_paisa, total_paisa, issued_at, void_reason
         FROM invoices WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    h.ok_or_else(|| AppError::not_found("This invoice does not exist."))
}

/// The patient an invoice is for, for the callers that check the patient first.
pub(crate) async fn patient_of(conn: &mut SqliteConnection, id: i64) -> AppResult<i64> {
    Ok(head(conn, id).await?.patient_id)
}

/// What credit notes took off an issued invoice, and what payments are applied to it.
pub(crate) async fn credited_and_paid(conn: &mut SqliteConnection, id: i64) -> AppResult<(i64, i64)> {
    let row: (i64, i64) = sqlx::query_as(
        "SELECT coalesce((SELECT sum(total_paisa) FROM invoices WHERE credits_invoice_id = ?1 AND status = 'issued'), 0),
                coalesce((SELECT sum(amount_paisa) FROM payment_allocations WHERE invoice_id = ?1), 0)",
    )
    .bind(id)
    .fetch_one(conn)
    .await?;
    Ok(row)
}

pub(crate) async fn load(conn: &mut SqliteConnection, id: i64) -> AppResult<Invoice> {
    let h = head(conn, id).await?;
    let lines: Vec<InvoiceLine> = sqlx::query_as(
        "SELECT id, kind, service_id, item_id, description, quantity, unit_paisa, gross_paisa, discount_reason,
                line_discount_paisa, invoice_discount_paisa, tax_bp, tax_paisa, total_paisa
         FROM invoice_lines WHERE invoice_id = ? ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let (credited, paid) = credited_and_paid(conn, id).await?;
    let kind = if h.kind == "credit_note" { InvoiceKind::CreditNote } else { InvoiceKind::Invoice };
    let status = match h.status.as_str() {
        "draft" => InvoiceStatus::Draft,
        "void" => InvoiceStatus::Void,
        _ => InvoiceStatus::Issued,
    };
    let owes = kind == InvoiceKind::Invoice && status == InvoiceStatus::Issued;
    Ok(Invoice {
        id: h.id,
        kind,
        status,
        number: h.number,
        patient_id: h.patient_id,
        appointment_id: h.appointment_id,
        dispensing_id: h.dispensing_id,
        credits_invoice_id: h.credits_invoice_id,
        discount_reason: h.discount_reason,
        subtotal_paisa: h.subtotal_paisa,
        discount_paisa: h.discount_paisa,
        tax_paisa: h.tax_paisa,
        total_paisa: h.total_paisa,
        credited_paisa: credited,
        paid_paisa: paid,
        outstanding_paisa: if owes { h.total_paisa - credited - paid } else { 0 },
        total_text: Money(h.total_paisa).pkr(),
        issued_at: h.issued_at,
        void_reason: h.void_reason,
        lines,
    })
}

fn clinic_day_of(utc: &str) -> AppResult<chrono::NaiveDate> {
    Ok(crate::clock::parse_utc(utc)?.with_timezone(&crate::clock::CLINIC_TZ).date_naive())
}

/// The appointment's line: its service at the price of its day.
async fn appointment_line(
    conn: &mut SqliteConnection,
    appointment_id: i64,
    patient_id: i64,
) -> AppResult<PricedLine> {
    let row: Option<(i64, i64, String, String, String)> = sqlx::query_as(
        "SELECT a.patient_id, a.service_id, a.starts_at, a.status, s.name
         FROM appointments a JOIN services s ON s.id = a.service_id WHERE a.id = ?",
    )
    .bind(appointment_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((owner, service_id, starts_at, status, name)) = row else {
        return Err(AppError::validation("appointment_id", "This appointment does not exist."));
    };
    if owner != patient_id {
        return Err(AppError::validation("appointment_id", "This appointment is another patient's."));
    }
    if status == "cancelled" {
        return Err(AppError::validation("appointment_id", "A cancelled appointment is not billed."));
    }
    let billed: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
                        WHERE l.appointment_id = ? AND i.status <> 'void')",
    )
    .bind(appointment_id)
    .fetch_one(&mut *conn)
    .await?;
    if billed {
        return Err(AppError::Conflict {
            message: "This appointment is already on an invoice.".into(),
            field: Some("appointment_id".into()),
        });
    }
    let price = prices::service_price(conn, service_id, clinic_day_of(&starts_at)?).await?;
    Ok(PricedLine {
        kind: "service",
        service_id: Some(service_id),
        item_id: None,
        appointment_id: Some(appointment_id),
        dispensing_id: None,
        description: name,
        quantity: 1,
        unit: price.unit,
        tax_bp: price.tax_bp,
        discount: None,
    })
}

async fn item_name(conn: &mut SqliteConnection, item_id: i64, field: &str) -> AppResult<String> {
    let name: Option<String> =
        sqlx::query_scalar("SELECT name || ' ' || strength FROM pharmacy_items WHERE id = ?")
            .bind(item_id)
            .fetch_optional(conn)
            .await?;
    name.ok_or_else(|| AppError::validation(field, "This pharmacy item does not exist."))
}

async fn item_priced(
    conn: &mut SqliteConnection,
    item_id: i64,
    field: &str,
) -> AppResult<(String, prices::Price)> {
    let name = item_name(conn, item_id, field).await?;
    match prices::item_price(conn, item_id, today()).await? {
        Some(p) => Ok((name, p)),
        None => Err(AppError::validation(
            field,
            format!("{name} has no sale price yet. Ask the administrator to set one."),
        )),
    }
}

/// The dispensing's line: the item, its quantity, at today's sale price.
async fn dispensing_line(
    conn: &mut SqliteConnection,
    dispensing_id: i64,
    patient_id: i64,
) -> AppResult<PricedLine> {
    let row: Option<(i64, i64, i64)> =
        sqlx::query_as("SELECT patient_id, item_id, quantity FROM dispensings WHERE id = ?")
            .bind(dispensing_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((owner, item_id, quantity)) = row else {
        return Err(AppError::validation("dispensing_id", "This dispensing does not exist."));
    };
    if owner != patient_id {
        return Err(AppError::validation("dispensing_id", "This dispensing is another patient's."));
    }
    let billed: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
                        WHERE l.dispensing_id = ? AND i.status <> 'void')",
    )
    .bind(dispensing_id)
    .fetch_one(&mut *conn)
    .await?;
    if billed {
        return Err(AppError::Conflict {
            message: "This dispensing is already on an invoice.".into(),
            field: Some("dispensing_id".into()),
        });
    }
    let (name, price) = item_priced(conn, item_id, "dispensing_id").await?;
    Ok(PricedLine {
        kind: "item",
        service_id: None,
        item_id: Some(item_id),
        appointment_id: None,
        dispensing_id: Some(dispensing_id),
        description: name,
        quantity,
        unit: price.unit,
        tax_bp: price.tax_bp,
        discount: None,
    })
}

async fn extra_line(conn: &mut SqliteConnection, i: usize, l: &LineInput) -> AppResult<PricedLine> {
    let f = |name: &str| format!("lines.{i}.{name}");
    let quantity = lines::whole_quantity(&f("quantity"), l.quantity)?;
    let discount = l.discount.as_ref().map(|d| Discount::read(&f("discount"), d)).transpose()?;
    let mut line = PricedLine {
        kind: "other",
        service_id: None,
        item_id: None,
        appointment_id: None,
        dispensing_id: None,
        description: String::new(),
        quantity,
        unit: Money::ZERO,
        tax_bp: 0,
        discount,
    };
    match l.kind {
        LineKind::Service => {
            let Some(service_id) = l.service_id else {
                return Err(AppError::validation(&f("service_id"), "Choose the service."));
            };
            let name: Option<String> = sqlx::query_scalar("SELECT name FROM services WHERE id = ?")
                .bind(service_id)
                .fetch_optional(&mut *conn)
                .await?;
            let Some(name) = name else {
                return Err(AppError::validation(&f("service_id"), "This service does not exist."));
            };
            let price = prices::service_price(conn, service_id, today()).await?;
            line.kind = "service";
            line.service_id = Some(service_id);
            line.description = name;
            line.unit = price.unit;
            line.tax_bp = price.tax_bp;
        }
        LineKind::Item => {
            let Some(item_id) = l.item_id else {
                return Err(AppError::validation(&f("item_id"), "Choose the pharmacy item."));
            };
            let (name, price) = item_priced(conn, item_id, &f("item_id")).await?;
            line.kind = "item";
            line.item_id = Some(item_id);
            line.description = name;
            line.unit = price.unit;
            line.tax_bp = price.tax_bp;
        }
        LineKind::Other => {
            let description = l.description.as_deref().unwrap_or("");
            line.description = validate::text(&f("description"), "What the line is for", description, 200)?;
            let Some(unit) = l.unit_price.as_deref() else {
                return Err(AppError::validation(&f("unit_price"), "Enter the price per unit in rupees."));
            };
            line.unit = Money::parse(&f("unit_price"), unit)?;
        }
    }
    Ok(line)
}

/// The limit binds the desk; the administrator approves more by giving it.
async fn check_limit(
    conn: &mut SqliteConnection,
    actor: &Actor,
    discount: Money,
    subtotal: Money,
) -> AppResult<()> {
    if actor.may(Permission::CorrectInvoices) || discount.paisa() == 0 {
        return Ok(());
    }
    let limit = settings::read(conn).await?.reception_discount_limit_percent;
    if lines::above_limit(discount, subtotal, limit) {
        return Err(AppError::validation(
            "discount",
            format!(
                "A discount of {} on {} is more than the {limit} % reception may give. Ask the administrator to approve it.",
                discount.pkr(),
                subtotal.pkr()
            ),
        ));
    }
    Ok(())
}

/// Makes a draft invoice. Nothing is saved unless every line is priced and every
/// discount is within what the person may give.
pub async fn create_invoice(store: &Store, actor: &Actor, input: InvoiceInput) -> AppResult<Invoice> {
    let mut tx = store.begin_write().await?;
    require_writer(tx.conn(), actor, Permission::Bill, input.patient_id).await?;
    if input.lines.len() > MAX_LINES {
        return Err(AppError::validation("lines", format!("An invoice can have at most {MAX_LINES} lines.")));
    }
    let mut priced = Vec::new();
    if let Some(a) = input.appointment_id {
        priced.push(appointment_line(tx.conn(), a, input.patient_id).await?);
    }
    if let Some(d) = input.dispensing_id {
        priced.push(dispensing_line(tx.conn(), d, input.patient_id).await?);
    }
    let first_extra = priced.len();
    for (i, l) in input.lines.iter().enumerate() {
        priced.push(extra_line(tx.conn(), i, l).await?);
    }
    if priced.is_empty() {
        return Err(AppError::validation("lines", "An invoice needs at least one line."));
    }
    let discount = input.discount.as_ref().map(|d| Discount::read("discount", d)).transpose()?;
    // Errors name the typed line (`lines.<n>`); the appointment's and dispensing's
    // lines come first and are never typed.
    let (amounts, totals) =
        lines::compute(&priced, discount.as_ref()).map_err(|e| renumber(e, first_extra))?;
    check_limit(tx.conn(), actor, totals.discount, totals.subtotal).await?;

    let draft = Draft {
        patient_id: input.patient_id,
        appointment_id: input.appointment_id,
        dispensing_id: input.dispensing_id,
        discount: discount.as_ref(),
    };
    let id = insert_draft(tx.conn(), actor, &draft, &priced, &amounts, &totals).await?;
    let mut e = actor.origin().entry(
        AuditAction::Create,
        "invoice",
        Some(id.to_string()),
        format!("draft, {} lines, total {} paisa", priced.len(), totals.total.paisa()),
    );
    e.patient_id = Some(input.patient_id);
    tx.audit(e).await?;
    let saved = load(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(saved)
}

fn renumber(e: AppError, first_extra: usize) -> AppError {
    match e {
        AppError::Validation { message, field: Some(f) } if f.starts_with("lines.") => {
            let rest = &f["lines.".len()..];
            let (n, tail) = rest.split_once('.').unwrap_or((rest, ""));
            let field = match n.parse::<usize>() {
                Ok(n) if n >= first_extra => format!("lines.{}.{tail}", n - first_extra),
                Ok(_) if tail.starts_with("quantity") => "dispensing_id".to_string(),
                _ => f.clone(),
            };
            AppError::Validation { message, field: Some(field) }
        }
        other => other,
    }
}

/// Who a draft is for and where it came from.
pub(crate) struct Draft<'a> {
    pub patient_id: i64,
    pub appointment_id: Option<i64>,
    pub dispensing_id: Option<i64>,
    pub discount: Option<&'a Discount>,
}

/// Stores a draft with its lines, inside the caller's transaction (which audits).
pub(crate) async fn insert_draft(
    conn: &mut SqliteConnection,
    actor: &Actor,
    d: &Draft<'_>,
    priced: &[PricedLine],
    amounts: &[lines::LineAmounts],
    totals: &lines::Totals,
) -> AppResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO invoices (patient_id, appointment_id, dispensing_id, discount_kind, discount_value, discount_reason,
             subtotal_paisa, discount_paisa, tax_paisa, total_paisa, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(d.patient_id)
    .bind(d.appointment_id)
    .bind(d.dispensing_id)
    .bind(d.discount.map(|d| d.kind.as_str()))
    .bind(d.discount.map(|d| d.value))
    .bind(d.discount.map(|d| d.reason.clone()))
    .bind(totals.subtotal.paisa())
    .bind(totals.discount.paisa())
    .bind(totals.tax.paisa())
    .bind(totals.total.paisa())
    .bind(actor.staff_id)
    .bind(now_text())
    .fetch_one(&mut *conn)
    .await?;
    for (pos, (l, a)) in priced.iter().zip(amounts).enumerate() {
        insert_line(conn, id, pos as i64, l, a).await?;
    }
    Ok(id)
}

/// Gives a draft the next number and applies the patient's credit, inside the caller's
/// transaction. Returns the number and the credit applied.
pub(crate) async fn issue_in(
    conn: &mut SqliteConnection,
    actor: &Actor,
    invoice_id: i64,
    patient_id: i64,
) -> AppResult<(String, Money)> {
    let number = numbering::next(conn, Series::Invoice, year_now()).await?;
    sqlx::query("UPDATE invoices SET status = 'issued', number = ?, issued_by = ?, issued_at = ? WHERE id = ? AND status = 'draft'")
        .bind(&number)
        .bind(actor.staff_id)
        .bind(now_text())
        .bind(invoice_id)
        .execute(&mut *conn)
        .await?;
    let applied = payments::apply_credit(conn, patient_id, invoice_id).await?;
    Ok((number, applied))
}

pub(super) async fn insert_line(
    conn: &mut SqliteConnection,
    invoice_id: i64,
    position: i64,
    l: &PricedLine,
    a: &lines::LineAmounts,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO invoice_lines (invoice_id, position, kind, service_id, item_id, appointment_id, dispensing_id,
             description, quantity, unit_paisa, gross_paisa, discount_kind, discount_value, discount_reason,
             line_discount_paisa, invoice_discount_paisa, tax_bp, tax_paisa, total_paisa)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(invoice_id)
    .bind(position)
    .bind(l.kind)
    .bind(l.service_id)
    .bind(l.item_id)
    .bind(l.appointment_id)
    .bind(l.dispensing_id)
    .bind(&l.description)
    .bind(l.quantity)
    .bind(l.unit.paisa())
    .bind(a.gross.paisa())
    .bind(l.discount.as_ref().map(|d| d.kind.as_str()))
    .bind(l.discount.as_ref().map(|d| d.value))
    .bind(l.discount.as_ref().map(|d| d.reason.clone()))
    .bind(a.line_discount.paisa())
    .bind(a.invoice_discount.paisa())
    .bind(l.tax_bp)
    .bind(a.tax.paisa())
    .bind(a.total.paisa())
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) fn year_now() -> i32 {
    today().year()
}

/// Issues a draft: the next number of the year, given in this transaction; then any
/// credit the patient has is applied to it.
pub async fn issue_invoice(store: &Store, actor: &Actor, invoice_id: i64) -> AppResult<Invoice> {
    let mut tx = store.begin_write().await?;
    let h = head(tx.conn(), invoice_id).await?;
    require_writer(tx.conn(), actor, Permission::Bill, h.patient_id).await?;
    match h.status.as_str() {
        "draft" => {}
        "void" => return Err(AppError::conflict("This invoice was voided; it cannot be issued.")),
        _ => {
            return Err(AppError::conflict(format!(
                "This invoice is already issued as {}.",
                h.number.unwrap_or_default()
            )))
        }
    }
    check_limit(tx.conn(), actor, Money(h.discount_paisa), Money(h.subtotal_paisa)).await?;
    let (number, applied) = issue_in(tx.conn(), actor, invoice_id, h.patient_id).await?;
    let mut e = actor.origin().entry(
        AuditAction::Update,
        "invoice",
        Some(invoice_id.to_string()),
        format!("issued {number}, total {} paisa, credit applied {} paisa", h.total_paisa, applied.paisa()),
    );
    e.patient_id = Some(h.patient_id);
    tx.audit(e).await?;
    let saved = load(tx.conn(), invoice_id).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Throws a draft away (an issued invoice is voided instead).
pub async fn discard_draft(store: &Store, actor: &Actor, invoice_id: i64) -> AppResult<()> {
    let mut tx = store.begin_write().await?;
    let h = head(tx.conn(), invoice_id).await?;
    require_writer(tx.conn(), actor, Permission::Bill, h.patient_id).await?;
    if h.status != "draft" {
        return Err(AppError::conflict(
            "An issued invoice is never deleted. Void it with a reason, or issue a credit note.",
        ));
    }
    sqlx::query("DELETE FROM invoice_lines WHERE invoice_id = ?").bind(invoice_id).execute(tx.conn()).await?;
    sqlx::query("DELETE FROM invoices WHERE id = ?").bind(invoice_id).execute(tx.conn()).await?;
    let mut e =
        actor.origin().entry(AuditAction::Delete, "invoice", Some(invoice_id.to_string()), "draft discarded");
    e.patient_id = Some(h.patient_id);
    tx.audit(e).await?;
    tx.commit().await
}

/// One invoice or credit note, with its lines and what is owed on it; the reading is audited.
pub async fn get_invoice(store: &Store, actor: &Actor, invoice_id: i64) -> AppResult<Invoice> {
    actor.require(Permission::Bill)?;
    let mut tx = store.begin_write().await?;
    let patient_id = patient_of(tx.conn(), invoice_id).await?;
    require_reader(tx.conn(), actor, patient_id).await?;
    let invoice = load(tx.conn(), invoice_id).await?;
    let mut e = actor.origin().entry(AuditAction::View, "invoice", Some(invoice_id.to_string()), "");
    e.patient_id = Some(patient_id);
    tx.audit(e).await?;
    tx.commit().await?;
    Ok(invoice)
}
