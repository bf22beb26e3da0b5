//! The case library (案例库): reviewed projects published as cases — their category, outcome
//! figures, lessons and chosen files — browsed, filtered and read by the organisation, and
//! started from.
use serde::{Deserialize, Serialize};

use super::values::{BudgetBand, Channel, Industry, ProjectKind, Season};

/// What kind of campaign a case was: what it is filed and found under.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseCategory {
    pub kind: ProjectKind,
    pub industry: Option<Industry>,
    /// The channels it spent or measured in.
    pub channels: Vec<Channel>,
    pub budget_band: BudgetBand,
    pub season: Season,
}

/// What a case achieved, as its retrospective found it when it was published.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseOutcome {
    pub currency: String,
    /// Each KPI's target against its actual.
    pub goals: Vec<super::retro::GoalFact>,
    /// The whole campaign's return on its channel spend, basis points.
    pub roi: Option<i64>,
    /// Days from start to the last task done, and as planned.
    pub cycle_days: Option<i64>,
    pub planned_days: i64,
    /// Tasks finished late, basis points.
    pub late_rate: i64,
    /// The budget planned, and committed or paid (minor units).
    pub planned: i64,
    pub spent: i64,
}

/// A case as the library lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub id: super::values::Id,
    pub project_id: super::values::Id,
    pub title: String,
    pub category: CaseCategory,
    /// KPIs attained, of those with a target.
    pub goals_attained: u32,
    pub goals: u32,
    pub roi: Option<i64>,
    pub published_at: chrono::DateTime<chrono::Utc>,
    /// Times the case was read (by anyone), and projects started from it.
    pub reads: u32,
    pub reuses: u32,
}

/// A case as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    pub summary: CaseSummary,
    pub project_name: String,
    pub outcome: CaseOutcome,
    /// The lessons, Markdown as written and as HTML made on the server, sanitised.
    pub lessons: String,
    pub lessons_html: String,
    /// The files chosen to go with it, for everyone who reads cases.
    pub files: Vec<CaseFile>,
    pub published_by: super::people::UserRef,
    /// People who have read it.
    pub readers: u32,
    /// The caller may change or withdraw it (the project's managers, admins).
    pub can_edit: bool,
    /// Its plan, KPI targets and budget as a template to start a project from; `None` when it
    /// kept none.
    pub template: Option<super::templates::TemplateSummary>,
}

/// A file (or link) that goes with a case: its name and where it is opened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFile {
    pub id: super::values::Id,
    pub name: String,
    /// The file's latest version (`/files/<version>/<name>`), or the link's address.
    pub href: String,
}

/// Publishing a reviewed project as a case, or changing its case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseInput {
    pub project_id: super::values::Id,
    pub title: String,
    pub industry: Option<Industry>,
    pub lessons: String,
    /// Files of the project to go with the case.
    pub files: Vec<super::values::Id>,
}

/// What the library is filtered by; empty: everything.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFilter {
    pub kind: Option<ProjectKind>,
    pub industry: Option<Industry>,
    pub channel: Option<Channel>,
    pub budget_band: Option<BudgetBand>,
    pub season: Option<Season>,
    /// Words in the title or lessons.
    #[serde(default)]
    pub text: String,
}

/// The library as the caller sees it: the cases that pass the filter, newest first; those
/// nearest to the caller's own projects; how much the library is used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseLibrary {
    pub cases: Vec<CaseSummary>,
    pub for_you: Vec<CaseSummary>,
    /// Of the organisation's active people, how many have read a case, and all reads and reuses.
    pub readers: u32,
    pub people: u32,
    pub reads: u32,
    pub reuses: u32,
}

/// What the retrospective page offers a reviewed project's managers to publish it as a case:
/// its case as published (or a first draft from the retrospective), and the project's files to
/// choose from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDraft {
    /// The case, once published.
    pub case_id: Option<super::values::Id>,
    pub input: CaseInput,
    /// The project's files and links: (id, name).
    pub choices: Vec<(super::values::Id, String)>,
}
