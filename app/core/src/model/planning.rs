//! Planning: dependency links, rescheduling, baselines and the schedule the Gantt chart draws.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::tasks::TaskView;
use super::values::{Id, LinkKind};

/// A dependency between two tasks of a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskLink {
    pub id: Id,
    pub predecessor_id: Id,
    pub successor_id: Id,
    pub kind: LinkKind,
    /// Working days between the linked ends; negative overlaps the tasks.
    pub lag_days: i32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkInput {
    pub project_id: Id,
    pub predecessor_id: Id,
    pub successor_id: Id,
    pub kind: LinkKind,
    pub lag_days: i32,
}

/// New dates for one task, from a drag on the Gantt chart or the date editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reschedule {
    pub task_id: Id,
    pub version: i32,
    pub start: NaiveDate,
    pub due: NaiveDate,
}

/// What a scheduling change did: every task whose row changed (the one asked for, the
/// dependents it pushed, the summaries above them) and the project's links afterwards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleChange {
    pub tasks: Vec<TaskView>,
    pub links: Vec<TaskLink>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineInfo {
    pub id: Id,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

/// A task's dates when a baseline was saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineDates {
    pub task_id: Id,
    pub start: NaiveDate,
    pub due: NaiveDate,
}

/// Everything the Gantt chart needs for one project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleView {
    pub project_id: Id,
    pub tasks: Vec<TaskView>,
    pub links: Vec<TaskLink>,
    pub calendar: crate::domain::schedule::calendar::WorkCalendar,
    pub baselines: Vec<BaselineInfo>,
    /// Dates of the most recent baseline, if one was saved.
    pub baseline: Vec<BaselineDates>,
}
