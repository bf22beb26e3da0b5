//! The waiting edits themselves: what one is, where a person's are kept on the device, and
//! sending them (`Offline`).
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::check_ins::save_check_in;
use crate::api::comments::add_comment;
use crate::api::tasks::{move_task, update_task};
use crate::domain::merge::keep_mine;
use crate::error::AppError;
use crate::i18n::K;
use crate::model::{
    CheckInInput, CheckInView, CommentSaved, Id, TaskInput, TaskMove, TaskView, Thread, UserRef,
};

/// An edit waiting to be applied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "KeptEdit")]
pub struct PendingEdit {
    /// Its own id: the server applies each once.
    pub id: String,
    #[serde(flatten)]
    pub what: Waiting,
    pub state: PendingState,
}

/// What waits: a task's fields (or its card moved on the board), a comment, or a check-in.
// A person's queue holds a few edits, kept once: a task edit's size is no burden.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Waiting {
    Task {
        task: TaskView,
        /// The task as the person edited it, and as it was when they began.
        input: TaskInput,
        base: TaskInput,
        /// Moved on the board: the column and place it was dropped on.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        place: Option<TaskMove>,
    },
    Comment {
        thread: Thread,
        body: String,
        /// What it is on (the task's title or the project's name), to list it by.
        on: String,
    },
    CheckIn {
        check_in: CheckInInput,
        /// The project's name, to list it by.
        project: String,
    },
}

/// An edit as the device keeps it: `PendingEdit`'s fields and its `Waiting`'s side by side,
/// read one by one (which kind of edit it is follows from which are there). Read this way, not
/// by serde's flattened untagged enums, which buffer each edit in a generic tree first and read
/// every type again from that.
#[derive(Deserialize)]
struct KeptEdit {
    id: String,
    state: PendingState,
    task: Option<TaskView>,
    input: Option<TaskInput>,
    base: Option<TaskInput>,
    place: Option<TaskMove>,
    thread: Option<Thread>,
    body: Option<String>,
    on: Option<String>,
    check_in: Option<CheckInInput>,
    project: Option<String>,
}

impl TryFrom<KeptEdit> for PendingEdit {
    type Error = &'static str;

