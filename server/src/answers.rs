//! What a server function takes and answers: each endpoint's body limit (sign-in and set-up a
//! few kilobytes, every other call a megabyte; files go through `uploads`), checked before the
//! body is read, and the HTTP status of a refusal — 401, 403, 404, 409, 413, 422, 429 —
//! instead of the 500 server functions answer every error with. The body stays the translated
//! JSON error it always was; a body that is not the function's arguments names the field.
use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{header, HeaderValue, StatusCode};

use app::domain::validate::date_out_of_range;
use app::error::AppError;
use app::i18n::K;
use app::model::{AuditAction, AuditEntity};
use app::server::kernel::{audit, context, sessions, AppState};

/// Signing in, setting up, signing out and changing a password.
pub const SIGN_IN_BODY_MAX: usize = 16 * 1024;
/// Every other server function.
pub const CALL_BODY_MAX: usize = 1 << 20;
/// The most of an error answer read to set its status.
const ERROR_BODY_MAX: usize = 1 << 20;

/// The body limit of a server function; `None` for what is not one (pages, the live socket,
/// the ingestion API with limits of its own).
pub fn limit_for(path: &str) -> Option<usize> {
    let name = path.strip_prefix("/api/")?;
    // The ingestion API, the live socket and file uploads have limits of their own.
    if name.starts_with("v1/") || name.starts_with("live/") || name.starts_with("upload/") {
        return None;
    }
    Some(match name {
        "login" | "setup" | "logout" | "change_password" => SIGN_IN_BODY_MAX,
        _ => CALL_BODY_MAX,
    })
}

fn kib(bytes: usize) -> i64 {
    bytes.div_ceil(1024) as i64
}

/// A refusal as every call answers it: its status and the translated JSON error.
pub fn answer(error: &AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(error).unwrap_or_default();
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

pub async fn answers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(limit) = limit_for(request.uri().path()) else {
        return next.run(request).await;
    };
    let endpoint = request.uri().path().to_string();
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    let asked = request.headers().clone();
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    // Refused before a byte of it is read.
    if declared.is_some_and(|n| n > limit as u64) {
        return answer(&AppError::TooLarge(kib(limit)));
    }
    let (parts, body) = request.into_parts();
    // A body sent without its length is read up to the limit and no further.
    let Ok(bytes) = to_bytes(body, limit).await else {
        return answer(&AppError::TooLarge(kib(limit)));
    };
    // No date outside the years Marquee takes, and no NUL, gets in.
    if let Some((field, key)) = refused_value(&bytes) {
        return answer(&AppError::invalid(&field, key));
    }
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes.clone())))
        .await;
    if response.status().is_success() || response.status().is_redirection() {
        return response;
    }
    let (mut head, body) = response.into_parts();
    let Ok(answered) = to_bytes(body, ERROR_BODY_MAX).await else {
        return (head, Body::empty()).into_response();
    };
    let Ok(mut error) = serde_json::from_slice::<AppError>(&answered) else {
        return (head, Body::from(answered)).into_response();
    };
    match &mut error {
        AppError::TooLarge(n) if *n == 0 => *n = kib(limit),
        AppError::Invalid(fields) => {
            for f in fields.iter_mut() {
                if let Some(position) = f.field.strip_prefix('@') {
                    f.field = field_at(&bytes, position).unwrap_or_default();
                }
            }
        }
        _ => {}
    }
    head.status = StatusCode::from_u16(error.status()).unwrap_or(head.status);
    if error == AppError::Forbidden {
        record_refusal(&state, &endpoint, &asked, peer).await;
    }
    head.headers.remove(header::CONTENT_LENGTH);
    let body = serde_json::to_vec(&error)
        .map(Bytes::from)
        .unwrap_or(answered);
    (head, Body::from(body)).into_response()
}

/// A signed-in person was refused: the audit log says who, what and from where.
async fn record_refusal(
    state: &AppState,
    endpoint: &str,
    headers: &http::HeaderMap,
    peer: Option<std::net::IpAddr>,
) {
    let caller = match headers
        .get(header::COOKIE)
        .and_then(|h| h.to_str().ok())
        .and_then(sessions::token_in)
    {
        Some(token) => sessions::resolve(state, token).await.ok().flatten(),
        None => None,
    };
    let (address, _) = context::client_of(headers, peer, &state.proxies);
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut entry = audit::Entry::new(AuditEntity::Request, 0, AuditAction::Refused)
        .after(&serde_json::json!({ "endpoint": endpoint }))
        .from_client(&address, agent);
    if let Some(caller) = caller {
        entry = entry.by(caller.id);
    }
    if let Err(e) = entry.write(&state.db).await {
        tracing::warn!(error = ?e, "recording a refused call");
    }
}

