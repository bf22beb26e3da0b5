//! What the Gantt chart asks of the server — move a task, link two, remove a link, indent or
//! outdent, save a baseline, undo the last change — and how each answer lands on the board:
//! the tasks and links the server settled, the step that undoes it, or the error shown.
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use leptos::prelude::*;

use super::rows::Row;
use super::state::{dates_of, new_parent, restore_for, Undo};
use crate::api::planning::{create_link, delete_link, reschedule_tasks, save_baseline};
use crate::api::tasks::update_task;
use crate::components::offline::{save_task_edit, Offline};
use crate::components::task_board::TaskBoard;
use crate::components::ui::{confirm, today};
use crate::error::AppError;
use crate::i18n::{I18n, K};
use crate::model::{BaselineDates, Id, LinkInput, LinkKind, Reschedule, ScheduleChange, TaskLink};

/// The chart's connection to the server, and the signals its answers change.
#[derive(Clone, Copy)]
pub struct Actions {
    pub i18n: I18n,
    pub board: TaskBoard,
    pub links: RwSignal<Vec<TaskLink>>,
    pub undo: RwSignal<Option<Undo>>,
    pub error: RwSignal<Option<AppError>>,
    /// A change is on its way.
    pub busy: RwSignal<bool>,
    /// Dates a drag is previewing, cleared once its change is answered.
    pub preview: RwSignal<HashMap<Id, (NaiveDate, NaiveDate)>>,
    /// The newest baseline's dates, how many there are, and whether it is shown.
    pub baseline: RwSignal<Vec<BaselineDates>>,
    pub baseline_count: RwSignal<usize>,
    pub show_baseline: RwSignal<bool>,
    /// Where date changes made offline wait to be sent.
    pub offline: Option<Offline>,
}

impl Actions {
    fn project_id(self) -> Id {
        self.board.project_id
    }

    /// The tasks and links the server settled after a change.
    pub fn apply(self, change: ScheduleChange) {
        for task in change.tasks {
            self.board.replace(task);
        }
        self.links.set(change.links);
    }

    fn dates_now(self) -> super::state::Dates {
        self.board.tasks.with_untracked(|all| dates_of(all))
    }

    fn landed(
        self,
        result: Result<ScheduleChange, AppError>,
        undo: impl FnOnce(&ScheduleChange) -> Option<Undo>,
    ) {
        match result {
            Ok(change) => {
                let step = undo(&change);
                self.undo.set(step);
                self.apply(change);
                self.error.set(None);
            }
            Err(e) => self.error.set(Some(e)),
        }
    }

    pub fn reschedule(self, request: Reschedule) {
        self.busy.set(true);
        let before = self.dates_now();
        leptos::task::spawn_local(async move {
            let result = reschedule_tasks(self.project_id(), vec![request]).await;
            match (result, self.offline) {
                // Offline: the new dates wait on this device as an edit of the task; its
                // dependents move when it is applied.
                (Err(AppError::Transport(_)), Some(offline)) => {
                    self.keep_dates(offline, request).await
                }
                (result, _) => self.landed(result, |change| {
                    let back = restore_for(&before, change);
                    (!back.is_empty()).then_some(Undo::Dates(back))
                }),
            }
            self.preview.set(HashMap::new());
            self.busy.set(false);
        });
    }

    /// Keeps new dates of a task to be sent when the connection returns, showing them meanwhile.
    async fn keep_dates(self, offline: Offline, request: Reschedule) {
        let Some(task) = self
            .board
            .tasks
            .with_untracked(|all| all.iter().find(|t| t.id == request.task_id).cloned())
        else {
            return;
        };
        let mut input = task.input.clone();
        input.start_date = Some(request.start);
        input.due_date = Some(request.due);
        match save_task_edit(Some(offline), task, input).await {
            Ok(shown) => {
                self.board.replace(shown);
                self.undo.set(None);
                self.error.set(None);
            }
            Err(e) => self.error.set(Some(e)),
        }
    }

