//! Projects: their record, members, risks, status changes and what the caller may do there.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::approvals::{ApprovalRequestView, FlowChoice};
use super::people::UserRef;
use super::values::{Id, ProjectKind, ProjectRole, ProjectStatus, RiskLevel};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Risk {
    pub description: String,
    pub likelihood: RiskLevel,
    pub impact: RiskLevel,
    pub mitigation: String,
}

/// Everything a person types to create or edit a project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectInput {
    pub name: String,
    pub kind: ProjectKind,
    pub background: String,
    pub objectives: String,
    pub expected_benefit: String,
    pub risks: Vec<Risk>,
    pub owner_id: Id,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    /// Whether the project's observers may comment.
    #[serde(default = "yes")]
    pub observers_comment: bool,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectSummary {
    pub id: Id,
    pub name: String,
    pub kind: ProjectKind,
    pub status: ProjectStatus,
    pub owner: UserRef,
    #[serde(with = "super::day")]
    pub start_date: NaiveDate,
    #[serde(with = "super::day")]
    pub end_date: NaiveDate,
    pub task_count: u32,
    pub done_count: u32,
    /// Average progress of the project's top-level tasks, 0-100.
    pub progress: u8,
    pub health: crate::domain::health::Health,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub user: UserRef,
    pub role: ProjectRole,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub from: ProjectStatus,
    pub to: ProjectStatus,
    pub by: UserRef,
    pub at: DateTime<Utc>,
    pub comment: String,
}

/// What the caller may do on a project, so the page shows only the controls that will work.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectPermissions {
    pub edit_project: bool,
    pub manage_members: bool,
    pub edit_tasks: bool,
    #[serde(default)]
    pub configure_board: bool,
    pub change_status: bool,
    pub approve: bool,
    #[serde(default)]
    pub save_template: bool,
    /// May write comments on the project and its tasks.
    #[serde(default)]
    pub comment: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectDetail {
    pub id: Id,
    pub input: ProjectInput,
    pub status: ProjectStatus,
    pub owner: UserRef,
    pub members: Vec<Member>,
    pub history: Vec<StatusChange>,
    pub permissions: ProjectPermissions,
    pub version: i32,
    pub task_count: u32,
    pub done_count: u32,
    pub progress: u8,
    pub health: crate::domain::health::Health,
    /// The number of the project's latest change (see `crate::live`).
    #[serde(default)]
    pub revision: i64,
    /// Its approval requests, newest first, and the flows it may be submitted to.
    #[serde(default)]
    pub approvals: Vec<ApprovalRequestView>,
    #[serde(default)]
    pub flows: Vec<FlowChoice>,
    /// Alerts fire when work is overdue, or an approval has waited, more than this many days.
    #[serde(default)]
    pub alert_days: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusRequest {
    pub project_id: Id,
    pub to: ProjectStatus,
    pub comment: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberInput {
    pub project_id: Id,
    pub user_id: Id,
    /// `None` removes the member.
    pub role: Option<ProjectRole>,
}
