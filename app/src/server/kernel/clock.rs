//! The organisation's clock: its time zone (a setting, Asia/Shanghai unless an admin chose
//! another) decides what "today" is — for alerts, health, KPIs "so far", figures not ahead of
//! today — wherever the server runs.
use chrono::{NaiveDate, Utc};
use chrono_tz::Tz;
use sea_orm::{ConnectionTrait, EntityTrait};

use super::entity::org_setting;
use crate::error::AppResult;

/// The time zone an organisation starts with.
pub const DEFAULT_ZONE: Tz = chrono_tz::Asia::Shanghai;

/// The organisation's time zone.
pub async fn zone<C: ConnectionTrait>(db: &C) -> AppResult<Tz> {
    Ok(org_setting::Entity::find_by_id(1)
        .one(db)
        .await?
        .and_then(|s| s.time_zone.parse().ok())
        .unwrap_or(DEFAULT_ZONE))
}

/// Today in the organisation's time zone.
pub async fn today<C: ConnectionTrait>(db: &C) -> AppResult<NaiveDate> {
    Ok(today_in(zone(db).await?))
}

/// Today in `zone`.
pub fn today_in(zone: Tz) -> NaiveDate {
    Utc::now().with_timezone(&zone).date_naive()
}
