//! Comments on projects and tasks, who can be mentioned, and a project's activity.
use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{
    ActivityFilter, ActivityPage, CommentSaved, CommentView, Id, MentionCandidate, Thread,
};

#[server(endpoint = "list_comments", input = Json)]
pub async fn list_comments(thread: Thread) -> Result<Vec<CommentView>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::comments::list(&state, &caller, thread).await
}

/// `edit_id`: a comment written offline carries the id of its edit, and is posted once however
/// often it is sent.
#[server(endpoint = "add_comment", input = Json)]
pub async fn add_comment(
    thread: Thread,
    body: String,
    #[server(default)] edit_id: Option<String>,
) -> Result<CommentSaved, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::comments::add(&state, &caller, thread, body, edit_id).await
}

#[server(endpoint = "edit_comment", input = Json)]
pub async fn edit_comment(comment_id: Id, body: String) -> Result<CommentSaved, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::comments::edit(&state, &caller, comment_id, body).await
}

#[server(endpoint = "delete_comment", input = Json)]
pub async fn delete_comment(comment_id: Id) -> Result<(), AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::comments::delete(&state, &caller, comment_id).await
}

#[server(endpoint = "mention_candidates", input = Json)]
pub async fn mention_candidates(project_id: Id) -> Result<Vec<MentionCandidate>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::comments::candidates(&state, &caller, project_id).await
}

#[server(endpoint = "project_activity", input = Json)]
pub async fn project_activity(
    project_id: Id,
    filter: ActivityFilter,
) -> Result<ActivityPage, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::comments::activity(&state, &caller, project_id, filter).await
}
