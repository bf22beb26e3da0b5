//! The organisation's settings: its time zone, which decides what "today" is everywhere, and
//! when those who have not checked in are reminded.
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::kernel::authz::require;
use super::kernel::clock;
use super::kernel::entity::{notify_mute, org_setting};
use super::kernel::mutes;
use super::kernel::{audit, AppState, Caller};
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::i18n::K;
use crate::model::{
    AuditAction, AuditEntity, NotifyPrefs, NotifyTopic, OrgSettings, OrgSettingsInput,
    FILE_MAX_MB_CEILING, FILE_MAX_MB_DEFAULT,
};

/// The largest file that may be uploaded, in MB.
pub async fn file_max_mb<C: sea_orm::ConnectionTrait>(db: &C) -> AppResult<u32> {
    Ok(org_setting::Entity::find_by_id(1)
        .one(db)
        .await?
        .and_then(|s| u32::try_from(s.file_max_mb).ok())
        .filter(|mb| *mb >= 1)
        .unwrap_or(FILE_MAX_MB_DEFAULT))
}

/// The settings, with every time zone there is to choose (anyone signed in may read them).
pub async fn get(state: &AppState, _caller: &Caller) -> AppResult<OrgSettings> {
    let (zone, check_in_at) = clock::org(&state.db).await?;
    let file_max_mb = file_max_mb(&state.db).await?;
    Ok(OrgSettings {
        file_max_mb,
        time_zone: zone.name().to_string(),
        today: clock::today_in(zone),
        check_in_at: check_in_at.format("%H:%M").to_string(),
        zones: chrono_tz::TZ_VARIANTS
            .iter()
            .map(|z| z.name().to_string())
            .collect(),
    })
}

/// What the caller turned off.
pub async fn my_prefs(state: &AppState, caller: &Caller) -> AppResult<NotifyPrefs> {
    let muted = notify_mute::Entity::find()
        .filter(notify_mute::Column::UserId.eq(caller.id))
        .filter(notify_mute::Column::Channel.eq(mutes::IN_APP))
        .all(&state.db)
        .await?
        .into_iter()
        .filter_map(|m| NotifyTopic::parse(&m.topic))
        .collect();
    Ok(NotifyPrefs { muted })
}

/// Turns off exactly these topics for the caller (the others on).
pub async fn set_my_prefs(
    state: &AppState,
    caller: &Caller,
    prefs: NotifyPrefs,
) -> AppResult<NotifyPrefs> {
    let txn = state.begin_write().await?;
    notify_mute::Entity::delete_many()
        .filter(notify_mute::Column::UserId.eq(caller.id))
        .filter(notify_mute::Column::Channel.eq(mutes::IN_APP))
        .exec(&txn)
        .await?;
    let mut topics = prefs.muted;
    topics.sort_by_key(|t| t.as_str());
    topics.dedup();
    for topic in topics {
        notify_mute::ActiveModel {
            user_id: Set(caller.id),
            topic: Set(topic.as_str().to_string()),
            channel: Set(mutes::IN_APP.to_string()),
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    my_prefs(state, caller).await
}

/// Changes the organisation's time zone (admins).
pub async fn save(
    state: &AppState,
    caller: &Caller,
    input: OrgSettingsInput,
) -> AppResult<OrgSettings> {
    require(caller, Action::ManageSettings)?;
    let zone: chrono_tz::Tz = input
        .time_zone
        .trim()
        .parse()
        .map_err(|_| AppError::invalid("time_zone", K::ErrTimeZone))?;
    let at = clock::parse_time(&input.check_in_at)
        .ok_or_else(|| AppError::invalid("check_in_at", K::ErrTime))?;
    if input
        .file_max_mb
        .is_some_and(|mb| !(1..=FILE_MAX_MB_CEILING).contains(&mb))
    {
        return Err(AppError::invalid_with(
            "file_max_mb",
            K::ErrFileMaxSetting,
            i64::from(FILE_MAX_MB_CEILING),
        ));
    }
    let txn = state.begin_write().await?;
    let (zone_before, at_before) = clock::org(&txn).await?;
    let max_before = file_max_mb(&txn).await?;
    let before = (zone_before, at_before, max_before);
    let after = (zone, at, input.file_max_mb.unwrap_or(max_before));
    if before != after {
        let shown = |(zone, at, mb): (chrono_tz::Tz, chrono::NaiveTime, u32)| serde_json::json!({ "time_zone": zone.name(), "check_in_at": at.format("%H:%M").to_string(), "file_max_mb": mb });
        audit::Entry::new(AuditEntity::Settings, 1, AuditAction::Update)
            .by(caller.id)
            .before(&shown(before))
            .after(&shown(after))
            .write(&txn)
            .await?;
        let row = org_setting::ActiveModel {
            id: Set(1),
            time_zone: Set(zone.name().to_string()),
            check_in_at: Set(at.format("%H:%M").to_string()),
            updated_at: Set(Some(Utc::now())),
            file_max_mb: Set(after.2 as i32),
        };
        // The row is made by the migration; a database restored from before it has none.
        match org_setting::Entity::find_by_id(1).one(&txn).await? {
            Some(_) => {
                row.update(&txn).await?;
            }
            None => {
                row.insert(&txn).await?;
            }
        }
    }
    txn.commit().await?;
    get(state, caller).await
}
