//! Configuration from the environment. Everything has a default: with none set, Marquee serves on
//! 127.0.0.1:3000 from an SQLite database in ./data.
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use app::server::kernel::SessionRules;
use leptos::prelude::LeptosOptions;
use rand::RngCore;

#[derive(Clone, Debug)]
pub struct Config {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub secure_cookies: bool,
    /// 32-byte key for encrypting sensitive fields at rest (hex).
    pub secret_key: String,
    /// Keys used before the current one: values sealed with them are sealed again with the
    /// current key at start-up.
    pub previous_secret_keys: Vec<String>,
    /// Internal addresses, networks and host names webhooks may reach (`MARQUEE_OUTBOUND_ALLOW`).
    pub outbound_allow: String,
    /// Host names the server answers to besides its own (`MARQUEE_HOSTS`; `*` for any).
    pub hosts: String,
    /// Proxies believed about the client (`MARQUEE_TRUSTED_PROXIES`).
    pub trusted_proxies: String,
    pub session_rules: SessionRules,
    /// Tracking events a site may send in a day (`MARQUEE_EVENTS_PER_SITE_DAY`).
    pub events_per_site_day: u64,
    /// Days tracking events are kept (`MARQUEE_EVENT_RETENTION_DAYS`).
    pub event_retention_days: u32,
    /// Where files' content is kept (`MARQUEE_STORAGE` and `MARQUEE_S3_*`).
    pub storage: app::server::kernel::storage::StorageConfig,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Config {
    pub fn from_env() -> Result<Config, String> {
        let addr_text = var("MARQUEE_ADDR")
            .or_else(|| var("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr = addr_text
            .parse()
            .map_err(|_| format!("MARQUEE_ADDR is not an address: {addr_text}"))?;
        let data_dir = PathBuf::from(var("MARQUEE_DATA_DIR").unwrap_or_else(|| "data".into()));
        std::fs::create_dir_all(&data_dir)
            .map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
        let database_url = var("DATABASE_URL").unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                data_dir.join("marquee.db").display()
            )
        });
        let hosts = var("MARQUEE_HOSTS").unwrap_or_default();
        let trusted_proxies = var("MARQUEE_TRUSTED_PROXIES").unwrap_or_default();
        let events_per_site_day = match var("MARQUEE_EVENTS_PER_SITE_DAY") {
            Some(n) => n
                .parse::<u64>()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or("MARQUEE_EVENTS_PER_SITE_DAY is a number of events, at least 1")?,
            None => 200_000,
        };
        let event_retention_days = match var("MARQUEE_EVENT_RETENTION_DAYS") {
            Some(n) => n
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=3650).contains(n))
                .ok_or("MARQUEE_EVENT_RETENTION_DAYS is a number of days from 1 to 3650")?,
            None => 400,
        };
        let mut session_rules = SessionRules::default();
        if let Some(hours) = var("MARQUEE_SESSION_IDLE_HOURS") {
            let hours: i64 = hours
                .parse()
                .ok()
                .filter(|h| (1..=24 * 365).contains(h))
                .ok_or("MARQUEE_SESSION_IDLE_HOURS is a number of hours from 1 to 8760")?;
            session_rules.idle = chrono::Duration::hours(hours);
        }
        if let Some(days) = var("MARQUEE_SESSION_DAYS") {
            let days: i64 = days
                .parse()
                .ok()
                .filter(|d| (1..=365).contains(d))
                .ok_or("MARQUEE_SESSION_DAYS is a number of days from 1 to 365")?;
            session_rules.lifetime = chrono::Duration::days(days);
        }
        // Served over https (said by the public address): cookies only travel encrypted.
        let public_https = var("MARQUEE_PUBLIC_URL").is_some_and(|u| u.starts_with("https://"));
        let secure_cookies = public_https
            || var("MARQUEE_SECURE_COOKIES")
                .is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"));
        let secret_key = match var("MARQUEE_SECRET_KEY") {
            Some(key) => key,
            None => secret_from_file(&key_file(&data_dir))?,
        };
        let previous_secret_keys = var("MARQUEE_PREVIOUS_SECRET_KEYS")
            .map(|v| {
                v.split(',')
                    .map(|k| k.trim().to_string())
                    .filter(|k| !k.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let outbound_allow = var("MARQUEE_OUTBOUND_ALLOW").unwrap_or_default();
        let storage = app::server::kernel::storage::StorageConfig::from_vars(var, &data_dir)?;
        Ok(Config {
            storage,
            addr,
            data_dir,
            database_url,
            secure_cookies,
            secret_key,
            previous_secret_keys,
            outbound_allow,
            hosts,
            trusted_proxies,
            session_rules,
            events_per_site_day,
            event_retention_days,
        })
    }

    /// Where the built site (wasm, JavaScript, CSS, public files) is served from.
    /// The token `/metrics` also answers to (`MARQUEE_METRICS_TOKEN`), besides this machine.
    pub fn metrics(&self) -> crate::metrics::Metrics {
        crate::metrics::Metrics::new(var("MARQUEE_METRICS_TOKEN"))
    }

    pub fn hosts(&self) -> crate::security::Hosts {
        crate::security::Hosts::new(&self.hosts, self.addr)
    }

    pub fn leptos_options(&self) -> LeptosOptions {
        LeptosOptions::builder()
            .output_name(var("LEPTOS_OUTPUT_NAME").unwrap_or_else(|| "marquee".into()))
            .site_root(var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()))
            .site_pkg_dir(var("LEPTOS_SITE_PKG_DIR").unwrap_or_else(|| "pkg".into()))
            .site_addr(self.addr)
            .build()
    }
}

