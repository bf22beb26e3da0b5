//! The host names the server answers to, the same-origin check on every state-changing
//! request, and security headers on every response.
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
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

/// The host names this server answers to: the configured ones (`MARQUEE_HOSTS`), this machine's
/// own names and the address it listens on. A page on another name that resolves here (DNS
/// rebinding) is refused before it reaches anything, set-up included. `*` answers to any name
/// (behind a proxy that checks them itself).
#[derive(Clone, Debug)]
pub struct Hosts(Option<Arc<Vec<String>>>);

impl Hosts {
    pub fn new(configured: &str, listening: SocketAddr) -> Hosts {
        let mut names: Vec<String> = configured
            .split([',', ' '])
            .map(|n| n.trim().to_ascii_lowercase())
            .filter(|n| !n.is_empty())
            .collect();
        if names.iter().any(|n| n == "*") {
            return Hosts(None);
        }
        names.extend(["localhost", "127.0.0.1", "[::1]"].map(String::from));
        if !listening.ip().is_unspecified() {
            names.push(match listening {
                SocketAddr::V4(a) => a.ip().to_string(),
                SocketAddr::V6(a) => format!("[{}]", a.ip()),
            });
        }
        Hosts(Some(Arc::new(names)))
    }

    /// Whether a `Host` header names this server (its port is not compared).
    pub fn allows(&self, host: &str) -> bool {
        let Some(names) = &self.0 else {
            return true;
        };
        let host = host.trim().to_ascii_lowercase();
        let name = match host.rfind(':') {
            Some(i) if !host[i..].contains(']') => &host[..i],
            _ => host.as_str(),
        };
        names.iter().any(|n| n == name.trim_end_matches('.'))
    }
}

/// Over https, browsers are told to use nothing else for a year.
pub async fn strict_transport(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response.headers_mut().insert(
        header::STRICT_TRANSPORT_SECURITY,
        HeaderValue::from_static("max-age=31536000; includeSubDomains"),
    );
    response
}

pub async fn known_host(State(hosts): State<Hosts>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().host())
        .unwrap_or("");
    if !hosts.allows(host) {
        tracing::warn!(host, "request for an unknown host refused");
        return (
            StatusCode::MISDIRECTED_REQUEST,
            Body::from("unknown host: set MARQUEE_HOSTS to the names this server answers to"),
        )
            .into_response();
    }
    next.run(request).await
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
    // Pages and answers carry someone's data: no cache keeps them for the next person. The
    // app's code and static files (named with an extension) may be kept.
    let path = request.uri().path();
    let private =
        !path.starts_with("/pkg/") && !path.rsplit('/').next().unwrap_or("").contains('.');
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if private && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
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

    #[test]
    fn only_the_names_of_this_server_are_answered() {
        let local = Hosts::new("", "127.0.0.1:3000".parse().unwrap());
        for host in [
            "localhost:3000",
            "127.0.0.1:3000",
            "LOCALHOST",
            "[::1]:3000",
            "localhost.",
        ] {
            assert!(local.allows(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:3000",
            "127.0.0.1.nip.io",
            "",
            "[::2]:3000",
        ] {
            assert!(!local.allows(host), "{host}");
        }
        let public = Hosts::new(
            "marquee.example.com, 10.0.0.5",
            "0.0.0.0:80".parse().unwrap(),
        );
        assert!(public.allows("marquee.example.com"));
        assert!(public.allows("10.0.0.5:80"));
        assert!(!public.allows("0.0.0.0"));
        assert!(Hosts::new("*", "0.0.0.0:80".parse().unwrap()).allows("anything"));
    }

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
