//! The waiting edits themselves: what one is, where a person's are kept on the device, and
//! sending them (`Offline`).
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::tasks::update_task;
use crate::domain::merge::keep_mine;
use crate::error::AppError;
use crate::i18n::K;
use crate::model::{Id, TaskInput, TaskView, UserRef};

/// A task edit waiting to be applied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingEdit {
    /// Its own id: the server applies each once.
    pub id: String,
    pub task: TaskView,
    /// The task as the person edited it, and as it was when they began.
    pub input: TaskInput,
    pub base: TaskInput,
    pub state: PendingState,
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
}

impl PendingEdit {
    /// The task as it shows while the edit waits.
    pub fn shown(&self) -> TaskView {
        TaskView {
            input: self.input.clone(),
            ..self.task.clone()
        }
    }
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
        let edit = PendingEdit {
            id: new_id(),
            task,
            input,
            base,
            state: PendingState::Waiting,
        };
        if !browser_online() {
            self.online.set(false);
            return Ok(Saved::Later(self.queue(edit)));
        }
        match send_one(&edit).await {
            Ok(saved) => Ok(Saved::Now(saved)),
            // Never reached the server (or its answer never came back): kept; the same id
            // applies it once whichever way it went.
            Err(AppError::Transport(_)) => Ok(Saved::Later(self.queue(edit))),
            Err(e) => Err(e),
        }
    }

    fn queue(self, edit: PendingEdit) -> TaskView {
        let shown = edit.shown();
        self.update(|p| p.push(edit));
        shown
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
                self.update(|p| {
                    let Some(at) = p.iter().position(|e| e.id == edit.id) else {
                        return;
                    };
                    match outcome {
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
            }
            self.sending.set_value(false);
        });
    }

    /// The person keeps their values where both changed the same field: the edit is made again
    /// on the task as it is now, under the same id, and sent.
    pub fn keep_mine(self, id: &str, i18n: crate::i18n::I18n) {
        self.update(|p| {
            if let Some(edit) = p.iter_mut().find(|e| e.id == id) {
                if let PendingState::Conflict { current, .. } = &edit.state {
                    let current = TaskView::clone(current);
                    edit.input = keep_mine(&edit.base, &edit.input, &current.input);
                    edit.base = current.input.clone();
                    edit.task = current;
                    edit.state = PendingState::Waiting;
                }
            }
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

async fn send_one(edit: &PendingEdit) -> Result<TaskView, AppError> {
    update_task(
        edit.task.id,
        edit.task.version,
        edit.input.clone(),
        Some(edit.base.clone()),
        Some(edit.id.clone()),
    )
    .await
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
