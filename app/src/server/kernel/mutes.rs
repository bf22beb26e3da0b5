//! What people chose to be told of: a topic on a channel. Without a choice the topic's default
//! for the channel holds (`NotifyTopic::default_on`): in the app everything is on.
use std::collections::HashSet;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::entity::notify_mute;
use crate::error::AppResult;
use crate::model::{Id, NotifyChannel, NotifyTopic};

/// Those of `people` who want `topic` on `channel`.
pub async fn wanting<C: ConnectionTrait>(
    db: &C,
    people: impl IntoIterator<Item = Id>,
    topic: NotifyTopic,
    channel: NotifyChannel,
) -> AppResult<HashSet<Id>> {
    let mut out: HashSet<Id> = people.into_iter().collect();
    if out.is_empty() {
        return Ok(out);
    }
    let mut chosen = Vec::new();
    // Bounded lists: a fan-out to thousands asks in parts (databases limit a statement's values).
    let all: Vec<Id> = out.iter().copied().collect();
    for part in all.chunks(1_000) {
        chosen.extend(
            notify_mute::Entity::find()
                .filter(notify_mute::Column::UserId.is_in(part.to_vec()))
                .filter(notify_mute::Column::Topic.eq(topic.as_str()))
                .filter(notify_mute::Column::Channel.eq(channel.as_str()))
                .all(db)
                .await?,
        );
    }
    if topic.default_on(channel) {
        for choice in chosen.iter().filter(|c| !c.wanted) {
            out.remove(&choice.user_id);
        }
    } else {
        let wanted: HashSet<Id> = chosen
            .iter()
            .filter(|c| c.wanted)
            .map(|c| c.user_id)
            .collect();
        out.retain(|id| wanted.contains(id));
    }
    Ok(out)
}
