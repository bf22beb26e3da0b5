//! How data reaches a project other than by file (API tokens, the tracking snippet's key), and
//! what is read from website events and CRM conversions.
use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{ApiTokenInput, Connections, FunnelQuery, FunnelReport, Id, NewApiToken};

#[server(endpoint = "connections", input = Json)]
pub async fn get_connections(project_id: Id) -> Result<Connections, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::connections::connections(&state, &caller, project_id).await
}

#[server(endpoint = "create_api_token", input = Json)]
pub async fn create_api_token(input: ApiTokenInput) -> Result<NewApiToken, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::connections::create_token(&state, &caller, input).await
}

#[server(endpoint = "revoke_api_token", input = Json)]
pub async fn revoke_api_token(token_id: Id) -> Result<(), AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::connections::revoke_token(&state, &caller, token_id).await
}

/// The project's site key for the tracking snippet, made the first time it is asked for.
#[server(endpoint = "site_key", input = Json)]
pub async fn get_site_key(project_id: Id) -> Result<String, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::connections::site_key(&state, &caller, project_id).await
}

#[server(endpoint = "funnel", input = Json)]
pub async fn get_funnel(query: FunnelQuery) -> Result<FunnelReport, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::conversions::funnel(&state, &caller, query).await
}
