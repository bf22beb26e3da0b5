//! The organisation's settings.
use leptos::prelude::*;
use server_fn::codec::Json;

use crate::domain::schedule::calendar::WorkCalendar;
use crate::error::AppError;
use crate::model::{
    HolidayYearView, Id, MailSettings, MailSettingsInput, MailTestOutcome, NotifyPrefs,
    OrgSettings, OrgSettingsInput, PushDevice, PushSubscriptionInput,
};

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

#[server(endpoint = "get_mail_settings", input = Json)]
pub async fn get_mail_settings() -> Result<MailSettings, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::mail::get(&state, &caller).await
}

#[server(endpoint = "save_mail_settings", input = Json)]
pub async fn save_mail_settings(input: MailSettingsInput) -> Result<MailSettings, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::mail::save(&state, &caller, input).await
}

#[server(endpoint = "test_mail", input = Json)]
pub async fn test_mail(input: MailSettingsInput, to: String) -> Result<MailTestOutcome, AppError> {
    use crate::server::kernel::context;
    let (state, caller) = context::caller().await?;
    crate::server::mail::test(&state, &caller, input, to, context::request_locale()).await
}

/// The server's public key, which a browser subscribes to pushes with.
#[server(endpoint = "push_public_key", input = Json)]
pub async fn push_public_key() -> Result<String, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::push::public_key(&state, &caller).await
}

/// Sends the caller's pushes to this browser too; their devices.
#[server(endpoint = "subscribe_push", input = Json)]
pub async fn subscribe_push(input: PushSubscriptionInput) -> Result<Vec<PushDevice>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::push::subscribe(&state, &caller, input).await
}

/// Stops pushes to one of the caller's devices; those left.
#[server(endpoint = "unsubscribe_push", input = Json)]
pub async fn unsubscribe_push(id: Id) -> Result<Vec<PushDevice>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::push::unsubscribe(&state, &caller, id).await
}

/// Sends a test push to each of the caller's devices; how many.
#[server(endpoint = "test_push", input = Json)]
pub async fn test_push() -> Result<u32, AppError> {
    use crate::server::kernel::context;
    let (state, caller) = context::caller().await?;
    crate::server::push::test(&state, &caller, context::request_locale()).await
}

/// Remembers the language the caller chose, for what is sent to them while they are away.
#[server(endpoint = "set_my_locale", input = Json)]
pub async fn set_my_locale(tag: String) -> Result<(), AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::users::set_my_locale(&state, &caller, &tag).await
}

#[server(endpoint = "list_holiday_years", input = Json)]
pub async fn list_holiday_years() -> Result<Vec<HolidayYearView>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::holidays::list(&state, &caller).await
}

#[server(endpoint = "save_holiday_year", input = Json)]
pub async fn save_holiday_year(year: i32, text: String) -> Result<Vec<HolidayYearView>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::holidays::save(&state, &caller, year, text).await
}

#[server(endpoint = "delete_holiday_year", input = Json)]
pub async fn delete_holiday_year(year: i32) -> Result<Vec<HolidayYearView>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::holidays::delete(&state, &caller, year).await
}

/// Mainland China's official calendar with the years the organisation entered.
#[server(endpoint = "official_calendar", input = Json)]
pub async fn official_calendar() -> Result<WorkCalendar, AppError> {
    let (state, _caller) = crate::server::kernel::context::caller().await?;
    crate::server::holidays::official(&state.db).await
}
