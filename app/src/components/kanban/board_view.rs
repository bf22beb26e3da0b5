//! `BoardView`: the kanban board's signals — the drag, the filters, the swimlanes — and what is
//! worked out from them (columns in order, the cards the filters keep, subtask counts), made
//! once per board and handed to each view part; and a drop saved through the server.
use std::collections::HashMap;

use chrono::NaiveDate;
use leptos::prelude::*;

use super::state::{drop_on, Drag, Target};
use crate::api::tasks::move_task;
use crate::components::task_board::TaskBoard;
use crate::domain::board::{ordered, BoardFilter, Lane, Swimlanes};
use crate::error::AppError;
use crate::i18n::{I18n, K};
use crate::model::{BoardColumn, Id, TaskView};

#[derive(Clone, Copy)]
pub struct BoardView {
    pub i18n: I18n,
    pub board: TaskBoard,
    pub today: NaiveDate,
    pub drag: RwSignal<Option<Drag>>,
    pub error: RwSignal<Option<AppError>>,
    pub swimlanes: RwSignal<Swimlanes>,
    pub filter: RwSignal<BoardFilter>,
    pub settings_open: RwSignal<bool>,
    /// A drag ends with a click on whatever is under the pointer; that click must not open a card.
    pub dragged_recently: StoredValue<bool>,
    pub scroller: NodeRef<leptos::html::Div>,
    pub columns: Memo<Vec<BoardColumn>>,
    /// The cards the filters keep.
    pub visible: Memo<Vec<TaskView>>,
    /// Subtasks per task, counted once per change rather than once per card.
    pub child_counts: Memo<HashMap<Id, usize>>,
}

impl BoardView {
    pub fn new(i18n: I18n, board: TaskBoard, today: NaiveDate) -> BoardView {
        let filter = RwSignal::new(BoardFilter::default());
        let columns = Memo::new(move |_| board.settings.with(|s| ordered(&s.columns)));
        let visible = Memo::new(move |_| {
            let f = filter.get();
            board.tasks.with(|all| {
                all.iter()
                    .filter(|t| f.keeps(t, today))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        });
        let child_counts = Memo::new(move |_| {
            board.tasks.with(|all| {
                let mut counts = HashMap::<Id, usize>::new();
                for parent in all.iter().filter_map(|t| t.input.parent_id) {
                    *counts.entry(parent).or_default() += 1;
                }
                counts
            })
        });
        BoardView {
            i18n,
            board,
            today,
            drag: RwSignal::new(None),
            error: RwSignal::new(None),
            swimlanes: RwSignal::new(Swimlanes::None),
            filter,
            settings_open: RwSignal::new(false),
            dragged_recently: StoredValue::new(false),
            scroller: NodeRef::new(),
            columns,
            visible,
            child_counts,
        }
    }

    /// How many cards the filters hide.
    pub fn hidden(self) -> usize {
        self.board.tasks.with(|all| all.len()) - self.visible.with(|v| v.len())
    }

    /// A drag of a card now over `target`.
    pub fn is_over(self, target: Target) -> bool {
        self.drag.with(|d| d.is_some_and(|d| d.is_over(target)))
    }

    /// A swimlane's title: the priority's or the owner's name.
    pub fn lane_title(self, lane: Lane) -> String {
        match lane {
            Lane::All => String::new(),
            Lane::Priority(p) => self.i18n.t(p.label()).to_string(),
            Lane::Owner(None) => self.i18n.t(K::Unassigned).to_string(),
            Lane::Owner(Some(id)) => self.board.tasks.with_untracked(|all| {
                all.iter()
                    .find_map(|t| t.owner.as_ref().filter(|o| o.id == id))
                    .map(|o| o.display_name.clone())
                    .unwrap_or_default()
            }),
        }
    }

    /// Drops `task_id` on `target`: shown at once; the server's answer replaces it, or the card
    /// goes back and the error is shown.
    pub fn drop_card(self, task_id: Id, target: Target) {
        let board = self.board;
        let Some(previous) = board
            .tasks
            .with_untracked(|all| all.iter().find(|t| t.id == task_id).cloned())
        else {
            return;
        };
        let Some((moved, request)) = self.columns.with_untracked(|cols| {
            board
                .tasks
                .with_untracked(|all| drop_on(&previous, target, cols, all))
        }) else {
            return;
        };
        board.replace(moved);
        let error = self.error;
        leptos::task::spawn_local(async move {
            match move_task(request).await {
                Ok(saved) => {
                    error.set(None);
                    board.replace(saved);
                }
                Err(e) => {
                    board.replace(previous);
                    error.set(Some(e));
                }
            }
        });
    }
}
