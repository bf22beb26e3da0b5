//! A board for the kanban's unit tests: the default columns and cards placed in them.
use crate::domain::board::default_columns;
use crate::model::{BoardColumn, Id, TaskInput, TaskView};

/// To do, in progress, review, done: columns 1 to 4.
pub fn columns() -> Vec<BoardColumn> {
    default_columns()
        .into_iter()
        .enumerate()
        .map(|(i, (category, colour))| BoardColumn {
            id: i as Id + 1,
            name: String::new(),
            category,
            colour,
            wip_limit: None,
            position: i as i64,
        })
        .collect()
}

/// Card `id` in column `column` at `sort_order`, of medium priority, owned by no one.
pub fn card(id: Id, column: Id, sort_order: i64) -> TaskView {
    TaskView {
        id,
        project_id: 1,
        input: TaskInput {
            column_id: Some(column),
            status: columns()[column as usize - 1].category,
            ..TaskInput::titled(format!("T{id}"))
        },
        owner: None,
        sort_order,
        version: 1,
    }
}
