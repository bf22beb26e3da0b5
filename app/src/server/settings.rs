//! The organisation's settings: its time zone, which decides what "today" is everywhere, when
//! those who have not checked in are reminded, the largest file, when weekly reports are drafted.
use chrono::{NaiveTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};

use super::kernel::authz::require;
use super::kernel::clock;
use super::kernel::entity::{notify_mute, org_setting, user};
use super::kernel::notices;
use super::kernel::{audit, AppState, Caller};
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::i18n::K;
use crate::model::{
    AuditAction, AuditEntity, NotifyChannel, NotifyPrefs, NotifyTopic, OrgSettings,
    OrgSettingsInput, FILE_MAX_MB_CEILING, FILE_MAX_MB_DEFAULT,
};

/// The largest file that may be uploaded, in MB.
pub async fn file_max_mb<C: ConnectionTrait>(db: &C) -> AppResult<u32> {
    Ok(Settings::read(db).await?.file_max_mb)
}

/// When weekly reports are drafted: the weekday (1 = Monday … 7 = Sunday) and local time.
pub async fn report_moment<C: ConnectionTrait>(db: &C) -> AppResult<(u32, NaiveTime)> {
    let s = Settings::read(db).await?;
    Ok((s.report_weekday, s.report_at))
}

/// The settings row as values, with their defaults where the row has none or a bad one.
#[derive(Clone, Copy, PartialEq)]
struct Settings {
    zone: chrono_tz::Tz,
    check_in_at: NaiveTime,
    file_max_mb: u32,
    report_weekday: u32,
    report_at: NaiveTime,
}

impl Settings {
    async fn read<C: ConnectionTrait>(db: &C) -> AppResult<Settings> {
        let row = org_setting::Entity::find_by_id(1).one(db).await?;
        let (zone, check_in_at) = clock::org_of(row.as_ref());
        Ok(Settings {
            zone,
            check_in_at,
            file_max_mb: row
                .as_ref()
                .and_then(|s| u32::try_from(s.file_max_mb).ok())
                .filter(|mb| *mb >= 1)
                .unwrap_or(FILE_MAX_MB_DEFAULT),
            report_weekday: row
                .as_ref()
                .and_then(|s| u32::try_from(s.report_weekday).ok())
                .filter(|d| (1..=7).contains(d))
                .unwrap_or(5),
            report_at: row
                .as_ref()
                .and_then(|s| clock::parse_time(&s.report_at))
                .unwrap_or_else(|| NaiveTime::from_hms_opt(17, 0, 0).unwrap_or(NaiveTime::MIN)),
        })
    }

    fn shown(&self) -> serde_json::Value {
        serde_json::json!({
            "time_zone": self.zone.name(),
            "check_in_at": self.check_in_at.format("%H:%M").to_string(),
            "file_max_mb": self.file_max_mb,
            "report_weekday": self.report_weekday,
            "report_at": self.report_at.format("%H:%M").to_string(),
        })
    }
}

/// The settings, with every time zone there is to choose (anyone signed in may read them).
pub async fn get(state: &AppState, _caller: &Caller) -> AppResult<OrgSettings> {
    let s = Settings::read(&state.db).await?;
    Ok(OrgSettings {
        file_max_mb: s.file_max_mb,
        report_weekday: s.report_weekday,
        report_at: s.report_at.format("%H:%M").to_string(),
        time_zone: s.zone.name().to_string(),
        today: clock::today_in(s.zone),
        check_in_at: s.check_in_at.format("%H:%M").to_string(),
        zones: chrono_tz::TZ_VARIANTS
            .iter()
            .map(|z| z.name().to_string())
            .collect(),
    })
}

