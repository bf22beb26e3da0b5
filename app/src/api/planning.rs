//! Scheduling: the Gantt chart's data, dependencies, moves, the working calendar and baselines.
use leptos::prelude::*;
use server_fn::codec::Json;

use crate::packed::{Packed, PackedMsgPack};

use crate::domain::schedule::calendar::WorkCalendar;
use crate::error::AppError;
use crate::model::{BaselineInfo, Id, LinkInput, Reschedule, ScheduleChange, ScheduleView};

/// Answered in MessagePack: a plan of tens of thousands of tasks is several times smaller than
/// as JSON, and quicker to write and to read. The server keeps the encoded answer until the
/// project changes.
#[server(endpoint = "get_schedule", input = Json, output = PackedMsgPack)]
pub async fn get_schedule(project_id: Id) -> Result<Packed<ScheduleView>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::planning::schedule(&state, &caller, project_id).await
}

#[server(endpoint = "create_link", input = Json)]
pub async fn create_link(input: LinkInput) -> Result<ScheduleChange, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::planning::create_link(&state, &caller, input).await
}

#[server(endpoint = "delete_link", input = Json)]
pub async fn delete_link(link_id: Id) -> Result<ScheduleChange, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::planning::delete_link(&state, &caller, link_id).await
}

#[server(endpoint = "reschedule_tasks", input = Json)]
pub async fn reschedule_tasks(
    project_id: Id,
    requests: Vec<Reschedule>,
) -> Result<ScheduleChange, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::planning::reschedule(&state, &caller, project_id, requests).await
}

#[server(endpoint = "set_calendar", input = Json)]
pub async fn set_calendar(
    project_id: Id,
    calendar: WorkCalendar,
) -> Result<ScheduleChange, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::planning::set_calendar(&state, &caller, project_id, calendar).await
}

#[server(endpoint = "save_baseline", input = Json)]
pub async fn save_baseline(project_id: Id, name: String) -> Result<BaselineInfo, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::planning::save_baseline(&state, &caller, project_id, name).await
}

/// Takes a year's official holiday schedule into the project's calendar.
#[server(endpoint = "apply_holiday_year", input = Json)]
pub async fn apply_holiday_year(project_id: Id, year: i32) -> Result<ScheduleChange, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::planning::apply_holiday_year(&state, &caller, project_id, year).await
}
