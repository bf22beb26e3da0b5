use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{NewUserInput, UserUpdate, UserView};

#[server(endpoint = "list_users", input = Json)]
pub async fn list_users() -> Result<Vec<UserView>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::users::list(&state, &caller).await
}

#[server(endpoint = "create_user", input = Json)]
pub async fn create_user(input: NewUserInput) -> Result<UserView, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::users::create(&state, &caller, input).await
}

#[server(endpoint = "update_user", input = Json)]
pub async fn update_user(change: UserUpdate) -> Result<UserView, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::users::update(&state, &caller, change).await
}