/// What the caller chose to be told of, per channel, and where their email goes.
pub async fn my_prefs(state: &AppState, caller: &Caller) -> AppResult<NotifyPrefs> {
    let db = &state.db;
    let choices = notify_mute::Entity::find()
        .filter(notify_mute::Column::UserId.eq(caller.id))
        .all(db)
        .await?;
    let wants = |topic: NotifyTopic, channel: NotifyChannel| {
        choices
            .iter()
            .find(|c| c.topic == topic.as_str() && c.channel == channel.as_str())
            .map_or(topic.default_on(channel), |c| c.wanted)
    };
    let muted = NotifyTopic::ALL
        .iter()
        .copied()
        .filter(|t| !wants(*t, NotifyChannel::InApp))
        .collect();
    let email = NotifyTopic::ALL
        .iter()
        .copied()
        .filter(|t| wants(*t, NotifyChannel::Email))
        .collect();
    let push = NotifyTopic::ALL
        .iter()
        .copied()
        .filter(|t| wants(*t, NotifyChannel::Push))
        .collect();
    let email_address = user::Entity::find_by_id(caller.id)
        .one(db)
        .await?
        .map(|u| u.email)
        .unwrap_or_default();
    Ok(NotifyPrefs {
        muted,
        email,
        email_address,
        email_ready: notices::email_on(db).await?,
        push: Some(push),
        devices: notices::devices(db, caller.id).await?,
    })
}

/// Sets the caller's choices: the topics off in the app, the topics wanted by email, and (when
/// given) the topics wanted by push.
pub async fn set_my_prefs(
    state: &AppState,
    caller: &Caller,
    prefs: NotifyPrefs,
) -> AppResult<NotifyPrefs> {
    let mut channels = vec![NotifyChannel::InApp, NotifyChannel::Email];
    if prefs.push.is_some() {
        channels.push(NotifyChannel::Push);
    }
    let txn = state.begin_write().await?;
    notify_mute::Entity::delete_many()
        .filter(notify_mute::Column::UserId.eq(caller.id))
        .filter(notify_mute::Column::Channel.is_in(channels.iter().map(|c| c.as_str())))
        .exec(&txn)
        .await?;
    // A row only where the choice differs from the topic's default.
    let mut rows = Vec::new();
    for &topic in NotifyTopic::ALL {
        for channel in &channels {
            let channel = *channel;
            let on = match channel {
                NotifyChannel::InApp => !prefs.muted.contains(&topic),
                NotifyChannel::Email => prefs.email.contains(&topic),
                NotifyChannel::Push => prefs.push.as_ref().is_some_and(|p| p.contains(&topic)),
            };
            if on != topic.default_on(channel) {
                rows.push(notify_mute::ActiveModel {
                    user_id: Set(caller.id),
                    topic: Set(topic.as_str().to_string()),
                    channel: Set(channel.as_str().to_string()),
                    wanted: Set(on),
                });
            }
        }
    }
    if !rows.is_empty() {
        notify_mute::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    my_prefs(state, caller).await
}

/// Changes the organisation's settings (admins); what is not given stays as it is.
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
    if input.report_weekday.is_some_and(|d| !(1..=7).contains(&d)) {
        return Err(AppError::invalid("report_weekday", K::ErrWeekday));
    }
    let report_at = match &input.report_at {
        Some(text) => Some(
            clock::parse_time(text).ok_or_else(|| AppError::invalid("report_at", K::ErrTime))?,
        ),
        None => None,
    };
    let txn = state.begin_write().await?;
    let before = Settings::read(&txn).await?;
    let after = Settings {
        zone,
        check_in_at: at,
        file_max_mb: input.file_max_mb.unwrap_or(before.file_max_mb),
        report_weekday: input.report_weekday.unwrap_or(before.report_weekday),
        report_at: report_at.unwrap_or(before.report_at),
    };
    if before != after {
        audit::Entry::new(AuditEntity::Settings, 1, AuditAction::Update)
            .by(caller.id)
            .before(&before.shown())
            .after(&after.shown())
            .write(&txn)
            .await?;
        let row = org_setting::ActiveModel {
            id: Set(1),
            time_zone: Set(zone.name().to_string()),
            check_in_at: Set(at.format("%H:%M").to_string()),
            updated_at: Set(Some(Utc::now())),
            file_max_mb: Set(after.file_max_mb as i32),
            report_weekday: Set(after.report_weekday as i32),
            report_at: Set(after.report_at.format("%H:%M").to_string()),
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
