//! The audit log: every change appends an `Entry` — who, when, what, the record before and after —
//! inside the same transaction as the change itself; `list` reads it back for admins.
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;

use super::authz::require;
use super::caller::Caller;
use super::entity::{audit_entry, user};
use super::state::AppState;
use crate::domain::policy::Action;
use crate::error::AppResult;
use crate::model::{AuditAction, AuditEntity, AuditEntry, AuditFilter, AuditPage, Id, UserRef};

pub const PAGE_SIZE: u32 = 50;

/// One entry of the audit log: what happened to which record, by whom, and the record before and
/// after, written in the same transaction as the change itself.
///
/// ```ignore
/// audit::Entry::new(AuditEntity::Task, task.id, AuditAction::Update)
///     .by(caller.id)
///     .before(&before)
///     .after(&after)
///     .write(&txn)
///     .await?;
/// ```
#[must_use = "an audit entry is kept only once written"]
pub struct Entry {
    entity: AuditEntity,
    entity_id: Id,
    action: AuditAction,
    actor: Option<Id>,
    before: Option<String>,
    after: Option<String>,
}

impl Entry {
    pub fn new(entity: AuditEntity, entity_id: Id, action: AuditAction) -> Self {
        Entry {
            entity,
            entity_id,
            action,
            actor: None,
            before: None,
            after: None,
        }
    }

    /// Who did it; an entry without one was done by the system (a scheduled job).
    pub fn by(mut self, actor: Id) -> Self {
        self.actor = Some(actor);
        self
    }

    /// The record as it was.
    pub fn before(mut self, record: &impl Serialize) -> Self {
        self.before = serde_json::to_string(record).ok();
        self
    }

    /// The record as it is now.
    pub fn after(mut self, record: &impl Serialize) -> Self {
        self.after = serde_json::to_string(record).ok();
        self
    }

    pub async fn write<C: ConnectionTrait>(self, db: &C) -> AppResult<()> {
        audit_entry::ActiveModel {
            at: Set(Utc::now()),
            actor_id: Set(self.actor),
            entity: Set(self.entity.as_str().to_string()),
            entity_id: Set(self.entity_id),
            action: Set(self.action.as_str().to_string()),
            before: Set(self.before),
            after: Set(self.after),
            ..Default::default()
        }
        .insert(db)
        .await?;
        Ok(())
    }
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
