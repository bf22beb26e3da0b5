//! The live connection: a WebSocket per open project at `/api/live/{project}?after={seq}`.
//!
//! The browser names the last event it has; it gets `Hello` with the project's current number,
//! the events it missed (or `Reload` when they are no longer kept), then every new event and
//! every change of who is watching. It tells the server which task it has open. The caller is
//! checked when connecting, whenever the project's members change and every half minute; a
//! caller who may no longer see the project gets `Closed` and the connection ends.
use std::time::Duration;

use app::domain::policy::Action;
use app::live::{ClientMessage, ServerMessage, Viewer};
use app::model::{Id, UserRef};

use app::server::kernel::authz::require_project;
use app::server::kernel::hub::{current_seq, events_after, Fan, Subscription};
use app::server::kernel::sessions;
use app::server::kernel::{AppState, Caller};
use axum::extract::ws::{Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Response};
use http::{header, HeaderMap, StatusCode};
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

/// How often a connection checks that its caller may still see the project.
const RECHECK: Duration = Duration::from_secs(30);
/// A ping keeps idle connections open through proxies.
const PING: Duration = Duration::from_secs(25);

#[derive(Deserialize)]
pub struct LiveQuery {
    after: Option<i64>,
}

pub async fn socket(
    state: AppState,
    Path(project_id): Path<Id>,
    Query(query): Query<LiveQuery>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    // A page of another site must not open a connection with our cookie.
    if !crate::security::same_origin(&http::Method::POST, &headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let token = headers
        .get(header::COOKIE)
        .and_then(|h| h.to_str().ok())
        .and_then(sessions::token_in)
        .map(str::to_string);
    let Some(token) = token else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let caller = match sessions::resolve(&state, &token).await {
        Ok(Some(caller)) => caller,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if require_project(&state.db, &caller, project_id, Action::ViewProject)
        .await
        .is_err()
    {
        return StatusCode::NOT_FOUND.into_response();
    }
    upgrade
        .max_message_size(64 << 10)
        // Small buffers: most connections sit idle, and a buffer grows for a large event.
        .read_buffer_size(4 << 10)
        .write_buffer_size(4 << 10)
        .on_upgrade(move |ws| async move {
            let viewer = Viewer {
                user: UserRef {
                    id: caller.id,
                    display_name: caller.display_name.clone(),
                },
                task: None,
            };
            let Ok((subscription, rx)) = state.live.subscribe(&state.db, project_id, viewer).await
            else {
                return;
            };
            state.live.announce(&state.db, project_id).await;
            let session = Session {
                state: &state,
                token,
                caller,
                project_id,
            };
            session.run(ws, &subscription, rx, query.after).await;
            state.live.leave(&subscription);
            state.live.announce(&state.db, project_id).await;
        })
}

struct Session<'a> {
    state: &'a AppState,
    token: String,
    caller: Caller,
    project_id: Id,
}

/// Why a connection ends.
enum End {
    /// The browser went away.
    Gone,
    /// The caller may no longer see the project.
    Refused,
}

impl Session<'_> {
    async fn run(
        &self,
        mut ws: WebSocket,
        subscription: &Subscription,
        mut rx: tokio::sync::broadcast::Receiver<Fan>,
        after: Option<i64>,
    ) {
        let end = self.serve(&mut ws, subscription, &mut rx, after).await;
        if let End::Refused = end {
            let _ = send(&mut ws, &ServerMessage::Closed).await;
        }
        let _ = ws.send(Message::Close(None)).await;
    }

    async fn serve(
        &self,
        ws: &mut WebSocket,
        subscription: &Subscription,
        rx: &mut tokio::sync::broadcast::Receiver<Fan>,
        after: Option<i64>,
    ) -> End {
        let db = &self.state.db;
        let Ok(now) = current_seq(db, self.project_id).await else {
            return End::Refused;
        };
        if send(ws, &ServerMessage::Hello { seq: now }).await.is_err() {
            return End::Gone;
        }
        let mut seen = after.unwrap_or(now).min(now);
        if self.catch_up(ws, &mut seen).await.is_err() {
            return End::Gone;
        }
        // Presence goes out when it differs from what this browser was last told.
        let mut told = self.state.live.presence(self.project_id);
        if send(ws, &ServerMessage::Presence(told.clone()))
            .await
            .is_err()
        {
            return End::Gone;
        }
        let mut recheck = tokio::time::interval(RECHECK);
        recheck.tick().await;
        let mut ping = tokio::time::interval(PING);
        ping.tick().await;
        loop {
            tokio::select! {
                fan = rx.recv() => match fan {
                    Ok(Fan::Event { seq, json, access }) => {
                        if access && !self.allowed().await {
                            return End::Refused;
                        }
                        if seq <= seen {
                            continue;
                        }
                        if seq > seen + 1 {
                            if self.catch_up(ws, &mut seen).await.is_err() {
                                return End::Gone;
                            }
                            continue;
                        }
                        if send_event(ws, &json).await.is_err() {
                            return End::Gone;
                        }
                        seen = seq;
                    }
                    Ok(Fan::Presence(now)) => {
                        if *now != told {
                            if send(ws, &ServerMessage::Presence(now.to_vec())).await.is_err() {
                                return End::Gone;
                            }
                            told = now.to_vec();
                        }
                    }
                    Ok(Fan::Behind) | Err(RecvError::Lagged(_)) => {
                        if self.catch_up(ws, &mut seen).await.is_err() {
                            return End::Gone;
                        }
                    }
                    Err(RecvError::Closed) => return End::Gone,
                },
                incoming = ws.recv() => match incoming {
                    Some(Ok(Message::Text(text))) => {
                        if let Ok(ClientMessage::Viewing(task)) = serde_json::from_str(text.as_str()) {
                            self.state.live.viewing(subscription, task);
                            self.state.live.announce(db, self.project_id).await;
                        }
                    }
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return End::Gone,
                    Some(Ok(_)) => {}
                },
                _ = recheck.tick() => {
                    if !self.allowed().await {
                        return End::Refused;
                    }
                }
                _ = ping.tick() => {
                    if ws.send(Message::Ping(Default::default())).await.is_err() {
                        return End::Gone;
                    }
                }
            }
        }
    }

    /// Sends the events after `seen` from the log, or `Reload` when some are no longer kept.
    async fn catch_up(&self, ws: &mut WebSocket, seen: &mut i64) -> Result<(), axum::Error> {
        match events_after(&self.state.db, self.project_id, *seen).await {
            Ok(Some(events)) => {
                for (seq, json) in events {
                    send_event(ws, &json).await?;
                    *seen = seq;
                }
            }
            Ok(None) | Err(_) => {
                send(ws, &ServerMessage::Reload).await?;
                if let Ok(now) = current_seq(&self.state.db, self.project_id).await {
                    *seen = now;
                }
            }
        }
        Ok(())
    }

    /// Whether the session still stands and its person may still see the project.
    async fn allowed(&self) -> bool {
        match sessions::resolve(self.state, &self.token).await {
            Ok(Some(caller)) if caller.id == self.caller.id => require_project(
                &self.state.db,
                &caller,
                self.project_id,
                Action::ViewProject,
            )
            .await
            .is_ok(),
            _ => false,
        }
    }
}

async fn send(ws: &mut WebSocket, message: &ServerMessage) -> Result<(), axum::Error> {
    let text = serde_json::to_string(message).unwrap_or_default();
    ws.send(Message::Text(text.into())).await
}

/// An event from the log, wrapped as `{"event": …}` without decoding it.
async fn send_event(ws: &mut WebSocket, json: &str) -> Result<(), axum::Error> {
    let text = format!("{{\"event\":{json}}}");
    ws.send(Message::Text(Utf8Bytes::from(text))).await
}
