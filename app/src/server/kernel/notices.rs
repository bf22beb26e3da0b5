//! Telling people: one notice becomes a notification in the app and, for those who want the
//! topic by email or by push (and have a device that takes pushes), a message in the outbox —
//! never to the person who caused it, never on a channel where they turned the topic off. What comes in bursts (ten edits in a minute) is
//! folded: one unread notification per task, brought up to date, and one message waiting.
use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::entity::{mail_setting, notification, outbox, push_subscription};
use super::mutes;
use crate::error::AppResult;
use crate::model::{Id, NotifyChannel, NotifyReason, NotifyTopic, PushDevice};

/// How long a message of a burst waits for the rest of it.
pub const HOLD: Duration = Duration::from_secs(60);
/// The outbox's states.
pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";
pub const SKIPPED: &str = "skipped";

/// The pause before the next try after `attempts` failed ones; `None`: give up.
pub fn backoff(attempts: i32) -> Option<Duration> {
    const PAUSES: [u64; 6] = [60, 300, 1_800, 7_200, 21_600, 43_200];
    usize::try_from(attempts - 1)
        .ok()
        .and_then(|i| PAUSES.get(i))
        .map(|s| Duration::from_secs(*s))
}

/// Takes `row` for this process for `lease` unless another has it; whether it did.
pub async fn claim<C: ConnectionTrait>(
    db: &C,
    row: &outbox::Model,
    now: DateTime<Utc>,
    lease: Duration,
) -> AppResult<bool> {
    let until = now + chrono::Duration::from_std(lease).unwrap_or_default();
    let taken = outbox::Entity::update_many()
        .col_expr(outbox::Column::LeaseUntil, Expr::value(Some(until)))
        .filter(outbox::Column::Id.eq(row.id))
        .filter(outbox::Column::Status.eq(PENDING))
        .filter(outbox::Column::Attempts.eq(row.attempts))
        .filter(
            Condition::any()
                .add(outbox::Column::LeaseUntil.is_null())
                .add(outbox::Column::LeaseUntil.lt(now)),
        )
        .exec(db)
        .await?;
    Ok(taken.rows_affected == 1)
}

/// One thing to tell one person.
#[derive(Clone, Debug)]
pub struct Notice {
    pub to: Id,
    pub reason: NotifyReason,
    pub project_id: Id,
    pub task_id: Option<Id>,
    pub comment_id: Option<Id>,
    pub alert_id: Option<Id>,
    pub report_id: Option<Id>,
    /// Who caused it; none for what the system raises.
    pub actor_id: Option<Id>,
}

impl Notice {
    pub fn new(to: Id, reason: NotifyReason, project_id: Id) -> Notice {
        Notice {
            to,
            reason,
            project_id,
            task_id: None,
            comment_id: None,
            alert_id: None,
            report_id: None,
            actor_id: None,
        }
    }

    pub fn task(mut self, id: Option<Id>) -> Notice {
        self.task_id = id;
        self
    }

    pub fn comment(mut self, id: Id) -> Notice {
        self.comment_id = Some(id);
        self
    }

    pub fn alert(mut self, id: Id) -> Notice {
        self.alert_id = Some(id);
        self
    }

    pub fn report(mut self, id: Id) -> Notice {
        self.report_id = Some(id);
        self
    }

    pub fn by(mut self, actor: Id) -> Notice {
        self.actor_id = Some(actor);
        self
    }

    fn notification(&self) -> notification::ActiveModel {
        notification::ActiveModel {
            user_id: Set(self.to),
            reason: Set(self.reason.as_str().into()),
            project_id: Set(Some(self.project_id)),
            task_id: Set(self.task_id),
            comment_id: Set(self.comment_id),
            alert_id: Set(self.alert_id),
            report_id: Set(self.report_id),
            actor_id: Set(self.actor_id),
            created_at: Set(Utc::now()),
            read_at: Set(None),
            ..Default::default()
        }
    }

