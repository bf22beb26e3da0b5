//! Documents made for people to send. `GET /retro/{project}.docx`: the project's retrospective
//! as a Word document, in the reader's language, to those who may see the project.
use axum::extract::{Path, State};
use axum::response::Response;
use http::{header, HeaderMap, HeaderValue};

use crate::answers::answer;
use crate::files::disposition;
use crate::uploads::caller_of;
use app::error::AppError;
use app::i18n::Locale;
use app::server::kernel::AppState;
use app::server::{retro_doc, retros};

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

pub async fn retro(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let caller = match caller_of(&state, &headers).await {
        Ok(caller) => caller,
        Err(refused) => return refused,
    };
    let Some(project) = file
        .strip_suffix(".docx")
        .and_then(|id| id.parse::<i64>().ok())
    else {
        return answer(&AppError::NotFound);
    };
    let found = match retros::page(&state, &caller, project).await {
        Ok(page) => page.retro,
        Err(e) => return answer(&e),
    };
    let Some(r) = found else {
        return answer(&AppError::NotFound);
    };
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let locale = Locale::from_request(text(header::COOKIE), text(header::ACCEPT_LANGUAGE));
    let bytes = match retro_doc::docx(&r, locale) {
        Ok(bytes) => bytes,
        Err(e) => return answer(&e),
    };
    let mut response = Response::new(axum::body::Body::from(bytes));
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(DOCX));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    if let Ok(d) = HeaderValue::from_str(&disposition(
        "attachment",
        &retro_doc::file_name(&r, locale),
    )) {
        h.insert(header::CONTENT_DISPOSITION, d);
    }
    response
}
