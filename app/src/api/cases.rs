//! The case library: browsing and filtering it, reading a case, publishing a reviewed project as
//! a case (or changing its case), withdrawing one, the cases like a project, and a case as a
//! template to start a project from.
use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{
    CaseDraft, CaseFilter, CaseInput, CaseLibrary, CaseSummary, CaseView, Id, TemplateSummary,
};

#[server(endpoint = "list_cases", input = Json)]
pub async fn list_cases(filter: CaseFilter) -> Result<CaseLibrary, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::cases::library(&state, &caller, filter).await
}

#[server(endpoint = "get_case", input = Json)]
pub async fn get_case(id: Id) -> Result<CaseView, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::cases::get(&state, &caller, id).await
}

#[server(endpoint = "publish_case", input = Json)]
pub async fn publish_case(input: CaseInput) -> Result<CaseView, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::cases::publish(&state, &caller, input).await
}

#[server(endpoint = "withdraw_case", input = Json)]
pub async fn withdraw_case(id: Id) -> Result<(), AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::cases::withdraw(&state, &caller, id).await
}

/// The cases nearest to a project (not its own).
#[server(endpoint = "cases_like_project", input = Json)]
pub async fn cases_like_project(project_id: Id) -> Result<Vec<CaseSummary>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::cases::like_project(&state, &caller, project_id).await
}

/// A case as a template, for the new-project form.
#[server(endpoint = "case_template", input = Json)]
pub async fn case_template(id: Id) -> Result<TemplateSummary, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::cases::as_template(&state, &caller, id).await
}

/// The case a reviewed project's managers publish from its retrospective page; `None` for
/// others and before the project is reviewed.
#[server(endpoint = "case_draft", input = Json)]
pub async fn get_case_draft(project_id: Id) -> Result<Option<CaseDraft>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::cases::draft(&state, &caller, project_id).await
}
