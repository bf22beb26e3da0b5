//! Live collaboration over real WebSocket connections: changes reach everyone watching a project,
//! with presence; edits of different fields both survive and the same field conflicts; a client
//! that was away catches up from its last number; only people who may see the project are let in,
//! and a removed member is cut off. On SQLite and PostgreSQL, and across two server processes on
//! one PostgreSQL database.
mod common;

use std::net::SocketAddr;
use std::time::Duration;

use app::error::AppError;
use app::i18n::K;
use app::live::{ClientMessage, LiveEvent, ServerMessage};
use common::{setup_body, task_body, Harness, BACKENDS};
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

const PASSWORD: &str = "long enough password";
const WAIT: Duration = Duration::from_secs(10);

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A browser's live connection, as the tests drive it.
struct Client {
    socket: Socket,
}

/// Opens `/api/live/{project}`; the HTTP status when the server refuses.
async fn open(
    address: SocketAddr,
    project: i64,
    cookie: Option<&str>,
    after: Option<i64>,
    origin: &str,
) -> Result<Client, u16> {
    let query = after.map(|a| format!("?after={a}")).unwrap_or_default();
    let mut request = format!("ws://{address}/api/live/{project}{query}")
        .into_client_request()
        .unwrap();
    let headers = request.headers_mut();
    headers.insert("origin", origin.parse().unwrap());
    if let Some(cookie) = cookie {
        headers.insert(
            "cookie",
            format!("marquee_session={cookie}").parse().unwrap(),
        );
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok((socket, _)) => Ok(Client { socket }),
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            Err(response.status().as_u16())
        }
        Err(e) => panic!("connecting: {e}"),
    }
}

async fn connect(address: SocketAddr, project: i64, cookie: &str, after: Option<i64>) -> Client {
    let origin = format!("http://{address}");
    open(address, project, Some(cookie), after, &origin)
        .await
        .unwrap_or_else(|status| panic!("live connection refused: {status}"))
}

