//! Project templates: the built-in and saved ones, a project saved as a template, and the
//! admins' rename and delete.
use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{Id, SaveTemplateInput, TemplateEdit, TemplateSummary};

#[server(endpoint = "list_templates", input = Json)]
pub async fn list_templates() -> Result<Vec<TemplateSummary>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::templates::list(
        &state,
        &caller,
        crate::server::kernel::context::request_locale(),
    )
    .await
}

/// Saves the project as a new template; answers with its id.
#[server(endpoint = "save_project_as_template", input = Json)]
pub async fn save_project_as_template(input: SaveTemplateInput) -> Result<Id, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::templates::save_from_project(&state, &caller, input).await
}

#[server(endpoint = "update_template", input = Json)]
pub async fn update_template(edit: TemplateEdit) -> Result<Vec<TemplateSummary>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::templates::update(
        &state,
        &caller,
        edit,
        crate::server::kernel::context::request_locale(),
    )
    .await
}

#[server(endpoint = "delete_template", input = Json)]
pub async fn delete_template(id: Id) -> Result<Vec<TemplateSummary>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::templates::delete(
        &state,
        &caller,
        id,
        crate::server::kernel::context::request_locale(),
    )
    .await
}
