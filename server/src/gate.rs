//! Pages need a signed-in person: a page request without a valid session is answered with a
//! redirect before anything is rendered — to the set-up page while there is no account yet,
//! else to the sign-in page. (The page frame redirects in the browser too, for navigation inside
//! the app.)
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{header, Method, StatusCode};

use app::server::kernel::sessions;
use app::server::kernel::AppState;
use app::server::session;

/// Pages anyone may open.
const PUBLIC: [&str; 2] = ["/login", "/setup"];

/// A page rather than a server function, the app's code or a static file.
fn is_page(method: &Method, path: &str) -> bool {
    matches!(*method, Method::GET | Method::HEAD)
        && !path.starts_with("/api/")
        && !matches!(path, "/healthz" | "/readyz" | "/metrics")
        && !path.starts_with("/pkg/")
        && !path.rsplit('/').next().unwrap_or("").contains('.')
}

pub async fn gate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if !is_page(request.method(), path) {
        return next.run(request).await;
    }
    let token = request
        .headers()
        .get(header::COOKIE)
        .and_then(|h| h.to_str().ok())
        .and_then(sessions::token_in);
    let signed_in = match token {
        Some(token) => matches!(sessions::resolve(&state, token).await, Ok(Some(_))),
        None => false,
    };
    if signed_in {
        return next.run(request).await;
    }
    let to = match session::needs_setup(&state).await {
        Ok(true) => "/setup",
        Ok(false) => "/login",
        // The page shows the error itself.
        Err(_) => return next.run(request).await,
    };
    if path == to || (to == "/login" && PUBLIC.contains(&path)) {
        return next.run(request).await;
    }
    (StatusCode::FOUND, [(header::LOCATION, to)]).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_told_from_everything_else() {
        assert!(is_page(&Method::GET, "/"));
        assert!(is_page(&Method::GET, "/projects/3/gantt"));
        assert!(!is_page(&Method::POST, "/projects/3/gantt"));
        assert!(!is_page(&Method::POST, "/api/login"));
        assert!(!is_page(&Method::GET, "/pkg/marquee.wasm"));
        assert!(!is_page(&Method::GET, "/manifest.webmanifest"));
        assert!(!is_page(&Method::GET, "/icons/icon-192.png"));
        assert!(!is_page(&Method::GET, "/readyz"));
    }
}
