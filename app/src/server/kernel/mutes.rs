//! What people turned off: a topic on a channel. Everything is on until turned off.
use std::collections::HashSet;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::entity::notify_mute;
use crate::error::AppResult;
use crate::model::{Id, NotifyTopic};

/// The one channel there is so far.
pub const IN_APP: &str = "in_app";

/// Those of `people` who turned `topic` off in the app.
pub async fn muted<C: ConnectionTrait>(
    db: &C,
    people: impl IntoIterator<Item = Id>,
    topic: NotifyTopic,
) -> AppResult<HashSet<Id>> {
    let people: Vec<Id> = people.into_iter().collect();
    if people.is_empty() {
        return Ok(HashSet::new());
    }
    Ok(notify_mute::Entity::find()
        .filter(notify_mute::Column::UserId.is_in(people))
        .filter(notify_mute::Column::Topic.eq(topic.as_str()))
        .filter(notify_mute::Column::Channel.eq(IN_APP))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect())
}
