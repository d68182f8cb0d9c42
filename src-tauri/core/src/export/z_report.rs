//! A cashier's closed day as the Z report kept in the drawer's folder: the totals per
//! method, what was expected against what was counted, and every payment and refund it
//! covers. It names no patient. Plain data in, PDF bytes out.

use chrono::{DateTime, NaiveDate, Utc};

use super::pdf::{DocumentInfo, Flow, Letterhead, Logo, PageSize, Row, TextStyle};
use super::receipt::doc_time;
use super::slip::ClinicHeader;
use crate::billing::cashup::DayClosing;
use crate::billing::Money;
use crate::error::AppResult;

#[derive(Debug, Clone)]
pub struct ZEntry {
    pub taken_at: DateTime<Utc>,
    pub number: String,
    pub refund: bool,
    pub method: String,
    pub reference: Option<String>,
    pub amount_paisa: i64,
}

#[derive(Debug, Clone)]
pub struct ZReport {
    pub clinic: ClinicHeader,
    pub day: NaiveDate,
    pub closing: DayClosing,
    pub entries: Vec<ZEntry>,
    pub printed_by: String,
    pub printed_at: DateTime<Utc>,
}

fn method_name(method: &str) -> &str {
    match method {
        "cash" => "Cash",
        "card" => "Card",
        "bank_transfer" => "Bank transfer",
        "jazzcash" => "JazzCash",
        "easypaisa" => "Easypaisa",
        other => other,
    }
}

pub fn z_report_pdf(z: &ZReport) -> AppResult<Vec<u8>> {
    let letterhead = Letterhead {
        name: z.clinic.name.clone(),
        address: z.clinic.address.clone(),
        phone: z.clinic.phone.clone(),
        logo: z.clinic.logo.as_ref().map(|(bytes, mime)| Logo { bytes: bytes.clone(), mime: mime.clone() }),
    };
    let footer = format!("Printed by {}, {}", z.printed_by, doc_time(z.printed_at, false));
    let mut flow = Flow::new(PageSize::A5, &letterhead, &footer)?;
    let body = TextStyle::new(9.5).max_lines(4);
    let c = &z.closing;
    flow.paragraph("Z report: the day's takings", TextStyle::new(15.0).bold());
    flow.gap(2.0);
    let day = z.day.format("%A %-d %B %Y").to_string();
    let closed = doc_time(crate::clock::parse_utc(&c.closed_at)?, false);
    flow.table(
        &[
            Row { label: "Day", value: &day },
            Row { label: "Cashier", value: &c.cashier_name },
            Row { label: "Desk", value: &c.workstation },
            Row { label: "Closed", value: &closed },
        ],
        body,
    );
    flow.gap(3.0);
    flow.paragraph("By method (taken − given back)", TextStyle::new(11.0).bold());
    let methods: Vec<(String, String)> = c
        .methods
        .iter()
        .map(|m| {
            let value = format!(
                "{} in {} · {} out in {} · net {}",
                Money(m.paid_paisa).pkr(),
                m.payments,
                Money(m.refunded_paisa).pkr(),
                m.refunds,
                Money(m.paid_paisa - m.refunded_paisa).pkr()
            );
            (method_name(&m.method).to_string(), value)
        })
        .collect();
    let rows: Vec<Row<'_>> = methods.iter().map(|(label, value)| Row { label, value }).collect();
    flow.table(&rows, body);
    flow.gap(3.0);
    let (expected, counted, difference) = (
        Money(c.expected_cash_paisa).pkr(),
        Money(c.counted_cash_paisa).pkr(),
        Money(c.difference_paisa).pkr(),
    );
    let note = c.note.clone().unwrap_or_default();
    let mut cash = vec![
        Row { label: "Cash expected", value: &expected },
        Row { label: "Cash counted", value: &counted },
        Row { label: "Difference", value: &difference },
    ];
    if !note.is_empty() {
        cash.push(Row { label: "Note", value: &note });
    }
    flow.table(&cash, body.bold());
    flow.gap(3.0);
    flow.paragraph(&format!("Entries ({})", z.entries.len()), TextStyle::new(11.0).bold());
    let lines: Vec<(String, String)> = z
        .entries
        .iter()
        .map(|e| {
            let time = doc_time(e.taken_at, false);
            let kind = if e.refund { "refund" } else { "payment" };
            let reference = e.reference.as_deref().map(|r| format!(", ref. {r}")).unwrap_or_default();
            let sign = if e.refund { "-" } else { "" };
            (
                format!("{} {kind} {}", e.number, time.rsplit(", ").next().unwrap_or(&time)),
                format!("{}{reference}: {sign}{}", method_name(&e.method), Money(e.amount_paisa).pkr()),
            )
        })
        .collect();
    let rows: Vec<Row<'_>> = lines.iter().map(|(label, value)| Row { label, value }).collect();
    flow.table(&rows, TextStyle::new(8.5).max_lines(3));
    flow.finish(&DocumentInfo {
        title: format!("Z report {} {}", c.day, c.cashier_name),
        subject: "Z report".into(),
        author: z.clinic.name.clone(),
        created: z.printed_at,
    })
}
