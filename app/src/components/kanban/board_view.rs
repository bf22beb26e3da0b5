//! `BoardView`: the kanban board's signals — the drag, the card held with the keyboard, the
//! filters, the swimlanes — and what is worked out from them (columns in order, the cards the
//! filters keep, subtask counts), made once per board and handed to each view part; a drop saved
//! through the server, and the keyboard's moves put in words for a screen reader.
use std::collections::HashMap;

use chrono::NaiveDate;
use leptos::prelude::*;

use super::keyboard::{Arrow, Grid, Held};
use super::state::{drop_on, Drag, Target};
use crate::api::tasks::move_task;
use crate::components::offline::{use_offline, Offline, Saved};
use crate::components::task_board::TaskBoard;
use crate::domain::board::{column_title, lanes, ordered, BoardFilter, Lane, Swimlanes};
use crate::error::AppError;
use crate::i18n::{I18n, K};
use crate::model::{BoardColumn, Id, TaskView};

#[derive(Clone, Copy)]
pub struct BoardView {
    pub i18n: I18n,
    pub board: TaskBoard,
    pub today: NaiveDate,
    pub drag: RwSignal<Option<Drag>>,
    /// A card picked up with Space, moved with the arrow keys.
    pub held: RwSignal<Option<Held>>,
    /// What the board last said about a keyboard move (read out by the live region).
    pub said: RwSignal<String>,
    /// The card the keyboard moved: focused again each time it is drawn anew (after the move,
    /// and after the server's answer), until focus goes elsewhere.
    pub keep_focus: StoredValue<Option<Id>>,
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
    /// Where moves made offline wait to be sent.
    pub offline: Option<Offline>,
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
            held: RwSignal::new(None),
            said: RwSignal::new(String::new()),
            keep_focus: StoredValue::new(None),
            error: RwSignal::new(None),
            swimlanes: RwSignal::new(Swimlanes::None),
            filter,
            settings_open: RwSignal::new(false),
            dragged_recently: StoredValue::new(false),
            scroller: NodeRef::new(),
            columns,
            visible,
            child_counts,
            offline: use_offline(),
        }
    }

    /// How many cards the filters hide.
    pub fn hidden(self) -> usize {
        self.board.tasks.with(|all| all.len()) - self.visible.with(|v| v.len())
    }

    /// A drag of a card, or a card held with the keyboard, now over `target`.
    pub fn is_over(self, target: Target) -> bool {
        self.drag.with(|d| d.is_some_and(|d| d.is_over(target)))
            || self.held.with(|h| h.is_some_and(|h| h.target == target))
    }

    /// The board as the keyboard moves over it.
    fn with_grid<R>(self, read: impl FnOnce(&Grid) -> R) -> R {
        let mode = self.swimlanes.get_untracked();
        self.columns.with_untracked(|columns| {
            self.visible.with_untracked(|cards| {
                let lanes = lanes(cards, mode);
                read(&Grid {
                    columns,
                    lanes: &lanes,
                    cards,
                    mode,
                })
            })
        })
    }

    /// "Poster: In progress, place 2 of 3" (and the lane, with swimlanes).
    fn where_is(self, held: Id, target: Target) -> String {
        let i18n = self.i18n;
        let title = self.board.tasks.with_untracked(|all| {
            all.iter()
                .find(|t| t.id == held)
                .map(|t| t.input.title.clone())
                .unwrap_or_default()
        });
        let column = self.columns.with_untracked(|cols| {
            cols.iter()
                .find(|c| c.id == target.column)
                .map(|c| column_title(c).unwrap_or_else(|key| i18n.t(key).to_string()))
                .unwrap_or_default()
        });
        let (place, places) = self.with_grid(|grid| grid.place(held, target));
        let mut said = i18n
            .t(K::KanbanPlace)
            .replace("{title}", &title)
            .replace("{column}", &column)
            .replace("{n}", &(place + 1).to_string())
            .replace("{m}", &places.to_string());
        if target.lane != Lane::All {
            said.push_str(" · ");
            said.push_str(&self.lane_title(target.lane));
        }
        said
    }

    /// Space on a card: picks it up, or drops the card held.
    pub fn space(self, task_id: Id) {
        if !self.board.can_edit {
            return;
        }
        if let Some(held) = self.held.get_untracked() {
            self.held.set(None);
            let at = self.where_is(held.task_id, held.target);
            self.keep_focus.set_value(Some(held.task_id));
            if held.target != held.from {
                self.drop_card(held.task_id, held.target);
            }
            self.said
                .set(self.i18n.t(K::KanbanDropped).replace("{place}", &at));
            return;
        }
        let Some(home) = self.with_grid(|grid| grid.home(task_id)) else {
            return;
        };
        self.held.set(Some(Held {
            task_id,
            from: home,
            target: home,
        }));
        self.said.set(
            self.i18n
                .t(K::KanbanPickedUp)
                .replace("{place}", &self.where_is(task_id, home)),
        );
    }

    /// An arrow key while a card is held: where it would land now.
    pub fn arrow(self, arrow: Arrow) -> bool {
        let Some(mut held) = self.held.get_untracked() else {
            return false;
        };
        held.target = self.with_grid(|grid| grid.step(held.task_id, held.target, arrow));
        self.held.set(Some(held));
        self.said.set(self.where_is(held.task_id, held.target));
        true
    }

    /// Escape, or focus gone elsewhere: the held card stays where it was.
    pub fn put_back(self) {
        if let Some(held) = self.held.get_untracked() {
            self.held.set(None);
            self.said.set(
                self.i18n
                    .t(K::KanbanPutBack)
                    .replace("{place}", &self.where_is(held.task_id, held.from)),
            );
        }
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
    /// goes back and the error is shown. Offline, the move waits on this device.
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
        board.replace(moved.clone());
        let error = self.error;
        let offline = self.offline;
        leptos::task::spawn_local(async move {
            // Offline (or the request lost on the way), the move waits on this device and the
            // card stays where it was dropped.
            let result = match offline {
                Some(offline) => offline
                    .save_move(previous.clone(), moved.input, request)
                    .await
                    .map(|saved| match saved {
                        Saved::Now(saved) => Some(saved),
                        Saved::Later(_) => None,
                    }),
                None => move_task(request).await.map(Some),
            };
            match result {
                Ok(saved) => {
                    error.set(None);
                    if let Some(saved) = saved {
                        board.replace(saved);
                    }
                }
                Err(e) => {
                    board.replace(previous);
                    error.set(Some(e));
                }
            }
        });
    }
}