    /// Links `predecessor_id` to `successor_id`, finish to start.
    pub fn link(self, predecessor_id: Id, successor_id: Id) {
        self.busy.set(true);
        let input = LinkInput {
            project_id: self.project_id(),
            predecessor_id,
            successor_id,
            kind: LinkKind::FinishToStart,
            lag_days: 0,
        };
        let known: HashSet<Id> = self
            .links
            .with_untracked(|l| l.iter().map(|l| l.id).collect());
        let before = self.dates_now();
        leptos::task::spawn_local(async move {
            let result = create_link(input).await;
            self.landed(result, |change| {
                let added = change.links.iter().find(|l| !known.contains(&l.id))?;
                Some(Undo::Unlink(added.id, restore_for(&before, change)))
            });
            self.busy.set(false);
        });
    }

    /// Removes a link, once the person has confirmed it.
    pub fn unlink(self, l: TaskLink) {
        let i18n = self.i18n;
        let title = |id: Id| {
            self.board.tasks.with_untracked(|all| {
                all.iter()
                    .find(|t| t.id == id)
                    .map(|t| t.input.title.clone())
                    .unwrap_or_default()
            })
        };
        let question = i18n
            .t(K::RemoveLinkConfirm)
            .replace("{a}", &title(l.predecessor_id))
            .replace("{b}", &title(l.successor_id));
        if !confirm(&question) {
            return;
        }
        let project_id = self.project_id();
        leptos::task::spawn_local(async move {
            let result = delete_link(l.id).await;
            self.landed(result, |_| {
                Some(Undo::Relink(LinkInput {
                    project_id,
                    predecessor_id: l.predecessor_id,
                    successor_id: l.successor_id,
                    kind: l.kind,
                    lag_days: l.lag_days,
                }))
            });
        });
    }

    /// Takes back the last change.
    pub fn take_back(self) {
        let Some(step) = self.undo.get_untracked() else {
            return;
        };
        self.busy.set(true);
        let project_id = self.project_id();
        leptos::task::spawn_local(async move {
            let result = match step {
                Undo::Dates(back) => reschedule_tasks(project_id, back).await,
                Undo::Unlink(id, back) => match delete_link(id).await {
                    Ok(change) if back.is_empty() => Ok(change),
                    Ok(change) => {
                        self.apply(change);
                        reschedule_tasks(project_id, back).await
                    }
                    Err(e) => Err(e),
                },
                Undo::Relink(input) => create_link(input).await,
            };
            self.landed(result, |_| None);
            self.busy.set(false);
        });
    }

    /// Moves a task under the task above it (indent) or beside its parent (outdent).
    pub fn reparent(self, rows: &[Row], id: Id, indent: bool) {
        let found = self.board.tasks.with_untracked(|all| {
            let task = all.iter().find(|t| t.id == id).cloned()?;
            Some((task, new_parent(rows, all, id, indent)?))
        });
        let Some((task, parent)) = found else {
            return;
        };
        let mut input = task.input.clone();
        input.parent_id = parent;
        leptos::task::spawn_local(async move {
            match update_task(task.id, task.version, input, Some(task.input.clone()), None).await {
                Ok(saved) => {
                    self.board.replace(saved);
                    self.error.set(None);
                }
                Err(e) => self.error.set(Some(e)),
            }
        });
    }

    /// Saves the plan as it is as a new baseline, and shows it.
    pub fn save_baseline(self) {
        let i18n = self.i18n;
        let name = i18n
            .t(K::BaselineDefaultName)
            .replace("{date}", &today().format("%Y-%m-%d").to_string());
        let project_id = self.project_id();
        leptos::task::spawn_local(async move {
            match save_baseline(project_id, name).await {
                Ok(_) => {
                    let snapshot: Vec<BaselineDates> = self.board.tasks.with_untracked(|all| {
                        all.iter()
                            .filter_map(|t| {
                                Some(BaselineDates {
                                    task_id: t.id,
                                    start: t.input.start_date.or(t.input.due_date)?,
                                    due: t.input.due_date.or(t.input.start_date)?,
                                })
                            })
                            .collect()
                    });
                    self.baseline.set(snapshot);
                    self.baseline_count.update(|n| *n += 1);
                    self.show_baseline.set(true);
                    self.error.set(None);
                }
                Err(e) => self.error.set(Some(e)),
            }
        });
    }
}
