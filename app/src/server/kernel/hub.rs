//! Live collaboration on the server: every change to a project is written, in its own
//! transaction, as one numbered event (`project_events`, numbered by the project's revision), and
//! sent to every browser watching the project.
//!
//! The event log in the database is the source: a process that learns a project changed reads the
//! events it has not sent yet and hands them to its connections. It learns it from its own
//! services after they commit, and on PostgreSQL also from `NOTIFY` (sent inside the change's
//! transaction, so it arrives only once the change is visible), which is how a change made through
//! one server process reaches browsers connected to another. Presence (who is watching, which
//! task they have open) is kept per process and shared the same way.
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use super::caller::Caller;
use super::entity::{project, project_event};
use crate::error::{AppError, AppResult};
use crate::live::{LiveEvent, ProjectChange, Viewer};
use crate::model::{Id, UserRef};

/// Events kept per project for browsers catching up; one further behind loads the project again.
pub const KEPT_EVENTS: i64 = 1000;
const EVENTS_CHANNEL: &str = "marquee_events";
const PRESENCE_CHANNEL: &str = "marquee_presence";
/// How often a process tells the others who is watching through it, and how long that holds.
const PRESENCE_BEAT: Duration = Duration::from_secs(15);
const PRESENCE_TTL: Duration = Duration::from_secs(45);

/// Records one change of a project inside its transaction: advances the revision, writes the
/// event under the new revision and, on PostgreSQL, queues the notification for commit (naming
/// `hub`'s process, which hands the event to its own connections itself). Returns the event's
/// number.
pub async fn record<C: ConnectionTrait>(
    db: &C,
    hub: &Hub,
    project_id: Id,
    actor: Option<&Caller>,
    change: ProjectChange,
) -> AppResult<i64> {
    project::Entity::update_many()
        .col_expr(
            project::Column::Revision,
            Expr::col(project::Column::Revision).add(1),
        )
        .filter(project::Column::Id.eq(project_id))
        .exec(db)
        .await?;
    let seq = current_seq(db, project_id).await?;
    let event = LiveEvent {
        seq,
        actor: actor.map(|c| UserRef {
            id: c.id,
            display_name: c.display_name.clone(),
        }),
        change,
    };
    let payload = serde_json::to_string(&event).map_err(|e| {
        tracing::error!(error = %e, "encoding an event");
        AppError::Internal
    })?;
    project_event::ActiveModel {
        project_id: Set(project_id),
        seq: Set(seq),
        payload: Set(payload),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    project_event::Entity::delete_many()
        .filter(project_event::Column::ProjectId.eq(project_id))
        .filter(project_event::Column::Seq.lte(seq - KEPT_EVENTS))
        .exec(db)
        .await?;
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [
                EVENTS_CHANNEL.into(),
                format!("{project_id} {}", hub.instance).into(),
            ],
        ))
        .await?;
    }
    Ok(seq)
}

/// The events of a project after `after`, oldest first; `None` when some of them are no longer
/// kept (the reader must load the project again).
pub async fn events_after<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    after: i64,
) -> AppResult<Option<Vec<(i64, Arc<str>)>>> {
    let rows = project_event::Entity::find()
        .filter(project_event::Column::ProjectId.eq(project_id))
        .filter(project_event::Column::Seq.gt(after))
        .order_by_asc(project_event::Column::Seq)
        .all(db)
        .await?;
    if rows.first().is_some_and(|first| first.seq != after + 1) {
        return Ok(None);
    }
    Ok(Some(
        rows.into_iter()
            .map(|r| (r.seq, Arc::from(r.payload)))
            .collect(),
    ))
}

