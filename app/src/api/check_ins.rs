//! Daily check-ins.
use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{CheckInDay, CheckInInput, CheckInView, Id, MyCheckIn};

#[server(endpoint = "save_check_in", input = Json)]
pub async fn save_check_in(input: CheckInInput) -> Result<CheckInView, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::check_ins::save(&state, &caller, input).await
}

#[server(endpoint = "get_check_ins", input = Json)]
pub async fn get_check_ins(
    project_id: Id,
    day: Option<chrono::NaiveDate>,
) -> Result<CheckInDay, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::check_ins::day(&state, &caller, project_id, day).await
}

/// The projects where the caller checks in, and whether they did today.
#[server(endpoint = "my_check_ins", input = Json)]
pub async fn my_check_ins() -> Result<Vec<MyCheckIn>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::check_ins::mine(&state, &caller).await
}
