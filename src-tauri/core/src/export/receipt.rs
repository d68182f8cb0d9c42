//! Invoices, credit notes, receipts and refund slips as handed to the patient: on A5 or
//! on an 80 mm thermal roll, in English or Urdu, under the clinic's letterhead with its
//! tax numbers. A reprint says COPY at the top. Plain data in, PDF bytes out.

use chrono::{DateTime, Utc};

use super::pdf::{DocumentInfo, Flow, Letterhead, Logo, PageSize, Row, TextStyle};
use super::slip::ClinicHeader;
use crate::billing::Money;
use crate::clock::CLINIC_TZ;
use crate::error::AppResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyDocKind {
    Invoice,
    CreditNote,
    Receipt,
    Refund,
}

/// One charged line of an invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLine {
    pub description: String,
    pub quantity: i64,
    pub unit_paisa: i64,
    pub total_paisa: i64,
}

/// Money received or given back by one method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocPayment {
    /// As stored: `cash`, `card`, `bank_transfer`, `jazzcash`, `easypaisa`.
    pub method: String,
    pub amount_paisa: i64,
    pub reference: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InvoiceFigures {
    pub lines: Vec<DocLine>,
    pub subtotal_paisa: i64,
    pub discount_paisa: i64,
    pub discount_reason: Option<String>,
    pub tax_paisa: i64,
    pub total_paisa: i64,
    pub credited_paisa: i64,
    pub paid_paisa: i64,
    pub outstanding_paisa: i64,
    /// A credit note: the number of the invoice it corrects.
    pub corrects: Option<String>,
    /// A voided invoice: why.
    pub void_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReceiptFigures {
    pub payments: Vec<DocPayment>,
    pub change_paisa: i64,
    /// (invoice number, amount) the money went to when it was taken.
    pub applied: Vec<(String, i64)>,
    pub to_credit_paisa: i64,
    /// A refund: the receipt it gives money back from, and why.
    pub refund_of: Option<String>,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyDocument {
    pub clinic: ClinicHeader,
    pub ntn: Option<String>,
    pub strn: Option<String>,
    pub urdu: bool,
    pub paper: PageSize,
    /// A reprint: marked COPY.
    pub copy: bool,
    pub kind: MoneyDocKind,
    pub number: String,
    pub dated: DateTime<Utc>,
    pub patient_name: String,
    pub mrn: String,
    pub invoice: InvoiceFigures,
    pub receipt: ReceiptFigures,
    pub printed_by: String,
    pub printed_at: DateTime<Utc>,
}

/// The words of the documents in one language.
struct Words {
    title: [&'static str; 4],
    number: &'static str,
    date: &'static str,
    patient: &'static str,
    mrn: &'static str,
    subtotal: &'static str,
    discount: &'static str,
    tax: &'static str,
    total: &'static str,
    credited: &'static str,
    paid: &'static str,
    outstanding: &'static str,
    corrects: &'static str,
    void: &'static str,
    received: &'static str,
    refunded: &'static str,
    change: &'static str,
    applied_to: &'static str,
    to_credit: &'static str,
    refund_of: &'static str,
    reason: &'static str,
    reference: &'static str,
    copy: &'static str,
    printed_by: &'static str,
    thanks: &'static str,
    methods: [(&'static str, &'static str); 5],
}

const EN: Words = Words {
    title: ["Invoice", "Credit note", "Receipt", "Refund"],
    number: "Number",
    date: "Date",
    patient: "Patient",
    mrn: "MRN",
    subtotal: "Subtotal",
    discount: "Discount",
    tax: "Tax",
    total: "Total",
    credited: "Credited",
    paid: "Paid",
    outstanding: "Balance due",
    corrects: "Corrects invoice",
    void: "VOID",
    received: "Received",
    refunded: "Refunded",
    change: "Change given",
    applied_to: "Paid on",
    to_credit: "Kept as credit",
    refund_of: "Refund of receipt",
    reason: "Reason",
    reference: "ref.",
    copy: "COPY",
    printed_by: "Printed by",
    thanks: "Thank you.",
    methods: [
        ("cash", "Cash"),
        ("card", "Card"),
        ("bank_transfer", "Bank transfer"),
        ("jazzcash", "JazzCash"),
        ("easypaisa", "Easypaisa"),
    ],
};

const UR: Words = Words {
    title: ["انوائس", "کریڈٹ نوٹ", "رسید", "رقم کی واپسی"],
    number: "نمبر",
    date: "تاریخ",
    patient: "مریض",
    mrn: "مریض نمبر",
    subtotal: "میزان",
    discount: "رعایت",
    tax: "ٹیکس",
    total: "کل رقم",
    credited: "کریڈٹ",
    paid: "ادا شدہ",
    outstanding: "بقایا رقم",
    corrects: "درست کردہ انوائس",
    void: "منسوخ",
    received: "وصول شدہ",
    refunded: "واپس کی گئی رقم",
    change: "بقایا واپس",
    applied_to: "ادائیگی برائے",
    to_credit: "جمع شدہ کریڈٹ",
    refund_of: "رسید",
    reason: "وجہ",
    reference: "حوالہ",
    copy: "نقل",
    printed_by: "پرنٹ کنندہ",
    thanks: "شکریہ",
    methods: [
        ("cash", "نقد"),
        ("card", "کارڈ"),
        ("bank_transfer", "بینک ٹرانسفر"),
        ("jazzcash", "جاز کیش"),
        ("easypaisa", "ایزی پیسہ"),
    ],
};

fn pkr(paisa: i64) -> String {
    Money(paisa).pkr()
}

fn method_name(w: &Words, method: &str) -> String {
    w.methods.iter().find(|(m, _)| *m == method).map_or(method.to_string(), |(_, name)| name.to_string())
}

/// "7 December 2026, 10:05" in clinic time; Urdu as Pakistan writes dates, 07/12/2026.
pub fn doc_time(t: DateTime<Utc>, urdu: bool) -> String {
    let local = t.with_timezone(&CLINIC_TZ);
    if urdu {
        local.format("%d/%m/%Y %H:%M").to_string()
    } else {
        local.format("%-d %B %Y, %H:%M").to_string()
    }
}

pub fn money_document_pdf(d: &MoneyDocument) -> AppResult<Vec<u8>> {
    let w = if d.urdu { &UR } else { &EN };
    let letterhead = Letterhead {
        name: d.clinic.name.clone(),
        address: d.clinic.address.clone(),
        phone: d.clinic.phone.clone(),
        logo: d.clinic.logo.as_ref().map(|(bytes, mime)| Logo { bytes: bytes.clone(), mime: mime.clone() }),
    };
    let footer = format!("{} {}, {}", w.printed_by, d.printed_by, doc_time(d.printed_at, d.urdu));
    let mut flow = Flow::new(d.paper, &letterhead, &footer)?;
    let roll = d.paper == PageSize::Roll80;
    let scale = if roll { 0.85 } else { 1.0 };
    let body = TextStyle::new(10.0 * scale).max_lines(6);

    let tax_ids: Vec<String> = [("NTN", &d.ntn), ("STRN", &d.strn)]
        .iter()
        .filter_map(|(label, v)| {
            v.as_deref().filter(|v| !v.trim().is_empty()).map(|v| format!("{label} {v}"))
        })
        .collect();
    if !tax_ids.is_empty() {
        flow.paragraph(&tax_ids.join("   "), TextStyle::new(8.5 * scale).muted());
    }
    if d.copy {
        // The English word always, so a reprint reads as one in either language.
        let mark = if d.urdu { format!("COPY — {}", w.copy) } else { w.copy.to_string() };
        flow.paragraph(&mark, TextStyle::new(15.0 * scale).bold());
    }
    let title = w.title[d.kind as usize];
    flow.paragraph(title, TextStyle::new(15.0 * scale).bold());
    if d.invoice.void_reason.is_some() {
        flow.paragraph(w.void, TextStyle::new(14.0 * scale).bold());
    }
    flow.gap(2.0);
    let dated = doc_time(d.dated, d.urdu);
    flow.table(
        &[
            Row { label: w.number, value: &d.number },
            Row { label: w.date, value: &dated },
            Row { label: w.patient, value: &d.patient_name },
            Row { label: w.mrn, value: &d.mrn },
        ],
        body,
    );
    flow.gap(3.0);
    match d.kind {
        MoneyDocKind::Invoice | MoneyDocKind::CreditNote => invoice_body(&mut flow, w, &d.invoice, body),
        MoneyDocKind::Receipt | MoneyDocKind::Refund => receipt_body(&mut flow, w, d, body),
    }
    flow.gap(4.0);
    flow.paragraph(w.thanks, TextStyle::new(9.0 * scale).muted());
    flow.finish(&DocumentInfo {
        title: format!("{} {}", EN.title[d.kind as usize], d.number),
        subject: EN.title[d.kind as usize].into(),
        author: d.clinic.name.clone(),
        created: d.printed_at,
    })
}

fn invoice_body(flow: &mut Flow, w: &Words, f: &InvoiceFigures, body: TextStyle) {
    let lines: Vec<(String, String)> = f
        .lines
        .iter()
        .map(|l| (format!("{} ({} × {})", l.description, l.quantity, pkr(l.unit_paisa)), pkr(l.total_paisa)))
        .collect();
    let rows: Vec<Row<'_>> = lines.iter().map(|(label, value)| Row { label, value }).collect();
    flow.table(&rows, body);
    flow.gap(2.0);
    let mut totals: Vec<(String, String)> = Vec::new();
    if let Some(n) = &f.corrects {
        totals.push((w.corrects.into(), n.clone()));
    }
    totals.push((w.subtotal.into(), pkr(f.subtotal_paisa)));
    if f.discount_paisa != 0 {
        let reason = f.discount_reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default();
        totals.push((w.discount.into(), format!("-{}{reason}", pkr(f.discount_paisa))));
    }
    if f.tax_paisa != 0 {
        totals.push((w.tax.into(), pkr(f.tax_paisa)));
    }
    totals.push((w.total.into(), pkr(f.total_paisa)));
    if f.corrects.is_none() {
        if f.credited_paisa != 0 {
            totals.push((w.credited.into(), pkr(f.credited_paisa)));
        }
        totals.push((w.paid.into(), pkr(f.paid_paisa)));
        totals.push((w.outstanding.into(), pkr(f.outstanding_paisa)));
    }
    if let Some(r) = &f.void_reason {
        totals.push((w.reason.into(), r.clone()));
    }
    let rows: Vec<Row<'_>> = totals.iter().map(|(label, value)| Row { label, value }).collect();
    flow.table(&rows, body.bold());
}

fn receipt_body(flow: &mut Flow, w: &Words, d: &MoneyDocument, body: TextStyle) {
    let f = &d.receipt;
    let mut rows: Vec<(String, String)> = Vec::new();
    let mut total = 0;
    for p in &f.payments {
        total += p.amount_paisa;
        let reference = p.reference.as_deref().map(|r| format!(", {} {r}", w.reference)).unwrap_or_default();
        rows.push((format!("{}{reference}", method_name(w, &p.method)), pkr(p.amount_paisa)));
    }
    let refund = d.kind == MoneyDocKind::Refund;
    rows.push(((if refund { w.refunded } else { w.received }).into(), pkr(total)));
    if f.change_paisa != 0 {
        rows.push((w.change.into(), pkr(f.change_paisa)));
    }
    for (number, amount) in &f.applied {
        rows.push((format!("{} {number}", w.applied_to), pkr(*amount)));
    }
    if f.to_credit_paisa != 0 {
        rows.push((w.to_credit.into(), pkr(f.to_credit_paisa)));
    }
    if let Some(of) = &f.refund_of {
        rows.push((w.refund_of.into(), of.clone()));
    }
    if let Some(r) = &f.reason {
        rows.push((w.reason.into(), r.clone()));
    }
    let rows: Vec<Row<'_>> = rows.iter().map(|(label, value)| Row { label, value }).collect();
    flow.table(&rows, body);
}

#[cfg(test)]
#[path = "receipt_tests.rs"]
mod tests;
