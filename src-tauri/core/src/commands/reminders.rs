use crate::app::Clinic;
use crate::error::AppResult;
use crate::scheduling::ExportFile;
use crate::patients::{self, Objection, ObjectionPurpose};
use crate::reminders::{self, Channel, Reminder, ReminderTemplate};

commands! {
    pub async fn reminder_queue(s: &Clinic, token: String) -> AppResult<Vec<Reminder>> {
        let (store, actor) = s.authorize(&token).await?;
        reminders::queue(&store, &actor, chrono::Utc::now()).await
    }

    pub async fn mark_reminder_sent(
        s: &Clinic,
        token: String,
        appointment_id: i64,
        channel: Channel,
    ) -> AppResult<Vec<Reminder>> {
        let (store, actor) = s.authorize(&token).await?;
        reminders::mark_sent(&store, &actor, appointment_id, channel, chrono::Utc::now()).await
    }

    pub async fn reminder_templates(s: &Clinic, token: String) -> AppResult<Vec<ReminderTemplate>> {
        let (store, actor) = s.authorize(&token).await?;
        reminders::templates(&store, &actor).await
    }

    pub async fn set_reminder_template(
        s: &Clinic,
        token: String,
        req: ReminderTemplate,
    ) -> AppResult<Vec<ReminderTemplate>> {
        let (store, actor) = s.authorize(&token).await?;
        reminders::set_template(&store, &actor, req).await
    }

    pub async fn list_objections(
        s: &Clinic,
        token: String,
        patient_id: i64,
    ) -> AppResult<Vec<Objection>> {
        let (store, actor) = s.authorize(&token).await?;
        patients::objections(&store, &actor, patient_id).await
    }

    pub async fn record_objection(
        s: &Clinic,
        token: String,
        patient_id: i64,
        purpose: ObjectionPurpose,
    ) -> AppResult<Vec<Objection>> {
        let (store, actor) = s.authorize(&token).await?;
        patients::record_objection(&store, &actor, patient_id, purpose).await
    }

    pub async fn withdraw_objection(s: &Clinic, token: String, id: i64) -> AppResult<Vec<Objection>> {
        let (store, actor) = s.authorize(&token).await?;
        patients::withdraw_objection(&store, &actor, id).await
    }

    files:
    /// The reminder queue as CSV.
    pub async fn export_reminders_csv(s: &Clinic, token: String) -> AppResult<ExportFile> {
        let (store, actor) = s.authorize(&token).await?;
        let now = chrono::Utc::now();
        let bytes = reminders::export_csv(&store, &actor, now).await?;
        let day = now.with_timezone(&crate::clock::CLINIC_TZ).format("%Y-%m-%d");
        Ok(ExportFile { name: format!("reminders-{day}.csv"), bytes })
    }
}
