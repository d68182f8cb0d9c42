//! Outcome measures, the treatment timeline and the record PDF.

use crate::app::Clinic;
use crate::error::AppResult;
use crate::measures::{self, Instrument, InstrumentInfo, Measure, MeasureInput, RiskFlag};
use crate::records::{self, ExportPurpose, TimelinePage, TimelineQuery};

commands! {
    pub async fn instrument_info(s: &Clinic, token: String) -> AppResult<Vec<InstrumentInfo>> {
        s.authorize(&token).await?;
        Ok(measures::instruments())
    }

    pub async fn record_measure(s: &Clinic, token: String, req: MeasureInput) -> AppResult<Measure> {
        let (store, actor) = s.authorize(&token).await?;
        measures::record(&store, &actor, req).await
    }

    /// `instrument`: one instrument, or `null` for every one the person may read.
    pub async fn list_measures(
        s: &Clinic,
        token: String,
        patient_id: i64,
        instrument: Option<Instrument>,
    ) -> AppResult<Vec<Measure>> {
        let (store, actor) = s.authorize(&token).await?;
        measures::list(&store, &actor, patient_id, instrument).await
    }

    pub async fn risk_flags(s: &Clinic, token: String, patient_id: i64) -> AppResult<Vec<RiskFlag>> {
        let (store, actor) = s.authorize(&token).await?;
        measures::risk_flags(&store, &actor, patient_id).await
    }

    /// Who outside the clinic the patient's information was shared with, for the chart.
    pub async fn chart_disclosures(
        s: &Clinic,
        token: String,
        patient_id: i64,
    ) -> AppResult<Vec<records::ChartDisclosure>> {
        let (store, actor) = s.authorize(&token).await?;
        records::chart_disclosures(&store, &actor, patient_id).await
    }

    pub async fn patient_timeline(
        s: &Clinic,
        token: String,
        query: TimelineQuery,
    ) -> AppResult<TimelinePage> {
        let (store, actor) = s.authorize(&token).await?;
        records::timeline(&store, &actor, query).await
    }

    files:
    /// The patient's record as PDF, for a purpose.
    pub async fn export_record_pdf(
        s: &Clinic,
        token: String,
        patient_id: i64,
        purpose: ExportPurpose,
    ) -> AppResult<ExportFile> {
        let (store, actor) = s.authorize(&token).await?;
        records::record_pdf(&store, &actor, patient_id, purpose).await
    }
}
