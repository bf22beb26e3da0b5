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
