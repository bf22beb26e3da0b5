use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{DemoAccount, PasswordChange, SessionInfo, SetupInput};

#[server(endpoint = "session_info", input = Json)]
pub async fn get_session_info() -> Result<SessionInfo, AppError> {
    use crate::server::kernel::context;
    use crate::server::session;
    let (state, caller) = context::optional_caller().await?;
    session::session_info(&state, caller.as_ref()).await
}

#[server(endpoint = "setup", input = Json)]
pub async fn setup(input: SetupInput) -> Result<Vec<DemoAccount>, AppError> {
    use crate::server::kernel::{context, sessions};
    use crate::server::session;
    let state = context::state()?;
    let (token, accounts) = session::setup(&state, input, context::request_locale()).await?;
    context::set_cookie(sessions::session_cookie(
        &token,
        context::over_https(&state),
        state.session_rules,
    ));
    Ok(accounts)
}

#[server(endpoint = "login", input = Json)]
pub async fn login(username: String, password: String) -> Result<(), AppError> {
    use crate::server::kernel::{context, sessions};
    use crate::server::session;
    let state = context::state()?;
    let token = session::login(
        &state,
        &username,
        &password,
        &context::client_address(),
        &context::user_agent(),
        context::request_locale(),
    )
    .await?;
    context::set_cookie(sessions::session_cookie(
        &token,
        context::over_https(&state),
        state.session_rules,
    ));
    Ok(())
}

#[server(endpoint = "logout", input = Json)]
pub async fn logout() -> Result<(), AppError> {
    use crate::server::kernel::{context, sessions};
    let state = context::state()?;
    if let Some(token) = context::session_token() {
        sessions::end_session(&state, &token).await?;
    }
    context::set_cookie(sessions::clear_session_cookie(context::over_https(&state)));
    // What this browser kept of the person's data (pages, the offline copy) goes with them.
    context::set_header(
        http::header::HeaderName::from_static("clear-site-data"),
        "\"cache\", \"storage\"",
    );
    Ok(())
}

#[server(endpoint = "change_password", input = Json)]
pub async fn change_password(change: PasswordChange) -> Result<(), AppError> {
    use crate::server::kernel::context;
    use crate::server::session;
    let (state, caller) = context::caller().await?;
    let token = context::session_token().unwrap_or_default();
    session::change_password(&state, &caller, change, &token).await
}
