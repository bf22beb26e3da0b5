//! The audit log as read back: what was changed, by whom, before and after.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::people::UserRef;
use super::values::{AuditAction, AuditEntity, Id};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: Id,
    pub at: DateTime<Utc>,
    pub actor: Option<UserRef>,
    pub entity: AuditEntity,
    pub entity_id: Id,
    pub action: AuditAction,
    pub before: Option<String>,
    pub after: Option<String>,
    /// Where a sign-in or a refused call came from: the client's address and browser.
    pub address: Option<String>,
    pub agent: Option<String>,
}

/// What checking the audit chain found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditChain {
    /// Entries checked, in chain order.
    pub checked: u64,
    /// The first entry whose hash or place does not follow from the one before: changed,
    /// or the one after a removed entry. `None`: the chain is whole.
    pub broken_at: Option<Id>,
    /// Entries were removed from the end (the chain's recorded end is past the last entry).
    pub truncated: bool,
    /// The hash at the end of the chain: written down elsewhere, it also shows a rewrite of
    /// the whole log.
    pub head: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub entity: Option<AuditEntity>,
    pub actor_id: Option<Id>,
    pub action: Option<AuditAction>,
    pub page: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub total: u64,
    pub page_size: u32,
}
