//! Weekly reports (周报): drafted for each project and each of its people at the organisation's
//! set time, edited by their author, sent to the project's people, kept and exported.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::people::UserRef;
use super::values::{Channel, Id, TaskStatus};

/// A task as a report lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportTask {
    pub id: Id,
    pub title: String,
    pub owner: Option<UserRef>,
    pub status: TaskStatus,
    pub progress: u8,
    pub due_date: Option<NaiveDate>,
}

/// A blocker someone wrote in a check-in of the week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportBlocker {
    pub who: UserRef,
    pub day: NaiveDate,
    pub text: String,
}

/// What a figure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FigureKind {
    Count,
    /// Minor units of the project's currency.
    Money,
    /// Basis points: 10,000 is 100 %.
    BasisPoints,
}

/// A figure of the week against the week before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekFigure {
    /// A KPI's name as its project calls it ("" when it has none: `label` says what it is).
    pub name: String,
    pub label: Option<crate::i18n::K>,
    /// A custom KPI's unit.
    pub unit: String,
    pub kind: FigureKind,
    pub this_week: i64,
    pub last_week: i64,
}

/// A channel's figures of the week against the week before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelWeek {
    pub channel: Channel,
    pub spend: (i64, i64),
    pub conversions: (i64, i64),
    pub revenue: (i64, i64),
}

/// What the week's records say, as found when the report was drafted (or refreshed).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFacts {
    pub finished: Vec<ReportTask>,
    pub in_progress: Vec<ReportTask>,
    pub overdue: Vec<ReportTask>,
    pub due_next_week: Vec<ReportTask>,
    pub blockers: Vec<ReportBlocker>,
    pub kpis: Vec<WeekFigure>,
    /// Money spent (expenses by their day), this week and the week before.
    pub spend: Option<WeekFigure>,
    pub channels: Vec<ChannelWeek>,
    /// The project's currency, for the money figures.
    pub currency: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportState {
    Draft,
    Sent,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyReportView {
    pub id: Id,
    pub project_id: Id,
    pub project_name: String,
    /// Whose week it is; `None` for the project's report.
    pub person: Option<UserRef>,
    /// Monday and Sunday of the week.
    pub week_start: NaiveDate,
    pub week_end: NaiveDate,
    pub state: ReportState,
    /// What the author says, in Markdown.
    pub summary: String,
    pub facts: ReportFacts,
    pub updated_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub sent_by: Option<UserRef>,
    /// Whether the caller may edit and send it.
    pub can_edit: bool,
}

/// A report in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSummary {
    pub id: Id,
    pub person: Option<UserRef>,
    pub week_start: NaiveDate,
    pub state: ReportState,
    pub sent_at: Option<DateTime<Utc>>,
}

/// A project's reports, newest week first, and whether the caller may draft this week's now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportList {
    pub reports: Vec<ReportSummary>,
    pub can_draft: bool,
}
