//! The PMO dashboard (项目管理办公室看板): the organisation month by month — project cycle time,
//! task overdue rate, budget variance, approval lead time, ROI — and the projects behind each
//! month's figures.
use serde::{Deserialize, Serialize};

use super::values::Id;

/// One month of the organisation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PmoMonth {
    /// "2026-11".
    pub month: String,
    /// Projects completed in the month.
    pub completed: u32,
    /// Their average cycle, start to the last task done, in tenths of a day.
    pub cycle_days: Option<i64>,
    /// Tasks due in the month (up to today), and of those not done by their day, basis points.
    pub tasks_due: u32,
    pub overdue_rate: Option<i64>,
    /// The completed projects' average budget variance ((spent − planned) / planned), basis points.
    pub budget_variance: Option<i64>,
    /// Approval requests decided in the month, and their average wait, tenths of a day.
    pub approvals: u32,
    pub approval_days: Option<i64>,
    /// The completed projects' average ROI, basis points.
    pub roi: Option<i64>,
}

/// A project completed in the window, as the month's figures count it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PmoProject {
    pub id: Id,
    pub name: String,
    pub month: String,
    pub cycle_days: Option<i64>,
    pub planned_days: i64,
    pub late_rate: i64,
    pub budget_variance: Option<i64>,
    pub roi: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PmoDashboard {
    /// Oldest first, the current month last.
    pub months: Vec<PmoMonth>,
    pub projects: Vec<PmoProject>,
}
