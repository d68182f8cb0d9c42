//! Billing: prices, invoices and credit notes, payments and refunds, who may do what,
//! and what is refused. Every test runs on a real encrypted store.

mod bad_input;
mod balances;
mod cashup;
mod desk_roles;
mod documents;
mod flows;
mod money;
mod numbering;
mod packages;
mod retention;
mod roles;
mod statement;

use alhayat::auth::Actor;
use alhayat::billing::{
    self, DiscountInput, DiscountKind, Invoice, InvoiceInput, LineInput, LineKind, PaymentInput,
    PaymentMethod, PaymentPart, PriceInput,
};
use alhayat::pharmacy::{self, DispenseInput, PharmacyItemInput, StockReceipt};
use alhayat::store::Store;

pub use crate::history::{team, Team};

pub fn other(description: &str, price: &str, quantity: f64) -> LineInput {
    LineInput {
        kind: LineKind::Other,
        service_id: None,
        item_id: None,
        quantity,
        description: Some(description.into()),
        unit_price: Some(price.into()),
        discount: None,
    }
}

pub fn discount(kind: DiscountKind, value: &str) -> DiscountInput {
    DiscountInput { kind, value: value.into(), reason: "Staff family".into() }
}

pub fn lines_only(patient_id: i64, lines: Vec<LineInput>) -> InvoiceInput {
    InvoiceInput { patient_id, appointment_id: None, dispensing_id: None, lines, discount: None }
}

pub fn part(method: PaymentMethod, amount: &str) -> PaymentPart {
    let reference = (method != PaymentMethod::Cash).then(|| "REF-123456".to_string());
    PaymentPart { method, amount: amount.into(), tendered: None, reference }
}

pub fn pay(patient_id: i64, invoice_id: Option<i64>, parts: Vec<PaymentPart>) -> PaymentInput {
    PaymentInput { patient_id, invoice_id, parts }
}

/// An issued invoice of one `other` line at `price` rupees, made by `who`.
pub async fn issued(store: &Store, who: &Actor, patient_id: i64, price: &str) -> Invoice {
    let draft =
        billing::create_invoice(store, who, lines_only(patient_id, vec![other("Exercise band", price, 1.0)]))
            .await
            .unwrap();
    billing::issue_invoice(store, who, draft.id).await.unwrap()
}

pub fn price(p: &str, tax: &str) -> PriceInput {
    PriceInput {
        price: p.into(),
        tax_percent: tax.into(),
        effective_from: alhayat::patients::clinic_today().to_string(),
    }
}

/// Brufen in stock, priced by the administrator at `sale` rupees with `tax` %, and
/// ten tablets given to the patient. Returns (item, dispensing).
pub async fn dispensed(t: &Team, sale: &str, tax: &str) -> (i64, i64) {
    let s = &t.d.f.store;
    let item = PharmacyItemInput {
        name: "Brufen".into(),
        generic_name: "Ibuprofen".into(),
        strength: "400 mg".into(),
        form: "tablet".into(),
        active: true,
    };
    let item = pharmacy::save_item(s, &t.pharmacist, None, item).await.unwrap().id;
    let expires = (alhayat::patients::clinic_today() + chrono::Duration::days(400)).to_string();
    let receipt =
        StockReceipt { item_id: item, batch_no: "B-1".into(), expires_on: expires, quantity: 100.0 };
    pharmacy::receive_stock(s, &t.pharmacist, receipt).await.unwrap();
    billing::set_item_price(s, &t.admin, item, price(sale, tax)).await.unwrap();
    let d = DispenseInput {
        patient_id: t.patient,
        item_id: item,
        batch_id: None,
        quantity: 10.0,
        instructions: "One tablet after meals".into(),
        allergy_override_reason: None,
        appointment_id: None,
    };
    let dispensing = pharmacy::dispense(s, &t.pharmacist, d).await.unwrap().id;
    (item, dispensing)
}

/// Rows of the money tables and the audit trail, to show nothing was half-saved.
pub async fn rows(store: &Store) -> [i64; 7] {
    let mut out = [0; 7];
    for (i, table) in [
        "invoices",
        "invoice_lines",
        "payments",
        "payment_allocations",
        "document_numbers",
        "service_prices",
        "audit_log",
    ]
    .iter()
    .enumerate()
    {
        let sql = format!("SELECT count(*) FROM {table}");
        out[i] = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(store.pool()).await.unwrap();
    }
    out
}
