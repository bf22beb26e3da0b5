//! The browser's end of live collaboration: one connection per open project, kept while any of
//! its tabs is shown. Events go to whichever views registered for them (`ProjectLive::on_event`);
//! presence and the connection's state are signals the header shows. A dropped connection comes
//! back by itself, asking for the events after the last one applied.
use std::sync::Arc;

use leptos::prelude::*;

use crate::i18n::{tr, K};
use crate::live::{LiveEvent, Viewer};
use crate::model::Id;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiveStatus {
    Connecting,
    Live,
    Reconnecting,
    /// The server ended it: the person may no longer see the project.
    Closed,
}

type Listener = Arc<dyn Fn(&LiveEvent) + Send + Sync>;

/// The open project's live state, shared by its tabs.
#[derive(Clone, Copy)]
pub struct ProjectLive {
    pub status: RwSignal<LiveStatus>,
    /// Everyone watching the project, this person included.
    pub viewers: RwSignal<Vec<Viewer>>,
    /// Bumped when the project has to be read again: too much was missed, or the project's own
    /// record (details, status, members) changed.
    pub reload: RwSignal<u32>,
    /// The task this person has open, told to the others.
    pub viewing: RwSignal<Option<Id>>,
    listeners: StoredValue<Vec<(u64, Listener)>>,
    next_listener: StoredValue<u64>,
}

impl ProjectLive {
    pub fn new(reload: RwSignal<u32>) -> Self {
        ProjectLive {
            status: RwSignal::new(LiveStatus::Connecting),
            viewers: RwSignal::new(Vec::new()),
            reload,
            viewing: RwSignal::new(None),
            listeners: StoredValue::new(Vec::new()),
            next_listener: StoredValue::new(0),
        }
    }

    /// Calls `apply` with every event for as long as the calling view lives.
    pub fn on_event(&self, apply: impl Fn(&LiveEvent) + Send + Sync + 'static) {
        let id = self.next_listener.get_value();
        self.next_listener.set_value(id + 1);
        self.listeners
            .update_value(|all| all.push((id, Arc::new(apply))));
        let listeners = self.listeners;
        on_cleanup(move || {
            listeners.try_update_value(|all| all.retain(|(i, _)| *i != id));
        });
    }

    pub fn dispatch(&self, event: &LiveEvent) {
        for (_, apply) in self.listeners.get_value() {
            apply(event);
        }
        if event.change.project || event.change.access {
            self.reload.update(|n| *n += 1);
        }
    }

    /// Others watching `task` (not this person).
    pub fn others_on(&self, task: Id, me: Option<Id>) -> Vec<Viewer> {
        self.viewers.with(|all| {
            all.iter()
                .filter(|v| v.task == Some(task) && Some(v.user.id) != me)
                .cloned()
                .collect()
        })
    }
}

pub fn use_live() -> Option<ProjectLive> {
    use_context::<ProjectLive>()
}

/// A person's initials for an avatar: the first letter of each of the first two words, or the
/// first character of a Chinese name's given name.
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.as_slice() {
        [] => "?".to_string(),
        [one] => {
            let chars: Vec<char> = one.chars().collect();
            if chars.first().is_some_and(|c| c.is_ascii_alphabetic()) {
                chars.iter().take(2).collect::<String>().to_uppercase()
            } else {
                // 张伟 → 伟: Chinese colleagues go by the given name.
                chars.last().map(|c| c.to_string()).unwrap_or_default()
            }
        }
        [first, second, ..] => first
            .chars()
            .take(1)
            .chain(second.chars().take(1))
            .collect::<String>()
            .to_uppercase(),
    }
}

