//! Approval flows, the requests they open (a project's submission or a budget raise) and decisions.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::people::UserRef;
use super::values::{
    ApprovalMode, BudgetCategory, BudgetPhase, Channel, FlowPurpose, Id, ProjectKind, RequestStatus,
};

/// An approval flow as an admin edits it; the budget threshold is typed as an amount.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalFlowInput {
    /// `None` creates a flow.
    pub id: Option<Id>,
    pub version: i32,
    pub name: String,
    #[serde(default)]
    pub purpose: FlowPurpose,
    pub kind: Option<ProjectKind>,
    /// Empty: any budget (for a budget flow: any raise).
    pub budget_above: String,
    pub steps: Vec<crate::domain::approval::StepRule>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalFlow {
    pub id: Id,
    pub name: String,
    pub purpose: FlowPurpose,
    pub condition: crate::domain::approval::Condition,
    pub steps: Vec<crate::domain::approval::StepRule>,
    pub version: i32,
}

/// A change of a budget line waiting for approval (or decided): the line as it would be.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetChange {
    /// `None`: a new line.
    pub line_id: Option<Id>,
    pub name: String,
    pub channel: Option<Channel>,
    pub category: BudgetCategory,
    pub phase: BudgetPhase,
    /// Planned before the change (0 for a new line) and after, in minor units.
    pub before: i64,
    pub after: i64,
}

/// A flow a project may be submitted to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowChoice {
    pub id: Id,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalDecisionView {
    pub by: UserRef,
    pub approve: bool,
    pub comment: String,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalStepView {
    pub name: String,
    pub mode: ApprovalMode,
    pub approvers: Vec<UserRef>,
    pub decisions: Vec<ApprovalDecisionView>,
}

/// One submission of a project and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalRequestView {
    pub id: Id,
    /// Empty for the default flow (one admin approves).
    pub flow_name: String,
    pub status: RequestStatus,
    pub submitted_by: UserRef,
    pub submitted_at: DateTime<Utc>,
    pub steps: Vec<ApprovalStepView>,
    /// The step waiting for a decision, while pending.
    pub current_step: Option<usize>,
    pub waiting_on: Vec<UserRef>,
    /// For a budget change: the change asked for.
    #[serde(default)]
    pub change: Option<BudgetChange>,
    /// Whether the reader decides on it now.
    #[serde(default)]
    pub you_decide: bool,
}

/// A project waiting for the caller's decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalTask {
    pub project_id: Id,
    pub project_name: String,
    pub kind: ProjectKind,
    pub budget: i64,
    pub currency: crate::domain::money::Currency,
    pub request: ApprovalRequestView,
}
