//! Writing a notification: never to the person who caused it, never on a topic they turned
//! off, and — for what comes in bursts — one unread notification per task, kept up to date.
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};

use super::entity::notification;
use super::mutes;
use crate::error::AppResult;
use crate::model::{Id, NotifyReason, NotifyTopic};

/// One notification to write.
pub struct Notice {
    pub to: Id,
    pub reason: NotifyReason,
    pub project_id: Id,
    pub task_id: Option<Id>,
    pub comment_id: Option<Id>,
    /// Who caused it.
    pub actor_id: Id,
}

/// Whether its person is to hear of it: they did not cause it, nor turn `topic` off.
async fn wanted<C: ConnectionTrait>(
    db: &C,
    notice: &Notice,
    topic: NotifyTopic,
) -> AppResult<bool> {
    Ok(notice.to != notice.actor_id && mutes::muted(db, [notice.to], topic).await?.is_empty())
}

/// Writes `notice` unless its person caused it or turned `topic` off; whether it was written.
pub async fn tell<C: ConnectionTrait>(
    db: &C,
    notice: Notice,
    topic: NotifyTopic,
) -> AppResult<bool> {
    if !wanted(db, &notice, topic).await? {
        return Ok(false);
    }
    notification::ActiveModel {
        user_id: Set(notice.to),
        reason: Set(notice.reason.as_str().into()),
        project_id: Set(Some(notice.project_id)),
        task_id: Set(notice.task_id),
        comment_id: Set(notice.comment_id),
        alert_id: Set(None),
        actor_id: Set(Some(notice.actor_id)),
        created_at: Set(Utc::now()),
        read_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(true)
}

/// [`tell`], except that an unread notification of the same reason about the same task is
/// brought up to date instead of a second one written: ten in a minute arrive as one.
pub async fn tell_once<C: ConnectionTrait>(
    db: &C,
    notice: Notice,
    topic: NotifyTopic,
) -> AppResult<bool> {
    if !wanted(db, &notice, topic).await? {
        return Ok(false);
    }
    let waiting = notification::Entity::find()
        .filter(notification::Column::UserId.eq(notice.to))
        .filter(notification::Column::Reason.eq(notice.reason.as_str()))
        .filter(notification::Column::TaskId.eq(notice.task_id))
        .filter(notification::Column::ReadAt.is_null())
        .one(db)
        .await?;
    let Some(waiting) = waiting else {
        return tell(db, notice, topic).await;
    };
    notification::Entity::update_many()
        .col_expr(
            notification::Column::CommentId,
            Expr::value(notice.comment_id),
        )
        .col_expr(notification::Column::ActorId, Expr::value(notice.actor_id))
        .col_expr(notification::Column::CreatedAt, Expr::value(Utc::now()))
        .filter(notification::Column::Id.eq(waiting.id))
        .exec(db)
        .await?;
    Ok(true)
}
