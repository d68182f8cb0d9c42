//! Printing money documents for the patient: an issued invoice or credit note, and the
//! receipt of a payment (or the slip of a refund). The patient's language unless the
//! desk chooses the other; A5 or the 80 mm roll. The first print is the original and
//! every later one says COPY; each print is kept in `document_prints` and audited as a
//! print naming the patient, in the transaction that decides whether it is a copy.

use chrono::Utc;
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::invoices::{self, InvoiceKind, InvoiceStatus};
use super::{require_reader, settings};
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::clinic;
use crate::clock::{parse_utc, utc_text};
use crate::error::{AppError, AppResult};
use crate::export::pdf::PageSize;
use crate::export::receipt::{
    self, DocLine, DocPayment, InvoiceFigures, MoneyDocKind, MoneyDocument, ReceiptFigures,
};
use crate::export::slip::ClinicHeader;
use crate::scheduling::ExportFile;
use crate::staff::Language;
use crate::store::{Store, WriteTx};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Paper {
    A5,
    /// An 80 mm thermal receipt printer.
    Roll80,
}

impl Paper {
    fn as_str(self) -> &'static str {
        match self {
            Paper::A5 => "a5",
            Paper::Roll80 => "roll80",
        }
    }
    fn size(self) -> PageSize {
        match self {
            Paper::A5 => PageSize::A5,
            Paper::Roll80 => PageSize::Roll80,
        }
    }
}

struct Patient {
    name: String,
    name_ur: Option<String>,
    mrn: String,
    language: Language,
}

async fn patient(conn: &mut SqliteConnection, id: i64) -> AppResult<Patient> {
    let (name, name_ur, mrn, lang): (String, Option<String>, String, String) =
        sqlx::query_as("SELECT full_name, name_ur, mrn, preferred_language FROM patients WHERE id = ?")
            .bind(id)
            .fetch_optional(conn)
            .await?
            .ok_or_else(|| AppError::not_found("This patient does not exist."))?;
    let language = if lang == "ur" { Language::Ur } else { Language::En };
    Ok(Patient { name, name_ur, mrn, language })
}

/// Who asks, where it goes, and what is known before the print is recorded.
struct Print<'a> {
    actor: &'a Actor,
    document: &'static str,
    document_id: i64,
    patient_id: i64,
    paper: Paper,
    language: Option<Language>,
}

/// Records the print and audits it; returns whether it is a reprint.
async fn record_print(conn: &mut SqliteConnection, p: &Print<'_>, language: Language) -> AppResult<bool> {
    let earlier: i64 =
        sqlx::query_scalar("SELECT count(*) FROM document_prints WHERE document = ? AND document_id = ?")
            .bind(p.document)
            .bind(p.document_id)
            .fetch_one(&mut *conn)
            .await?;
    sqlx::query(
        "INSERT INTO document_prints (document, document_id, patient_id, language, paper, copy, printed_by, printed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(p.document)
    .bind(p.document_id)
    .bind(p.patient_id)
    .bind(language.as_str())
    .bind(p.paper.as_str())
    .bind(earlier > 0)
    .bind(p.actor.staff_id)
    .bind(utc_text(Utc::now()))
    .execute(conn)
    .await?;
    Ok(earlier > 0)
}

/// The parts every document shares, read and recorded inside the caller's transaction;
/// the caller fills in the figures.
async fn document(
    tx: &mut WriteTx<'_>,
    clinic: ClinicHeader,
    p: &Print<'_>,
    kind: MoneyDocKind,
    number: String,
    dated: &str,
) -> AppResult<MoneyDocument> {
    let who = patient(tx.conn(), p.patient_id).await?;
    let language = p.language.unwrap_or(who.language);
    let urdu = language == Language::Ur;
    let copy = record_print(tx.conn(), p, language).await?;
    let mut e = p.actor.origin().entry(
        AuditAction::Print,
        if p.document == "receipt" { "receipt" } else { "invoice" },
        Some(p.document_id.to_string()),
        format!(
            "{} {}, {}{}",
            p.paper.as_str(),
            language.as_str(),
            kind_word(kind),
            if copy { ", copy" } else { "" }
        ),
    );
    e.patient_id = Some(p.patient_id);
    tx.audit(e).await?;
    let conn = tx.conn();
    let tax = settings::read(&mut *conn).await?;
    let printed_by: String = sqlx::query_scalar("SELECT full_name FROM staff WHERE id = ?")
        .bind(p.actor.staff_id)
        .fetch_optional(&mut *conn)
        .await?
        .unwrap_or_default();
    let patient_name = match (&who.name_ur, urdu) {
        (Some(n), true) if !n.trim().is_empty() => n.clone(),
        _ => who.name.clone(),
    };
    Ok(MoneyDocument {
        clinic,
        ntn: tax.ntn,
        strn: tax.strn,
        urdu,
        paper: p.paper.size(),
        copy,
        kind,
        number,
        dated: parse_utc(dated)?,
        patient_name,
        mrn: who.mrn,
        invoice: InvoiceFigures::default(),
        receipt: ReceiptFigures::default(),
        printed_by,
        printed_at: Utc::now(),
    })
}

fn kind_word(kind: MoneyDocKind) -> &'static str {
    match kind {
        MoneyDocKind::Invoice => "invoice",
        MoneyDocKind::CreditNote => "credit note",
        MoneyDocKind::Receipt => "receipt",
        MoneyDocKind::Refund => "refund",
    }
}

