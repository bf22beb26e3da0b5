//! A project's board: its columns (with WIP limits and the status each stands for) and labels.
use serde::{Deserialize, Serialize};

use super::values::{Colour, Id, TaskStatus};

/// A column of a project's kanban board. Each column belongs to one task status (its category),
/// so "done" still means done however the team names its columns.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BoardColumn {
    pub id: Id,
    /// Empty for a column that shows its status's translated name.
    pub name: String,
    pub category: TaskStatus,
    pub colour: Colour,
    /// Most cards the team wants in the column at once; `None` for no limit.
    pub wip_limit: Option<u32>,
    pub position: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnInput {
    pub project_id: Id,
    /// `None` creates a column at the end of the board.
    pub id: Option<Id>,
    pub name: String,
    pub category: TaskStatus,
    pub colour: Colour,
    pub wip_limit: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Label {
    pub id: Id,
    pub name: String,
    pub colour: Colour,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelInput {
    pub project_id: Id,
    /// `None` creates a label.
    pub id: Option<Id>,
    pub name: String,
    pub colour: Colour,
}

/// A project's board set-up: its columns in order and its labels.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardSettings {
    pub columns: Vec<BoardColumn>,
    pub labels: Vec<Label>,
}
