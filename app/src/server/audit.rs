//! The audit log: every change appends who, when, what and the before/after state, inside the
//! same transaction as the change itself.
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;

use super::authz::require;
use super::entity::{audit_entry, user};
use super::{AppState, Caller};
use crate::domain::policy::Action;
use crate::error::AppResult;
use crate::model::{AuditAction, AuditEntity, AuditEntry, AuditFilter, AuditPage, Id, UserRef};

pub const PAGE_SIZE: u32 = 50;

pub async fn record<C: ConnectionTrait, B: Serialize, A: Serialize>(
    db: &C,
    actor: Option<Id>,
    entity: AuditEntity,
    entity_id: Id,
    action: AuditAction,
    before: Option<&B>,
    after: Option<&A>,
) -> AppResult<()> {
    audit_entry::ActiveModel {
        at: Set(Utc::now()),
        actor_id: Set(actor),
        entity: Set(entity.as_str().to_string()),
        entity_id: Set(entity_id),
        action: Set(action.as_str().to_string()),
        before: Set(before.and_then(|b| serde_json::to_string(b).ok())),
        after: Set(after.and_then(|a| serde_json::to_string(a).ok())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn list(state: &AppState, caller: &Caller, filter: AuditFilter) -> AppResult<AuditPage> {
    require(caller, Action::ViewAudit)?;
    let mut query = audit_entry::Entity::find();
    if let Some(entity) = filter.entity {
        query = query.filter(audit_entry::Column::Entity.eq(entity.as_str()));
    }
    if let Some(action) = filter.action {
        query = query.filter(audit_entry::Column::Action.eq(action.as_str()));
    }
    if let Some(actor) = filter.actor_id {
        query = query.filter(audit_entry::Column::ActorId.eq(actor));
    }
    let total = query.clone().count(&state.db).await?;
    let rows = query
        .order_by_desc(audit_entry::Column::Id)
        .offset(u64::from(filter.page.min(100_000)) * u64::from(PAGE_SIZE))
        .limit(u64::from(PAGE_SIZE))
        .all(&state.db)
        .await?;
    let actor_ids: Vec<Id> = rows.iter().filter_map(|r| r.actor_id).collect();
    let names = user::Entity::find()
        .filter(user::Column::Id.is_in(actor_ids))
        .all(&state.db)
        .await?;
    let entries = rows
        .into_iter()
        .filter_map(|r| {
            // Rows are only written through the typed `record`; anything else is not shown.
            let (Some(entity), Some(action)) =
                (AuditEntity::parse(&r.entity), AuditAction::parse(&r.action))
            else {
                tracing::warn!(id = r.id, "audit entry with an unknown entity or action");
                return None;
            };
            Some(AuditEntry {
                id: r.id,
                at: r.at,
                actor: r.actor_id.and_then(|id| {
                    names.iter().find(|u| u.id == id).map(|u| UserRef {
                        id,
                        display_name: u.display_name.clone(),
                    })
                }),
                entity,
                entity_id: r.entity_id,
                action,
                before: r.before,
                after: r.after,
            })
        })
        .collect();
    Ok(AuditPage {
        entries,
        total,
        page_size: PAGE_SIZE,
    })
}
