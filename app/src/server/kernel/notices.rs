//! Telling people: one notice becomes a notification in the app and, for those who want the
//! topic by email, a message in the outbox — never to the person who caused it, never on a
//! channel where they turned the topic off. What comes in bursts (ten edits in a minute) is
//! folded: one unread notification per task, brought up to date, and one message waiting.
use std::collections::HashSet;
use std::time::Duration;

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
};

use super::entity::{mail_setting, notification, outbox};
use super::mutes;
use crate::error::AppResult;
use crate::model::{Id, NotifyChannel, NotifyReason, NotifyTopic};

/// How long a message of a burst waits for the rest of it.
pub const HOLD: Duration = Duration::from_secs(60);
/// The outbox's states.
pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";
pub const SKIPPED: &str = "skipped";

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

/// Who hears of `topic` on each channel, of `people`.
struct Hearing {
    in_app: HashSet<Id>,
    email: HashSet<Id>,
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
    Ok(Hearing { in_app, email })
}

/// Those of `people` who hear of `topic` on some channel.
pub async fn listening<C: ConnectionTrait>(
    db: &C,
    people: impl IntoIterator<Item = Id>,
    topic: NotifyTopic,
) -> AppResult<HashSet<Id>> {
    let people: Vec<Id> = people.into_iter().collect();
    let hear = hearing(db, &people, topic).await?;
    Ok(hear.in_app.union(&hear.email).copied().collect())
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
    let mailed: Vec<outbox::ActiveModel> = notices
        .iter()
        .filter(|n| hear.email.contains(&n.to))
        .map(|n| n.message(NotifyChannel::Email, topic, Duration::ZERO))
        .collect();
    let told = notices
        .iter()
        .filter(|n| hear.in_app.contains(&n.to) || hear.email.contains(&n.to))
        .count();
    for part in shown.chunks(500) {
        notification::Entity::insert_many(part.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    for part in mailed.chunks(500) {
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
    if hear.email.contains(&notice.to) {
        let folded = outbox::Entity::update_many()
            .col_expr(outbox::Column::CommentId, Expr::value(notice.comment_id))
            .col_expr(outbox::Column::ActorId, Expr::value(notice.actor_id))
            .filter(outbox::Column::UserId.eq(notice.to))
            .filter(outbox::Column::Channel.eq(NotifyChannel::Email.as_str()))
            .filter(outbox::Column::Reason.eq(notice.reason.as_str()))
            .filter(outbox::Column::TaskId.eq(notice.task_id))
            .filter(outbox::Column::Status.eq(PENDING))
            .filter(outbox::Column::Attempts.eq(0))
            .filter(outbox::Column::LeaseUntil.is_null())
            .exec(db)
            .await?
            .rows_affected;
        if folded == 0 {
            outbox::Entity::insert(notice.message(NotifyChannel::Email, topic, HOLD))
                .exec_without_returning(db)
                .await?;
        }
    }
    Ok(hear.in_app.contains(&notice.to) || hear.email.contains(&notice.to))
}
