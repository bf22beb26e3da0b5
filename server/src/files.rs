//! Files over HTTP. `POST /api/upload/files/{project}?place=task:12&name=…` takes a file's bytes
//! as the request body, streamed to the store as they arrive (refused at once when the declared
//! length is over the organisation's limit); `GET /files/{version}/{name}` serves a version
//! (`?inline=1` opens an image or a PDF in the browser) and `GET /thumbnails/{version}` an
//! image's thumbnail, only to those who may see the project.
//!
//! What is served is someone's upload, so it is kept from acting as part of the app: its type
//! is the one read from its content when it was kept, `nosniff`, a download unless it is an
//! image or a PDF opened on purpose, and a sandboxing Content-Security-Policy (no script, no
//! form, no plugin, an origin of its own).
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use http::{header, HeaderMap, HeaderValue, StatusCode};
use serde::Deserialize;

use crate::answers::answer;
use crate::uploads::caller_of;
use app::domain::filetypes::is_raster;
use app::error::AppError;
use app::model::Place;
use app::server::files;
use app::server::kernel::storage::Storage;
use app::server::kernel::AppState;

/// What a served file may do: nothing but show itself (the viewer frames it from this site).
const FILE_POLICY: &str =
    "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'";
/// Chromium's PDF viewer runs only in a document allowed scripts of its own; the PDF is still
/// kept in a unique origin of its own, from which it reaches nothing of the app.
const PDF_POLICY: &str =
    "sandbox allow-scripts; default-src 'none'; img-src 'self' data: blob:; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'";

#[derive(Deserialize)]
pub struct UploadQuery {
    #[serde(default)]
    place: String,
    #[serde(default)]
    name: String,
    /// A check-in's photo: only an image is taken.
    #[serde(default)]
    photo: Option<String>,
}

pub async fn upload(
    State(state): State<AppState>,
    Path(project): Path<i64>,
    Query(q): Query<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let caller = match caller_of(&state, &headers).await {
        Ok(caller) => caller,
        Err(refused) => return refused,
    };
    let Some(place) = Place::parse(&q.place) else {
        return answer(&AppError::NotFound);
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let stream = body.into_data_stream();
    match files::upload(
        &state,
        &caller,
        project,
        place,
        &q.name,
        declared,
        stream,
        q.photo.is_some(),
    )
    .await
    {
        Ok(view) => (
            [(header::CONTENT_TYPE, "application/json")],
            serde_json::to_vec(&view).unwrap_or_default(),
        )
            .into_response(),
        Err(e) => answer(&e),
    }
}

#[derive(Deserialize)]
pub struct ServeQuery {
    #[serde(default)]
    inline: Option<String>,
}

/// `filename*` as RFC 6266 has it (UTF-8, percent-encoded), with a plain ASCII fallback.
pub fn disposition(kind: &str, name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && !matches!(c, '"' | '\\' | ';' | '%') || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~') {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

fn guarded(response: &mut Response, policy: &str, etag: &str) {
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(policy) = HeaderValue::from_str(policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    headers.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    // Kept by the browser, asked again each time (access may have ended), answered 304 then.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    if let Ok(tag) = HeaderValue::from_str(&format!("\"{etag}\"")) {
        headers.insert(header::ETAG, tag);
    }
}

fn unchanged(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim().trim_matches('"') == etag))
}

pub async fn serve(
    State(state): State<AppState>,
    Path((version, _name)): Path<(i64, String)>,
    Query(q): Query<ServeQuery>,
    headers: HeaderMap,
) -> Response {
    let caller = match caller_of(&state, &headers).await {
        Ok(caller) => caller,
        Err(refused) => return refused,
    };
    let (v, b) = match files::open(&state, &caller, version).await {
        Ok(found) => found,
        Err(e) => return answer(&e),
    };
    let pdf = b.mime == "application/pdf";
    let inline = q.inline.is_some() && (is_raster(&b.mime) || pdf);
    let policy = if inline && pdf {
        PDF_POLICY
    } else {
        FILE_POLICY
    };
    if unchanged(&headers, &b.hash) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        guarded(&mut response, policy, &b.hash);
        return response;
    }
    let stream = match state.files.read(&Storage::blob_key(&b.hash)).await {
        Ok(stream) => stream,
        Err(e) => return answer(&e),
    };
    let body = Body::from_stream(stream.map(|chunk| chunk.map_err(std::io::Error::other)));
    let kind = if inline { "inline" } else { "attachment" };
    let mut response = Response::new(body);
    guarded(&mut response, policy, &b.hash);
    let headers = response.headers_mut();
    // What it was found to be; text is served as text, never as a page.
    let shown = if b.mime.starts_with("text/") || b.mime == "image/svg+xml" {
        "text/plain; charset=utf-8"
    } else {
        b.mime.as_str()
    };
    if let Ok(t) = HeaderValue::from_str(shown) {
        headers.insert(header::CONTENT_TYPE, t);
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(b.size as u64));
    if let Ok(d) = HeaderValue::from_str(&disposition(kind, &v.name)) {
        headers.insert(header::CONTENT_DISPOSITION, d);
    }
    response
}

pub async fn thumbnail(
    State(state): State<AppState>,
    Path(version): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let caller = match caller_of(&state, &headers).await {
        Ok(caller) => caller,
        Err(refused) => return refused,
    };
    let etag = format!("t{version}");
    if unchanged(&headers, &etag) {
        if let Err(e) = files::open(&state, &caller, version).await {
            return answer(&e);
        }
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        guarded(&mut response, FILE_POLICY, &etag);
        return response;
    }
    match files::thumbnail(&state, &caller, version).await {
        Ok(bytes) => {
            let mut response = ([(header::CONTENT_TYPE, "image/jpeg")], bytes).into_response();
            guarded(&mut response, FILE_POLICY, &etag);
            response
        }
        Err(e) => answer(&e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_given_in_both_forms() {
        assert_eq!(
            disposition("attachment", "海报 \"v2\".png"),
            "attachment; filename=\"__ _v2_.png\"; filename*=UTF-8''%E6%B5%B7%E6%8A%A5%20%22v2%22.png"
        );
    }
}