    fn message(
        &self,
        channel: NotifyChannel,
        topic: NotifyTopic,
        hold: Duration,
    ) -> outbox::ActiveModel {
        let now = Utc::now();
        outbox::ActiveModel {
            channel: Set(channel.as_str().into()),
            user_id: Set(self.to),
            reason: Set(self.reason.as_str().into()),
            topic: Set(topic.as_str().into()),
            project_id: Set(self.project_id),
            task_id: Set(self.task_id),
            comment_id: Set(self.comment_id),
            alert_id: Set(self.alert_id),
            report_id: Set(self.report_id),
            actor_id: Set(self.actor_id),
            created_at: Set(now),
            send_after: Set(now + chrono::Duration::from_std(hold).unwrap_or_default()),
            status: Set(PENDING.into()),
            attempts: Set(0),
            lease_until: Set(None),
            last_error: Set(String::new()),
            sent_at: Set(None),
            ..Default::default()
        }
    }
}

/// Whether the organisation sends email (an admin set up a server and turned it on).
pub async fn email_on<C: ConnectionTrait>(db: &C) -> AppResult<bool> {
    Ok(mail_setting::Entity::find_by_id(1)
        .one(db)
        .await?
        .is_some_and(|m| m.enabled))
}

/// The devices that take `person`'s pushes, newest first.
pub async fn devices<C: ConnectionTrait>(db: &C, person: Id) -> AppResult<Vec<PushDevice>> {
    Ok(push_subscription::Entity::find()
        .filter(push_subscription::Column::UserId.eq(person))
        .order_by_desc(push_subscription::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|s| PushDevice {
            id: s.id,
            agent: s.agent,
            endpoint: s.endpoint,
            created_at: s.created_at,
            last_ok_at: s.last_ok_at,
        })
        .collect())
}

/// Who hears of `topic` on each channel, of `people`.
struct Hearing {
    in_app: HashSet<Id>,
    email: HashSet<Id>,
    push: HashSet<Id>,
}

impl Hearing {
    fn any(&self, person: Id) -> bool {
        self.in_app.contains(&person) || self.email.contains(&person) || self.push.contains(&person)
    }

    /// The channels beyond the app that reach `person`.
    fn away(&self, person: Id) -> impl Iterator<Item = NotifyChannel> + '_ {
        [
            (NotifyChannel::Email, &self.email),
            (NotifyChannel::Push, &self.push),
        ]
        .into_iter()
        .filter(move |(_, set)| set.contains(&person))
        .map(|(channel, _)| channel)
    }
}

/// Those of `people` with a device that takes pushes.
async fn with_devices<C: ConnectionTrait>(db: &C, people: &[Id]) -> AppResult<HashSet<Id>> {
    let mut found = HashSet::new();
    for part in people.chunks(1_000) {
        found.extend(
            push_subscription::Entity::find()
                .filter(push_subscription::Column::UserId.is_in(part.to_vec()))
                .select_only()
                .column(push_subscription::Column::UserId)
                .distinct()
                .into_tuple::<Id>()
                .all(db)
                .await?,
        );
    }
    Ok(found)
}

async fn hearing<C: ConnectionTrait>(
    db: &C,
    people: &[Id],
    topic: NotifyTopic,
) -> AppResult<Hearing> {
    let in_app = mutes::wanting(db, people.iter().copied(), topic, NotifyChannel::InApp).await?;
    let email = if email_on(db).await? {
        mutes::wanting(db, people.iter().copied(), topic, NotifyChannel::Email).await?
    } else {
        HashSet::new()
    };
    let devices = with_devices(db, people).await?;
    let push = if devices.is_empty() {
        HashSet::new()
    } else {
        mutes::wanting(db, devices, topic, NotifyChannel::Push).await?
    };
    Ok(Hearing {
        in_app,
        email,
        push,
    })
}

/// Those of `people` who hear of `topic` on some channel.
pub async fn listening<C: ConnectionTrait>(
    db: &C,
    people: impl IntoIterator<Item = Id>,
    topic: NotifyTopic,
) -> AppResult<HashSet<Id>> {
    let people: Vec<Id> = people.into_iter().collect();
    let hear = hearing(db, &people, topic).await?;
    Ok(people.into_iter().filter(|p| hear.any(*p)).collect())
}

