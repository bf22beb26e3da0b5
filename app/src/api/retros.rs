//! Retrospectives: a project's page, drafting it (or reading the records again), writing the
//! team's sections and action items, and approving it.
use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{Id, RetroEdit, RetroPage, RetroView};

#[server(endpoint = "get_retro", input = Json)]
pub async fn get_retro(project_id: Id) -> Result<RetroPage, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::retros::page(&state, &caller, project_id).await
}

#[server(endpoint = "draft_retro", input = Json)]
pub async fn draft_retro(project_id: Id) -> Result<RetroView, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::retros::draft(&state, &caller, project_id).await
}

#[server(endpoint = "save_retro", input = Json)]
pub async fn save_retro(project_id: Id, edit: RetroEdit) -> Result<RetroView, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::retros::save(&state, &caller, project_id, edit).await
}

#[server(endpoint = "approve_retro", input = Json)]
pub async fn approve_retro(project_id: Id, version: i32) -> Result<RetroView, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::retros::approve(&state, &caller, project_id, version).await
}
