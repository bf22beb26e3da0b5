use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{
    Id, MemberInput, ProjectDetail, ProjectInput, ProjectKind, ProjectSummary, StatusRequest,
};

#[server(endpoint = "list_projects", input = Json)]
pub async fn list_projects(include_archived: bool) -> Result<Vec<ProjectSummary>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::projects::list(&state, &caller, include_archived).await
}

#[server(endpoint = "get_project", input = Json)]
pub async fn get_project(id: Id) -> Result<ProjectDetail, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::projects::get(&state, &caller, id).await
}

#[server(endpoint = "create_project", input = Json)]
pub async fn create_project(
    input: ProjectInput,
    /// A built-in template, named by its kind, to lay out the project's tasks from.
    #[server(default)]
    template: Option<ProjectKind>,
    /// A saved template (takes the place of `template`).
    #[server(default)]
    saved_template: Option<Id>,
    /// A case of the case library to start from (takes the place of both).
    #[server(default)]
    from_case: Option<Id>,
    /// The new project's budget in minor units, planned over the template's budget lines in
    /// their proportions; without it the lines keep their amounts.
    #[server(default)]
    budget_total: Option<i64>,
) -> Result<Id, AppError> {
    use crate::model::TemplateRef;
    let (state, caller) = crate::server::kernel::context::caller().await?;
    let template = from_case
        .map(TemplateRef::Case)
        .or(saved_template.map(TemplateRef::Saved))
        .or(template.map(TemplateRef::BuiltIn));
    crate::server::projects::create(
        &state,
        &caller,
        crate::server::projects::NewProject {
            input,
            template,
            budget_total,
        },
        crate::server::kernel::context::request_locale(),
    )
    .await
}

#[server(endpoint = "update_project", input = Json)]
pub async fn update_project(id: Id, version: i32, input: ProjectInput) -> Result<(), AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::projects::update(&state, &caller, id, version, input).await
}

#[server(endpoint = "change_project_status", input = Json)]
pub async fn change_project_status(request: StatusRequest) -> Result<(), AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::projects::change_status(&state, &caller, request).await
}

#[server(endpoint = "set_project_member", input = Json)]
pub async fn set_project_member(input: MemberInput) -> Result<(), AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::projects::set_member(&state, &caller, input).await
}
