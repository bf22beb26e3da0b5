//! The organisation's settings.
use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{NotifyPrefs, OrgSettings, OrgSettingsInput};

#[server(endpoint = "get_org_settings", input = Json)]
pub async fn get_org_settings() -> Result<OrgSettings, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::settings::get(&state, &caller).await
}

#[server(endpoint = "my_notify_prefs", input = Json)]
pub async fn my_notify_prefs() -> Result<NotifyPrefs, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::settings::my_prefs(&state, &caller).await
}

#[server(endpoint = "set_notify_prefs", input = Json)]
pub async fn set_notify_prefs(prefs: NotifyPrefs) -> Result<NotifyPrefs, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::settings::set_my_prefs(&state, &caller, prefs).await
}

#[server(endpoint = "save_org_settings", input = Json)]
pub async fn save_org_settings(input: OrgSettingsInput) -> Result<OrgSettings, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::settings::save(&state, &caller, input).await
}
