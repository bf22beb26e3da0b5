//! People: listing (for pickers) and administration.
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};

use super::kernel::authz::require;
use super::kernel::entity::{session, user};
use super::kernel::sessions::hash_password;
use super::kernel::sessions::user_view;
use super::kernel::{audit, AppState, Caller};
use crate::domain::policy::Action;
use crate::domain::validate;
use crate::error::{AppError, AppResult};
use crate::i18n::K;
use crate::model::{AuditAction, AuditEntity, NewUserInput, OrgRole, UserUpdate, UserView};

pub async fn list(state: &AppState, caller: &Caller) -> AppResult<Vec<UserView>> {
    require(caller, Action::ListUsers)?;
    let rows = user::Entity::find()
        .order_by_asc(user::Column::DisplayName)
        .all(&state.db)
        .await?;
    Ok(rows.iter().map(user_view).collect())
}

pub async fn create(state: &AppState, caller: &Caller, input: NewUserInput) -> AppResult<UserView> {
    require(caller, Action::ManageUsers)?;
    validate::new_user(&input).map_err(AppError::Invalid)?;
    let role = input
        .role
        .ok_or_else(|| AppError::invalid("role", K::ErrRequired))?;
    let username = input.username.trim().to_string();
    let password_hash = hash_password(&input.password).await?;
    let txn = state.begin_write().await?;
    if user::Entity::find()
        .filter(user::Column::Username.eq(username.as_str()))
        .count(&txn)
        .await?
        > 0
    {
        return Err(AppError::UsernameTaken);
    }
    let now = Utc::now();
    let created = user::ActiveModel {
        username: Set(username),
        display_name: Set(input.display_name.trim().to_string()),
        email: Set(input.email.trim().to_string()),
        password_hash: Set(password_hash),
        role: Set(role.as_str().to_string()),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let view = user_view(&created);
    audit::Entry::new(AuditEntity::User, created.id, AuditAction::Create)
        .by(caller.id)
        .after(&view)
        .write(&txn)
        .await?;
    txn.commit().await?;
    Ok(view)
}

/// Changes a person's role or deactivates them (which signs them out everywhere). The last active
/// administrator cannot be demoted or deactivated.
pub async fn update(state: &AppState, caller: &Caller, change: UserUpdate) -> AppResult<UserView> {
    require(caller, Action::ManageUsers)?;
    let txn = state.begin_write().await?;
    let found = user::Entity::find_by_id(change.id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let before = user_view(&found);
    let stays_admin = change.role == OrgRole::Admin && change.active;
    if before.role == OrgRole::Admin && before.active && !stays_admin {
        let admins = user::Entity::find()
            .filter(user::Column::Role.eq(OrgRole::Admin.as_str()))
            .filter(user::Column::Active.eq(true))
            .count(&txn)
            .await?;
        if admins <= 1 {
            return Err(AppError::invalid("role", K::ErrLastAdmin));
        }
    }
    let mut active: user::ActiveModel = found.into();
    active.role = Set(change.role.as_str().to_string());
    active.active = Set(change.active);
    active.updated_at = Set(Utc::now());
    let updated = active.update(&txn).await?;
    if !change.active {
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(change.id))
            .exec(&txn)
            .await?;
    }
    let after = user_view(&updated);
    audit::Entry::new(AuditEntity::User, change.id, AuditAction::Update)
        .by(caller.id)
        .before(&before)
        .after(&after)
        .write(&txn)
        .await?;
    txn.commit().await?;
    Ok(after)
}
