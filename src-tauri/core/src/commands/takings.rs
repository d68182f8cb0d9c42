//! The day's takings: a cashier's cash-up and Z report, and the administrator's money
//! reports. The rules live in `billing::cashup` and `billing::reports`.

use crate::app::Clinic;
use crate::billing::cashup::{self, CashUpInput, DayClosing, DayTakings};
use crate::billing::reports::{self, AgeBucket, TakingsRow};
use crate::billing::revenue::{self, MonthlyRevenue};
use crate::error::AppResult;

commands! {
    pub async fn day_takings(s: &Clinic, token: String, day: String) -> AppResult<DayTakings> {
        let (store, actor) = s.authorize(&token).await?;
        cashup::day_takings(&store, &actor, &day).await
    }

    pub async fn close_day(s: &Clinic, token: String, req: CashUpInput) -> AppResult<DayClosing> {
        let (store, actor) = s.authorize(&token).await?;
        cashup::close_day(&store, &actor, req).await
    }

    pub async fn day_closings(
        s: &Clinic,
        token: String,
        from: String,
        to: String,
    ) -> AppResult<Vec<DayClosing>> {
        let (store, actor) = s.authorize(&token).await?;
        cashup::day_closings(&store, &actor, &from, &to).await
    }

    pub async fn takings_report(
        s: &Clinic,
        token: String,
        from: String,
        to: String,
    ) -> AppResult<Vec<TakingsRow>> {
        let (store, actor) = s.authorize(&token).await?;
        reports::takings_report(&store, &actor, &from, &to).await
    }

    pub async fn aged_balances(s: &Clinic, token: String) -> AppResult<Vec<AgeBucket>> {
        let (store, actor) = s.authorize(&token).await?;
        reports::aged_balances(&store, &actor).await
    }

    /// `month`: `YYYY-MM`.
    pub async fn monthly_revenue(
        s: &Clinic,
        token: String,
        month: String,
    ) -> AppResult<MonthlyRevenue> {
        let (store, actor) = s.authorize(&token).await?;
        revenue::monthly_revenue(&store, &actor, &month).await
    }

    files:
    /// The closed day's Z report as PDF.
    pub async fn z_report_pdf(s: &Clinic, token: String, closing_id: i64) -> AppResult<ExportFile> {
        let (store, actor) = s.authorize(&token).await?;
        cashup::z_report_pdf(&store, &actor, closing_id).await
    }

    /// The takings report as CSV.
    pub async fn export_takings_csv(s: &Clinic, token: String, from: String, to: String) -> AppResult<ExportFile> {
        let (store, actor) = s.authorize(&token).await?;
        reports::takings_csv(&store, &actor, &from, &to).await
    }

    /// The balances by age as CSV.
    pub async fn export_aged_balances_csv(s: &Clinic, token: String) -> AppResult<ExportFile> {
        let (store, actor) = s.authorize(&token).await?;
        reports::aged_balances_csv(&store, &actor).await
    }

    /// The month's revenue as CSV.
    pub async fn export_monthly_revenue_csv(s: &Clinic, token: String, month: String) -> AppResult<ExportFile> {
        let (store, actor) = s.authorize(&token).await?;
        revenue::monthly_revenue_csv(&store, &actor, &month).await
    }
}
