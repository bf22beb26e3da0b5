//! What a `#[server]` function needs from the request: the shared state, the caller, cookies.
use http::header::{COOKIE, SET_COOKIE};
use http::request::Parts;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

use super::caller::Caller;
use super::sessions::{self, SESSION_COOKIE};
use super::state::AppState;
use crate::error::{AppError, AppResult};
use crate::i18n::{cookie_value, Locale};

pub fn state() -> AppResult<AppState> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the request context");
        AppError::Internal
    })
}

pub fn session_token() -> Option<String> {
    let parts = use_context::<Parts>()?;
    let header = parts.headers.get(COOKIE)?.to_str().ok()?;
    cookie_value(header, SESSION_COOKIE).map(str::to_string)
}

/// The caller, or `Unauthenticated`.
pub async fn caller() -> AppResult<(AppState, Caller)> {
    let (state, caller) = optional_caller().await?;
    Ok((state, caller.ok_or(AppError::Unauthenticated)?))
}

pub async fn optional_caller() -> AppResult<(AppState, Option<Caller>)> {
    let state = state()?;
    let caller = match session_token() {
        Some(token) => sessions::resolve(&state, &token).await?,
        None => None,
    };
    Ok((state, caller))
}

pub fn set_cookie(value: String) {
    if let (Some(response), Ok(value)) = (
        use_context::<ResponseOptions>(),
        http::HeaderValue::from_str(&value),
    ) {
        response.append_header(SET_COOKIE, value);
    }
}

pub fn request_locale() -> Locale {
    use_context::<Parts>()
        .map(|parts| {
            let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
            Locale::from_request(header(COOKIE), header(http::header::ACCEPT_LANGUAGE))
        })
        .unwrap_or(Locale::En)
}

/// The client's address, for rate limiting.
pub fn client_address() -> String {
    use_context::<Parts>()
        .and_then(|parts| {
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string())
}
