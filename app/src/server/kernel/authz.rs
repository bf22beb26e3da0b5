//! Authorisation checks against the permission table in `domain::policy`.
use sea_orm::{ConnectionTrait, EntityTrait};

use super::caller::Caller;
use super::entity::{project, project_member};
use crate::domain::policy::{allows, Action};
use crate::error::{AppError, AppResult};
use crate::i18n::K;
use crate::model::{ProjectPermissions, ProjectRole};

/// An organisation-level permission.
pub fn require(caller: &Caller, action: Action) -> AppResult<()> {
    if allows(caller.role, None, action) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn membership<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    project_id: i64,
) -> AppResult<Option<ProjectRole>> {
    Ok(project_member::Entity::find_by_id((project_id, caller.id))
        .one(db)
        .await?
        .and_then(|m| ProjectRole::parse(&m.role)))
}

/// Loads a project and checks the caller may perform `action` on it. A project the caller may not
/// even see is reported as not found, so its existence does not leak.
pub async fn require_project<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    project_id: i64,
    action: Action,
) -> AppResult<(project::Model, Option<ProjectRole>)> {
    let found = project::Entity::find_by_id(project_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let role = authorize_project(db, caller, &found, action).await?;
    Ok((found, role))
}

/// [`require_project`] for a change: an archived project is read-only for everyone.
pub async fn require_changeable_project<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    project_id: i64,
    action: Action,
) -> AppResult<project::Model> {
    let (found, _) = require_project(db, caller, project_id, action).await?;
    if !super::records::status_of(&found).is_editable() {
        return Err(AppError::invalid("status", K::ErrArchived));
    }
    Ok(found)
}

/// The same check for a project already loaded; returns the caller's project role.
pub async fn authorize_project<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    found: &project::Model,
    action: Action,
) -> AppResult<Option<ProjectRole>> {
    let role = membership(db, caller, found.id).await?;
    // Whoever a project's approval waits on may read it, to decide.
    if !allows(caller.role, role, Action::ViewProject)
        && !super::records::awaits(db, found.id, caller.id).await?
    {
        return Err(AppError::NotFound);
    }
    if action != Action::ViewProject && !allows(caller.role, role, action) {
        return Err(AppError::Forbidden);
    }
    Ok(role)
}

pub fn permissions(caller: &Caller, role: Option<ProjectRole>) -> ProjectPermissions {
    ProjectPermissions {
        edit_project: allows(caller.role, role, Action::EditProject),
        manage_members: allows(caller.role, role, Action::ManageMembers),
        edit_tasks: allows(caller.role, role, Action::EditTasks),
        configure_board: allows(caller.role, role, Action::ConfigureBoard),
        change_status: allows(caller.role, role, Action::ChangeProjectStatus),
        approve: allows(caller.role, role, Action::ApproveProject),
        save_template: allows(caller.role, role, Action::SaveTemplate),
        comment: allows(caller.role, role, Action::Comment),
    }
}