/// Tells each person of `notices` on the channels they want `topic` on; how many were told.
/// A thousand people cost a handful of statements, not a thousand.
pub async fn tell_all<C: ConnectionTrait>(
    db: &C,
    notices: Vec<Notice>,
    topic: NotifyTopic,
) -> AppResult<usize> {
    let notices: Vec<Notice> = notices
        .into_iter()
        .filter(|n| Some(n.to) != n.actor_id)
        .collect();
    let people: Vec<Id> = notices.iter().map(|n| n.to).collect();
    let hear = hearing(db, &people, topic).await?;
    let shown: Vec<notification::ActiveModel> = notices
        .iter()
        .filter(|n| hear.in_app.contains(&n.to))
        .map(Notice::notification)
        .collect();
    let sent: Vec<outbox::ActiveModel> = notices
        .iter()
        .flat_map(|n| {
            hear.away(n.to)
                .map(|channel| n.message(channel, topic, Duration::ZERO))
        })
        .collect();
    let told = notices.iter().filter(|n| hear.any(n.to)).count();
    for part in shown.chunks(500) {
        notification::Entity::insert_many(part.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    for part in sent.chunks(500) {
        outbox::Entity::insert_many(part.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(told)
}

/// Tells one person; whether they heard of it on any channel.
pub async fn tell<C: ConnectionTrait>(
    db: &C,
    notice: Notice,
    topic: NotifyTopic,
) -> AppResult<bool> {
    Ok(tell_all(db, vec![notice], topic).await? > 0)
}

/// [`tell`], for what comes in bursts: an unread notification of the same reason about the same
/// task is brought up to date instead of a second one written, and a message still waiting in
/// the outbox likewise (it waits [`HOLD`] for the rest of the burst).
pub async fn tell_once<C: ConnectionTrait>(
    db: &C,
    notice: Notice,
    topic: NotifyTopic,
) -> AppResult<bool> {
    if Some(notice.to) == notice.actor_id {
        return Ok(false);
    }
    let hear = hearing(db, &[notice.to], topic).await?;
    if hear.in_app.contains(&notice.to) {
        let waiting = notification::Entity::find()
            .filter(notification::Column::UserId.eq(notice.to))
            .filter(notification::Column::Reason.eq(notice.reason.as_str()))
            .filter(notification::Column::TaskId.eq(notice.task_id))
            .filter(notification::Column::ReadAt.is_null())
            .select_only()
            .column(notification::Column::Id)
            .into_tuple::<Id>()
            .one(db)
            .await?;
        match waiting {
            Some(id) => {
                notification::Entity::update_many()
                    .col_expr(
                        notification::Column::CommentId,
                        Expr::value(notice.comment_id),
                    )
                    .col_expr(notification::Column::ActorId, Expr::value(notice.actor_id))
                    .col_expr(notification::Column::CreatedAt, Expr::value(Utc::now()))
                    .filter(notification::Column::Id.eq(id))
                    .exec(db)
                    .await?;
            }
            None => {
                notification::Entity::insert(notice.notification())
                    .exec_without_returning(db)
                    .await?;
            }
        }
    }
    for channel in hear.away(notice.to) {
        let folded = outbox::Entity::update_many()
            .col_expr(outbox::Column::CommentId, Expr::value(notice.comment_id))
            .col_expr(outbox::Column::ActorId, Expr::value(notice.actor_id))
            .filter(outbox::Column::UserId.eq(notice.to))
            .filter(outbox::Column::Channel.eq(channel.as_str()))
            .filter(outbox::Column::Reason.eq(notice.reason.as_str()))
            .filter(outbox::Column::TaskId.eq(notice.task_id))
            .filter(outbox::Column::Status.eq(PENDING))
            .filter(outbox::Column::Attempts.eq(0))
            .filter(outbox::Column::LeaseUntil.is_null())
            .exec(db)
            .await?
            .rows_affected;
        if folded == 0 {
            outbox::Entity::insert(notice.message(channel, topic, HOLD))
                .exec_without_returning(db)
                .await?;
        }
    }
    Ok(hear.any(notice.to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tries_pause_longer_each_time_then_stop() {
        let pauses: Vec<u64> = (1..=7).filter_map(backoff).map(|d| d.as_secs()).collect();
        assert_eq!(pauses, vec![60, 300, 1_800, 7_200, 21_600, 43_200]);
        assert!(backoff(0).is_none());
    }
}