    fn try_from(kept: KeptEdit) -> Result<Self, Self::Error> {
        let what = match kept {
            KeptEdit {
                task: Some(task),
                input: Some(input),
                base: Some(base),
                place,
                ..
            } => Waiting::Task {
                task,
                input,
                base,
                place,
            },
            KeptEdit {
                thread: Some(thread),
                body: Some(body),
                on: Some(on),
                ..
            } => Waiting::Comment { thread, body, on },
            KeptEdit {
                check_in: Some(check_in),
                project: Some(project),
                ..
            } => Waiting::CheckIn { check_in, project },
            _ => return Err("a kept edit that is neither a task's, a comment nor a check-in"),
        };
        Ok(PendingEdit {
            id: kept.id,
            what,
            state: kept.state,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PendingState {
    /// To be sent when the connection allows.
    Waiting,
    /// Someone changed the same fields meanwhile: the person chooses.
    Conflict {
        fields: Vec<K>,
        current: Box<TaskView>,
    },
    /// The server refused it, saying why.
    Refused { message: String },
    /// Sent, with something the person should read (a check-in whose progress someone else
    /// had set meanwhile).
    Noted { message: String },
}

impl PendingEdit {
    /// The task as it shows while the edit waits (for a task edit).
    pub fn shown(&self) -> Option<TaskView> {
        match &self.what {
            Waiting::Task { task, input, .. } => Some(TaskView {
                input: input.clone(),
                ..task.clone()
            }),
            _ => None,
        }
    }

    /// The comments written offline on `thread` that wait to be posted.
    pub fn comment_on(&self, thread: Thread) -> Option<&str> {
        match &self.what {
            Waiting::Comment {
                thread: t, body, ..
            } if *t == thread => Some(body),
            _ => None,
        }
    }
}

/// What the server answered to a sent edit.
enum Sent {
    Task(TaskView),
    Comment(CommentSaved),
    CheckIn(CheckInView),
}

/// What happened to a save: done, or kept to be sent later (the task as it shows meanwhile).
pub enum Saved {
    Now(TaskView),
    Later(TaskView),
}

/// The waiting edits of the signed-in person, and whether the browser is online.
#[derive(Clone, Copy)]
pub struct Offline {
    pub user: Id,
    pub pending: RwSignal<Vec<PendingEdit>>,
    pub online: RwSignal<bool>,
    /// The oldest time an answer shown on this page was current, when it came from the device.
    pub kept_at: RwSignal<Option<f64>>,
    /// Counts the edits sent from the queue, for pages that show what they changed.
    pub delivered: RwSignal<u64>,
    sending: StoredValue<bool>,
}

/// Where a person's waiting edits are kept on this device.
#[cfg(feature = "hydrate")]
fn storage_key(user: Id) -> String {
    format!("marquee.pending.{user}")
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

#[cfg(feature = "hydrate")]
fn load(user: Id) -> Vec<PendingEdit> {
    storage()
        .and_then(|s| s.get_item(&storage_key(user)).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

fn keep(user: Id, pending: &[PendingEdit]) {
    #[cfg(feature = "hydrate")]
    if let Some(s) = storage() {
        let key = storage_key(user);
        let _ = if pending.is_empty() {
            s.remove_item(&key)
        } else {
            match serde_json::to_string(pending) {
                Ok(text) => s.set_item(&key, &text),
                Err(_) => Ok(()),
            }
        };
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (user, pending);
}

/// Deletes what this device keeps of `user` (at sign-out): their waiting edits, and the pages
/// the service worker kept for reading offline.
pub fn forget(user: Id) {
    keep(user, &[]);
    #[cfg(feature = "hydrate")]
    if let Some(worker) =
        web_sys::window().and_then(|w| w.navigator().service_worker().controller())
    {
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"forget".into());
        let _ = worker.post_message(&message);
    }
}

/// A new edit id, as the server expects them (a UUID).
fn new_id() -> String {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{JsCast, JsValue};
        let made = web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("crypto")).ok())
            .and_then(|crypto| {
                let make: js_sys::Function =
                    js_sys::Reflect::get(&crypto, &JsValue::from_str("randomUUID"))
                        .ok()?
                        .dyn_into()
                        .ok()?;
                make.call0(&crypto).ok()?.as_string()
            });
        if let Some(id) = made {
            return id;
        }
        // No `randomUUID` (an old browser): a version-4 UUID from Math.random.
        let hex: String = (0..32)
            .map(|i| {
                let n = match i {
                    12 => 4,
                    16 => 8 + (js_sys::Math::random() * 4.0) as u32,
                    _ => (js_sys::Math::random() * 16.0) as u32,
                };
                char::from_digit(n.min(15), 16).unwrap_or('0')
            })
            .collect();
        format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }
    #[cfg(not(feature = "hydrate"))]
    String::new()
}

/// The day on this device's calendar, which a check-in written offline is for.
fn device_day() -> Option<chrono::NaiveDate> {
    #[cfg(feature = "hydrate")]
    {
        let now = js_sys::Date::new_0();
        chrono::NaiveDate::from_ymd_opt(
            now.get_full_year() as i32,
            now.get_month() + 1,
            now.get_date(),
        )
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

fn browser_online() -> bool {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window().is_none_or(|w| w.navigator().on_line())
    }
    #[cfg(not(feature = "hydrate"))]
    true
}

/// Provides `user`'s waiting edits to the page, sending them whenever the browser comes online.
pub fn provide_offline(user: Id) -> Offline {
    let offline = Offline {
        user,
        pending: RwSignal::new(Vec::new()),
        online: RwSignal::new(true),
        kept_at: RwSignal::new(None),
        delivered: RwSignal::new(0),
        sending: StoredValue::new(false),
    };
    provide_context(offline);
    #[cfg(feature = "hydrate")]
    {
        let locale = crate::i18n::use_i18n();
        Effect::new(move |_| {
            offline.pending.set(load(user));
            offline.online.set(browser_online());
            offline.send(locale);
        });
        let up = window_event_listener_untyped("online", move |_| {
            offline.online.set(true);
            offline.send(locale);
        });
        let down = window_event_listener_untyped("offline", move |_| offline.online.set(false));
        on_cleanup(move || {
            up.remove();
            down.remove();
        });
    }
    offline
}

pub fn use_offline() -> Option<Offline> {
    use_context::<Offline>()
}

impl Offline {
    fn update(self, change: impl FnOnce(&mut Vec<PendingEdit>)) {
        self.pending.update(change);
        self.pending.with_untracked(|p| keep(self.user, p));
    }

    /// How many edits wait to be sent.
    pub fn waiting(self) -> usize {
        self.pending.with(|p| waiting_in(p))
    }

    /// Saves an edit of `task`: at once when the server can be reached, else kept for later.
    pub async fn save_task(
        self,
        task: TaskView,
        input: TaskInput,
        base: TaskInput,
    ) -> Result<Saved, AppError> {
        self.save_task_edit(task, input, base, None).await
    }

    /// Saves a card's move on the board (`moved`: the card as it shows where it was dropped).
    pub async fn save_move(
        self,
        task: TaskView,
        moved: TaskInput,
        place: TaskMove,
    ) -> Result<Saved, AppError> {
        let base = task.input.clone();
        self.save_task_edit(task, moved, base, Some(place)).await
    }

    async fn save_task_edit(
        self,
        task: TaskView,
        input: TaskInput,
        base: TaskInput,
        place: Option<TaskMove>,
    ) -> Result<Saved, AppError> {
        let edit = self.new_edit(Waiting::Task {
            task,
            input,
            base,
            place,
        });
        let shown = edit.shown().ok_or(AppError::Internal)?;
        match self.attempt(edit).await? {
            Some(Sent::Task(saved)) => Ok(Saved::Now(saved)),
            _ => Ok(Saved::Later(shown)),
        }
    }

    /// Posts a comment on `thread` (`on`: what it is on, by name); `None` when it is kept to be
    /// posted later.
    pub async fn save_comment(
        self,
        thread: Thread,
        body: String,
        on: String,
    ) -> Result<Option<CommentSaved>, AppError> {
        let edit = self.new_edit(Waiting::Comment { thread, body, on });
        match self.attempt(edit).await? {
            Some(Sent::Comment(saved)) => Ok(Some(saved)),
            _ => Ok(None),
        }
    }

    /// Saves a check-in on `project` (by name); `None` when it is kept to be sent later.
    pub async fn save_check_in(
        self,
        check_in: CheckInInput,
        project: String,
    ) -> Result<Option<CheckInView>, AppError> {
        let edit = self.new_edit(Waiting::CheckIn { check_in, project });
        match self.attempt(edit).await? {
            Some(Sent::CheckIn(saved)) => Ok(Some(saved)),
            _ => Ok(None),
        }
    }

    fn new_edit(self, what: Waiting) -> PendingEdit {
        PendingEdit {
            id: new_id(),
            what,
            state: PendingState::Waiting,
        }
    }

    /// Sends `edit` at once when the server can be reached, else keeps it (`None`).
    async fn attempt(self, edit: PendingEdit) -> Result<Option<Sent>, AppError> {
        if !browser_online() {
            self.online.set(false);
            self.queue(edit);
            return Ok(None);
        }
        match send_one(&edit).await {
            Ok(sent) => Ok(Some(sent)),
            // Never reached the server (or its answer never came back): kept; the same id
            // applies it once whichever way it went.
            Err(AppError::Transport(_)) => {
                self.queue(edit);
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    fn queue(self, mut edit: PendingEdit) {
        // Sent later, a check-in is for the day it was written.
        if let Waiting::CheckIn { check_in, .. } = &mut edit.what {
            check_in.day = check_in.day.or_else(device_day);
        }
        self.update(|p| p.push(edit));
    }

    /// Sends the waiting edits in the order they were made, until the connection fails.
    pub fn send(self, i18n: crate::i18n::I18n) {
        if self.sending.get_value() || self.pending.with_untracked(|p| waiting_in(p)) == 0 {
            return;
        }
        self.sending.set_value(true);
        leptos::task::spawn_local(async move {
            loop {
                let next = self.pending.with_untracked(|p| {
                    p.iter().find(|e| e.state == PendingState::Waiting).cloned()
                });
                let Some(edit) = next else { break };
                let outcome = send_one(&edit).await;
                if let Err(AppError::Transport(_)) = outcome {
                    self.online.set(browser_online());
                    break;
                }
                let sent = outcome.is_ok();
                self.update(|p| {
                    let Some(at) = p.iter().position(|e| e.id == edit.id) else {
                        return;
                    };
                    match outcome {
                        Ok(Sent::CheckIn(saved)) if !saved.kept.is_empty() => {
                            let tasks = saved
                                .kept_summary(i18n.t(K::ListSeparator))
                                .unwrap_or_default();
                            p[at].state = PendingState::Noted {
                                message: i18n.t(K::CheckInKeptProgress).replace("{tasks}", &tasks),
                            };
                        }
                        Ok(_) => {
                            p.remove(at);
                        }
                        Err(AppError::EditConflict { fields, current }) => {
                            p[at].state = PendingState::Conflict { fields, current };
                        }
                        Err(e) => {
                            p[at].state = PendingState::Refused {
                                message: e.message(i18n.locale.get_untracked()),
                            };
                        }
                    }
                });
                if sent {
                    self.delivered.update(|n| *n += 1);
                }
            }
            self.sending.set_value(false);
        });
    }

    /// The person keeps their values where both changed the same field: the edit is made again
    /// on the task as it is now, under the same id, and sent.
    pub fn keep_mine(self, id: &str, i18n: crate::i18n::I18n) {
        self.update(|p| {
            let Some(edit) = p.iter_mut().find(|e| e.id == id) else {
                return;
            };
            let (
                PendingState::Conflict { current, .. },
                Waiting::Task {
                    task, input, base, ..
                },
            ) = (&edit.state, &mut edit.what)
            else {
                return;
            };
            let current = TaskView::clone(current);
            *input = keep_mine(base, input, &current.input);
            *base = current.input.clone();
            *task = current;
            edit.state = PendingState::Waiting;
        });
        self.send(i18n);
    }

    /// The person drops their edit (keeping what the task is now, or giving up a refused one).
    pub fn drop_edit(self, id: &str) {
        self.update(|p| p.retain(|e| e.id != id));
    }
}

/// How many of `pending` wait to be sent.
fn waiting_in(pending: &[PendingEdit]) -> usize {
    pending
        .iter()
        .filter(|e| e.state == PendingState::Waiting)
        .count()
}

async fn send_one(edit: &PendingEdit) -> Result<Sent, AppError> {
    match &edit.what {
        Waiting::Task {
            task,
            input,
            base,
            place: None,
        } => update_task(
            task.id,
            task.version,
            input.clone(),
            Some(base.clone()),
            Some(edit.id.clone()),
        )
        .await
        .map(Sent::Task),
        // Moves, comments and check-ins are made on pages whose code comes later (the board,
        // a task's comments, a project's check-in): so does the code that sends them.
        _ => send_from_a_project(edit.clone()).await,
    }
}

/// Starts fetching the code that sends moves, comments and check-ins (`send_from_a_project`)
/// as a project is opened, so the first one saved does not wait on it.
pub fn prepare_project_edits() {
    let _ = leptos::lazy_preload!(send_from_a_project);
}

/// Sends a card's move, a comment or a check-in (`send_one`).
#[leptos::lazy]
async fn send_from_a_project(edit: PendingEdit) -> Result<Sent, AppError> {
    let id = Some(edit.id.clone());
    match edit.what {
        // A task's own edit is `send_one`'s.
        Waiting::Task { place: None, .. } => Err(AppError::Internal),
        Waiting::Task {
            task,
            base,
            place: Some(place),
            ..
        } => move_task(TaskMove {
            version: Some(task.version),
            base: Some(base),
            edit_id: id,
            ..place
        })
        .await
        .map(Sent::Task),
        Waiting::Comment { thread, body, .. } => {
            add_comment(thread, body, id).await.map(Sent::Comment)
        }
        Waiting::CheckIn { check_in, .. } => save_check_in(check_in).await.map(Sent::CheckIn),
    }
}

/// Saves an edit of `task` made in place (a list cell, a bar dragged on the Gantt): through the
/// waiting edits where there are any (signed in), so that offline it waits on this device; the
/// task as saved, or as it shows while it waits.
pub async fn save_task_edit(
    offline: Option<Offline>,
    task: TaskView,
    input: TaskInput,
) -> Result<TaskView, AppError> {
    let base = task.input.clone();
    match offline {
        Some(offline) => match offline.save_task(task, input, base).await? {
            Saved::Now(saved) | Saved::Later(saved) => Ok(saved),
        },
        None => update_task(task.id, task.version, input, Some(base), None).await,
    }
}

/// The owner a task shows while an edit of it waits: the person chosen, by name when known.
pub fn owner_named(task: &mut TaskView, members: &[UserRef]) {
    if task.owner.as_ref().map(|o| o.id) != task.input.owner_id {
        task.owner = task
            .input
            .owner_id
            .and_then(|id| members.iter().find(|m| m.id == id).cloned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{TaskProgress, TaskStatus};

    fn task() -> TaskView {
        TaskView {
            id: 7,
            project_id: 1,
            input: TaskInput::titled("海报设计"),
            owner: None,
            sort_order: 1000,
            version: 3,
        }
    }

    #[test]
    fn edits_kept_before_moves_comments_and_check_ins_still_read_as_task_edits() {
        let mut input = TaskInput::titled("海报设计");
        input.progress = 40;
        let kept = serde_json::json!([{
            "id": "0f8fad5b-d9cb-469f-a165-70867728950e",
            "task": task(),
            "input": input,
            "base": TaskInput::titled("海报设计"),
            "state": "Waiting",
        }]);
        let read: Vec<PendingEdit> = serde_json::from_value(kept).unwrap();
        assert_eq!(read[0].shown().unwrap().input.progress, 40);
        assert!(matches!(&read[0].what, Waiting::Task { place: None, .. }));
    }

    #[test]
    fn a_kept_edit_of_no_known_kind_is_refused() {
        let kept = serde_json::json!({"id": "x", "state": "Waiting", "body": "物料已到店"});
        assert!(serde_json::from_value::<PendingEdit>(kept).is_err());
    }

    #[test]
    fn every_kind_of_edit_reads_back_as_it_was_kept() {
        let mut moved = TaskInput::titled("海报设计");
        moved.status = TaskStatus::InProgress;
        let thread = Thread {
            project_id: 1,
            task_id: Some(7),
        };
        let edits = vec![
            PendingEdit {
                id: "a".into(),
                what: Waiting::Task {
                    task: task(),
                    input: moved,
                    base: TaskInput::titled("海报设计"),
                    place: Some(TaskMove {
                        task_id: 7,
                        column_id: 2,
                        before_id: None,
                        lane: None,
                        version: None,
                        base: None,
                        edit_id: None,
                    }),
                },
                state: PendingState::Waiting,
            },
            PendingEdit {
                id: "b".into(),
                what: Waiting::Comment {
                    thread,
                    body: "物料已到店".into(),
                    on: "海报设计".into(),
                },
                state: PendingState::Refused {
                    message: "no".into(),
                },
            },
            PendingEdit {
                id: "c".into(),
                what: Waiting::CheckIn {
                    check_in: CheckInInput {
                        project_id: 1,
                        user_id: None,
                        done: "布置".into(),
                        next: String::new(),
                        blockers: String::new(),
                        tasks: vec![TaskProgress {
                            task_id: 7,
                            progress: 60,
                            was: Some(0),
                        }],
                        day: chrono::NaiveDate::from_ymd_opt(2026, 12, 6),
                    },
                    project: "门店快闪".into(),
                },
                state: PendingState::Noted {
                    message: "saved".into(),
                },
            },
        ];
        let text = serde_json::to_string(&edits).unwrap();
        let read: Vec<PendingEdit> = serde_json::from_str(&text).unwrap();
        assert_eq!(read, edits);
        assert_eq!(read[1].comment_on(thread), Some("物料已到店"));
        assert_eq!(read[0].comment_on(thread), None);
        assert_eq!(waiting_in(&read), 1);
    }
}
