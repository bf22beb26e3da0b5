//! Moving a card with the keyboard, as plain Rust: Space picks the focused card up, the arrow
//! keys move where it would land — up and down among the cards of its column (on into the lane
//! above or below at either end), left and right to the same place in the next column —, Space
//! drops it there and Escape puts it back. What is said after each step is worked out here too.
use super::state::Target;
use crate::domain::board::{cards_in, column_of, Lane, Swimlanes};
use crate::model::{BoardColumn, Id, TaskView};

/// An arrow key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrow {
    Up,
    Down,
    Left,
    Right,
}

impl Arrow {
    /// The arrow a `KeyboardEvent.key` names.
    pub fn from_key(key: &str) -> Option<Arrow> {
        match key {
            "ArrowUp" => Some(Arrow::Up),
            "ArrowDown" => Some(Arrow::Down),
            "ArrowLeft" => Some(Arrow::Left),
            "ArrowRight" => Some(Arrow::Right),
            _ => None,
        }
    }
}

/// A card picked up with the keyboard: where it was and where it would land.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Held {
    pub task_id: Id,
    pub from: Target,
    pub target: Target,
}

/// The board a held card moves over: columns and lanes in order, the cards shown.
pub struct Grid<'a> {
    pub columns: &'a [BoardColumn],
    pub lanes: &'a [Lane],
    pub cards: &'a [TaskView],
    pub mode: Swimlanes,
}

