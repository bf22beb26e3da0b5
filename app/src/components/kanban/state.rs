//! The board's drag as plain Rust, tested without a browser: a press that becomes a drag once
//! the pointer has moved, where a card would land, how it looks the moment it is dropped (column,
//! place, lane), what is sent to the server, and when a drag near an edge scrolls.
use crate::domain::board::{cards_in, Lane};
use crate::domain::ordering::slot_at;
use crate::model::{BoardColumn, Id, LaneChange, TaskMove, TaskView};

/// How far a pointer moves before a press on a card is a drag rather than a click, in pixels.
const DRAG_FROM: i32 = 6;

/// Where a dragged card would land: a column of a lane, before a card or at the end.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Target {
    pub column: Id,
    pub lane: Lane,
    pub before: Option<Id>,
}

/// A card being dragged: where the pointer is and where the card would land.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Drag {
    pub task_id: Id,
    pub start: (i32, i32),
    pub at: (i32, i32),
    /// Moved far enough to count as a drag rather than a click.
    pub active: bool,
    pub target: Option<Target>,
}

impl Drag {
    pub fn press(task_id: Id, at: (i32, i32)) -> Drag {
        Drag {
            task_id,
            start: at,
            at,
            active: false,
            target: None,
        }
    }

    /// The pointer is now at `at`; true while it is a drag.
    pub fn follow(&mut self, at: (i32, i32)) -> bool {
        self.at = at;
        if !self.active && (at.0 - self.start.0).abs() + (at.1 - self.start.1).abs() > DRAG_FROM {
            self.active = true;
        }
        self.active
    }

    /// A drag of this card now over `target`.
    pub fn is_over(&self, target: Target) -> bool {
        self.active && self.target == Some(target)
    }
}

/// The card as it looks right after a move, before the server answers.
pub fn moved_locally(
    previous: &TaskView,
    target: Target,
    columns: &[BoardColumn],
    tasks: &[TaskView],
) -> Option<TaskView> {
    let column = columns.iter().find(|c| c.id == target.column)?;
    let others: Vec<&TaskView> = cards_in(column.id, tasks, columns)
        .into_iter()
        .filter(|t| t.id != previous.id)
        .collect();
    let index = target
        .before
        .and_then(|b| others.iter().position(|t| t.id == b))
        .unwrap_or(others.len());
    let positions: Vec<i64> = others.iter().map(|t| t.sort_order).collect();
    let mut moved = previous.clone();
    moved.input.status = column.category;
    moved.input.column_id = Some(column.id);
    moved.sort_order = slot_at(&positions, index).unwrap_or(previous.sort_order);
    match target.lane.change() {
        Some(LaneChange::Priority(p)) => moved.input.priority = p,
        Some(LaneChange::Owner(o)) => moved.input.owner_id = o,
        None => {}
    }
    Some(moved)
}

/// A drop of `previous` on `target`: the card as shown at once and the move sent to the server;
/// `None` when it lands where it was (nothing to save).
pub fn drop_on(
    previous: &TaskView,
    target: Target,
    columns: &[BoardColumn],
    tasks: &[TaskView],
) -> Option<(TaskView, TaskMove)> {
    let moved = moved_locally(previous, target, columns, tasks)?;
    let lane_changed = moved.input.owner_id != previous.input.owner_id
        || moved.input.priority != previous.input.priority;
    if moved.input.column_id == previous.input.column_id
        && moved.sort_order == previous.sort_order
        && !lane_changed
    {
        return None;
    }
    let request = TaskMove {
        task_id: previous.id,
        column_id: target.column,
        before_id: target.before,
        lane: if lane_changed {
            target.lane.change()
        } else {
            None
        },
        version: None,
        base: None,
        edit_id: None,
    };
    Some((moved, request))
}

/// How far to scroll, in pixels, while a drag is within `margin` of either end of a span from
/// `low` to `high` (a board scrolled sideways on a phone, or the window): towards that end.
pub fn edge_scroll(at: f64, low: f64, high: f64, margin: f64) -> f64 {
    if at > high - margin {
        16.0
    } else if at < low + margin {
        -16.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{card, columns};
    use super::*;
    use crate::model::{Priority, TaskStatus};

    #[test]
    fn a_press_becomes_a_drag_once_the_pointer_has_moved() {
        let mut drag = Drag::press(7, (100, 100));
        assert!(!drag.follow((103, 102)));
        assert!(drag.follow((110, 100)));
        let target = Target {
            column: 2,
            lane: Lane::All,
            before: None,
        };
        assert!(!drag.is_over(target));
        drag.target = Some(target);
        assert!(drag.is_over(target));
    }

    #[test]
    fn a_card_dropped_in_another_column_takes_its_status_and_place() {
        let cols = columns();
        let doing = 2;
        let tasks = vec![card(1, 1, 1000), card(2, doing, 1000), card(3, doing, 2000)];
        let target = Target {
            column: doing,
            lane: Lane::All,
            before: Some(3),
        };
        let (moved, request) = drop_on(&tasks[0], target, &cols, &tasks).unwrap();
        assert_eq!(moved.input.status, TaskStatus::InProgress);
        assert_eq!(moved.input.column_id, Some(doing));
        assert!(moved.sort_order > 1000 && moved.sort_order < 2000);
        assert_eq!(
            request,
            TaskMove {
                task_id: 1,
                column_id: doing,
                before_id: Some(3),
                lane: None,
                version: None,
                base: None,
                edit_id: None,
            }
        );
    }

    #[test]
    fn a_card_dropped_where_it_was_sends_nothing() {
        let cols = columns();
        let tasks = vec![card(1, 1, 1000), card(2, 1, 2000)];
        let target = Target {
            column: 1,
            lane: Lane::All,
            before: Some(2),
        };
        assert_eq!(drop_on(&tasks[0], target, &cols, &tasks), None);
    }

    #[test]
    fn a_card_dropped_in_another_lane_changes_what_the_lane_stands_for() {
        let cols = columns();
        let tasks = vec![card(1, 1, 1000)];
        let target = Target {
            column: 1,
            lane: Lane::Priority(Priority::High),
            before: None,
        };
        let (moved, request) = drop_on(&tasks[0], target, &cols, &tasks).unwrap();
        assert_eq!(moved.input.priority, Priority::High);
        assert_eq!(request.lane, Some(LaneChange::Priority(Priority::High)));
    }

    #[test]
    fn a_drag_near_an_edge_scrolls_towards_it() {
        assert_eq!(edge_scroll(380.0, 0.0, 390.0, 40.0), 16.0);
        assert_eq!(edge_scroll(10.0, 0.0, 390.0, 40.0), -16.0);
        assert_eq!(edge_scroll(200.0, 0.0, 390.0, 40.0), 0.0);
    }
}
