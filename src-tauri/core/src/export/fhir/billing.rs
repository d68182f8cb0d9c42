//! Invoice, and a ChargeItem for each of its lines: the patient's billing records in the
//! portability package (FHIR R4). Amounts are PKR decimals made from integer paisa.

use serde_json::{json, Value};

use super::{instant, resource, text, InvoiceLineRow, InvoiceRow, Links, Ref, INVOICE_SYSTEM};

/// Paisa as a FHIR Money in rupees (two decimals at most, so the decimal is exact).
fn money(paisa: i64) -> Value {
    let value = serde_json::Number::from_f64(paisa as f64 / 100.0).map_or(Value::Null, Value::Number);
    json!({ "value": value, "currency": "PKR" })
}

fn status(inv: &InvoiceRow) -> &'static str {
    match inv.status.as_str() {
        "void" => "cancelled",
        // Fully paid: R4's "balanced".
        _ if inv.kind == "invoice" && inv.paid_paisa >= inv.total_paisa => "balanced",
        _ => "issued",
    }
}

pub fn invoice(patient: i64, inv: &InvoiceRow, links: Links) -> Value {
    let kind = if inv.kind == "credit_note" { "Credit note" } else { "Invoice" };
    let lines: Vec<Value> = inv
        .lines
        .iter()
        .map(
            |l| json!({ "sequence": l.position + 1, "chargeItemReference": links.to(Ref::ChargeItem(l.id)) }),
        )
        .collect();
    resource(
        Ref::Invoice(inv.id),
        json!({
            "identifier": [{ "system": INVOICE_SYSTEM, "value": inv.number }],
            "status": status(inv),
            "cancelledReason": inv.void_reason,
            "type": text(kind),
            "subject": links.to(Ref::Patient(patient)),
            "date": instant(&inv.issued_at),
            "issuer": links.to(Ref::Organization),
            "lineItem": if lines.is_empty() { Value::Null } else { Value::Array(lines) },
            "totalNet": money(inv.subtotal_paisa - inv.discount_paisa),
            "totalGross": money(inv.total_paisa),
        }),
    )
}

/// `visit`: the attended appointment the line was for, when there is one in the export.
pub fn charge_item(
    patient: i64,
    inv: &InvoiceRow,
    l: &InvoiceLineRow,
    visit: Option<i64>,
    links: Links,
) -> Value {
    let status = if inv.status == "void" { "aborted" } else { "billed" };
    resource(
        Ref::ChargeItem(l.id),
        json!({
            "status": status,
            "code": text(&l.description),
            "subject": links.to(Ref::Patient(patient)),
            "context": visit.map(|a| links.to(Ref::Encounter(a))),
            "occurrenceDateTime": instant(&inv.issued_at),
            "quantity": { "value": l.quantity },
            "priceOverride": money(l.total_paisa),
            "enteredDate": instant(&inv.issued_at),
        }),
    )
}
