use crate::app::Clinic;
use crate::error::AppResult;
use crate::scheduling::{
    self, Appointment, AppointmentEvent, BookingInput, CancelInput, FreeSlot, OccurrenceChoice,
    OccurrencePreview, Practitioner, RangeFilter, RescheduleInput, SeriesInput, SlotCheck, SlotQuery, Status,
};

commands! {
    pub async fn list_practitioners(s: &Clinic, token: String) -> AppResult<Vec<Practitioner>> {
        let (store, actor) = s.authorize(&token).await?;
        scheduling::practitioners(&store, &actor).await
    }

    pub async fn appointments_on_day(
        s: &Clinic,
        token: String,
        date: String,
    ) -> AppResult<Vec<Appointment>> {
        let (store, actor) = s.authorize(&token).await?;
        scheduling::day(&store, &actor, &date).await
    }

    pub async fn appointments_between(
        s: &Clinic,
        token: String,
        from: String,
        to: String,
        filter: RangeFilter,
    ) -> AppResult<Vec<Appointment>> {
        let (store, actor) = s.authorize(&token).await?;
        scheduling::range(&store, &actor, &from, &to, filter).await
    }

    pub async fn get_appointment(s: &Clinic, token: String, id: i64) -> AppResult<Appointment> {
        let (store, actor) = s.authorize(&token).await?;
        scheduling::get(&store, &actor, id).await
    }

    pub async fn appointment_history(
        s: &Clinic,
        token: String,
        id: i64,
    ) -> AppResult<Vec<AppointmentEvent>> {
        let (store, actor) = s.authorize(&token).await?;
        scheduling::history(&store, &actor, id).await
    }

    pub async fn check_slot(
        s: &Clinic,
        token: String,
        req: BookingInput,
        ignore: Option<i64>,
    ) -> AppResult<SlotCheck> {
        let (store, actor) = s.authorize(&token).await?;
        scheduling::check_slot(&store, &actor, req, ignore).await
    }

    pub async fn find_free_slots(
        s: &Clinic,
        token: String,
        req: SlotQuery,
    ) -> AppResult<Vec<FreeSlot>> {
        let (store, actor) = s.authorize(&token).await?;
        scheduling::free_slots(&store, &actor, req).await
    }

    pub async fn book_appointment(
        s: &Clinic,
        token: String,
        req: BookingInput,
    ) -> AppResult<Appointment> {
        let (store, actor) = s.authorize(&token).await?;
        scheduling::book(&store, &actor, req).await
    }

    pub async fn preview_series(
        s: &Clinic,
        token: String,
        req: SeriesInput,
    ) -> AppResult<Vec<OccurrencePreview>> {
        let (store, actor) = s.authorize(&token).await?;
        scheduling::preview_series(&store, &actor, req).await
    }

    pub async fn book_series(
        s: &Clinic,
        token: String,
        req: SeriesInput,
        choices: Vec<OccurrenceChoice>,
    ) -> AppResult<Vec<Appointment>> {
        let (store, actor) = s.authorize(&token).await?;
        scheduling::book_series(&store, &actor, req, choices).await
    }

    pub async fn set_appointment_status(
        s: &Clinic,
        token: String,
        id: i64,
        status: Status,
    ) -> AppResult<Appointment> {
        let (store, actor) = s.authorize(&token).await?;
        scheduling::set_status(&store, &actor, id, status).await
    }

    pub async fn cancel_appointment(
        s: &Clinic,
        token: String,
        id: i64,
        req: CancelInput,
    ) -> AppResult<Vec<Appointment>> {
        let (store, actor) = s.authorize(&token).await?;
        scheduling::cancel(&store, &actor, id, req).await
    }

    pub async fn reschedule_appointment(
        s: &Clinic,
        token: String,
        id: i64,
        req: RescheduleInput,
    ) -> AppResult<Vec<Appointment>> {
        let (store, actor) = s.authorize(&token).await?;
        scheduling::reschedule(&store, &actor, id, req).await
    }

    files:
    /// The appointment slip as PDF.
    pub async fn print_slip(s: &Clinic, token: String, id: i64) -> AppResult<ExportFile> {
        let (store, actor) = s.authorize(&token).await?;
        scheduling::slip(&store, &actor, id).await
    }

    /// The practitioner's diary between two dates, as iCalendar.
    pub async fn export_practitioner_ics(
        s: &Clinic,
        token: String,
        practitioner_id: i64,
        from: String,
        to: String,
    ) -> AppResult<ExportFile> {
        let (store, actor) = s.authorize(&token).await?;
        scheduling::diary_ics(&store, &actor, practitioner_id, &from, &to).await
    }
}
