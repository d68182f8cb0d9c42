use crate::app::Clinic;
use crate::catalogue::{self, HoursInput, Room, Service, ServiceInput, TimeOff, TimeOffInput, WorkingHours};
use crate::error::AppResult;

commands! {
    pub async fn list_services(s: &Clinic, token: String) -> AppResult<Vec<Service>> {
        let (store, _) = s.authorize(&token).await?;
        catalogue::services(&store).await
    }

    pub async fn save_service(
        s: &Clinic,
        token: String,
        id: Option<i64>,
        req: ServiceInput,
    ) -> AppResult<Service> {
        let (store, actor) = s.authorize(&token).await?;
        catalogue::save_service(&store, &actor, id, req).await
    }

    pub async fn list_rooms(s: &Clinic, token: String) -> AppResult<Vec<Room>> {
        let (store, _) = s.authorize(&token).await?;
        catalogue::rooms(&store).await
    }

    pub async fn save_room(
        s: &Clinic,
        token: String,
        id: Option<i64>,
        name: String,
        active: bool,
    ) -> AppResult<Room> {
        let (store, actor) = s.authorize(&token).await?;
        catalogue::save_room(&store, &actor, id, &name, active).await
    }

    pub async fn get_working_hours(s: &Clinic, token: String, id: i64) -> AppResult<Vec<WorkingHours>> {
        let (store, _) = s.authorize(&token).await?;
        catalogue::weekly_hours(&store, id).await
    }

    pub async fn set_working_hours(
        s: &Clinic,
        token: String,
        id: i64,
        hours: Vec<HoursInput>,
    ) -> AppResult<Vec<WorkingHours>> {
        let (store, actor) = s.authorize(&token).await?;
        catalogue::set_weekly_hours(&store, &actor, id, hours).await
    }

    pub async fn list_time_off(s: &Clinic, token: String, id: i64) -> AppResult<Vec<TimeOff>> {
        let (store, actor) = s.authorize(&token).await?;
        catalogue::time_off(&store, &actor, id).await
    }

    pub async fn add_time_off(
        s: &Clinic,
        token: String,
        id: i64,
        req: TimeOffInput,
    ) -> AppResult<Vec<TimeOff>> {
        let (store, actor) = s.authorize(&token).await?;
        catalogue::add_time_off(&store, &actor, id, req).await
    }
}
