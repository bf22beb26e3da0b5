use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{AuditChain, AuditFilter, AuditPage};

#[server(endpoint = "list_audit", input = Json)]
pub async fn list_audit(filter: AuditFilter) -> Result<AuditPage, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::kernel::audit::list(&state, &caller, filter).await
}

/// Checks that no entry of the log was changed or removed.
#[server(endpoint = "verify_audit", input = Json)]
pub async fn verify_audit() -> Result<AuditChain, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::kernel::audit::verify_for(&state, &caller).await
}
