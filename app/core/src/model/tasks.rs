//! Tasks: what a person fills in, what the board and list show, moves, bulk edits, "my tasks".
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::people::UserRef;
use super::values::{Id, Priority, TaskStatus};

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TaskInput {
    pub parent_id: Option<Id>,
    pub title: String,
    pub description: String,
    pub deliverable: String,
    pub owner_id: Option<Id>,
    #[serde(with = "super::day::option", default)]
    pub start_date: Option<NaiveDate>,
    #[serde(with = "super::day::option", default)]
    pub due_date: Option<NaiveDate>,
    pub status: TaskStatus,
    pub priority: Priority,
    pub progress: u8,
    pub milestone: bool,
    /// Ids of the project's labels on this task.
    #[serde(default)]
    pub labels: Vec<Id>,
    /// The board column the card sits in; `None` (or a column of another status) means the
    /// first column of its status.
    #[serde(default)]
    pub column_id: Option<Id>,
}

impl TaskInput {
    pub fn titled(title: impl Into<String>) -> Self {
        TaskInput {
            parent_id: None,
            title: title.into(),
            description: String::new(),
            deliverable: String::new(),
            owner_id: None,
            start_date: None,
            due_date: None,
            status: TaskStatus::Todo,
            priority: Priority::Medium,
            progress: 0,
            milestone: false,
            labels: Vec::new(),
            column_id: None,
        }
    }

    /// Gives the task another status: it leaves its board column for the new status's first one,
    /// and a finished task is complete.
    pub fn set_status(&mut self, status: TaskStatus) {
        if status != self.status {
            self.column_id = None;
        }
        self.status = status;
        if status == TaskStatus::Done {
            self.progress = 100;
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskView {
    pub id: Id,
    pub project_id: Id,
    pub input: TaskInput,
    pub owner: Option<UserRef>,
    pub sort_order: i64,
    pub version: i32,
}

/// What a card dropped in another swimlane takes from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LaneChange {
    Owner(Option<Id>),
    Priority(Priority),
}

/// Moving a card: to a board column, placed before the card `before_id` (or at the end), and
/// optionally into another swimlane.
///
/// A move made offline also names the task's version and fields when the card was moved, so
/// that sent later it does not silently undo someone else's change of the same fields, and its
/// own id, so that it is applied once however often it is sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskMove {
    pub task_id: Id,
    pub column_id: Id,
    pub before_id: Option<Id>,
    #[serde(default)]
    pub lane: Option<LaneChange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<TaskInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edit_id: Option<String>,
}

/// One change applied to many tasks of a project at once, from the list. Only the fields given
/// change; the rest of each task stays as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkEdit {
    pub project_id: Id,
    pub task_ids: Vec<Id>,
    pub status: Option<TaskStatus>,
    pub owner_id: Option<Id>,
    /// Takes the owner off every task (wins over `owner_id`).
    #[serde(default)]
    pub unassign: bool,
    pub priority: Option<Priority>,
    pub start_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub add_label: Option<Id>,
    pub remove_label: Option<Id>,
}

impl BulkEdit {
    /// Whether it would change anything at all.
    pub fn is_empty(&self) -> bool {
        self.status.is_none()
            && self.owner_id.is_none()
            && !self.unassign
            && self.priority.is_none()
            && self.start_date.is_none()
            && self.due_date.is_none()
            && self.add_label.is_none()
            && self.remove_label.is_none()
    }

    /// `input` with this change applied.
    pub fn apply(&self, input: &TaskInput) -> TaskInput {
        let mut next = input.clone();
        if let Some(status) = self.status {
            next.set_status(status);
        }
        if self.unassign {
            next.owner_id = None;
        } else if let Some(owner) = self.owner_id {
            next.owner_id = Some(owner);
        }
        if let Some(priority) = self.priority {
            next.priority = priority;
        }
        if let Some(start) = self.start_date {
            next.start_date = Some(start);
        }
        if let Some(due) = self.due_date {
            next.due_date = Some(due);
        }
        if let Some(label) = self.add_label {
            if !next.labels.contains(&label) {
                next.labels.push(label);
            }
        }
        if let Some(label) = self.remove_label {
            next.labels.retain(|l| *l != label);
        }
        next
    }
}

/// One of the caller's own tasks, with the project it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyTask {
    pub task: TaskView,
    pub project_name: String,
    /// Whether the caller may still change it (the project is not archived).
    pub editable: bool,
}