impl Grid<'_> {
    /// The cards of one column in one lane, but the held one, in order.
    fn others(&self, column: Id, lane: Lane, held: Id) -> Vec<Id> {
        cards_in(column, self.cards, self.columns)
            .into_iter()
            .filter(|t| t.id != held && Lane::of(t, self.mode) == lane)
            .map(|t| t.id)
            .collect()
    }

    /// Where a card is now: before the card after it, in its column and lane.
    pub fn home(&self, held: Id) -> Option<Target> {
        let task = self.cards.iter().find(|t| t.id == held)?;
        let lane = Lane::of(task, self.mode);
        let column = column_of(task.input.status, task.input.column_id, self.columns)?;
        let mine: Vec<Id> = cards_in(column, self.cards, self.columns)
            .into_iter()
            .filter(|t| Lane::of(t, self.mode) == lane)
            .map(|t| t.id)
            .collect();
        let at = mine.iter().position(|id| *id == held)?;
        Some(Target {
            column,
            lane,
            before: mine.get(at + 1).copied(),
        })
    }

    /// The place `target` is among the other cards of its cell (0 is first), and how many
    /// places there are.
    pub fn place(&self, held: Id, target: Target) -> (usize, usize) {
        let others = self.others(target.column, target.lane, held);
        let at = target
            .before
            .and_then(|b| others.iter().position(|id| *id == b))
            .unwrap_or(others.len());
        (at, others.len() + 1)
    }

    fn at(&self, held: Id, column: Id, lane: Lane, index: usize) -> Target {
        let others = self.others(column, lane, held);
        Target {
            column,
            lane,
            before: others.get(index).copied(),
        }
    }

    /// Where the held card would land after `arrow`; where it was at an edge of the board.
    pub fn step(&self, held: Id, from: Target, arrow: Arrow) -> Target {
        let (index, places) = self.place(held, from);
        let lane_at = self.lanes.iter().position(|l| *l == from.lane);
        let column_at = self.columns.iter().position(|c| c.id == from.column);
        match arrow {
            Arrow::Up if index > 0 => self.at(held, from.column, from.lane, index - 1),
            Arrow::Up => match lane_at.and_then(|l| l.checked_sub(1)) {
                Some(l) => {
                    let lane = self.lanes[l];
                    let end = self.others(from.column, lane, held).len();
                    self.at(held, from.column, lane, end)
                }
                None => from,
            },
            Arrow::Down if index + 1 < places => self.at(held, from.column, from.lane, index + 1),
            Arrow::Down => match lane_at.map(|l| l + 1).filter(|l| *l < self.lanes.len()) {
                Some(l) => self.at(held, from.column, self.lanes[l], 0),
                None => from,
            },
            Arrow::Left | Arrow::Right => {
                let next = match (arrow, column_at) {
                    (Arrow::Left, Some(c)) => c.checked_sub(1),
                    (_, Some(c)) => Some(c + 1).filter(|c| *c < self.columns.len()),
                    _ => None,
                };
                match next {
                    Some(c) => {
                        let column = self.columns[c].id;
                        let end = self.others(column, from.lane, held).len();
                        self.at(held, column, from.lane, index.min(end))
                    }
                    None => from,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{card, columns};
    use super::*;
    use crate::model::Priority;

    fn at(id: Id, column: Id, sort_order: i64, priority: Priority) -> TaskView {
        let mut t = card(id, column, sort_order);
        t.input.priority = priority;
        t
    }

    fn target(column: Id, lane: Lane, before: Option<Id>) -> Target {
        Target {
            column,
            lane,
            before,
        }
    }

    /// Runs `check` on the default columns holding `cards` in `lanes`.
    fn walk(cards: &[TaskView], lanes: &[Lane], mode: Swimlanes, check: impl Fn(&Grid)) {
        let cols = columns();
        check(&Grid {
            columns: &cols,
            lanes,
            cards,
            mode,
        });
    }

    #[test]
    fn up_and_down_move_among_the_cards_of_the_column_and_stop_at_its_ends() {
        let cards = vec![card(1, 1, 1000), card(2, 1, 2000), card(3, 1, 3000)];
        walk(&cards, &[Lane::All], Swimlanes::None, |grid| {
            let home = grid.home(2).unwrap();
            assert_eq!(home, target(1, Lane::All, Some(3)));
            assert_eq!(grid.place(2, home), (1, 3));
            let up = grid.step(2, home, Arrow::Up);
            assert_eq!(up, target(1, Lane::All, Some(1)));
            assert_eq!(grid.place(2, up), (0, 3));
            assert_eq!(grid.step(2, up, Arrow::Up), up, "already first");
            let down = grid.step(2, home, Arrow::Down);
            assert_eq!(down, target(1, Lane::All, None), "last: after card 3");
            assert_eq!(grid.place(2, down), (2, 3));
            assert_eq!(grid.step(2, down, Arrow::Down), down, "already last");
        });
    }

    #[test]
    fn left_and_right_keep_the_place_where_the_next_column_has_one() {
        let cards = vec![
            card(1, 1, 1000),
            card(2, 1, 2000),
            card(3, 1, 3000),
            card(4, 2, 1000),
        ];
        walk(&cards, &[Lane::All], Swimlanes::None, |grid| {
            let third = grid.home(3).unwrap();
            assert_eq!(third, target(1, Lane::All, None));
            let right = grid.step(3, third, Arrow::Right);
            assert_eq!(
                right,
                target(2, Lane::All, None),
                "after the one card there"
            );
            let first = grid.home(1).unwrap();
            assert_eq!(
                grid.step(1, first, Arrow::Right),
                target(2, Lane::All, Some(4))
            );
            assert_eq!(
                grid.step(1, first, Arrow::Left),
                first,
                "no column to the left"
            );
            let last_column = target(4, Lane::All, None);
            assert_eq!(grid.step(1, last_column, Arrow::Right), last_column);
        });
    }

    #[test]
    fn past_either_end_of_a_column_the_card_goes_on_into_the_next_lane() {
        let cards = vec![
            at(1, 1, 1000, Priority::High),
            at(2, 1, 1000, Priority::Medium),
            at(3, 1, 2000, Priority::Medium),
        ];
        let lanes = [
            Lane::Priority(Priority::High),
            Lane::Priority(Priority::Medium),
        ];
        walk(&cards, &lanes, Swimlanes::Priority, |grid| {
            let high = grid.home(1).unwrap();
            assert_eq!(high, target(1, lanes[0], None));
            let down = grid.step(1, high, Arrow::Down);
            assert_eq!(
                down,
                target(1, lanes[1], Some(2)),
                "first of the lane below"
            );
            assert_eq!(grid.place(1, down), (0, 3));
            assert_eq!(grid.step(1, down, Arrow::Up), target(1, lanes[0], None));
        });
    }
}
