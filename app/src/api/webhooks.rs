//! Outbound webhooks for approval events: configured by admins, with their delivery log and a
//! test message sent on demand.
use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{Id, WebhookInput, WebhookView};

#[server(endpoint = "list_webhooks", input = Json)]
pub async fn list_webhooks() -> Result<Vec<WebhookView>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::webhooks::list(&state, &caller).await
}

#[server(endpoint = "save_webhook", input = Json)]
pub async fn save_webhook(input: WebhookInput) -> Result<Vec<WebhookView>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::webhooks::save(&state, &caller, input).await
}

#[server(endpoint = "delete_webhook", input = Json)]
pub async fn delete_webhook(webhook_id: Id) -> Result<Vec<WebhookView>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::webhooks::delete(&state, &caller, webhook_id).await
}

#[server(endpoint = "test_webhook", input = Json)]
pub async fn test_webhook(webhook_id: Id) -> Result<Vec<WebhookView>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::webhooks::test(&state, &caller, webhook_id).await
}
