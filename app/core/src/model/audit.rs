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
