//! What monitoring reads: `/metrics` in the Prometheus text format (requests, errors and latency
//! per route; live connections; webhook deliveries waiting; imported rows), `/healthz` (the
//! process answers) and `/readyz` (it can reach its database). `/metrics` answers requests from
//! this machine, or with `Authorization: Bearer $MARQUEE_METRICS_TOKEN`.
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{header, StatusCode};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use app::server::kernel::entity::webhook_delivery;
use app::server::kernel::AppState;

/// Latency bucket bounds, in seconds.
const BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];
/// Routes kept apart; any beyond are counted as `other` (the names come from requests).
const ROUTES_MAX: usize = 300;

#[derive(Default)]
struct Series {
    count: u64,
    errors: u64,
    sum: f64,
    buckets: [u64; BUCKETS.len()],
}

/// The request figures of this process.
#[derive(Clone, Default)]
pub struct Metrics {
    series: Arc<Mutex<HashMap<(String, String), Series>>>,
    token: Option<Arc<String>>,
}

impl Metrics {
    pub fn new(token: Option<String>) -> Metrics {
        Metrics {
            series: Arc::default(),
            token: token.filter(|t| !t.is_empty()).map(Arc::new),
        }
    }

    fn observe(&self, route: String, method: &str, status: StatusCode, seconds: f64) {
        let mut series = self.series.lock().unwrap_or_else(|e| e.into_inner());
        let key =
            if series.len() < ROUTES_MAX || series.contains_key(&(route.clone(), method.into())) {
                (route, method.to_string())
            } else {
                ("other".to_string(), method.to_string())
            };
        let s = series.entry(key).or_default();
        s.count += 1;
        if status.is_server_error() {
            s.errors += 1;
        }
        s.sum += seconds;
        for (bucket, bound) in s.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
    }
}

/// A path as a route: numbers and long tokens become `{id}`, so that every project is one
/// route.
pub fn route_of(path: &str) -> String {
    let parts: Vec<&str> = path
        .split('/')
        .map(|p| {
            let token = p.len() >= 16 && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if p.chars().all(|c| c.is_ascii_digit()) && !p.is_empty() || token {
                "{id}"
            } else {
                p
            }
        })
        .collect();
    let route = parts.join("/");
    if route.starts_with("/pkg/") {
        "/pkg/{file}".to_string()
    } else {
        route.chars().take(120).collect()
    }
}

pub async fn measure(State(metrics): State<Metrics>, request: Request, next: Next) -> Response {
    let route = route_of(request.uri().path());
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.observe(
        route,
        &method,
        response.status(),
        started.elapsed().as_secs_f64(),
    );
    response
}

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(state): State<AppState>) -> Response {
    let backend = state.db.get_database_backend();
    match state
        .db
        .execute_raw(sea_orm::Statement::from_string(backend, "SELECT 1"))
        .await
    {
        Ok(_) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready: the database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "the database does not answer",
            )
                .into_response()
        }
    }
}

pub async fn metrics(
    State((state, metrics)): State<(AppState, Metrics)>,
    request: Request,
) -> Response {
    let headers = request.headers();
    let peer = request
        .extensions()
        .get::<ConnectInfo<std::net::SocketAddr>>();
    let by_token = metrics.token.as_ref().is_some_and(|token| {
        headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|given| given.trim() == token.as_str())
    });
    let local = peer.is_some_and(|p| p.0.ip().is_loopback());
    drop(request);
    if !by_token && !local {
        return StatusCode::FORBIDDEN.into_response();
    }
    let text = render(&state, &metrics).await;
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text).into_response()
}

