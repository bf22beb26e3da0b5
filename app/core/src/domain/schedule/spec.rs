//! The engine's terms: a task and a link as it reads them, a change asked of it, what it moved,
//! the floats of the critical path, a summary's values, and why a plan is refused.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{Id, LinkKind, TaskLink, TaskStatus, TaskView};

/// A task as the engine sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanTask {
    pub id: Id,
    pub parent: Option<Id>,
    pub start: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub milestone: bool,
    /// 0–100; a finished task should be given as 100.
    pub progress: u8,
}

/// A dependency: `successor` waits on `predecessor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkSpec {
    pub predecessor: Id,
    pub successor: Id,
    pub kind: LinkKind,
    /// Working days; negative overlaps the tasks.
    pub lag: i32,
}

impl From<&TaskLink> for LinkSpec {
    fn from(l: &TaskLink) -> LinkSpec {
        LinkSpec {
            predecessor: l.predecessor_id,
            successor: l.successor_id,
            kind: l.kind,
            lag: l.lag_days,
        }
    }
}

impl From<&TaskView> for PlanTask {
    fn from(t: &TaskView) -> PlanTask {
        PlanTask {
            id: t.id,
            parent: t.input.parent_id,
            start: t.input.start_date,
            due: t.input.due_date,
            milestone: t.input.milestone,
            progress: if t.input.status == TaskStatus::Done {
                100
            } else {
                t.input.progress
            },
        }
    }
}

/// New dates asked for one task (a move, a resize, or both).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub task: Id,
    pub start: NaiveDate,
    pub due: NaiveDate,
}

/// A task whose dates the engine changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moved {
    pub task: Id,
    pub start: NaiveDate,
    pub due: NaiveDate,
}

/// Whether dependents may also move earlier.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Dependents move later when they must, never earlier.
    #[default]
    PushOnly,
    /// Dependents also move earlier, to the earliest their links allow.
    Pull,
}

/// A task's slack in the current schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskFloat {
    pub task: Id,
    pub late_start: NaiveDate,
    pub late_finish: NaiveDate,
    /// Working days the task can slip without moving the end of the project.
    pub total_float: i32,
    pub critical: bool,
}

/// A summary task's values as they follow from its children.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryValues {
    pub task: Id,
    pub start: NaiveDate,
    pub due: NaiveDate,
    pub progress: u8,
}

/// Why a plan cannot be built or a link added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanError {
    /// The tasks, in order, of a dependency loop (the first task repeats at the end).
    Cycle(Vec<Id>),
    /// The calendar cannot be used.
    Calendar(super::calendar::CalendarProblem),
}
