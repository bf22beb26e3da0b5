#![recursion_limit = "512"]
use std::net::SocketAddr;
use std::path::Path;

use marquee_server::{backup, build_state, router_measured, Config};
use tracing_subscriber::EnvFilter;

const USAGE: &str =
    "usage: marquee                  serve (configured by environment variables, README)
       marquee backup DIR       copy the database and files into DIR (SQLite)
       marquee restore DIR      put the backup in DIR into an empty data directory (SQLite)
       marquee verify-audit     check that no entry of the audit log was changed or removed";

#[tokio::main]
async fn main() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    // One JSON object per line for a log collector, when asked.
    if std::env::var("MARQUEE_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json")) {
        tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => serve().await,
        ["backup", dir] => {
            with_config(|c| async move { backup::backup(&c, Path::new(dir)).await }).await
        }
        ["restore", dir] => {
            with_config(|c| async move { backup::restore(&c, Path::new(dir)).await }).await
        }
        ["verify-audit"] => verify_audit().await,
        _ => Err(USAGE.to_string()),
    };
    match outcome {
        Ok(()) => {}
        Err(message) => {
            eprintln!("marquee: {message}");
            std::process::exit(1);
        }
    }
}

async fn with_config<F, Fut>(work: F) -> Result<(), String>
where
    F: FnOnce(Config) -> Fut,
    Fut: std::future::Future<Output = Result<String, String>>,
{
    let config = Config::from_env()?;
    let said = work(config).await?;
    println!("{said}");
    Ok(())
}

async fn verify_audit() -> Result<(), String> {
    let config = Config::from_env()?;
    let state = build_state(&config)
        .await
        .map_err(|e| format!("{e} ({})", redact(&config.database_url)))?;
    let chain = app::server::kernel::audit::verify(&state)
        .await
        .map_err(|e| format!("checking the audit log: {e}"))?;
    match (chain.broken_at, chain.truncated) {
        (Some(id), _) => Err(format!(
            "the audit log was tampered with: entry #{id} was changed, or the one before it removed ({} entries verified before it)",
            chain.checked
        )),
        (None, true) => Err("the audit log was tampered with: entries were removed from its end".into()),
        (None, false) => {
            println!(
                "the audit log is whole: {} entries, chain end {}",
                chain.checked, chain.head
            );
            Ok(())
        }
    }
}

async fn serve() -> Result<(), String> {
    let config = Config::from_env()?;
    let state = build_state(&config)
        .await
        .map_err(|e| format!("{e} ({})", redact(&config.database_url)))?;
    let app = router_measured(
        state,
        config.leptos_options(),
        config.hosts(),
        config.metrics(),
    );
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    println!("Marquee is running at http://{}", config.addr);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(|e| e.to_string())
}

/// The database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://…@{}", &url[..scheme], &url[at + 1..])
        }
        _ => url.to_string(),
    }
}
