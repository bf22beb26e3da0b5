//! Weekly reports: a project's list, one report, editing its summary, refreshing its figures,
//! sending it, and drafting the week's now.
use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{Id, ReportList, WeeklyReportView};

#[server(endpoint = "list_reports", input = Json)]
pub async fn list_reports(project_id: Id) -> Result<ReportList, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::reports::list(&state, &caller, project_id).await
}

#[server(endpoint = "get_report", input = Json)]
pub async fn get_report(id: Id) -> Result<WeeklyReportView, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::reports::get(&state, &caller, id).await
}

#[server(endpoint = "save_report", input = Json)]
pub async fn save_report(id: Id, summary: String) -> Result<WeeklyReportView, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::reports::save(&state, &caller, id, summary).await
}

#[server(endpoint = "refresh_report", input = Json)]
pub async fn refresh_report(id: Id) -> Result<WeeklyReportView, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::reports::refresh(&state, &caller, id).await
}

#[server(endpoint = "send_report", input = Json)]
pub async fn send_report(id: Id) -> Result<WeeklyReportView, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::reports::send(&state, &caller, id).await
}

#[server(endpoint = "draft_reports", input = Json)]
pub async fn draft_reports(project_id: Id) -> Result<ReportList, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::reports::draft_now(&state, &caller, project_id).await
}