/// Reads the key file, creating it with a fresh random key (readable by the owner only) on first start.
/// Where the generated key lives: `MARQUEE_KEY_FILE`; else `secret.key` in the data directory
/// if an earlier version put it there; else apart from the database, in
/// `$XDG_CONFIG_HOME/marquee/` (or `~/.config/marquee/`), named for the data directory — so a
/// copy of the data directory alone does not carry the key that opens it.
pub fn key_file(data_dir: &Path) -> PathBuf {
    if let Some(path) = var("MARQUEE_KEY_FILE") {
        return PathBuf::from(path);
    }
    let beside = data_dir.join("secret.key");
    if beside.exists() {
        return beside;
    }
    let config = var("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".config")))
        .unwrap_or_else(|| data_dir.join(".."));
    let place = std::fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    let mut name = 0xcbf2_9ce4_8422_2325u64;
    for byte in place.to_string_lossy().bytes() {
        name = (name ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    config
        .join("marquee")
        .join(format!("secret-{name:016x}.key"))
}

/// The key in `path`, or a new one written there — readable by this user only from the moment
/// the file exists.
fn secret_from_file(path: &Path) -> Result<String, String> {
    if let Ok(existing) = std::fs::read_to_string(path) {
        return Ok(existing.trim().to_string());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let key = hex::encode(bytes);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    use std::io::Write;
    options
        .open(path)
        .and_then(|mut file| file.write_all(key.as_bytes()))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_key_file_is_the_owners_alone_and_read_back_the_same() {
        let dir = std::env::temp_dir().join(format!("marquee_key_{}", std::process::id()));
        let path = dir.join("nested").join("secret.key");
        let key = secret_from_file(&path).unwrap();
        assert_eq!(key.len(), 64);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(secret_from_file(&path).unwrap(), key);
        // A data directory that already holds a key keeps using it; others keep theirs apart.
        std::fs::write(dir.join("secret.key"), &key).unwrap();
        assert_eq!(key_file(&dir), dir.join("secret.key"));
        let other = dir.join("other");
        std::fs::create_dir_all(&other).unwrap();
        assert!(!key_file(&other).starts_with(&other));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
