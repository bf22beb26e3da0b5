//! The organisation's settings: its time zone, which decides what "today" is everywhere.
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

use super::kernel::authz::require;
use super::kernel::clock;
use super::kernel::entity::org_setting;
use super::kernel::{audit, AppState, Caller};
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::i18n::K;
use crate::model::{AuditAction, AuditEntity, OrgSettings, OrgSettingsInput};

/// The settings, with every time zone there is to choose (anyone signed in may read them).
pub async fn get(state: &AppState, _caller: &Caller) -> AppResult<OrgSettings> {
    let zone = clock::zone(&state.db).await?;
    Ok(OrgSettings {
        time_zone: zone.name().to_string(),
        today: clock::today_in(zone),
        zones: chrono_tz::TZ_VARIANTS
            .iter()
            .map(|z| z.name().to_string())
            .collect(),
    })
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
    let txn = state.begin_write().await?;
    let before = clock::zone(&txn).await?;
    if before != zone {
        audit::Entry::new(AuditEntity::Settings, 1, AuditAction::Update)
            .by(caller.id)
            .before(&serde_json::json!({ "time_zone": before.name() }))
            .after(&serde_json::json!({ "time_zone": zone.name() }))
            .write(&txn)
            .await?;
        let row = org_setting::ActiveModel {
            id: Set(1),
            time_zone: Set(zone.name().to_string()),
            updated_at: Set(Some(Utc::now())),
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
