//! Files sent as they are, not as base64 in JSON: `POST /api/upload/channel-data/{project}`
//! with the file's bytes as the body, its name in `?name=`, and the columns chosen (when the
//! first try asked for them) in the `x-marquee-mapping` header as JSON. The body is read as it
//! arrives up to the import's limit (50 MB), refused at once when its declared length is more;
//! the session and the same-origin check are those of every call. Answers the import's outcome
//! as JSON, or the translated error with its status.
use axum::body::{to_bytes, Body};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::{header, HeaderMap};
use serde::Deserialize;

use crate::answers::answer;
use app::domain::ingest::Mapping;
use app::error::AppError;
use app::server::channel_data::{import_file, FILE_MAX_MIB};
use app::server::kernel::{sessions, AppState, Caller};

/// The most a channel-data file may be.
pub const FILE_MAX: usize = FILE_MAX_MIB << 20;

/// Who is calling, by the session cookie; the refusal to answer when nobody is signed in.
pub async fn caller_of(state: &AppState, headers: &HeaderMap) -> Result<Caller, Response> {
    match headers
        .get(header::COOKIE)
        .and_then(|h| h.to_str().ok())
        .and_then(sessions::token_in)
    {
        Some(token) => match sessions::resolve(state, token).await {
            Ok(Some(caller)) => Ok(caller),
            Ok(None) => Err(answer(&AppError::Unauthenticated)),
            Err(e) => Err(answer(&e)),
        },
        None => Err(answer(&AppError::Unauthenticated)),
    }
}

#[derive(Deserialize)]
pub struct Named {
    #[serde(default)]
    name: String,
}

pub async fn channel_data(
    State(state): State<AppState>,
    Path(project): Path<i64>,
    Query(named): Query<Named>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let too_large = AppError::TooLarge((FILE_MAX / 1024) as i64);
    if headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|n| n > FILE_MAX as u64)
    {
        return answer(&too_large);
    }
    let caller = match caller_of(&state, &headers).await {
        Ok(caller) => caller,
        Err(refused) => return refused,
    };
    let mapping = match headers.get("x-marquee-mapping").map(|v| v.to_str()) {
        None => None,
        Some(Ok(text)) => match serde_json::from_str::<Mapping>(text) {
            Ok(m) => Some(m),
            Err(_) => {
                return answer(&AppError::invalid(
                    "mapping",
                    app::i18n::K::ErrMappingColumn,
                ))
            }
        },
        Some(Err(_)) => {
            return answer(&AppError::invalid(
                "mapping",
                app::i18n::K::ErrMappingColumn,
            ))
        }
    };
    let Ok(bytes) = to_bytes(body, FILE_MAX).await else {
        return answer(&too_large);
    };
    match import_file(
        &state,
        &caller,
        project,
        &named.name,
        bytes.to_vec(),
        mapping,
    )
    .await
    {
        Ok(outcome) => (
            [(header::CONTENT_TYPE, "application/json")],
            serde_json::to_vec(&outcome).unwrap_or_default(),
        )
            .into_response(),
        Err(e) => answer(&e),
    }
}
