//! The notification centre: alerts raised for the caller, and a project's alert threshold.
use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{Id, NotificationPage};

#[server(endpoint = "my_notifications", input = Json)]
pub async fn my_notifications() -> Result<NotificationPage, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::notifications::mine(&state, &caller).await
}

/// Marks these notifications read, or all of them when none are named.
#[server(endpoint = "mark_notifications_read", input = Json)]
pub async fn mark_notifications_read(ids: Vec<Id>) -> Result<NotificationPage, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::notifications::mark_read(&state, &caller, ids).await
}

#[server(endpoint = "set_alert_days", input = Json)]
pub async fn set_alert_days(project_id: Id, days: i32) -> Result<(), AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::notifications::set_days(&state, &caller, project_id, days).await
}