async fn render(state: &AppState, metrics: &Metrics) -> String {
    let waiting = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::Status.eq("pending"))
        .count(&state.db)
        .await
        .unwrap_or(0);
    let mut out = String::new();
    let series = metrics.series.lock().unwrap_or_else(|e| e.into_inner());
    let mut keys: Vec<&(String, String)> = series.keys().collect();
    keys.sort();
    // One pass over the routes, each family of lines gathered apart and written in turn.
    let (mut counts, mut errors, mut latency) = (String::new(), String::new(), String::new());
    for key in &keys {
        let s = &series[*key];
        let l = format!(
            "route=\"{}\",method=\"{}\"",
            key.0.replace('\\', "\\\\").replace('"', "\\\""),
            key.1
        );
        let _ = writeln!(counts, "marquee_requests_total{{{l}}} {}", s.count);
        let _ = writeln!(errors, "marquee_request_errors_total{{{l}}} {}", s.errors);
        for (bound, n) in BUCKETS.iter().zip(s.buckets) {
            let _ = writeln!(
                latency,
                "marquee_request_seconds_bucket{{{l},le=\"{bound}\"}} {n}"
            );
        }
        let _ = writeln!(
            latency,
            "marquee_request_seconds_bucket{{{l},le=\"+Inf\"}} {}",
            s.count
        );
        let _ = writeln!(latency, "marquee_request_seconds_sum{{{l}}} {}", s.sum);
        let _ = writeln!(latency, "marquee_request_seconds_count{{{l}}} {}", s.count);
    }
    for (name, kind, help, lines) in [
        (
            "marquee_requests_total",
            "counter",
            "Requests answered, by route, method.",
            counts,
        ),
        (
            "marquee_request_errors_total",
            "counter",
            "Requests answered with a server error.",
            errors,
        ),
        (
            "marquee_request_seconds",
            "histogram",
            "Time to answer, by route.",
            latency,
        ),
    ] {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
        out.push_str(&lines);
    }
    drop(series);
    let gauges = [
        (
            "marquee_live_connections",
            "gauge",
            "Live connections to this process.",
            state.live.connections() as u64,
        ),
        (
            "marquee_webhook_deliveries_waiting",
            "gauge",
            "Webhook deliveries waiting to be sent.",
            waiting,
        ),
        (
            "marquee_imported_rows_total",
            "counter",
            "Channel-data rows imported by this process.",
            app::server::channel_data::imported_rows(),
        ),
        (
            "marquee_pages_finished_unread_total",
            "counter",
            "Pages whose reader went away halfway, rendered to their end.",
            crate::renders::finished_unread(),
        ),
    ];
    for (name, kind, help, value) in gauges {
        let _ = writeln!(out, "# HELP {name} {help}");
        let _ = writeln!(out, "# TYPE {name} {kind}");
        let _ = writeln!(out, "{name} {value}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_project_is_one_route() {
        assert_eq!(route_of("/projects/42/board"), "/projects/{id}/board");
        assert_eq!(route_of("/api/save_task"), "/api/save_task");
        assert_eq!(route_of("/pkg/marquee_bg.wasm"), "/pkg/{file}");
        assert_eq!(route_of("/api/live/7"), "/api/live/{id}");
    }

    #[test]
    fn latency_lands_in_its_buckets_and_routes_are_bounded() {
        let m = Metrics::new(None);
        m.observe("/a".into(), "GET", StatusCode::OK, 0.02);
        m.observe("/a".into(), "GET", StatusCode::INTERNAL_SERVER_ERROR, 3.0);
        for i in 0..ROUTES_MAX + 10 {
            m.observe(format!("/r{i}"), "GET", StatusCode::OK, 0.001);
        }
        let series = m.series.lock().unwrap();
        let a = &series[&("/a".to_string(), "GET".to_string())];
        assert_eq!((a.count, a.errors), (2, 1));
        assert_eq!(a.buckets[1], 0, "0.02 s is over 10 ms");
        assert_eq!(a.buckets[2], 1, "0.02 s is within 25 ms");
        // Buckets count everything up to their bound, as Prometheus reads them.
        assert_eq!(a.buckets[BUCKETS.len() - 2], 1, "3 s is over 2.5 s");
        assert_eq!(a.buckets[BUCKETS.len() - 1], 2, "both are within 10 s");
        assert!(series.len() <= ROUTES_MAX + 1);
        assert!(series.contains_key(&("other".to_string(), "GET".to_string())));
    }
}
