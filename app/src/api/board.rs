//! The kanban board's set-up: columns and labels.
use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{BoardSettings, ColumnInput, Id, LabelInput};

#[server(endpoint = "get_board", input = Json)]
pub async fn get_board(project_id: Id) -> Result<BoardSettings, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::board::get(&state, &caller, project_id).await
}

#[server(endpoint = "save_board_column", input = Json)]
pub async fn save_board_column(input: ColumnInput) -> Result<BoardSettings, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::board::save_column(&state, &caller, input).await
}

#[server(endpoint = "reorder_board_columns", input = Json)]
pub async fn reorder_board_columns(
    project_id: Id,
    order: Vec<Id>,
) -> Result<BoardSettings, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::board::reorder_columns(&state, &caller, project_id, order).await
}

#[server(endpoint = "delete_board_column", input = Json)]
pub async fn delete_board_column(column_id: Id, move_to: Id) -> Result<BoardSettings, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::board::delete_column(&state, &caller, column_id, move_to).await
}

#[server(endpoint = "save_label", input = Json)]
pub async fn save_label(input: LabelInput) -> Result<BoardSettings, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::board::save_label(&state, &caller, input).await
}

#[server(endpoint = "delete_label", input = Json)]
pub async fn delete_label(label_id: Id) -> Result<BoardSettings, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::board::delete_label(&state, &caller, label_id).await
}
