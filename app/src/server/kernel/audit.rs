//! The audit log: every change appends an `Entry` — who, when, what, the record before and after —
//! inside the same transaction as the change itself; `list` reads it back for admins.
//!
//! The log is a hash chain. Entries are written without a place; `link` (run every second, and
//! before every check) gives the ones not yet linked their places in the order of their ids,
//! each with the SHA-256 of the entry before's hash and its own fields, and moves the chain's
//! end (`audit_head`) on — one linker at a time, whatever the number of server processes.
//! `verify` walks the chain and names the first entry that does not follow: changed in place,
//! or the one after a removed entry; entries removed from the end show against `audit_head`.
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;

use super::authz::require;
use super::caller::Caller;
use super::entity::{audit_entry, audit_head, user};
use super::state::AppState;
use crate::domain::policy::Action;
use crate::error::AppResult;
use crate::model::{
    AuditAction, AuditChain, AuditEntity, AuditEntry, AuditFilter, AuditPage, Id, UserRef,
};

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
    address: Option<String>,
    agent: Option<String>,
    project: Option<Id>,
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
            address: None,
            agent: None,
            project: None,
        }
    }

    /// The project the change belongs to: it shows in the project's activity.
    pub fn in_project(mut self, project_id: Id) -> Self {
        self.project = Some(project_id);
        self
    }

    /// Where the request came from: the client's address and its browser.
    pub fn from_client(mut self, address: &str, agent: &str) -> Self {
        self.address = Some(address.chars().take(64).collect());
        self.agent = Some(agent.chars().take(200).collect());
        self
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
            address: Set(self.address),
            agent: Set(self.agent),
            project_id: Set(self.project),
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
                address: r.address,
                agent: r.agent,
            })
        })
        .collect();
    Ok(AuditPage {
        entries,
        total,
        page_size: PAGE_SIZE,
    })
}

/// The hash that links `entry` at place `seq` after the entry whose hash is `before`: every
/// field, each with its length, so that no two different entries hash alike.
pub fn chain_hash(before: &str, seq: i64, entry: &audit_entry::Model) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field(before.as_bytes());
    field(&seq.to_le_bytes());
    field(&entry.id.to_le_bytes());
    field(&entry.at.timestamp_micros().to_le_bytes());
    field(&entry.actor_id.unwrap_or(0).to_le_bytes());
    field(entry.entity.as_bytes());
    field(&entry.entity_id.to_le_bytes());
    field(entry.action.as_bytes());
    for text in [&entry.before, &entry.after, &entry.address, &entry.agent] {
        match text {
            Some(t) => field(t.as_bytes()),
            None => field(b"\xff-none"),
        }
    }
    // Entries written before projects were named hash as they did then.
    if let Some(project) = entry.project_id {
        field(b"project");
        field(&project.to_le_bytes());
    }
    hex::encode(hasher.finalize())
}

/// How many entries one `link` takes at most.
const LINK_BATCH: u64 = 2_000;

/// Links the entries written since the last call into the chain; how many it linked.
pub async fn link(state: &AppState) -> AppResult<u64> {
    // Most seconds nothing waits: a read says so without taking the write lock.
    let waiting = audit_entry::Entity::find()
        .filter(audit_entry::Column::Seq.is_null())
        .one(&state.db)
        .await?;
    if waiting.is_none() {
        return Ok(0);
    }
    let txn = state.begin_write().await?;
    // Linkers in other processes wait here until this one commits (SQLite: `begin_write`).
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        txn.execute_unprepared("SELECT id FROM audit_head WHERE id = 1 FOR UPDATE")
            .await?;
    }
    let Some(head) = audit_head::Entity::find_by_id(1).one(&txn).await? else {
        return Ok(0);
    };
    let pending = audit_entry::Entity::find()
        .filter(audit_entry::Column::Seq.is_null())
        .order_by_asc(audit_entry::Column::Id)
        .limit(LINK_BATCH)
        .all(&txn)
        .await?;
    if pending.is_empty() {
        return Ok(0);
    }
    let (mut seq, mut hash) = (head.seq, head.hash.clone());
    let linked = pending.len() as u64;
    for entry in pending {
        seq += 1;
        hash = chain_hash(&hash, seq, &entry);
        audit_entry::Entity::update_many()
            .col_expr(
                audit_entry::Column::Seq,
                sea_orm::sea_query::Expr::value(seq),
            )
            .col_expr(
                audit_entry::Column::Hash,
                sea_orm::sea_query::Expr::value(hash.clone()),
            )
            .filter(audit_entry::Column::Id.eq(entry.id))
            .exec(&txn)
            .await?;
    }
    let mut moved: audit_head::ActiveModel = head.into();
    moved.seq = Set(seq);
    moved.hash = Set(hash);
    moved.update(&txn).await?;
    txn.commit().await?;
    Ok(linked)
}

/// Links what is waiting, every second, for as long as the server runs.
pub async fn run_linker(state: AppState) {
    loop {
        if let Err(e) = link(&state).await {
            tracing::warn!(error = ?e, "linking the audit log");
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}

/// Walks the whole chain (after linking what waits) and says whether it is whole.
pub async fn verify(state: &AppState) -> AppResult<AuditChain> {
    let chain = check(state).await?;
    if chain.broken_at.is_some() || chain.truncated {
        tracing::error!(?chain, "the audit log does not verify");
    }
    Ok(chain)
}

/// Checking the chain, as an administrator asked.
pub async fn verify_for(state: &AppState, caller: &Caller) -> AppResult<AuditChain> {
    require(caller, Action::ViewAudit)?;
    verify(state).await
}

async fn check(state: &AppState) -> AppResult<AuditChain> {
    while link(state).await? == LINK_BATCH {}
    let head = audit_head::Entity::find_by_id(1)
        .one(&state.db)
        .await?
        .ok_or(crate::error::AppError::Internal)?;
    let (mut seq, mut hash) = (0i64, String::new());
    let mut checked = 0u64;
    loop {
        let batch = audit_entry::Entity::find()
            .filter(audit_entry::Column::Seq.is_not_null())
            .filter(audit_entry::Column::Seq.gt(seq))
            .order_by_asc(audit_entry::Column::Seq)
            .limit(5_000)
            .all(&state.db)
            .await?;
        if batch.is_empty() {
            break;
        }
        for entry in batch {
            let expected = chain_hash(&hash, seq + 1, &entry);
            if entry.seq != Some(seq + 1) || entry.hash.as_deref() != Some(expected.as_str()) {
                return Ok(AuditChain {
                    checked,
                    broken_at: Some(entry.id),
                    truncated: false,
                    head: head.hash,
                });
            }
            seq += 1;
            hash = expected;
            checked += 1;
        }
    }
    Ok(AuditChain {
        checked,
        broken_at: None,
        truncated: seq != head.seq || hash != head.hash,
        head: head.hash,
    })
}
