use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{AuditFilter, AuditPage};

#[server(endpoint = "list_audit", input = Json)]
pub async fn list_audit(filter: AuditFilter) -> Result<AuditPage, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::kernel::audit::list(&state, &caller, filter).await
}
