//! The case library: browsing and filtering it, reading a case, publishing a reviewed project as
//! a case (or changing its case), and withdrawing one.
use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{CaseFilter, CaseInput, CaseLibrary, CaseView, Id};

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