/// Who is watching, as avatars, and the connection's state.
#[component]
pub fn PresenceBar(live: ProjectLive) -> impl IntoView {
    view! {
        <div class="presence" data-live=move || format!("{:?}", live.status.get()).to_lowercase()>
            {move || match live.status.get() {
                LiveStatus::Reconnecting => Some(view! { <span class="live-state warn" role="status">{tr(K::Reconnecting)}</span> }.into_any()),
                LiveStatus::Closed => Some(view! { <span class="live-state error" role="status">{tr(K::LiveClosed)}</span> }.into_any()),
                LiveStatus::Connecting | LiveStatus::Live => None,
            }}
            <ul class="viewers" aria-label=tr(K::WatchingNow)>
                {move || live.viewers.get().into_iter().map(|v| {
                    let (title, name) = (v.user.display_name.clone(), v.user.display_name.clone());
                    view! {
                        <li class="viewer" title=title data-user=v.user.id class:busy=v.task.is_some()>
                            {initials(&v.user.display_name)}
                            <span class="sr-only">{name}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// Small avatars of the others who have a task open, for its card or row.
#[component]
pub fn WatchersOf(task: Id) -> impl IntoView {
    let live = use_live();
    let session = crate::components::session::use_session();
    move || {
        let live = live?;
        let others = live.others_on(task, session.user().map(|u| u.id));
        (!others.is_empty()).then(|| {
            view! {
                <span class="watchers" aria-label=tr(K::OpenedBy)>
                    {others.into_iter().map(|v| view! {
                        <span class="viewer small" title=v.user.display_name.clone()>{initials(&v.user.display_name)}</span>
                    }).collect_view()}
                </span>
            }
        })
    }
}

/// Keeps the project's connection open while the page shows it; `start` is the number of the
/// change the page's data was read at.
pub fn connect(live: ProjectLive, project_id: Memo<Option<Id>>, start: Signal<Option<i64>>) {
    #[cfg(feature = "hydrate")]
    socket::keep(live, project_id, start);
    #[cfg(not(feature = "hydrate"))]
    let _ = (live, project_id, start);
}

#[cfg(feature = "hydrate")]
mod socket {
    use std::time::Duration;

    use leptos::prelude::*;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{CloseEvent, MessageEvent, WebSocket};

    use super::{LiveStatus, ProjectLive};
    use crate::live::{ClientMessage, ServerMessage};
    use crate::model::Id;

    struct Connection {
        ws: WebSocket,
        _handlers: Vec<Closure<dyn FnMut(web_sys::Event)>>,
    }

    impl Drop for Connection {
        fn drop(&mut self) {
            self.ws.set_onmessage(None);
            self.ws.set_onclose(None);
            self.ws.set_onopen(None);
            let _ = self.ws.close();
        }
    }

    /// Everything one page's connection needs, copied into its callbacks.
    #[derive(Clone, Copy)]
    struct Link {
        live: ProjectLive,
        project: StoredValue<Option<Id>>,
        /// The number of the last event applied.
        seen: StoredValue<Option<i64>>,
        connection: StoredValue<Option<Connection>, LocalStorage>,
        attempts: StoredValue<u32>,
    }

    pub fn keep(live: ProjectLive, project_id: Memo<Option<Id>>, start: Signal<Option<i64>>) {
        let link = Link {
            live,
            project: StoredValue::new(None),
            seen: StoredValue::new(None),
            connection: StoredValue::new_local(None),
            attempts: StoredValue::new(0),
        };
        // A new project (or the first): connect from the number its data was read at.
        Effect::new(move |_| {
            let id = project_id.get();
            let Some(seq) = start.get() else { return };
            if link.project.get_value() == id {
                return;
            }
            link.project.set_value(id);
            link.seen.set_value(Some(seq));
            link.attempts.set_value(0);
            open(link);
        });
        // Tell the others which task this person has open.
        Effect::new(move |_| {
            let task = live.viewing.get();
            link.connection.with_value(|c| {
                if let Some(c) = c {
                    send(&c.ws, &ClientMessage::Viewing(task));
                }
            });
        });
        // Without a network the connection is gone, whatever the socket says yet; with it back,
        // reconnect at once.
        let window = web_sys::window().expect("a window");
        let offline = Closure::<dyn FnMut()>::new(move || {
            if link.live.status.get_untracked() != LiveStatus::Closed {
                link.connection.set_value(None);
                link.live.status.set(LiveStatus::Reconnecting);
                retry(link);
            }
        });
        let online = Closure::<dyn FnMut()>::new(move || {
            if link.live.status.get_untracked() == LiveStatus::Reconnecting {
                link.attempts.set_value(0);
                open(link);
            }
        });
        let _ =
            window.add_event_listener_with_callback("offline", offline.as_ref().unchecked_ref());
        let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        let kept = StoredValue::new_local((offline, online));
        on_cleanup(move || {
            if let Some(window) = web_sys::window() {
                kept.try_with_value(|(offline, online)| {
                    let _ = window.remove_event_listener_with_callback(
                        "offline",
                        offline.as_ref().unchecked_ref(),
                    );
                    let _ = window.remove_event_listener_with_callback(
                        "online",
                        online.as_ref().unchecked_ref(),
                    );
                });
            }
            link.connection.try_set_value(None);
        });
    }

    fn send(ws: &WebSocket, message: &ClientMessage) {
        if ws.ready_state() == WebSocket::OPEN {
            if let Ok(text) = serde_json::to_string(message) {
                let _ = ws.send_with_str(&text);
            }
        }
    }

    fn open(link: Link) {
        link.connection.set_value(None);
        let Some(project) = link.project.get_value() else {
            return;
        };
        let Some(location) = web_sys::window().map(|w| w.location()) else {
            return;
        };
        let scheme = if location.protocol().ok().as_deref() == Some("https:") {
            "wss"
        } else {
            "ws"
        };
        let host = location.host().unwrap_or_default();
        let after = link
            .seen
            .get_value()
            .map(|s| format!("?after={s}"))
            .unwrap_or_default();
        let Ok(ws) = WebSocket::new(&format!("{scheme}://{host}/api/live/{project}{after}")) else {
            retry(link);
            return;
        };
        let on_open = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            link.connection.with_value(|c| {
                if let Some(c) = c {
                    send(
                        &c.ws,
                        &ClientMessage::Viewing(link.live.viewing.get_untracked()),
                    );
                }
            });
        });
        let on_message = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            let Some(text) = event
                .dyn_ref::<MessageEvent>()
                .and_then(|m| m.data().as_string())
            else {
                return;
            };
            if let Ok(message) = serde_json::from_str::<ServerMessage>(&text) {
                receive(link, message);
            }
        });
        let on_close = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            let _ = event.dyn_ref::<CloseEvent>();
            if link.live.status.get_untracked() == LiveStatus::Closed {
                return;
            }
            link.live.status.set(LiveStatus::Reconnecting);
            retry(link);
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        link.connection.set_value(Some(Connection {
            ws,
            _handlers: vec![on_open, on_message, on_close],
        }));
    }

    /// Tries again after a pause that grows with each failure (up to ten seconds).
    fn retry(link: Link) {
        let attempts = link.attempts.get_value();
        link.attempts.set_value(attempts + 1);
        let delay = Duration::from_millis((500u64 << attempts.min(5)).min(10_000));
        let project = link.project.get_value();
        set_timeout(
            move || {
                let still_here = link.project.try_get_value().is_some_and(|p| p == project);
                if still_here
                    && link.live.status.get_untracked() == LiveStatus::Reconnecting
                    && link.connection.with_value(|c| {
                        c.as_ref()
                            .is_none_or(|c| c.ws.ready_state() == WebSocket::CLOSED)
                    })
                {
                    open(link);
                }
            },
            delay,
        );
    }

    fn receive(link: Link, message: ServerMessage) {
        let live = link.live;
        match message {
            ServerMessage::Hello { seq } => {
                match link.seen.get_value() {
                    None => link.seen.set_value(Some(seq)),
                    // The server is behind this page (its database was restored): start over.
                    Some(seen) if seen > seq => {
                        link.seen.set_value(Some(seq));
                        live.reload.update(|n| *n += 1);
                    }
                    Some(_) => {}
                }
                link.attempts.set_value(0);
                live.status.set(LiveStatus::Live);
            }
            ServerMessage::Event(event) => {
                let seen = link.seen.get_value();
                if seen.is_some_and(|s| event.seq <= s) {
                    return;
                }
                if seen.is_some_and(|s| event.seq > s + 1) {
                    // Something was missed: reconnecting asks for it.
                    later(move || open(link));
                    return;
                }
                link.seen.set_value(Some(event.seq));
                live.dispatch(&event);
            }
            ServerMessage::Presence(viewers) => live.viewers.set(viewers),
            ServerMessage::Reload => {
                link.seen.set_value(None);
                live.reload.update(|n| *n += 1);
            }
            ServerMessage::Closed => {
                live.status.set(LiveStatus::Closed);
                later(move || link.connection.set_value(None));
                live.reload.update(|n| *n += 1);
            }
        }
    }

    /// Runs `f` after the current event handler: a connection's handlers must not drop it.
    fn later(f: impl FnOnce() + 'static) {
        set_timeout(f, Duration::ZERO);
    }
}