fn file_name(number: &str, d: &MoneyDocument, paper: Paper) -> String {
    let prefix = match d.kind {
        MoneyDocKind::Invoice => "invoice",
        MoneyDocKind::CreditNote => "credit-note",
        MoneyDocKind::Receipt => "receipt",
        MoneyDocKind::Refund => "refund",
    };
    let language = if d.urdu { "ur" } else { "en" };
    let copy = if d.copy { "-copy" } else { "" };
    format!("{prefix}-{number}-{}-{language}{copy}.pdf", paper.as_str())
}

async fn render(doc: MoneyDocument) -> AppResult<Vec<u8>> {
    tokio::task::spawn_blocking(move || receipt::money_document_pdf(&doc)).await?
}

/// An issued invoice or credit note (a voided one prints marked VOID) as a PDF.
pub async fn invoice_pdf(
    store: &Store,
    actor: &Actor,
    invoice_id: i64,
    paper: Paper,
    language: Option<Language>,
) -> AppResult<ExportFile> {
    actor.require(Permission::Bill)?;
    let header = clinic::letterhead(store).await?;
    let mut tx = store.begin_write().await?;
    let patient_id = invoices::patient_of(tx.conn(), invoice_id).await?;
    require_reader(tx.conn(), actor, patient_id).await?;
    let inv = invoices::load(tx.conn(), invoice_id).await?;
    let (Some(number), Some(issued_at)) = (inv.number.clone(), inv.issued_at.clone()) else {
        return Err(AppError::conflict("A draft is not printed. Issue the invoice first."));
    };
    let corrects = match inv.credits_invoice_id {
        Some(id) => invoices::load(tx.conn(), id).await?.number,
        None => None,
    };
    let kind =
        if inv.kind == InvoiceKind::CreditNote { MoneyDocKind::CreditNote } else { MoneyDocKind::Invoice };
    let p = Print { actor, document: "invoice", document_id: invoice_id, patient_id, paper, language };
    let mut doc = document(&mut tx, header, &p, kind, number.clone(), &issued_at).await?;
    doc.invoice = InvoiceFigures {
        lines: inv
            .lines
            .iter()
            .map(|l| DocLine {
                description: l.description.clone(),
                quantity: l.quantity,
                unit_paisa: l.unit_paisa,
                total_paisa: l.total_paisa,
            })
            .collect(),
        subtotal_paisa: inv.subtotal_paisa,
        discount_paisa: inv.discount_paisa,
        discount_reason: inv.discount_reason.clone(),
        tax_paisa: inv.tax_paisa,
        total_paisa: inv.total_paisa,
        credited_paisa: inv.credited_paisa,
        paid_paisa: inv.paid_paisa,
        outstanding_paisa: inv.outstanding_paisa,
        corrects,
        void_reason: if inv.status == InvoiceStatus::Void { inv.void_reason.clone() } else { None },
    };
    let name = file_name(&number, &doc, paper);
    let bytes = render(doc).await?;
    tx.commit().await?;
    Ok(ExportFile { name, bytes })
}

