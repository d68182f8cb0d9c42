//! Billing: prices, invoices, credit notes, payments, refunds, a patient's account,
//! session packages.
//! The rules live in `billing`.

use crate::app::Clinic;
use crate::billing::{
    self, payments::PaymentOutcome, BillingSettings, CreditNoteInput, Invoice, InvoiceInput, PackageInput,
    PatientAccount, Payment, PaymentInput, PriceEntry, PriceInput, RefundInput, SessionPackage,
};
use crate::error::AppResult;

commands! {
    pub async fn price_list(s: &Clinic, token: String) -> AppResult<Vec<PriceEntry>> {
        let (store, actor) = s.authorize(&token).await?;
        billing::price_list(&store, &actor).await
    }

    pub async fn set_service_price(
        s: &Clinic,
        token: String,
        service_id: i64,
        req: PriceInput,
    ) -> AppResult<PriceEntry> {
        let (store, actor) = s.authorize(&token).await?;
        billing::set_service_price(&store, &actor, service_id, req).await
    }

    pub async fn set_item_price(
        s: &Clinic,
        token: String,
        item_id: i64,
        req: PriceInput,
    ) -> AppResult<PriceEntry> {
        let (store, actor) = s.authorize(&token).await?;
        billing::set_item_price(&store, &actor, item_id, req).await
    }

    pub async fn billing_settings(s: &Clinic, token: String) -> AppResult<BillingSettings> {
        let (store, actor) = s.authorize(&token).await?;
        billing::billing_settings(&store, &actor).await
    }

    pub async fn set_billing_settings(
        s: &Clinic,
        token: String,
        req: BillingSettings,
    ) -> AppResult<BillingSettings> {
        let (store, actor) = s.authorize(&token).await?;
        billing::set_billing_settings(&store, &actor, req).await
    }

    pub async fn create_invoice(s: &Clinic, token: String, req: InvoiceInput) -> AppResult<Invoice> {
        let (store, actor) = s.authorize(&token).await?;
        billing::create_invoice(&store, &actor, req).await
    }

    pub async fn issue_invoice(s: &Clinic, token: String, invoice_id: i64) -> AppResult<Invoice> {
        let (store, actor) = s.authorize(&token).await?;
        billing::issue_invoice(&store, &actor, invoice_id).await
    }

    pub async fn discard_draft_invoice(s: &Clinic, token: String, invoice_id: i64) -> AppResult<()> {
        let (store, actor) = s.authorize(&token).await?;
        billing::discard_draft(&store, &actor, invoice_id).await
    }

    pub async fn void_invoice(
        s: &Clinic,
        token: String,
        invoice_id: i64,
        reason: String,
    ) -> AppResult<Invoice> {
        let (store, actor) = s.authorize(&token).await?;
        billing::void_invoice(&store, &actor, invoice_id, &reason).await
    }

    pub async fn issue_credit_note(
        s: &Clinic,
        token: String,
        invoice_id: i64,
        req: CreditNoteInput,
    ) -> AppResult<Invoice> {
        let (store, actor) = s.authorize(&token).await?;
        billing::issue_credit_note(&store, &actor, invoice_id, req).await
    }

    pub async fn get_invoice(s: &Clinic, token: String, invoice_id: i64) -> AppResult<Invoice> {
        let (store, actor) = s.authorize(&token).await?;
        billing::get_invoice(&store, &actor, invoice_id).await
    }

    pub async fn take_payment(
        s: &Clinic,
        token: String,
        req: PaymentInput,
    ) -> AppResult<PaymentOutcome> {
        let (store, actor) = s.authorize(&token).await?;
        billing::take_payment(&store, &actor, req).await
    }

    pub async fn refund_payment(
        s: &Clinic,
        token: String,
        payment_id: i64,
        req: RefundInput,
    ) -> AppResult<Payment> {
        let (store, actor) = s.authorize(&token).await?;
        billing::refund_payment(&store, &actor, payment_id, req).await
    }

    pub async fn patient_account(
        s: &Clinic,
        token: String,
        patient_id: i64,
    ) -> AppResult<PatientAccount> {
        let (store, actor) = s.authorize(&token).await?;
        billing::patient_account(&store, &actor, patient_id).await
    }

    pub async fn sell_package(
        s: &Clinic,
        token: String,
        req: PackageInput,
    ) -> AppResult<SessionPackage> {
        let (store, actor) = s.authorize(&token).await?;
        billing::sell_package(&store, &actor, req).await
    }

    pub async fn use_package_session(
        s: &Clinic,
        token: String,
        package_id: i64,
        appointment_id: i64,
    ) -> AppResult<SessionPackage> {
        let (store, actor) = s.authorize(&token).await?;
        billing::use_package_session(&store, &actor, package_id, appointment_id).await
    }

    pub async fn return_package_session(
        s: &Clinic,
        token: String,
        package_id: i64,
        appointment_id: i64,
    ) -> AppResult<SessionPackage> {
        let (store, actor) = s.authorize(&token).await?;
        billing::return_package_session(&store, &actor, package_id, appointment_id).await
    }

    pub async fn refund_package(
        s: &Clinic,
        token: String,
        package_id: i64,
        reason: String,
    ) -> AppResult<SessionPackage> {
        let (store, actor) = s.authorize(&token).await?;
        billing::refund_package(&store, &actor, package_id, &reason).await
    }

    pub async fn patient_packages(
        s: &Clinic,
        token: String,
        patient_id: i64,
    ) -> AppResult<Vec<SessionPackage>> {
        let (store, actor) = s.authorize(&token).await?;
        billing::patient_packages(&store, &actor, patient_id).await
    }
}
