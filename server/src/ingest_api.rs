//! The ingestion API under `/api/v1`: daily channel metrics and CRM conversions sent with a
//! project's API token, the tracking snippet and the beacon it sends website events to, and the
//! OpenAPI document describing them. None of it uses cookies, so other sites and programs may
//! call it; what it may do is what the token or the site key allows.
use app::domain::ingest::RefusedRow;
use app::error::AppError;
use app::i18n::{Locale, K};
use app::model::{Id, TokenScope};
use app::server::connections::{authenticate, Refusal};
use app::server::conversions::{self, Beacon, Collected, ITEMS_MAX};
use app::server::kernel::AppState;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use http::{header, HeaderMap, StatusCode};
use serde_json::{json, Map, Value};

/// The largest body of a metrics or conversions request.
const API_BODY_MAX: usize = 8 << 20;
/// The largest beacon.
const BEACON_BODY_MAX: usize = 16 << 10;

pub fn routes<S: Clone + Send + Sync + 'static>(state: AppState) -> Router<S> {
    Router::new()
        .route(
            "/api/v1/projects/{project}/metrics",
            post(metrics).layer(DefaultBodyLimit::max(API_BODY_MAX)),
        )
        .route(
            "/api/v1/projects/{project}/conversions",
            post(conversions).layer(DefaultBodyLimit::max(API_BODY_MAX)),
        )
        .route(
            "/api/v1/collect",
            post(collect)
                .options(preflight)
                .layer(DefaultBodyLimit::max(BEACON_BODY_MAX)),
        )
        .route("/api/v1/track.js", get(snippet))
        .route("/api/v1/openapi.json", get(openapi))
        .with_state(state)
}

fn locale(headers: &HeaderMap) -> Locale {
    Locale::from_accept_language(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or(""),
    )
}

/// An error as the API answers it: a status, a code a program can test, a message a person
/// can read in their language, and the fields at fault.
fn failure(status: StatusCode, code: &str, message: String, fields: Value) -> Response {
    (
        status,
        axum::Json(json!({ "error": code, "message": message, "fields": fields })),
    )
        .into_response()
}

fn refused(refusal: Refusal, locale: Locale) -> Response {
    let (status, code, key) = match refusal {
        Refusal::Unauthenticated => (
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            K::ErrUnauthenticated,
        ),
        Refusal::Forbidden => (StatusCode::FORBIDDEN, "forbidden", K::ErrForbidden),
        Refusal::NotFound => (StatusCode::NOT_FOUND, "not_found", K::ErrNotFound),
    };
    let mut response = failure(status, code, key.text(locale).to_string(), json!([]));
    if status == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, "Bearer".parse().expect("header"));
    }
    response
}

fn app_error(e: AppError, locale: Locale) -> Response {
    let (status, code) = match &e {
        AppError::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated"),
        AppError::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
        AppError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
        AppError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
        AppError::RateLimited => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
        _ => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
    };
    let fields = match &e {
        AppError::Invalid(errors) => Value::Array(
            errors
                .iter()
                .map(|f| json!({ "field": f.field, "message": f.message(locale) }))
                .collect(),
        ),
        _ => json!([]),
    };
    failure(status, code, e.message(locale), fields)
}

fn bearer(headers: &HeaderMap) -> &str {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .unwrap_or("")
}

/// The array under `member` of a JSON body, or the answer saying why there is none.
fn items(
    body: &[u8],
    member: &str,
    locale: Locale,
) -> Result<Vec<Map<String, Value>>, Box<Response>> {
    let bad = |detail: String| {
        Box::new(failure(
            StatusCode::BAD_REQUEST,
            "bad_json",
            K::ErrBadJson.text(locale).replace("{n}", &detail),
            json!([]),
        ))
    };
    let value: Value = serde_json::from_slice(body).map_err(|e| bad(e.to_string()))?;
    if let Some((field, key)) = crate::answers::refused_value(body) {
        let message = key.text(locale);
        return Err(Box::new(failure(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            message.to_string(),
            json!([{ "field": field, "message": message }]),
        )));
    }
    let Some(list) = value.get(member).and_then(Value::as_array) else {
        return Err(bad(format!("expected {{\"{member}\": [ … ]}}")));
    };
    if list.is_empty() {
        return Err(Box::new(failure(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            K::ErrNoRows.text(locale).to_string(),
            json!([{ "field": member, "message": K::ErrNoRows.text(locale) }]),
        )));
    }
    if list.len() > ITEMS_MAX {
        return Err(Box::new(failure(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many",
            K::ErrTooManyRows
                .text(locale)
                .replace("{n}", &ITEMS_MAX.to_string()),
            json!([]),
        )));
    }
    list.iter()
        .enumerate()
        .map(|(i, v)| {
            v.as_object()
                .cloned()
                .ok_or_else(|| bad(format!("{member}[{i}] is not an object")))
        })
        .collect()
}

