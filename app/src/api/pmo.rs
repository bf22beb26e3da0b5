//! The PMO dashboard.
use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::PmoDashboard;

#[server(endpoint = "pmo_dashboard", input = Json)]
pub async fn get_pmo_dashboard() -> Result<PmoDashboard, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::pmo::dashboard(&state, &caller).await
}