/// The project's current revision: the number of its latest event.
pub async fn current_seq<C: ConnectionTrait>(db: &C, project_id: Id) -> AppResult<i64> {
    project::Entity::find_by_id(project_id)
        .select_only()
        .column(project::Column::Revision)
        .into_tuple()
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Of an event, only whether it changed who may see the project: read without building the
/// tasks it carries (an event of a large rescheduling is megabytes).
#[derive(Deserialize)]
struct AccessOnly {
    change: AccessFlag,
}

#[derive(Deserialize)]
struct AccessFlag {
    #[serde(default)]
    access: bool,
}

/// What a process hands to the connections watching one project.
#[derive(Clone, Debug)]
pub enum Fan {
    /// An event, as the JSON of its `LiveEvent`; `access` when who may see the project changed.
    Event {
        seq: i64,
        json: Arc<str>,
        access: bool,
    },
    /// Who is watching now (changed).
    Presence(Arc<Vec<Viewer>>),
    /// Events were missed here: read them from the log.
    Behind,
}

struct Channel {
    tx: broadcast::Sender<Fan>,
    /// The newest event handed out here; the lock also keeps hand-outs in order.
    sent: tokio::sync::Mutex<i64>,
    viewers: Mutex<HashMap<u64, Viewer>>,
}

/// Viewers announced by other processes, by process and project, with when.
type RemoteViewers = HashMap<(String, Id), (Vec<Viewer>, Instant)>;

/// One process's live connections, by project.
pub struct Hub {
    instance: String,
    channels: Mutex<HashMap<Id, Arc<Channel>>>,
    /// Viewers connected through other processes, by process and project, with when they were
    /// last announced.
    remote: Mutex<RemoteViewers>,
    next_connection: AtomicU64,
}

impl Default for Hub {
    fn default() -> Self {
        Hub {
            instance: format!("{:016x}", rand::random::<u64>()),
            channels: Mutex::default(),
            remote: Mutex::default(),
            next_connection: AtomicU64::new(1),
        }
    }
}

/// A connection's place in its project's channel; leaving drops its presence.
pub struct Subscription {
    pub id: u64,
    pub project_id: Id,
}

#[derive(Serialize, Deserialize)]
struct PresenceNote {
    instance: String,
    project_id: Id,
    viewers: Vec<Viewer>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Hub {
    /// Joins a project's channel. Events from the number current at joining are handed out;
    /// the connection reads anything older itself.
    pub async fn subscribe(
        &self,
        db: &DatabaseConnection,
        project_id: Id,
        viewer: Viewer,
    ) -> AppResult<(Subscription, broadcast::Receiver<Fan>)> {
        let seq = current_seq(db, project_id).await?;
        let channel = {
            let mut channels = lock(&self.channels);
            channels
                .entry(project_id)
                .or_insert_with(|| {
                    Arc::new(Channel {
                        tx: broadcast::channel(1024).0,
                        sent: tokio::sync::Mutex::new(seq),
                        viewers: Mutex::default(),
                    })
                })
                .clone()
        };
        let id = self.next_connection.fetch_add(1, Ordering::Relaxed);
        let rx = channel.tx.subscribe();
        lock(&channel.viewers).insert(id, viewer);
        self.tell_presence(project_id);
        Ok((Subscription { id, project_id }, rx))
    }

    /// How many connections this process holds, over all projects.
    pub fn connections(&self) -> usize {
        lock(&self.channels)
            .values()
            .map(|c| lock(&c.viewers).len())
            .sum()
    }

    /// Leaves the channel (and forgets it when nobody is left).
    pub fn leave(&self, subscription: &Subscription) {
        {
            let mut channels = lock(&self.channels);
            let Some(channel) = channels.get(&subscription.project_id).cloned() else {
                return;
            };
            let mut viewers = lock(&channel.viewers);
            viewers.remove(&subscription.id);
            if viewers.is_empty() {
                channels.remove(&subscription.project_id);
                return;
            }
        }
        self.tell_presence(subscription.project_id);
    }

    /// The task a connection has open changed.
    pub fn viewing(&self, subscription: &Subscription, task: Option<Id>) {
        if let Some(channel) = lock(&self.channels).get(&subscription.project_id) {
            if let Some(v) = lock(&channel.viewers).get_mut(&subscription.id) {
                v.task = task;
            }
        }
        self.tell_presence(subscription.project_id);
    }

    /// Hands everyone watching a project through this process who watches it now, worked out
    /// once for all of them.
    fn tell_presence(&self, project_id: Id) {
        let viewers = Arc::new(self.presence(project_id));
        if let Some(channel) = lock(&self.channels).get(&project_id) {
            let _ = channel.tx.send(Fan::Presence(viewers));
        }
    }

    /// Everyone watching a project through any process, each person once.
    pub fn presence(&self, project_id: Id) -> Vec<Viewer> {
        let mut all: Vec<Viewer> = Vec::new();
        let mut add = |v: &Viewer| match all.iter_mut().find(|a| a.user.id == v.user.id) {
            Some(existing) => {
                if existing.task.is_none() {
                    existing.task = v.task;
                }
            }
            None => all.push(v.clone()),
        };
        if let Some(channel) = lock(&self.channels).get(&project_id) {
            let mut local: Vec<(u64, Viewer)> = lock(&channel.viewers)
                .iter()
                .map(|(k, v)| (*k, v.clone()))
                .collect();
            local.sort_by_key(|(k, _)| *k);
            local.iter().for_each(|(_, v)| add(v));
        }
        let cutoff = Instant::now() - PRESENCE_TTL;
        for ((_, project), (viewers, at)) in lock(&self.remote).iter() {
            if *project == project_id && *at > cutoff {
                viewers.iter().for_each(&mut add);
            }
        }
        all
    }

    fn local_viewers(&self, project_id: Id) -> Vec<Viewer> {
        lock(&self.channels)
            .get(&project_id)
            .map(|c| lock(&c.viewers).values().cloned().collect())
            .unwrap_or_default()
    }

    /// Hands the project's events not yet handed out to this process's connections. Called after
    /// a change commits, and when another process says the project changed.
    pub async fn wake(&self, db: &DatabaseConnection, project_id: Id) {
        let Some(channel) = lock(&self.channels).get(&project_id).cloned() else {
            return;
        };
        let mut sent = channel.sent.lock().await;
        let events = match events_after(db, project_id, *sent).await {
            Ok(Some(events)) => events,
            // Older events are gone: each connection catches up by itself (or is told to load
            // the project again).
            Ok(None) => {
                if let Ok(seq) = current_seq(db, project_id).await {
                    *sent = seq;
                    let _ = channel.tx.send(Fan::Behind);
                }
                return;
            }
            Err(e) => {
                tracing::warn!(error = %e, project_id, "reading events");
                return;
            }
        };
        for (seq, json) in events {
            let access = serde_json::from_str::<AccessOnly>(&json)
                .map(|e| e.change.access)
                .unwrap_or(true);
            *sent = seq;
            let _ = channel.tx.send(Fan::Event { seq, json, access });
        }
    }

    /// Every project this process has connections for.
    fn watched(&self) -> Vec<Id> {
        lock(&self.channels).keys().copied().collect()
    }

    /// On PostgreSQL: tells the other processes who watches `project_id` through this one.
    pub async fn announce(&self, db: &DatabaseConnection, project_id: Id) {
        if db.get_database_backend() != DbBackend::Postgres {
            return;
        }
        let note = PresenceNote {
            instance: self.instance.clone(),
            project_id,
            viewers: self.local_viewers(project_id),
        };
        let Ok(text) = serde_json::to_string(&note) else {
            return;
        };
        // A notification carries at most 8,000 bytes; a crowd that large is announced as empty
        // rather than not at all.
        let text = if text.len() < 7900 {
            text
        } else {
            serde_json::to_string(&PresenceNote {
                viewers: Vec::new(),
                ..note
            })
            .unwrap_or_default()
        };
        let sent = db
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [PRESENCE_CHANNEL.into(), text.into()],
            ))
            .await;
        if let Err(e) = sent {
            tracing::warn!(error = %e, "announcing presence");
        }
    }

    fn heard_presence(&self, payload: &str) {
        let Ok(note) = serde_json::from_str::<PresenceNote>(payload) else {
            return;
        };
        if note.instance == self.instance {
            return;
        }
        let project_id = note.project_id;
        lock(&self.remote).insert((note.instance, project_id), (note.viewers, Instant::now()));
        self.tell_presence(project_id);
    }

    fn forget_silent(&self) {
        let cutoff = Instant::now() - PRESENCE_TTL;
        let mut gone = Vec::new();
        lock(&self.remote).retain(|(_, project), (_, at)| {
            let keep = *at > cutoff;
            if !keep {
                gone.push(*project);
            }
            keep
        });
        for project in gone {
            self.tell_presence(project);
        }
    }
}

