//! Project templates: built in or saved from a project, listed, saved and edited.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::people::UserRef;
use super::values::{Id, ProjectKind};

/// A template to start a project from: built in, saved from a project, or a case of the case
/// library (its plan, KPI targets and budget proportions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "source", content = "id")]
pub enum TemplateRef {
    BuiltIn(ProjectKind),
    Saved(Id),
    Case(Id),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateSummary {
    pub template: TemplateRef,
    pub name: String,
    pub description: String,
    pub kind: ProjectKind,
    pub tasks: usize,
    pub kpis: usize,
    pub budget_lines: usize,
    /// Minor units (the budget of a saved template is in its project's currency).
    pub budget_total: i64,
    pub currency: crate::domain::money::Currency,
    /// Working days from the first day to the end of the last task.
    pub span: u32,
    /// Saved templates: who saved it, when, from which project (if it still exists).
    pub created_by: Option<UserRef>,
    pub created_at: Option<DateTime<Utc>>,
    pub source_project: Option<(Id, String)>,
    pub version: i32,
    /// Whether the reader may rename or delete it.
    pub manageable: bool,
}

/// A project saved as a template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveTemplateInput {
    pub project_id: Id,
    pub name: String,
    pub description: String,
    pub with_kpis: bool,
    pub with_budget: bool,
}

/// A saved template renamed or re-described by an admin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateEdit {
    pub id: Id,
    pub version: i32,
    pub name: String,
    pub description: String,
    pub kind: ProjectKind,
}
