//! People: listing (for pickers) and administration.
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};

use super::kernel::authz::require;
use super::kernel::entity::{session, user};
use super::kernel::sessions::hash_password;
use super::kernel::sessions::user_view;
use super::kernel::{audit, AppState, Caller};
use crate::domain::policy::Action;
use crate::domain::validate;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, K};
use crate::model::{AuditAction, AuditEntity, Id, NewUserInput, OrgRole, UserUpdate, UserView};

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
    let created = insert_account(
        &txn,
        Some(caller.id),
        NewAccount {
            username,
            display_name: input.display_name.trim().to_string(),
            email: input.email.trim().to_string(),
            password_hash,
            role,
        },
    )
    .await?;
    let view = user_view(&created);
    txn.commit().await?;
    Ok(view)
}

/// A new account as it is stored: the password already hashed.
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub password_hash: String,
    pub role: OrgRole,
}

/// Stores an account, active, and writes its creation to the audit log as done by `by` (`None`:
/// by the account itself — the first administrator).
pub async fn insert_account<C: ConnectionTrait>(
    db: &C,
    by: Option<Id>,
    account: NewAccount,
) -> AppResult<user::Model> {
    let now = Utc::now();
    let created = user::ActiveModel {
        username: Set(account.username),
        display_name: Set(account.display_name),
        email: Set(account.email),
        password_hash: Set(account.password_hash),
        role: Set(account.role.as_str().to_string()),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::Entry::new(AuditEntity::User, created.id, AuditAction::Create)
        .by(by.unwrap_or(created.id))
        .after(&user_view(&created))
        .write(db)
        .await?;
    Ok(created)
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

/// Remembers `locale` as the language of what is sent to `user_id` while they are away.
pub async fn remember_locale<C: ConnectionTrait>(
    db: &C,
    user_id: Id,
    locale: Locale,
) -> AppResult<()> {
    user::Entity::update_many()
        .col_expr(user::Column::Locale, Expr::value(locale.tag()))
        .filter(user::Column::Id.eq(user_id))
        .filter(user::Column::Locale.ne(locale.tag()))
        .exec(db)
        .await?;
    Ok(())
}

/// The caller chose a language.
pub async fn set_my_locale(state: &AppState, caller: &Caller, tag: &str) -> AppResult<()> {
    let locale = Locale::from_tag(tag).ok_or_else(|| AppError::invalid("tag", K::Language))?;
    remember_locale(&state.db, caller.id, locale).await
}
