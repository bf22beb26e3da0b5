//! Live collaboration, the part browser and server share: the change events the server sends to
//! everyone watching a project, the messages on the live connection, and how a browser folds a
//! change into what it shows.
//!
//! Every change to a project is one event numbered by the project's revision (`seq`), so a browser
//! that saw event `n` knows it has missed something when the next one is not `n + 1`, and asks for
//! the events after `n` when it reconnects.
use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::domain::schedule::calendar::WorkCalendar;
use crate::model::{BoardSettings, CommentView, Id, TaskLink, TaskView, UserRef};

/// What one change did to a project. Parts that did not change are empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectChange {
    /// Tasks created or changed, as saved (with their new versions).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<TaskView>,
    /// Tasks deleted (with their subtasks).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed_tasks: Vec<Id>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added_links: Vec<TaskLink>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed_links: Vec<Id>,
    /// The board's columns and the project's labels, when they changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub board: Option<BoardSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<WorkCalendar>,
    /// A baseline was saved.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub baseline: bool,
    /// The project's details, status or members changed: read the project again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub project: bool,
    /// The KPIs, their figures, the budget or its expenses changed: read them again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub finance: bool,
    /// Who may see the project changed (a member was added, removed or given another role).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub access: bool,
    /// Channel data was imported: read reports again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub channel_data: bool,
    /// An API token was made or revoked: read the project's connections again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub connections: bool,
    /// Comments written or edited, as saved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<CommentView>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed_comments: Vec<Id>,
    /// Someone checked in: read the day's check-ins again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub check_ins: bool,
    /// Files or links added, changed or removed in these places: read them again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<crate::model::Place>,
}

impl ProjectChange {
    pub fn tasks(tasks: Vec<TaskView>) -> Self {
        ProjectChange {
            tasks,
            ..Default::default()
        }
    }

    /// The project's own record changed; `access` when its members did.
    pub fn project(access: bool) -> Self {
        ProjectChange {
            project: true,
            access,
            ..Default::default()
        }
    }

    /// Adds tasks saved by the same change, each once (the later copy wins).
    pub fn with_tasks(mut self, tasks: impl IntoIterator<Item = TaskView>) -> Self {
        for task in tasks {
            match self.tasks.iter_mut().find(|t| t.id == task.id) {
                Some(slot) => *slot = task,
                None => self.tasks.push(task),
            }
        }
        self
    }
}

/// One change, numbered, with who made it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveEvent {
    pub seq: i64,
    pub actor: Option<UserRef>,
    pub change: ProjectChange,
}

/// Someone watching the project, and the task they have open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub user: UserRef,
    pub task: Option<Id>,
}

/// From the server, on a project's live connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServerMessage {
    /// Connected; the events missed since the number asked for follow.
    Hello {
        seq: i64,
    },
    Event(Box<LiveEvent>),
    /// Everyone watching the project now.
    Presence(Vec<Viewer>),
    /// Too much was missed to catch up event by event: load the project again.
    Reload,
    /// The caller may no longer see the project; the connection closes.
    Closed,
}

/// From the browser, on a project's live connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientMessage {
    /// The task the person has open, if any.
    Viewing(Option<Id>),
}

/// Folds a change into a list of tasks. A task already held at a newer version (the browser's
/// own answer arrived before the event) is kept. Returns whether anything changed. Linear in the
/// size of the list and the change, so a rescheduling that moved thousands of tasks of a plan of
/// fifty thousand stays quick.
pub fn apply_tasks(tasks: &mut Vec<TaskView>, change: &ProjectChange) -> bool {
    let mut changed = false;
    if !change.removed_tasks.is_empty() {
        let removed: HashSet<Id> = change.removed_tasks.iter().copied().collect();
        let before = tasks.len();
        tasks.retain(|t| !removed.contains(&t.id));
        changed |= tasks.len() != before;
    }
    if change.tasks.is_empty() {
        return changed;
    }
    let mut at: HashMap<Id, usize> = tasks.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    for task in &change.tasks {
        match at.get(&task.id) {
            Some(&i) if tasks[i].version < task.version => {
                tasks[i] = task.clone();
                changed = true;
            }
            Some(_) => {}
            None => {
                at.insert(task.id, tasks.len());
                tasks.push(task.clone());
                changed = true;
            }
        }
    }
    changed
}

/// Folds a change into a list of links. Returns whether anything changed.
pub fn apply_links(links: &mut Vec<TaskLink>, change: &ProjectChange) -> bool {
    let mut changed = false;
    if !change.removed_links.is_empty() || !change.removed_tasks.is_empty() {
        let links_gone: HashSet<Id> = change.removed_links.iter().copied().collect();
        let tasks_gone: HashSet<Id> = change.removed_tasks.iter().copied().collect();
        let before = links.len();
        links.retain(|l| {
            !links_gone.contains(&l.id)
                && !tasks_gone.contains(&l.predecessor_id)
                && !tasks_gone.contains(&l.successor_id)
        });
        changed |= links.len() != before;
    }
    if !change.added_links.is_empty() {
        let held: HashSet<Id> = links.iter().map(|l| l.id).collect();
        for link in &change.added_links {
            if !held.contains(&link.id) {
                links.push(*link);
                changed = true;
            }
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LinkKind, TaskInput};

    fn task(id: Id, version: i32, title: &str) -> TaskView {
        TaskView {
            id,
            project_id: 1,
            input: TaskInput::titled(title),
            owner: None,
            sort_order: id,
            version,
        }
    }

    #[test]
    fn newer_versions_replace_older_and_new_tasks_join() {
        let mut tasks = vec![task(1, 1, "a"), task(2, 3, "b")];
        let change =
            ProjectChange::tasks(vec![task(1, 2, "a2"), task(2, 2, "stale"), task(3, 1, "c")]);
        assert!(apply_tasks(&mut tasks, &change));
        let titles: Vec<_> = tasks.iter().map(|t| t.input.title.as_str()).collect();
        assert_eq!(titles, ["a2", "b", "c"]);
        // The same event again changes nothing.
        assert!(!apply_tasks(&mut tasks, &change));
    }

    #[test]
    fn removed_tasks_go_with_their_links() {
        let mut tasks = vec![task(1, 1, "a"), task(2, 1, "b")];
        let link = |id, p, s| TaskLink {
            id,
            predecessor_id: p,
            successor_id: s,
            kind: LinkKind::FinishToStart,
            lag_days: 0,
        };
        let mut links = vec![link(10, 1, 2)];
        let change = ProjectChange {
            removed_tasks: vec![2],
            ..Default::default()
        };
        assert!(apply_tasks(&mut tasks, &change));
        assert!(apply_links(&mut links, &change));
        assert_eq!(tasks.len(), 1);
        assert!(links.is_empty());
        let added = ProjectChange {
            added_links: vec![link(11, 1, 3)],
            ..Default::default()
        };
        assert!(apply_links(&mut links, &added));
        assert!(!apply_links(&mut links, &added));
    }

    #[test]
    fn messages_read_back_as_sent() {
        let message = ServerMessage::Event(Box::new(LiveEvent {
            seq: 7,
            actor: None,
            change: ProjectChange::project(true),
        }));
        let text = serde_json::to_string(&message).unwrap();
        assert_eq!(
            serde_json::from_str::<ServerMessage>(&text).unwrap(),
            message
        );
        let empty = serde_json::to_string(&ProjectChange::default()).unwrap();
        assert_eq!(empty, "{}");
    }
}
