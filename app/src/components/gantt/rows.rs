//! The rows of the Gantt chart: the task tree in order, with collapsed branches hidden, and the
//! window of rows the viewport shows.
use std::collections::HashSet;

use chrono::NaiveDate;

use crate::domain::tree::flatten;
use crate::model::{Id, TaskStatus, TaskView};

pub const ROW_HEIGHT: f64 = 36.0;
/// Rows drawn beyond each edge of the viewport, so a fast scroll never shows a gap.
const OVERSCAN: usize = 8;

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub id: Id,
    pub depth: usize,
    pub has_children: bool,
    pub title: String,
    pub start: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub milestone: bool,
    pub progress: u8,
    pub done: bool,
    pub version: i32,
    pub parent_id: Option<Id>,
}

impl Row {
    /// The dates a bar is drawn with: a milestone needs one date, a bar both.
    pub fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        if self.milestone {
            self.due.or(self.start).map(|d| (d, d))
        } else {
            Some((self.start?, self.due?))
        }
    }
}

/// Tasks in tree order, skipping everything under a collapsed task.
pub fn visible_rows(tasks: &[TaskView], collapsed: &HashSet<Id>) -> Vec<Row> {
    let parents: HashSet<Id> = tasks.iter().filter_map(|t| t.input.parent_id).collect();
    let mut out = Vec::with_capacity(tasks.len());
    // Depth of the collapsed task whose branch is being skipped.
    let mut hiding_below: Option<usize> = None;
    for (index, depth) in flatten(tasks, |t| t.id, |t| t.input.parent_id) {
        if let Some(limit) = hiding_below {
            if depth > limit {
                continue;
            }
            hiding_below = None;
        }
        let t = &tasks[index];
        if collapsed.contains(&t.id) {
            hiding_below = Some(depth);
        }
        out.push(Row {
            id: t.id,
            depth,
            has_children: parents.contains(&t.id),
            title: t.input.title.clone(),
            start: t.input.start_date,
            due: t.input.due_date,
            milestone: t.input.milestone,
            progress: t.input.progress,
            done: t.input.status == TaskStatus::Done,
            version: t.version,
            parent_id: t.input.parent_id,
        });
    }
    out
}

/// The rows `[first, last)` to draw for a viewport scrolled to `top` and `height` pixels tall.
pub fn window(rows: usize, top: f64, height: f64) -> (usize, usize) {
    let first = (top.max(0.0) / ROW_HEIGHT) as usize;
    let shown = (height.max(0.0) / ROW_HEIGHT).ceil() as usize + 1;
    let first = first.saturating_sub(OVERSCAN).min(rows);
    let last = (first + shown + 2 * OVERSCAN).min(rows);
    (first, last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TaskInput;

    fn task(id: Id, parent: Option<Id>) -> TaskView {
        TaskView {
            id,
            project_id: 1,
            input: TaskInput {
                parent_id: parent,
                ..TaskInput::titled(format!("T{id}"))
            },
            owner: None,
            sort_order: id,
            version: 1,
        }
    }

    #[test]
    fn collapsing_hides_a_whole_branch() {
        let tasks = vec![
            task(1, None),
            task(2, Some(1)),
            task(3, Some(2)),
            task(4, None),
        ];
        let all = visible_rows(&tasks, &HashSet::new());
        assert_eq!(all.iter().map(|r| r.id).collect::<Vec<_>>(), [1, 2, 3, 4]);
        assert!(all[0].has_children && !all[2].has_children);
        let folded = visible_rows(&tasks, &HashSet::from([1]));
        assert_eq!(folded.iter().map(|r| r.id).collect::<Vec<_>>(), [1, 4]);
        let inner = visible_rows(&tasks, &HashSet::from([2]));
        assert_eq!(inner.iter().map(|r| r.id).collect::<Vec<_>>(), [1, 2, 4]);
    }

    #[test]
    fn the_window_covers_the_viewport_and_a_margin() {
        assert_eq!(window(50_000, 0.0, 720.0), (0, 37));
        let (first, last) = window(50_000, 36_000.0, 720.0);
        assert_eq!(first, 992);
        assert!(last * 36 >= 36_000 + 720);
        assert_eq!(window(10, 10_000.0, 720.0), (10, 10));
    }
}
