//! Performance figures (绩效) per person over a period, for a performance review: tasks done,
//! on-time and overdue rates, average delay, the results of the projects they led, points.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::people::UserRef;
use super::values::Id;
use crate::domain::performance::TaskFigures;

/// Whose figures, over which days: the caller's own, everyone's (admins), or the people of one
/// project for that project's work (its managers).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerformanceQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub project_id: Option<Id>,
    /// Everyone's (admins), rather than the caller's own, when no project is given.
    #[serde(default)]
    pub everyone: bool,
}

/// A project a person led that ended in the period, and how it did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedProject {
    pub id: Id,
    pub name: String,
    /// KPIs attained, of those with a target.
    pub goals_attained: u32,
    pub goals: u32,
    /// Return on channel spend, basis points.
    pub roi: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerformanceRow {
    pub person: UserRef,
    pub tasks: TaskFigures,
    pub led: Vec<LedProject>,
    pub points: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerformanceView {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub project_id: Option<Id>,
    pub rows: Vec<PerformanceRow>,
    /// Everyone's tasks together.
    pub total: TaskFigures,
    /// The projects whose people the caller may review, and whether they may review everyone.
    pub projects: Vec<(Id, String)>,
    pub everyone: bool,
}
