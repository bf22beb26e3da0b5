//! Daily check-ins (每日打卡): what each person did, plans and is blocked by, per project and day.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::people::UserRef;
use super::values::Id;

/// Progress set on a task while checking in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskProgress {
    pub task_id: Id,
    /// 0–100; 100 finishes the task.
    pub progress: u8,
    /// Sent later (written offline): the progress the person saw when they set theirs. Where
    /// someone set another meanwhile, theirs stays and the check-in says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub was: Option<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInInput {
    pub project_id: Id,
    /// Whose check-in it is: only the caller's own may be written (`None` is the caller).
    #[serde(default)]
    pub user_id: Option<Id>,
    pub done: String,
    pub next: String,
    pub blockers: String,
    #[serde(default)]
    pub tasks: Vec<TaskProgress>,
    /// Sent later (written offline): the day it was written, at most a week back; today when
    /// `None`.
    #[serde(
        with = "super::day::option",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub day: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInView {
    pub id: Id,
    pub user: UserRef,
    pub day: NaiveDate,
    pub done: String,
    pub next: String,
    pub blockers: String,
    /// The tasks whose progress it set, with their titles then.
    pub tasks: Vec<CheckedTask>,
    pub updated_at: DateTime<Utc>,
    /// Photos taken with it.
    #[serde(default)]
    pub photos: Vec<super::files::AttachmentView>,
    /// In the answer to saving it: the tasks whose progress it did not set, because someone
    /// set another since it was written (with that progress).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kept: Vec<CheckedTask>,
}

impl CheckInView {
    /// The tasks it left as someone else set them, as "物料清单 (30%)" joined by `separator`;
    /// `None` when it set every progress it carried.
    pub fn kept_summary(&self, separator: &str) -> Option<String> {
        (!self.kept.is_empty()).then(|| {
            self.kept
                .iter()
                .map(|t| format!("{} ({}%)", t.title, t.progress))
                .collect::<Vec<_>>()
                .join(separator)
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedTask {
    pub task_id: Id,
    pub title: String,
    pub progress: u8,
}

/// One person of the project on a day: checked in or not, and their run of check-ins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInStanding {
    pub user: UserRef,
    pub check_in: Option<CheckInView>,
    /// Working days in a row with a check-in.
    pub streak: u32,
}

/// A project's check-ins for a day, as the check-in tab shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInDay {
    pub day: NaiveDate,
    /// Whether the day is a working day on the project's calendar.
    pub working: bool,
    /// Everyone who checks in (managers and contributors), those not checked in first.
    pub people: Vec<CheckInStanding>,
    /// Whether the caller checks in on this project.
    pub mine: bool,
    /// The caller's open tasks on the project, to set their progress.
    pub my_tasks: Vec<CheckedTask>,
}

/// A project where the person checks in, and how their day stands there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyCheckIn {
    pub project_id: Id,
    pub name: String,
    /// Whether they checked in today.
    pub checked_in: bool,
    /// Whether today is a working day on the project's calendar.
    pub working: bool,
}
