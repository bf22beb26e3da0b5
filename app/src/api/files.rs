//! Attachments: listing a place's files and links, keeping a link, deleting, restoring a
//! version. Files themselves travel as streams (`POST /api/files/{project}`, `GET /files/…`).
use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{AttachmentView, Attachments, FileLinkInput, Id, Place};

#[server(endpoint = "list_attachments", input = Json)]
pub async fn list_attachments(project_id: Id, place: Place) -> Result<Attachments, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::files::list(&state, &caller, project_id, place).await
}

#[server(endpoint = "add_link", input = Json)]
pub async fn add_link(input: FileLinkInput) -> Result<AttachmentView, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::files::add_link(&state, &caller, input).await
}

#[server(endpoint = "delete_attachment", input = Json)]
pub async fn delete_attachment(id: Id) -> Result<(), AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::files::delete(&state, &caller, id).await
}

#[server(endpoint = "restore_version", input = Json)]
pub async fn restore_version(version_id: Id) -> Result<AttachmentView, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::files::restore(&state, &caller, version_id).await
}
