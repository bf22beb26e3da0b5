//! The Marquee server: configuration, the HTTP router (pages, server functions, static files) and
//! the security layer every request passes through.
#![recursion_limit = "512"]

pub mod answers;
pub mod assets;
pub mod backup;
pub mod config;
pub mod documents;
pub mod files;
pub mod gate;
pub mod ingest_api;
pub mod live_socket;
pub mod metrics;
pub mod openapi;
pub mod renders;
pub mod security;
pub mod uploads;

use std::sync::Arc;

use app::server::kernel::crypto::{reseal, Sealer};
use app::server::kernel::{db, rate_limit::SignInLimits, AppState};
use app::{shell, App};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};

pub use config::Config;

/// Connects to the database (migrating it), seals values kept under a previous key with the
/// current one, and builds the shared state.
pub async fn build_state(config: &Config) -> Result<AppState, String> {
    let db = db::connect(&config.database_url)
        .await
        .map_err(|e| format!("database: {e}"))?;
    let sealer = Sealer::new(&config.secret_key, &config.previous_secret_keys)?;
    let outbound = app::server::kernel::outbound::Outbound::from_list(&config.outbound_allow)
        .map_err(|e| format!("MARQUEE_OUTBOUND_ALLOW: {e}"))?;
    let resealed = reseal(&db, &sealer).await?;
    if resealed > 0 {
        tracing::info!(resealed, "sealed values again under the current key");
    }
    let state = AppState {
        db,
        sign_in: SignInLimits::default(),
        events: Arc::default(),
        secure_cookies: config.secure_cookies,
        schedules: Arc::default(),
        first_screens: Arc::default(),
        live: Arc::default(),
        proxies: Arc::new(
            app::server::kernel::networks::Networks::from_list(&config.trusted_proxies)
                .map_err(|e| format!("MARQUEE_TRUSTED_PROXIES: {e}"))?,
        ),
        session_rules: config.session_rules,
        site_quota: Arc::new(app::server::kernel::rate_limit::SiteQuota::new(
            config.events_per_site_day,
        )),
        event_retention_days: config.event_retention_days,
        outbound: Arc::new(outbound),
        sealer: Arc::new(sealer),
        files: app::server::kernel::storage::Storage::open(&config.storage)?,
        thumbnails: Arc::new(tokio::sync::Semaphore::new(2)),
    };
    // The VAPID key pushes are signed with: made at the first start, read ever after.
    app::server::push::key(&state)
        .await
        .map_err(|e| format!("push key: {e:?}"))?;
    Ok(state)
}

/// The largest body any extractor reads unless its route says otherwise (server functions and
/// uploads set their own, `answers` and `uploads`).
pub const BODY_MAX: usize = answers::CALL_BODY_MAX;

pub fn router(state: AppState, options: LeptosOptions, hosts: security::Hosts) -> Router {
    router_measured(state, options, hosts, metrics::Metrics::default())
}

