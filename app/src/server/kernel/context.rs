//! What a `#[server]` function needs from the request: the shared state, the caller, cookies.
use http::header::{COOKIE, SET_COOKIE};
use http::request::Parts;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

use super::caller::Caller;
use super::networks::Networks;
use super::sessions;
use super::state::AppState;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;

pub fn state() -> AppResult<AppState> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the request context");
        AppError::Internal
    })
}

pub fn session_token() -> Option<String> {
    let parts = use_context::<Parts>()?;
    let header = parts.headers.get(COOKIE)?.to_str().ok()?;
    sessions::token_in(header).map(str::to_string)
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

/// Sets a header of the answer.
pub fn set_header(name: http::header::HeaderName, value: &str) {
    if let (Some(response), Ok(value)) = (
        use_context::<ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        response.insert_header(name, value);
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

/// Who sent a request: the peer's address, unless the peer is a proxy the configuration
/// trusts (`MARQUEE_TRUSTED_PROXIES`) — then the last address `X-Forwarded-For` names that is
/// not one of them — and whether it reached Marquee over https (said by a trusted proxy's
/// `X-Forwarded-Proto`). Headers from anyone else are ignored: a client cannot pick its own
/// address to slip the sign-in limits.
pub fn client_of(
    headers: &http::HeaderMap,
    peer: Option<std::net::IpAddr>,
    proxies: &Networks,
) -> (String, bool) {
    let Some(peer) = peer else {
        return ("unknown".to_string(), false);
    };
    if proxies.is_empty() || !proxies.contains(peer) {
        return (peer.to_string(), false);
    }
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse::<std::net::IpAddr>().ok())
        .collect::<Vec<_>>();
    let client = forwarded
        .into_iter()
        .rev()
        .find(|a| !proxies.contains(*a))
        .unwrap_or(peer);
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"));
    (client.to_string(), https)
}

fn client() -> (String, bool) {
    let Some(parts) = use_context::<Parts>() else {
        return ("unknown".to_string(), false);
    };
    let peer = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    let proxies = use_context::<AppState>()
        .map(|s| s.proxies.clone())
        .unwrap_or_default();
    client_of(&parts.headers, peer, &proxies)
}

/// The client's address, for the sign-in limits and the audit log.
pub fn client_address() -> String {
    client().0
}

/// Whether the person reached Marquee over https: configured, or said by a trusted proxy.
pub fn over_https(state: &AppState) -> bool {
    state.secure_cookies || client().1
}

/// The browser the request came from, as it names itself (for the audit log).
pub fn user_agent() -> String {
    use_context::<Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.chars().take(200).collect())
        })
        .unwrap_or_default()
}