/// Runs for the life of the process: on PostgreSQL, listens for other processes' changes and
/// presence, and announces this one's presence now and then.
pub async fn run(hub: Arc<Hub>, db: DatabaseConnection) {
    if db.get_database_backend() != DbBackend::Postgres {
        return;
    }
    let beat = {
        let (hub, db) = (hub.clone(), db.clone());
        async move {
            let mut tick = tokio::time::interval(PRESENCE_BEAT);
            loop {
                tick.tick().await;
                hub.forget_silent();
                for project in hub.watched() {
                    hub.announce(&db, project).await;
                }
            }
        }
    };
    let listen = async move {
        loop {
            if let Err(e) = listen(&hub, &db).await {
                tracing::warn!(error = %e, "listening for changes; trying again");
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    };
    tokio::join!(beat, listen);
}

async fn listen(hub: &Hub, db: &DatabaseConnection) -> Result<(), sea_orm::sqlx::Error> {
    use sea_orm::sqlx::postgres::PgListener;
    let mut listener = PgListener::connect_with(db.get_postgres_connection_pool()).await?;
    listener
        .listen_all([EVENTS_CHANNEL, PRESENCE_CHANNEL])
        .await?;
    // Whatever happened while not listening.
    for project in hub.watched() {
        hub.wake(db, project).await;
    }
    loop {
        match listener.try_recv().await? {
            Some(note) if note.channel() == EVENTS_CHANNEL => {
                // "project process": a change made through this process was handed out already.
                let (project, origin) = note.payload().split_once(' ').unwrap_or_default();
                if origin != hub.instance {
                    if let Ok(project) = project.parse::<Id>() {
                        hub.wake(db, project).await;
                    }
                }
            }
            Some(note) => hub.heard_presence(note.payload()),
            // The connection dropped; notifications may have been lost meanwhile.
            None => {
                for project in hub.watched() {
                    hub.wake(db, project).await;
                }
            }
        }
    }
}