#[derive(sqlx::FromRow)]
struct PaymentRow {
    id: i64,
    kind: String,
    patient_id: i64,
    method: String,
    amount_paisa: i64,
    change_paisa: Option<i64>,
    reference: Option<String>,
    refund_of: Option<i64>,
    reason: Option<String>,
    taken_by: i64,
    taken_at: String,
}

const PAYMENT_COLUMNS: &str =
    "id, kind, patient_id, method, amount_paisa, change_paisa, reference, refund_of, reason, taken_by, taken_at";

/// A receipt's number: the first payment it shows.
pub fn receipt_number(first_payment_id: i64) -> String {
    format!("R-{first_payment_id:06}")
}

/// The receipt of a payment: every part taken with it (a split payment is one receipt),
/// where the money went when it was taken, and the change. For a refund, its slip.
pub async fn receipt_pdf(
    store: &Store,
    actor: &Actor,
    payment_id: i64,
    paper: Paper,
    language: Option<Language>,
) -> AppResult<ExportFile> {
    actor.require(Permission::Bill)?;
    let header = clinic::letterhead(store).await?;
    let mut tx = store.begin_write().await?;
    let one: PaymentRow =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {PAYMENT_COLUMNS} FROM payments WHERE id = ?")))
            .bind(payment_id)
            .fetch_optional(tx.conn())
            .await?
            .ok_or_else(|| AppError::not_found("This payment does not exist."))?;
    require_reader(tx.conn(), actor, one.patient_id).await?;
    // The parts of one payment were written together: same patient, cashier and moment.
    let parts: Vec<PaymentRow> = if one.kind == "payment" {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {PAYMENT_COLUMNS} FROM payments
             WHERE kind = 'payment' AND patient_id = ? AND taken_by = ? AND taken_at = ? ORDER BY id"
        )))
        .bind(one.patient_id)
        .bind(one.taken_by)
        .bind(&one.taken_at)
        .fetch_all(tx.conn())
        .await?
    } else {
        vec![one]
    };
    let first = &parts[0];
    let (patient_id, taken_at) = (first.patient_id, first.taken_at.clone());
    let number = receipt_number(first.id);
    let refund = first.kind == "refund";
    let kind = if refund { MoneyDocKind::Refund } else { MoneyDocKind::Receipt };
    let p = Print { actor, document: "receipt", document_id: first.id, patient_id, paper, language };
    let mut figures = ReceiptFigures {
        payments: parts
            .iter()
            .map(|r| DocPayment {
                method: r.method.clone(),
                amount_paisa: r.amount_paisa,
                reference: r.reference.clone(),
            })
            .collect(),
        change_paisa: parts.iter().filter_map(|r| r.change_paisa).sum(),
        ..Default::default()
    };
    if refund {
        figures.refund_of = first.refund_of.map(receipt_number);
        figures.reason = first.reason.clone();
    } else {
        let ids = parts.iter().map(|r| r.id.to_string()).collect::<Vec<_>>().join(",");
        // What was applied when the money was taken; later steps (credit used on a
        // later invoice, a void) are the account's story, not this receipt's.
        figures.applied = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT i.number, sum(a.amount_paisa) FROM payment_allocations a JOIN invoices i ON i.id = a.invoice_id
             WHERE a.payment_id IN ({ids}) AND a.made_at = ? AND a.amount_paisa > 0
             GROUP BY i.id ORDER BY min(a.id)"
        )))
        .bind(&taken_at)
        .fetch_all(tx.conn())
        .await?;
        let total: i64 = parts.iter().map(|r| r.amount_paisa).sum();
        figures.to_credit_paisa = total - figures.applied.iter().map(|(_, a)| a).sum::<i64>();
    }
    let mut doc = document(&mut tx, header, &p, kind, number.clone(), &taken_at).await?;
    doc.receipt = figures;
    let name = file_name(&number, &doc, paper);
    let bytes = render(doc).await?;
    tx.commit().await?;
    Ok(ExportFile { name, bytes })
}
