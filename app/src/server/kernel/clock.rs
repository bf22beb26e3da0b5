//! The organisation's clock: its time zone (a setting, Asia/Shanghai unless an admin chose
//! another) decides what "today" is — for alerts, health, KPIs "so far", figures not ahead of
//! today — wherever the server runs.
use chrono::{NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use sea_orm::{ConnectionTrait, EntityTrait};

use super::entity::org_setting;
use crate::error::AppResult;

/// The time zone an organisation starts with.
pub const DEFAULT_ZONE: Tz = chrono_tz::Asia::Shanghai;

/// The organisation's time zone and the time check-in reminders go, from one read of its
/// settings.
pub async fn org<C: ConnectionTrait>(db: &C) -> AppResult<(Tz, NaiveTime)> {
    let row = org_setting::Entity::find_by_id(1).one(db).await?;
    Ok(org_of(row.as_ref()))
}

/// The time zone and check-in time a settings row gives (their defaults without one).
pub fn org_of(row: Option<&org_setting::Model>) -> (Tz, NaiveTime) {
    (
        row.and_then(|s| s.time_zone.parse().ok())
            .unwrap_or(DEFAULT_ZONE),
        row.and_then(|s| parse_time(&s.check_in_at))
            .unwrap_or_else(default_check_in_at),
    )
}

/// The organisation's time zone.
pub async fn zone<C: ConnectionTrait>(db: &C) -> AppResult<Tz> {
    Ok(org(db).await?.0)
}

/// Today in the organisation's time zone.
pub async fn today<C: ConnectionTrait>(db: &C) -> AppResult<NaiveDate> {
    Ok(today_in(zone(db).await?))
}

/// A local time as settings hold it, "HH:MM".
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
}

/// When check-in reminders go unless an admin says otherwise: 17:30.
fn default_check_in_at() -> NaiveTime {
    NaiveTime::from_hms_opt(17, 30, 0).unwrap_or(NaiveTime::MIN)
}

/// How often a scheduled job looks: `MARQUEE_ALERT_SCAN_SECONDS` when set, else `default`.
pub fn scan_interval(default: std::time::Duration) -> std::time::Duration {
    std::env::var("MARQUEE_ALERT_SCAN_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|s| *s > 0)
        .map_or(default, std::time::Duration::from_secs)
}

/// Today in `zone`.
pub fn today_in(zone: Tz) -> NaiveDate {
    Utc::now().with_timezone(&zone).date_naive()
}
