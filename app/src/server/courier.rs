//! What the couriers of the outbox share (email in `mail`, pushes in `push`): the next batch of
//! one channel's due messages, read with what each says, its person and its project in a few
//! statements, and who is still there to read each one.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::kernel::authz::authorize_project;
use super::kernel::entity::{outbox, project, user};
use super::kernel::notices::PENDING;
use super::kernel::{AppState, Caller};
use super::notifications::{describe, Told};
use crate::domain::policy::Action;
use crate::error::AppResult;
use crate::i18n::Locale;
use crate::model::{Id, NotificationView, NotifyChannel, OrgRole};

/// Due messages of one channel, oldest first, and what they need to be written.
pub struct Due {
    pub rows: Vec<outbox::Model>,
    views: HashMap<Id, NotificationView>,
    people: HashMap<Id, user::Model>,
    projects: HashMap<Id, project::Model>,
}

/// The person a message is for, still there to read it, and what it says.
pub struct Reader<'a> {
    pub person: &'a user::Model,
    pub caller: Caller,
    pub view: &'a NotificationView,
    /// Their stored language (Chinese when they never chose).
    pub locale: Locale,
}

/// Up to `limit` messages of `channel` due at `now` that no process holds.
pub async fn due(
    state: &AppState,
    channel: NotifyChannel,
    now: DateTime<Utc>,
    limit: u64,
) -> AppResult<Due> {
    let db = &state.db;
    let rows = outbox::Entity::find()
        .filter(outbox::Column::Channel.eq(channel.as_str()))
        .filter(outbox::Column::Status.eq(PENDING))
        .filter(outbox::Column::SendAfter.lte(now))
        .filter(
            Condition::any()
                .add(outbox::Column::LeaseUntil.is_null())
                .add(outbox::Column::LeaseUntil.lt(now)),
        )
        .order_by_asc(outbox::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(Due {
            rows,
            views: HashMap::new(),
            people: HashMap::new(),
            projects: HashMap::new(),
        });
    }
    let told: Vec<Told> = rows.iter().map(Told::from).collect();
    let views = describe(db, &state.sealer, &told)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let people = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().map(|r| r.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let projects = project::Entity::find()
        .filter(project::Column::Id.is_in(rows.iter().map(|r| r.project_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    Ok(Due {
        rows,
        views,
        people,
        projects,
    })
}

impl Due {
    /// Who reads `row`: none when there is nothing left to tell — the person is gone or
    /// inactive, may no longer see the project, or what it was about is gone.
    pub async fn reader(
        &self,
        state: &AppState,
        row: &outbox::Model,
    ) -> AppResult<Option<Reader<'_>>> {
        let person = self.people.get(&row.user_id).filter(|u| u.active);
        let (Some(person), Some(view), Some(p)) = (
            person,
            self.views.get(&row.id),
            self.projects.get(&row.project_id),
        ) else {
            return Ok(None);
        };
        let caller = Caller {
            id: person.id,
            role: OrgRole::parse(&person.role).unwrap_or(OrgRole::Viewer),
            display_name: person.display_name.clone(),
        };
        if authorize_project(&state.db, &caller, p, Action::ViewProject)
            .await
            .is_err()
        {
            return Ok(None);
        }
        Ok(Some(Reader {
            person,
            caller,
            view,
            locale: Locale::from_tag(&person.locale).unwrap_or(Locale::Zh),
        }))
    }
}