fn rejected_rows(rows: &[RefusedRow], locale: Locale) -> Value {
    Value::Array(
        rows.iter()
            .map(|r| {
                json!({
                    "index": r.line,
                    "errors": r.problems.iter().map(|p| json!({
                        "field": p.field.map(|f| f.as_str()).unwrap_or(""),
                        "message": p.key.text(locale),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

async fn metrics(
    State(state): State<AppState>,
    Path(project): Path<Id>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let locale = locale(&headers);
    let caller = match authenticate(&state, bearer(&headers), project, TokenScope::Metrics).await {
        Ok(Ok(caller)) => caller,
        Ok(Err(refusal)) => return refused(refusal, locale),
        Err(e) => return app_error(e, locale),
    };
    let rows = match items(&body, "rows", locale) {
        Ok(rows) => rows,
        Err(response) => return *response,
    };
    let source = format!("API · {}", caller.display_name);
    match app::server::channel_data::post_metrics(&state, &caller, project, &source, rows).await {
        Ok((import, refused)) => axum::Json(json!({
            "import_id": import.id,
            "rows_read": import.rows_read,
            "rows_added": import.rows_added,
            "rows_updated": import.rows_updated,
            "rows_rejected": import.rows_refused,
            "first_day": import.first_day,
            "last_day": import.last_day,
            "rejected": rejected_rows(&refused, locale),
        }))
        .into_response(),
        Err(e) => app_error(e, locale),
    }
}

async fn conversions(
    State(state): State<AppState>,
    Path(project): Path<Id>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let locale = locale(&headers);
    let caller =
        match authenticate(&state, bearer(&headers), project, TokenScope::Conversions).await {
            Ok(Ok(caller)) => caller,
            Ok(Err(refusal)) => return refused(refusal, locale),
            Err(e) => return app_error(e, locale),
        };
    let list = match items(&body, "conversions", locale) {
        Ok(list) => list,
        Err(response) => return *response,
    };
    let texts = list.iter().map(conversions::conversion_text).collect();
    match conversions::post_conversions(&state, &caller, project, texts).await {
        Ok(written) => axum::Json(json!({
            "added": written.added,
            "updated": written.updated,
            "rejected": written.rejected.iter().map(|(i, problems)| json!({
                "index": i,
                "errors": problems.iter().map(|p| json!({
                    "field": p.field,
                    "message": p.key.text(locale),
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        }))
        .into_response(),
        Err(e) => app_error(e, locale),
    }
}

/// Beacons come from the campaign's own site, another origin.
fn cors(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        "*".parse().expect("header"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        "POST, OPTIONS".parse().expect("header"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        "content-type".parse().expect("header"),
    );
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        "86400".parse().expect("header"),
    );
    response
}

async fn preflight() -> Response {
    cors(StatusCode::NO_CONTENT.into_response())
}

/// Takes a beacon (sent as text so that browsers send it without asking first). A robot's is
/// answered like any other, so it does not learn to change; a sender over the limit, an unknown
/// site and a malformed beacon are told.
async fn collect(State(state): State<AppState>, request: axum::extract::Request) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    let (address, _) =
        app::server::kernel::context::client_of(request.headers(), peer, &state.proxies);
    let headers = request.headers().clone();
    let Ok(body) = axum::body::to_bytes(request.into_body(), BEACON_BODY_MAX).await else {
        return cors(StatusCode::PAYLOAD_TOO_LARGE.into_response());
    };
    let Ok(beacon) = serde_json::from_slice::<Beacon>(&body) else {
        return cors(StatusCode::BAD_REQUEST.into_response());
    };
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let status = match conversions::collect(&state, beacon, user_agent, &address).await {
        Ok(Collected::Kept(..)) | Ok(Collected::Robot) => StatusCode::NO_CONTENT,
        Ok(Collected::Limited) => StatusCode::TOO_MANY_REQUESTS,
        Ok(Collected::UnknownSite) => StatusCode::NOT_FOUND,
        Ok(Collected::Malformed) => StatusCode::BAD_REQUEST,
        Err(e) => {
            tracing::error!(error = %e, "recording website events");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    cors(status.into_response())
}

/// The tracking snippet: `<script async src="…/api/v1/track.js" data-site="KEY"></script>`.
const SNIPPET: &str = include_str!("track.js");

async fn snippet() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/javascript; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        SNIPPET,
    )
        .into_response()
}

async fn openapi() -> Response {
    (
        [(header::CACHE_CONTROL, "public, max-age=3600")],
        axum::Json(crate::openapi::document()),
    )
        .into_response()
}
