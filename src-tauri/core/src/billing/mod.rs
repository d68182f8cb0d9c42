//! Billing at the front desk: prices with history, invoices (draft → issued → void)
//! and credit notes with gapless numbers per year, payments by method (split, partial,
//! applied oldest invoice first), the patient's credit, refunds, and session packages.
//!
//! Money is integer paisa (`money::Money`). Issued invoices, payments, refunds and the
//! way payments were applied are never edited or deleted (the store's triggers refuse
//! it); every correction is a new row with a reason. Reception bills and takes money;
//! the administrator sets prices and limits, voids, issues credit notes and gives
//! discounts above the desk's limit; clinicians and the privacy officer see no money.

pub mod account;
pub mod cashup;
pub mod corrections;
pub mod documents;
pub mod invoices;
pub mod lines;
pub mod money;
pub mod numbering;
pub mod packages;
pub mod payments;
pub mod price_history;
pub mod prices;
pub mod reports;
pub mod revenue;
pub mod settings;
pub mod statement;

pub use account::{patient_account, PatientAccount};
pub use corrections::{issue_credit_note, void_invoice, CreditNoteInput};
pub use documents::{invoice_pdf, receipt_pdf, Paper};
pub use invoices::{
    create_invoice, discard_draft, get_invoice, issue_invoice, Invoice, InvoiceInput, InvoiceKind,
    InvoiceLine, InvoiceStatus,
};
pub use lines::{DiscountInput, DiscountKind, LineInput, LineKind};
pub use money::Money;
pub use packages::{
    patient_packages, refund_package, return_package_session, sell_package, use_package_session,
    PackageInput, SessionPackage,
};
pub use payments::{
    refund_payment, take_payment, Payment, PaymentInput, PaymentMethod, PaymentPart, RefundInput,
};
pub use price_history::{price_history, PriceChange};
pub use prices::{price_list, set_item_price, set_service_price, PriceEntry, PriceInput, PricedThing};
pub use settings::{billing_settings, set_billing_settings, BillingSettings};
pub use statement::{billing_statement, BillingStatement, InvoiceSummary};

use sqlx::SqliteConnection;

use crate::auth::{Actor, Permission};
use crate::error::AppResult;
use crate::retention;

/// The permission first (a clinician is told their role sees no money), then the
/// patient's standing for reading.
async fn require_reader(conn: &mut SqliteConnection, actor: &Actor, patient_id: i64) -> AppResult<()> {
    actor.require(Permission::Bill)?;
    retention::require_open(conn, actor, patient_id).await
}

/// The permission first, then the patient's standing for adding to their record.
async fn require_writer(
    conn: &mut SqliteConnection,
    actor: &Actor,
    permission: Permission,
    patient_id: i64,
) -> AppResult<()> {
    actor.require(permission)?;
    retention::require_writable(conn, actor, patient_id).await
}

fn now_text() -> String {
    crate::clock::utc_text(chrono::Utc::now())
}

fn today() -> chrono::NaiveDate {
    crate::patients::clinic_today()
}
