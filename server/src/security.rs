//! Same-origin check on every state-changing request, and security headers on every response.
use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{self, HeaderValue};
use http::{Method, StatusCode};

/// Whether a request that changes state comes from our own pages. Browsers send `Origin` on such
/// requests; a missing one means a non-browser client, which cookies cannot be forged from.
pub fn same_origin(method: &Method, headers: &http::HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    match headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        Some(origin) => {
            let origin_host = origin
                .split_once("://")
                .map(|(_, rest)| rest)
                .unwrap_or(origin);
            host.is_some_and(|h| h.eq_ignore_ascii_case(origin_host))
        }
        None => headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_none_or(|site| site == "same-origin" || site == "none"),
    }
}

/// The ingestion API: called by other sites and programs, never with cookies (a token or the
/// public site key says what it may do), so a request from another origin cannot borrow a
/// session there.
fn cookieless(path: &str) -> bool {
    path.starts_with("/api/v1/")
}

pub async fn guard(request: Request, next: Next) -> Response {
    if !cookieless(request.uri().path()) && !same_origin(request.method(), request.headers()) {
        tracing::warn!(path = %request.uri().path(), "cross-origin request refused");
        return (
            StatusCode::FORBIDDEN,
            Body::from("cross-origin request refused"),
        )
            .into_response();
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let defaults = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
        ),
    ];
    for (name, value) in defaults {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> http::HeaderMap {
        let mut map = http::HeaderMap::new();
        for (k, v) in pairs {
            map.insert(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        map
    }

    #[test]
    fn cross_site_posts_are_refused() {
        let own = headers(&[
            ("host", "marquee.example.cn"),
            ("origin", "https://marquee.example.cn"),
        ]);
        let evil = headers(&[
            ("host", "marquee.example.cn"),
            ("origin", "https://evil.example"),
        ]);
        let fetch_cross = headers(&[
            ("host", "marquee.example.cn"),
            ("sec-fetch-site", "cross-site"),
        ]);
        assert!(same_origin(&Method::POST, &own));
        assert!(!same_origin(&Method::POST, &evil));
        assert!(!same_origin(&Method::POST, &fetch_cross));
        assert!(
            same_origin(&Method::GET, &evil),
            "reads are not state-changing"
        );
        assert!(
            same_origin(&Method::POST, &headers(&[("host", "x")])),
            "non-browser clients send no Origin"
        );
    }
}