impl Client {
    /// The next message, or `None` when the server closed the connection.
    async fn next(&mut self) -> Option<ServerMessage> {
        loop {
            let frame = tokio::time::timeout(WAIT, self.socket.next())
                .await
                .expect("a message within the time limit");
            match frame {
                Some(Ok(Message::Text(text))) => {
                    return Some(serde_json::from_str(text.as_str()).expect("a ServerMessage"))
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return None,
                Some(Ok(_)) => continue,
            }
        }
    }

    /// Reads until a message `pick` accepts; panics on a closed connection.
    async fn until<T>(&mut self, mut pick: impl FnMut(&ServerMessage) -> Option<T>) -> T {
        loop {
            let message = self.next().await.expect("the connection stays open");
            if let Some(found) = pick(&message) {
                return found;
            }
        }
    }

    async fn event(&mut self) -> LiveEvent {
        self.until(|m| match m {
            ServerMessage::Event(e) => Some((**e).clone()),
            _ => None,
        })
        .await
    }

    async fn hello(&mut self) -> i64 {
        self.until(|m| match m {
            ServerMessage::Hello { seq } => Some(*seq),
            _ => None,
        })
        .await
    }

    async fn send(&mut self, message: &ClientMessage) {
        let text = serde_json::to_string(message).unwrap();
        self.socket.send(Message::Text(text.into())).await.unwrap();
    }
}

/// Who watches, as (name, open task) pairs in a presence message.
fn watching(message: &ServerMessage) -> Option<Vec<(String, Option<i64>)>> {
    match message {
        ServerMessage::Presence(viewers) => Some(
            viewers
                .iter()
                .map(|v| (v.user.display_name.clone(), v.task))
                .collect(),
        ),
        _ => None,
    }
}

struct Team {
    admin: String,
    ana: String,
    ben: String,
    zoe: String,
    ben_id: i64,
    project: i64,
    task: Value,
}

async fn team(h: &Harness) -> Team {
    let (_, admin, _) = h.call(None, "setup", setup_body("admin", PASSWORD)).await;
    let admin = admin.unwrap();
    let mut ids = Vec::new();
    for name in ["Ana", "Ben", "Zoe"] {
        let user = h
            .ok(&admin, "create_user", json!({ "input": { "username": name.to_lowercase(), "display_name": name, "email": "", "role": "member", "password": PASSWORD } }))
            .await;
        ids.push(user["id"].as_i64().unwrap());
    }
    let project = h.project(&admin, "Launch").await;
    for id in &ids[..2] {
        h.ok(
            &admin,
            "set_project_member",
            json!({ "input": { "project_id": project, "user_id": id, "role": "contributor" } }),
        )
        .await;
    }
    let task = h
        .ok(
            &admin,
            "create_task",
            json!({ "project_id": project, "input": task_body("Key visual") }),
        )
        .await;
    Team {
        ana: h.login("ana", PASSWORD).await,
        ben: h.login("ben", PASSWORD).await,
        zoe: h.login("zoe", PASSWORD).await,
        ben_id: ids[1],
        admin,
        project,
        task,
    }
}

/// An edit of the task as `base` was: `change` applied to it, saved naming `base`'s version.
/// Whether it was saved, and the answer.
async fn edit(
    h: &Harness,
    cookie: &str,
    base: &Value,
    change: impl FnOnce(&mut Value),
) -> (bool, String) {
    let mut input = base["input"].clone();
    change(&mut input);
    let (status, _, text) = h
        .call(
            Some(cookie),
            "update_task",
            json!({ "task_id": base["id"], "version": base["version"], "input": input, "base": base["input"] }),
        )
        .await;
    (status.is_success(), text)
}

async fn scenario(backend: &str) {
    let h = Harness::new(backend).await;
    let t = team(&h).await;
    let address = h.serve().await;
    let project = t.project;
    let task_id = t.task["id"].as_i64().unwrap();

    // Ana and Ben open the project; each sees who is there.
    let mut ana = connect(address, project, &t.ana, None).await;
    let start = ana.hello().await;
    let mut ben = connect(address, project, &t.ben, None).await;
    assert_eq!(ben.hello().await, start);
    ana.until(|m| watching(m).filter(|w| w.len() == 2)).await;

    // Ben opens the task; Ana sees which one.
    ben.send(&ClientMessage::Viewing(Some(task_id))).await;
    let seen = ana
        .until(|m| watching(m).filter(|w| w.iter().any(|(_, task)| task.is_some())))
        .await;
    assert!(
        seen.contains(&("Ben".to_string(), Some(task_id))),
        "{seen:?}"
    );

    // Ana renames the task: Ben gets the event, numbered next, from Ana, with the new title.
    let (ok, text) = edit(&h, &t.ana, &t.task, |i| i["title"] = json!("Key visual v2")).await;
    assert!(ok, "{text}");
    let event = ben.event().await;
    assert_eq!(event.seq, start + 1);
    assert_eq!(
        event.actor.as_ref().map(|a| a.display_name.as_str()),
        Some("Ana")
    );
    assert_eq!(event.change.tasks.len(), 1);
    assert_eq!(event.change.tasks[0].input.title, "Key visual v2");
    assert_eq!(ana.event().await.seq, start + 1);

    // Meanwhile Ben, still on the task as it was, sets its due date: both changes survive.
    let (ok, text) = edit(&h, &t.ben, &t.task, |i| {
        i["start_date"] = json!("2026-12-01");
        i["due_date"] = json!("2026-12-04");
    })
    .await;
    assert!(ok, "{text}");
    let event = ana.event().await;
    assert_eq!(event.seq, start + 2);
    assert_eq!(
        ben.event().await.seq,
        start + 2,
        "one's own changes come back too"
    );
    let both = &event.change.tasks[0].input;
    assert_eq!(both.title, "Key visual v2");
    assert_eq!(
        both.due_date.map(|d| d.to_string()).as_deref(),
        Some("2026-12-04")
    );

    // Ben renames it too, from the task as it was: the same field, refused, showing Ana's title.
    let before = h.fingerprint().await;
    let (ok, text) = edit(&h, &t.ben, &t.task, |i| i["title"] = json!("KV")).await;
    assert!(!ok);
    match serde_json::from_str::<AppError>(&text).unwrap() {
        AppError::EditConflict { fields, current } => {
            assert_eq!(fields, vec![K::TaskTitle]);
            assert_eq!(current.input.title, "Key visual v2");
        }
        other => panic!("expected an edit conflict, got {other:?}"),
    }
    // An edit that names an old version and no starting point is refused as before.
    let (status, _, _) = h
        .call(
            Some(&t.ben),
            "update_task",
            json!({ "task_id": task_id, "version": t.task["version"], "input": t.task["input"] }),
        )
        .await;
    assert!(!status.is_success());
    assert_eq!(
        h.fingerprint().await,
        before,
        "refused edits change nothing"
    );

    // Other kinds of change arrive too: a new task, a column, a deleted task.
    let created = h
        .ok(
            &t.ana,
            "create_task",
            json!({ "project_id": project, "input": task_body("Landing page") }),
        )
        .await;
    let event = ben.event().await;
    assert_eq!(event.change.tasks[0].id, created["id"].as_i64().unwrap());
    h.ok(
        &t.admin,
        "save_board_column",
        json!({ "input": { "id": null, "project_id": project, "name": "Approved", "category": "done", "colour": "green", "wip_limit": null } }),
    )
    .await;
    let event = ben.event().await;
    let board = event.change.board.expect("the board");
    assert!(board.columns.iter().any(|c| c.name == "Approved"));
    h.ok(&t.ana, "delete_task", json!({ "task_id": created["id"] }))
        .await;
    let event = ben.event().await;
    assert_eq!(
        event.change.removed_tasks,
        vec![created["id"].as_i64().unwrap()]
    );
    let last = event.seq;

    // Someone who was away asks for what came after the last number it saw, and gets it in order.
    let mut back = connect(address, project, &t.admin, Some(start)).await;
    assert_eq!(back.hello().await, last);
    let mut caught = Vec::new();
    for _ in start..last {
        caught.push(back.event().await.seq);
    }
    assert_eq!(caught, ((start + 1)..=last).collect::<Vec<_>>());
    // One asking for events the log no longer has is told to load the project again.
    let mut lost = connect(address, project, &t.admin, Some(-5)).await;
    lost.hello().await;
    lost.until(|m| (*m == ServerMessage::Reload).then_some(()))
        .await;

    // Nobody else gets in: not someone outside the project, not without a session, not from
    // another site's page.
    let origin = format!("http://{address}");
    assert_eq!(
        open(address, project, Some(&t.zoe), None, &origin)
            .await
            .err(),
        Some(404)
    );
    assert_eq!(
        open(address, project, None, None, &origin).await.err(),
        Some(401)
    );
    assert_eq!(
        open(address, project, Some(&t.ana), None, "https://evil.example")
            .await
            .err(),
        Some(403)
    );

    // Ben is removed from the project: his connection is told and closed at once.
    h.ok(
        &t.admin,
        "set_project_member",
        json!({ "input": { "project_id": project, "user_id": t.ben_id, "role": null } }),
    )
    .await;
    loop {
        match ben.next().await {
            Some(ServerMessage::Closed) => break,
            Some(ServerMessage::Event(e)) => panic!("a removed member got event {}", e.seq),
            Some(_) => continue,
            None => panic!("closed without saying why"),
        }
    }
    assert_eq!(ben.next().await, None);
    // Ana, still a member, gets that change and stays.
    let event = ana
        .until(|m| match m {
            ServerMessage::Event(e) if e.change.access => Some((**e).clone()),
            _ => None,
        })
        .await;
    assert!(event.change.project);
    h.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_reach_everyone_watching_and_only_them() {
    for backend in BACKENDS {
        scenario(backend).await;
    }
}

/// Two server processes on one PostgreSQL database: a change made through one reaches a browser
/// connected to the other, and each shows who watches through the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_server_processes_share_changes_and_presence() {
    let one = Harness::new("postgres").await;
    let two = one.twin().await;
    let t = team(&one).await;
    let (first, second) = (one.serve().await, two.serve().await);

    let mut ana = connect(first, t.project, &t.ana, None).await;
    let start = ana.hello().await;
    let mut ben = connect(second, t.project, &t.ben, None).await;
    assert_eq!(ben.hello().await, start);
    // Ana, on the first process, sees Ben, who is on the second.
    ana.until(|m| watching(m).filter(|w| w.iter().any(|(name, _)| name == "Ben")))
        .await;

    // Ana's change, made through the first process, reaches Ben on the second.
    let (ok, text) = edit(&one, &t.ana, &t.task, |i| i["title"] = json!("Through one")).await;
    assert!(ok, "{text}");
    let event = ben.event().await;
    assert_eq!(event.seq, start + 1);
    assert_eq!(event.change.tasks[0].input.title, "Through one");
    assert_eq!(ana.event().await.seq, start + 1);
    // And Ben's, made through the second, reaches Ana on the first.
    let current = two
        .ok(&t.ben, "list_tasks", json!({ "project_id": t.project }))
        .await[0]
        .clone();
    let (ok, text) = edit(&two, &t.ben, &current, |i| i["priority"] = json!("high")).await;
    assert!(ok, "{text}");
    let event = ana.event().await;
    assert_eq!(event.seq, start + 2);
    assert_eq!(event.change.tasks[0].input.title, "Through one");
    drop(two);
    one.finish().await;
}
