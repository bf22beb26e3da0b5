//! Comments on projects and tasks, the people who can be mentioned, and a project's activity.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::people::UserRef;
use super::values::{ActivityKind, AuditAction, AuditEntity, Id, TaskStatus};

/// Where a comment is: on the project itself, or on one of its tasks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Thread {
    pub project_id: Id,
    pub task_id: Option<Id>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: Id,
    pub thread: Thread,
    pub author: UserRef,
    /// The Markdown as written (to edit it).
    pub body: String,
    /// What it renders to, sanitised on the server: safe to show as HTML.
    pub html: String,
    pub mentions: Vec<UserRef>,
    pub created_at: DateTime<Utc>,
    /// When it was last edited, if it was.
    pub edited_at: Option<DateTime<Utc>>,
    /// Files and links attached to it.
    #[serde(default)]
    pub files: Vec<super::files::AttachmentView>,
}

/// What saving a comment did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentSaved {
    pub comment: CommentView,
    /// People mentioned who may not see the project: nobody was told.
    pub not_notified: Vec<String>,
}

/// A person who can be mentioned, with what finds them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionCandidate {
    pub id: Id,
    pub display_name: String,
    pub username: String,
    /// The first letters of the name's pinyin (`zw` for 张伟), lower case.
    pub initials: String,
}

impl ActivityKind {
    /// The audit entities this kind covers.
    pub fn entities(self) -> &'static [AuditEntity] {
        match self {
            ActivityKind::Tasks => &[
                AuditEntity::Task,
                AuditEntity::BoardColumn,
                AuditEntity::Label,
            ],
            ActivityKind::Comments => &[AuditEntity::Comment],
            ActivityKind::CheckIns => &[AuditEntity::CheckIn],
            ActivityKind::Files => &[AuditEntity::Attachment],
            ActivityKind::Plan => &[
                AuditEntity::TaskLink,
                AuditEntity::Calendar,
                AuditEntity::Baseline,
            ],
            ActivityKind::Money => &[
                AuditEntity::Kpi,
                AuditEntity::KpiActual,
                AuditEntity::BudgetLine,
                AuditEntity::Expense,
                AuditEntity::ChannelImport,
            ],
            ActivityKind::Project => &[
                AuditEntity::Project,
                AuditEntity::ProjectMember,
                AuditEntity::ApprovalRequest,
                AuditEntity::ApiToken,
            ],
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityFilter {
    pub actor_id: Option<Id>,
    pub kind: Option<ActivityKind>,
    /// Entries older than this one (the next page).
    pub before: Option<Id>,
}

/// One thing that happened in a project, to be put in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityItem {
    pub id: Id,
    pub at: DateTime<Utc>,
    pub actor: Option<UserRef>,
    pub entity: AuditEntity,
    pub action: AuditAction,
    /// What it is about: a task's title, a budget line's name, a comment's first words.
    pub subject: String,
    /// The status a task was moved to, or a project was set to (as its text).
    pub to: Option<String>,
    /// The task it is about (the task itself, or the task a comment is on).
    pub task_id: Option<Id>,
}

impl ActivityItem {
    /// The task status moved to, if it was a task's.
    pub fn task_status(&self) -> Option<TaskStatus> {
        self.to.as_deref().and_then(TaskStatus::parse)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityPage {
    pub items: Vec<ActivityItem>,
    /// Older entries follow.
    pub more: bool,
}