/// What no server function takes, found anywhere in a JSON body: a date outside the years
/// taken, or text with a NUL character in it (PostgreSQL cannot store one). The key it was
/// under (`""` in a bare array) and why.
pub fn refused_value(body: &[u8]) -> Option<(String, K)> {
    fn walk(value: &serde_json::Value, key: &str) -> Option<(String, K)> {
        match value {
            serde_json::Value::String(s) if s.contains('\0') => {
                Some((key.to_string(), K::ErrNulCharacter))
            }
            serde_json::Value::String(s) => {
                date_out_of_range(s).then(|| (key.to_string(), K::ErrDateRange))
            }
            serde_json::Value::Array(items) => items.iter().find_map(|v| walk(v, key)),
            serde_json::Value::Object(fields) => fields.iter().find_map(|(k, v)| {
                if k.contains('\0') {
                    return Some((String::new(), K::ErrNulCharacter));
                }
                walk(v, k)
            }),
            _ => None,
        }
    }
    // Most bodies hold nothing of the kind: a scan of their strings says so without building
    // the whole document again (the function parses it anyway).
    if !might_be_refused(body) {
        return None;
    }
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    walk(&value, "")
}

/// Whether a JSON body holds an escaped NUL or a short string that is a date outside the years
/// taken — read as bytes, string by string.
fn might_be_refused(body: &[u8]) -> bool {
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'"' {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut end = start;
        while end < body.len() && body[end] != b'"' {
            end += if body[end] == b'\\' { 2 } else { 1 };
        }
        let text = &body[start..end.min(body.len())];
        if text.windows(6).any(|w| w == b"\\u0000")
            || (text.len() <= 40 && std::str::from_utf8(text).is_ok_and(date_out_of_range))
        {
            return true;
        }
        i = end + 1;
    }
    false
}

/// The name of the object key whose value stands at `position` (`line:column`, as serde_json
/// reports where it stopped) in the JSON `body`: the field a person would be told about.
pub fn field_at(body: &[u8], position: &str) -> Option<String> {
    let (line, column) = position.split_once(':')?;
    let (line, column): (usize, usize) = (line.parse().ok()?, column.parse().ok()?);
    // The byte offset of the position.
    let mut offset = 0;
    for (i, text) in body.split(|b| *b == b'\n').enumerate() {
        if i + 1 == line {
            offset += column.min(text.len());
            break;
        }
        offset += text.len() + 1;
    }
    let scanned = &body[..offset.min(body.len())];
    // Walk the JSON up to there: a stack of open containers, each with the last key read.
    let mut keys: Vec<Option<String>> = Vec::new();
    let mut i = 0;
    let mut last_string: Option<String> = None;
    while i < scanned.len() {
        match scanned[i] {
            b'{' => keys.push(None),
            b'[' => keys.push(None),
            b'}' | b']' => {
                keys.pop();
            }
            b':' => {
                if let (Some(top), Some(s)) = (keys.last_mut(), last_string.take()) {
                    *top = Some(s);
                }
            }
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < scanned.len() && scanned[i] != b'"' {
                    if scanned[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                let end = i.min(scanned.len());
                last_string = Some(String::from_utf8_lossy(&scanned[start..end]).to_string());
            }
            _ => {}
        }
        i += 1;
    }
    keys.into_iter().rev().flatten().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_endpoint_has_its_limit() {
        assert_eq!(limit_for("/api/login"), Some(SIGN_IN_BODY_MAX));
        assert_eq!(limit_for("/api/save_task"), Some(CALL_BODY_MAX));
        assert_eq!(limit_for("/api/v1/collect"), None);
        assert_eq!(limit_for("/api/upload/channel-data/3"), None);
        assert_eq!(limit_for("/projects/1"), None);
    }

    fn far(body: &[u8]) -> Option<String> {
        refused_value(body)
            .filter(|(_, key)| *key == K::ErrDateRange)
            .map(|(field, _)| field)
    }

    #[test]
    fn a_date_far_in_the_past_or_future_is_found_with_its_field() {
        let body = br#"{"input":{"name":"1900-01-01","start_date":"2026-11-01","holidays":["2026-10-01"]}}"#;
        // A name that reads as a date is a date: only a date field would take it as one, but
        // nobody names a campaign for the year 1900 alone.
        assert_eq!(far(body).as_deref(), Some("name"));
        let body =
            br#"{"input":{"start_date":"2026-11-01","holidays":["2026-10-01","+262143-01-01"]}}"#;
        assert_eq!(far(body).as_deref(), Some("holidays"));
        assert_eq!(far(br#"{"input":{"start_date":"2026-11-01"}}"#), None);
        assert_eq!(far(b"not json"), None);
        assert!(!might_be_refused(
            br#"{"name":"Launch \"1\"","start":"2026-11-01"}"#
        ));
        assert!(might_be_refused(br#"{"d":"9999-01-01"}"#));
        assert_eq!(
            refused_value(br#"{"input":{"title":"a\u0000b"}}"#),
            Some(("title".to_string(), K::ErrNulCharacter))
        );
    }

    #[test]
    fn the_field_at_a_position_is_the_key_being_read() {
        let body = br#"{"input":{"name":"Launch","start_date":5,"tags":["a"]}}"#;
        // serde_json stops just after the number 5.
        let column = body.iter().position(|b| *b == b'5').unwrap() + 1;
        assert_eq!(
            field_at(body, &format!("1:{column}")).as_deref(),
            Some("start_date")
        );
        let nested = b"{\n  \"input\": {\n    \"budget\": {\"amount\": true}\n  }\n}";
        assert_eq!(field_at(nested, "3:29").as_deref(), Some("amount"));
        assert_eq!(
            field_at(b"{\"a\\\"b\": 1}", "1:10").as_deref(),
            Some("a\\\"b")
        );
        assert_eq!(field_at(b"[1, 2]", "1:3"), None);
    }
}
