//! `TaskBoard`: the tasks of the open project, its members, board settings and links, held once
//! and shared by the board, the list, the Gantt chart and the task drawer; kept up to date with
//! the changes others make.
use leptos::prelude::*;

use crate::components::live_connection::use_live;
use crate::domain::tree::subtree;
use crate::live::{apply_links, apply_tasks};
use crate::model::{BoardSettings, Id, Member, TaskLink, TaskStatus, TaskView};

/// What the drawer shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Drawer {
    New {
        parent_id: Option<Id>,
        status: TaskStatus,
    },
    Edit(Id),
}

/// The tasks of the open project and who may be assigned, shared by the board, list and drawer.
#[derive(Clone, Copy)]
pub struct TaskBoard {
    pub project_id: Id,
    pub tasks: RwSignal<Vec<TaskView>>,
    pub members: StoredValue<Vec<Member>>,
    pub can_edit: bool,
    /// May change the board's columns.
    pub can_configure: bool,
    /// May write comments on the tasks.
    pub can_comment: bool,
    /// The board's columns and the project's labels.
    pub settings: RwSignal<BoardSettings>,
    pub drawer: RwSignal<Option<Drawer>>,
    /// The project's dependencies, where the page has loaded them (the Gantt chart); the drawer
    /// shows and edits a task's dependencies only then.
    pub links: Option<RwSignal<Vec<TaskLink>>>,
}

impl TaskBoard {
    pub fn replace(&self, task: TaskView) {
        self.tasks
            .update(|all| match all.iter_mut().find(|t| t.id == task.id) {
                Some(slot) => *slot = task,
                None => all.push(task),
            });
    }

    /// Keeps the board up to date with changes others make, and tells them which task is open
    /// here, for as long as the calling view lives.
    pub fn follow_live(self) {
        let Some(live) = use_live() else { return };
        live.on_event(move |event| {
            let change = &event.change;
            self.tasks.maybe_update(|all| apply_tasks(all, change));
            if let Some(links) = self.links {
                links.maybe_update(|all| apply_links(all, change));
            }
            if let Some(settings) = &change.board {
                self.settings.set(settings.clone());
            }
        });
        Effect::new(move |_| {
            let open = match self.drawer.get() {
                Some(Drawer::Edit(id)) => Some(id),
                _ => None,
            };
            live.viewing.set(open);
        });
        on_cleanup(move || {
            live.viewing.try_set(None);
        });
    }

    /// Removes a task and its subtasks from the local list.
    pub fn remove_tree(&self, id: Id) {
        self.tasks.update(|all| {
            let doomed = subtree(id, all, |t| t.id, |t| t.input.parent_id);
            all.retain(|t| !doomed.contains(&t.id));
        });
    }
}
