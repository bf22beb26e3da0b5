//! Records as every service reads and writes them: a project's status, people's names, the
//! approval trail of a request (its steps, its decisions, who may still decide — which
//! authorisation needs too, since whoever an approval waits on may read the project), and a
//! versioned record written only if no one saved it meanwhile (`write_at_version`).
use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::entity::{approval_decision, approval_request, project, project_member, user};
use crate::domain::approval::{default_steps, may_decide, Decision, StepRule};
use crate::error::{AppError, AppResult};
use crate::model::{Id, OrgRole, ProjectRole, ProjectStatus, RequestStatus, UserRef};

/// A project's status; a value no version of Marquee wrote reads as a draft.
pub fn status_of(p: &project::Model) -> ProjectStatus {
    ProjectStatus::parse(&p.status).unwrap_or(ProjectStatus::Draft)
}

/// Display names of the people `ids`, by id.
pub async fn names<C: ConnectionTrait>(
    db: &C,
    ids: impl IntoIterator<Item = Id>,
) -> AppResult<HashMap<Id, String>> {
    let ids: Vec<Id> = ids.into_iter().collect();
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

/// A person as the browser shows them, named from `names`.
pub fn user_ref(names: &HashMap<Id, String>, id: Id) -> UserRef {
    UserRef {
        id,
        display_name: names.get(&id).cloned().unwrap_or_default(),
    }
}

/// Everyone active, with their organisation role: who may approve.
pub async fn people<C: ConnectionTrait>(db: &C) -> AppResult<Vec<(Id, OrgRole)>> {
    Ok(active_of(&user::Entity::find().all(db).await?))
}

pub fn active_of(users: &[user::Model]) -> Vec<(Id, OrgRole)> {
    users
        .iter()
        .filter(|u| u.active)
        .filter_map(|u| Some((u.id, OrgRole::parse(&u.role)?)))
        .collect()
}

pub fn steps_of(r: &approval_request::Model) -> Vec<StepRule> {
    serde_json::from_str(&r.steps).unwrap_or_else(|_| default_steps())
}

pub fn decisions_of(rows: &[approval_decision::Model]) -> Vec<Decision> {
    rows.iter()
        .map(|d| Decision {
            step: d.step.max(0) as usize,
            by: d.user_id,
            approve: d.approve,
        })
        .collect()
}

pub async fn decisions<C: ConnectionTrait>(
    db: &C,
    request_ids: Vec<Id>,
) -> AppResult<Vec<approval_decision::Model>> {
    Ok(approval_decision::Entity::find()
        .filter(approval_decision::Column::RequestId.is_in(request_ids))
        .order_by_asc(approval_decision::Column::Id)
        .all(db)
        .await?)
}

/// Whether the project's pending request waits on `user` now.
pub async fn awaits<C: ConnectionTrait>(db: &C, project_id: Id, user: Id) -> AppResult<bool> {
    let pending = approval_request::Entity::find()
        .filter(approval_request::Column::ProjectId.eq(project_id))
        .filter(approval_request::Column::Status.eq(RequestStatus::Pending.as_str()))
        .all(db)
        .await?;
    if pending.is_empty() {
        return Ok(false);
    }
    let made = decisions(db, pending.iter().map(|r| r.id).collect()).await?;
    let people = people(db).await?;
    Ok(pending.iter().any(|r| {
        let mine: Vec<approval_decision::Model> = made
            .iter()
            .filter(|d| d.request_id == r.id)
            .cloned()
            .collect();
        may_decide(
            &steps_of(r),
            &people,
            r.submitted_by,
            &decisions_of(&mine),
            user,
        )
        .is_some()
    }))
}

/// A record people edit side by side: it carries its version, moved on by every save.
pub trait Versioned {
    fn version(&self) -> i32;
}

macro_rules! versioned {
    ($($entity:ident),*) => {$(
        impl Versioned for super::entity::$entity::Model {
            fn version(&self) -> i32 {
                self.version
            }
        }
    )*};
}
versioned!(
    approval_flow,
    budget_line,
    expense,
    kpi_target,
    project,
    project_template,
    task,
    webhook
);

/// The record someone edited, if it is still at the version they read: `Conflict` if another
/// save came first. The early half of the check `write_at_version` completes — it lets a
/// service answer before it does any work, and say "changed meanwhile" rather than "invalid".
pub fn at_version<T: Versioned>(record: T, version: i32) -> AppResult<T> {
    if record.version() == version {
        Ok(record)
    } else {
        Err(AppError::Conflict)
    }
}

/// Writes `changed` (which moves the record to its next version) to the row `id` only if that
/// row is still at `version`; if someone saved it meanwhile, or deleted it, nothing is written
/// and the answer is `Conflict`. The check and the write are one statement, so two people saving
/// the same version at once cannot both pass it, on PostgreSQL as on SQLite. The records people
/// edit side by side (flows, KPIs, budget lines, expenses, webhooks, templates) are saved here.
pub async fn write_at_version<A, C>(db: &C, id: Id, version: i32, changed: A) -> AppResult<()>
where
    A: sea_orm::ActiveModelTrait + Send,
    C: ConnectionTrait,
{
    use sea_orm::sea_query::{Alias, Expr, ExprTrait};
    let result = <A::Entity as EntityTrait>::update_many()
        .set(changed)
        .filter(Expr::col(Alias::new("id")).eq(id))
        .filter(Expr::col(Alias::new("version")).eq(version))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    Ok(())
}

/// Person `id`, active; otherwise field `field` is refused as naming nobody.
pub async fn active_user<C: ConnectionTrait>(
    db: &C,
    id: Id,
    field: &str,
) -> AppResult<user::Model> {
    user::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|u| u.active)
        .ok_or_else(|| AppError::invalid(field, crate::i18n::K::ErrUnknownUser))
}

/// The project's active people: its members with their role, and its owner (`None` when they
/// are not a member), by name.
pub async fn people_of<C: ConnectionTrait>(
    db: &C,
    p: &project::Model,
) -> AppResult<Vec<(UserRef, Option<ProjectRole>)>> {
    let mut roles: HashMap<Id, Option<ProjectRole>> = project_member::Entity::find()
        .filter(project_member::Column::ProjectId.eq(p.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.user_id, ProjectRole::parse(&m.role)))
        .collect();
    roles.entry(p.owner_id).or_insert(None);
    let mut people: Vec<(UserRef, Option<ProjectRole>)> = user::Entity::find()
        .filter(user::Column::Id.is_in(roles.keys().copied()))
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|u| {
            let role = roles.get(&u.id).copied().flatten();
            (
                UserRef {
                    id: u.id,
                    display_name: u.display_name,
                },
                role,
            )
        })
        .collect();
    people.sort_by(|a, b| {
        a.0.display_name
            .cmp(&b.0.display_name)
            .then(a.0.id.cmp(&b.0.id))
    });
    Ok(people)
}