/// The router, its request figures kept in `figures` (served at `/metrics`).
pub fn router_measured(
    state: AppState,
    options: LeptosOptions,
    hosts: security::Hosts,
    figures: metrics::Metrics,
) -> Router {
    // The code and styles in a folder named by their content's hash, compressed once.
    let built = assets::Assets::load(
        &options.site_root,
        &options.site_pkg_dir,
        &options.output_name,
    );
    built.compress_in_background();
    let mut options = options;
    if let Some(folder) = &built.folder {
        options.site_pkg_dir = folder.as_str().into();
    }
    let routes = generate_route_list(App);
    let https = state.secure_cookies;
    let gate_state = state.clone();
    let live_state = state.clone();
    let api_state = state.clone();
    let answers_state = state.clone();
    let upload_state = state.clone();
    let files_state = state.clone();
    let ready_state = state.clone();
    let metrics_state = (state.clone(), figures.clone());
    // Live updates from other server processes (PostgreSQL), for as long as the router lives.
    tokio::spawn(app::server::kernel::hub::run(
        state.live.clone(),
        state.db.clone(),
    ));
    // Webhook deliveries that are due, sent by whichever process claims them first.
    tokio::spawn(app::server::webhooks::run(state.clone()));
    // Tracking events past their retention, forgotten.
    tokio::spawn(app::server::conversions::run_retention(state.clone()));
    // The audit log's new entries, linked into its chain.
    tokio::spawn(app::server::kernel::audit::run_linker(state.clone()));
    // Sign-in counts whose window is over, forgotten.
    tokio::spawn(app::server::kernel::rate_limit::run_purge(
        state.db.clone(),
        state.sign_in,
    ));
    // Ids of offline edits applied long ago, forgotten.
    tokio::spawn(app::server::tasks::run_forget_edits(state.clone()));
    // Exception alerts, raised once each whichever process finds them first.
    tokio::spawn(app::server::notifications::run(state.clone()));
    tokio::spawn(app::server::check_ins::run(state.clone()));
    // Weekly reports, drafted at the organisation's moment of the week.
    tokio::spawn(app::server::reports::run(state.clone()));
    // Points the rules pay for, appended to the ledger.
    tokio::spawn(app::server::points::run(state.clone()));
    // Email waiting in the outbox, sent through the organisation's SMTP server.
    tokio::spawn(app::server::mail::run(state.clone()));
    // Pushes waiting in the outbox, handed out to people's devices and sent to their push services.
    tokio::spawn(app::server::push::run(state.clone()));
    // Content no file refers to any more, and uploads abandoned midway, forgotten.
    tokio::spawn(app::server::files::run(state.clone()));
    let chunks = built.chunks.clone();
    let context = move || {
        provide_context(state.clone());
        provide_context(chunks.clone());
    };
    let shell_options = options.clone();
    let router = Router::new()
        .route("/healthz", axum::routing::get(metrics::healthz))
        .route(
            "/readyz",
            axum::routing::get(metrics::readyz).with_state(ready_state),
        )
        .route(
            "/metrics",
            axum::routing::get(metrics::metrics).with_state(metrics_state),
        )
        .route(
            "/api/upload/channel-data/{project}",
            axum::routing::post(uploads::channel_data).with_state(upload_state),
        )
        .merge(
            Router::new()
                .route(
                    "/api/upload/files/{project}",
                    axum::routing::post(files::upload),
                )
                .route("/files/{version}/{name}", axum::routing::get(files::serve))
                .route("/retro/{file}", axum::routing::get(documents::retro))
                .route(
                    "/thumbnails/{version}",
                    axum::routing::get(files::thumbnail),
                )
                .with_state(files_state),
        )
        .merge(ingest_api::routes(api_state))
        .route(
            "/api/live/{project}",
            axum::routing::get(move |path, query, headers, upgrade| {
                live_socket::socket(live_state.clone(), path, query, headers, upgrade)
            }),
        )
        .leptos_routes_with_context(&options, routes, context.clone(), move || {
            shell(shell_options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(
            context, shell,
        ))
        .layer(axum::middleware::from_fn_with_state(built, assets::serve))
        .layer(axum::middleware::from_fn_with_state(gate_state, gate::gate))
        // A page whose reader goes away is rendered to its end before it is dropped.
        .layer(axum::middleware::from_fn(renders::finish_pages))
        // Each server function's body limit, and the status of its refusals.
        .layer(axum::middleware::from_fn_with_state(
            answers_state,
            answers::answers,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_MAX))
        .layer(axum::middleware::from_fn(security::guard))
        .layer(axum::middleware::from_fn_with_state(
            figures,
            metrics::measure,
        ))
        .layer(axum::middleware::from_fn_with_state(
            hosts,
            security::known_host,
        ))
        // Pages and server function answers travel compressed (brotli or gzip, as the browser
        // accepts), at the fastest level: a large plan is megabytes of JSON, and the slowest
        // levels would spend seconds on it for a few percent. The app's code and styles come
        // compressed already (`assets`), and are left as they are.
        .layer(
            tower_http::compression::CompressionLayer::new()
                .quality(tower_http::compression::CompressionLevel::Fastest),
        )
        .with_state(options);
    if https {
        router.layer(axum::middleware::from_fn(security::strict_transport))
    } else {
        router
    }
}
