//! Approval flows (admins configure them; everyone may read them to submit) and the inbox of
//! projects waiting for the caller's decision. Decisions themselves are status changes
//! (`change_project_status` to approved or back to draft).
use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{ApprovalFlow, ApprovalFlowInput, ApprovalTask, Id};

#[server(endpoint = "list_approval_flows", input = Json)]
pub async fn list_approval_flows() -> Result<Vec<ApprovalFlow>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::approvals::list_flows(&state, &caller).await
}

#[server(endpoint = "save_approval_flow", input = Json)]
pub async fn save_approval_flow(input: ApprovalFlowInput) -> Result<Vec<ApprovalFlow>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::approvals::save_flow(&state, &caller, input).await
}

#[server(endpoint = "delete_approval_flow", input = Json)]
pub async fn delete_approval_flow(flow_id: Id) -> Result<Vec<ApprovalFlow>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::approvals::delete_flow(&state, &caller, flow_id).await
}

#[server(endpoint = "my_approvals", input = Json)]
pub async fn my_approvals() -> Result<Vec<ApprovalTask>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::approvals::inbox(&state, &caller).await
}
