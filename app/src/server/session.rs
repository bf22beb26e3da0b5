//! Signing in and out: first-run set-up (the first administrator, optionally with a demo
//! organisation), sign-in with rate limiting, password changes and what the page knows of the
//! session. Passwords, tokens and cookies themselves are `kernel::sessions`.
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter,
};

use super::kernel::entity::{session, user};
use super::kernel::sessions::{
    decoy_hash, hash_password, start_session, token_hash, user_view, verify_password,
};
use super::kernel::{audit, AppState, Caller};
use super::{demo, users};
use crate::domain::validate::{self, Problems};
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::model::{
    AuditAction, AuditEntity, DemoAccount, OrgRole, PasswordChange, SessionInfo, SetupInput,
};

pub async fn needs_setup(state: &AppState) -> AppResult<bool> {
    Ok(user::Entity::find().count(&state.db).await? == 0)
}

pub async fn session_info(state: &AppState, caller: Option<&Caller>) -> AppResult<SessionInfo> {
    let user = match caller {
        Some(c) => user::Entity::find_by_id(c.id)
            .one(&state.db)
            .await?
            .map(|u| user_view(&u)),
        None => None,
    };
    let unread = match caller {
        Some(c) => super::notifications::unread(&state.db, c.id).await?,
        None => 0,
    };
    let today = match &user {
        Some(_) => Some(super::kernel::clock::today(&state.db).await?),
        None => None,
    };
    Ok(SessionInfo {
        needs_setup: user.is_none() && needs_setup(state).await?,
        user,
        unread,
        today,
    })
}

/// Creates the first administrator (only while there is no account at all), optionally with a
/// demo organisation, and signs them in. Returns the session token and the demo accounts.
pub async fn setup(
    state: &AppState,
    input: SetupInput,
    locale: crate::i18n::Locale,
) -> AppResult<(String, Vec<DemoAccount>)> {
    validate::setup(&input).map_err(AppError::Invalid)?;
    let password_hash = hash_password(&input.password).await?;
    let txn = state.begin_write().await?;
    // Two set-ups at once must not both see no account: on SQLite the write lock taken at
    // `begin_write` orders them; PostgreSQL is told to lock the accounts until this commits.
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        txn.execute_unprepared("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE")
            .await?;
    }
    if user::Entity::find().count(&txn).await? > 0 {
        return Err(AppError::AlreadySetUp);
    }
    let admin = users::insert_account(
        &txn,
        None,
        users::NewAccount {
            username: input.username.trim().to_string(),
            display_name: input.display_name.trim().to_string(),
            email: String::new(),
            password_hash,
            role: OrgRole::Admin,
        },
    )
    .await?;
    let accounts = if input.load_demo {
        demo::load(&txn, &state.sealer, admin.id, locale).await?
    } else {
        Vec::new()
    };
    let token = start_session(&txn, admin.id, state.session_rules).await?;
    txn.commit().await?;
    Ok((token, accounts))
}

pub async fn login(
    state: &AppState,
    username: &str,
    password: &str,
    address: &str,
    agent: &str,
    locale: Locale,
) -> AppResult<String> {
    let username = username.trim().to_lowercase();
    let attempted =
        serde_json::json!({ "username": username.chars().take(64).collect::<String>() });
    // Counted as a failure before the password is checked, forgiven if it was right.
    if let Err(refused) = state.sign_in.attempt(&state.db, &username, address).await {
        if refused == AppError::RateLimited {
            audit::Entry::new(AuditEntity::Session, 0, AuditAction::LoginRefused)
                .after(&attempted)
                .from_client(address, agent)
                .write(&state.db)
                .await?;
        }
        return Err(refused);
    }
    let checked = async {
        let found = user::Entity::find()
            .filter(user::Column::Username.eq(username.as_str()))
            .one(&state.db)
            .await?;
        let hash = match &found {
            Some(u) => u.password_hash.clone(),
            None => decoy_hash().await?.to_string(),
        };
        let ok = verify_password(password, &hash).await?;
        AppResult::Ok(found.filter(|u| ok && u.active))
    }
    .await;
    match checked {
        Ok(Some(u)) => {
            state
                .sign_in
                .succeeded(&state.db, &username, address)
                .await?;
            let token = start_session(&state.db, u.id, state.session_rules).await?;
            super::users::remember_locale(&state.db, u.id, locale).await?;
            audit::Entry::new(AuditEntity::Session, u.id, AuditAction::Login)
                .by(u.id)
                .from_client(address, agent)
                .write(&state.db)
                .await?;
            Ok(token)
        }
        Ok(None) => {
            audit::Entry::new(AuditEntity::Session, 0, AuditAction::LoginFailed)
                .after(&attempted)
                .from_client(address, agent)
                .write(&state.db)
                .await?;
            Err(AppError::BadCredentials)
        }
        // Not checked at all (too busy, or the database failed): not a failure of the person.
        Err(e) => {
            state
                .sign_in
                .give_back(&state.db, &username, address)
                .await?;
            Err(e)
        }
    }
}

/// Changes the caller's password and signs out every other session of theirs.
pub async fn change_password(
    state: &AppState,
    caller: &Caller,
    change: PasswordChange,
    current_token: &str,
) -> AppResult<()> {
    let mut problems = Problems::default();
    validate::password_rules(&mut problems, "new", &change.new);
    problems.finish().map_err(AppError::Invalid)?;
    let person = user::Entity::find_by_id(caller.id)
        .one(&state.db)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    state.sign_in.password_check(&state.db, caller.id).await?;
    if !verify_password(&change.current, &person.password_hash).await? {
        return Err(AppError::invalid(
            "current",
            crate::i18n::K::ErrBadCredentials,
        ));
    }
    state.sign_in.password_checked(&state.db, caller.id).await?;
    let hash = hash_password(&change.new).await?;
    let txn = state.begin_write().await?;
    let mut active: user::ActiveModel = person.into();
    active.password_hash = Set(hash);
    active.updated_at = Set(Utc::now());
    active.update(&txn).await?;
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(caller.id))
        .filter(session::Column::TokenHash.ne(token_hash(current_token)))
        .exec(&txn)
        .await?;
    audit::Entry::new(AuditEntity::User, caller.id, AuditAction::ChangePassword)
        .by(caller.id)
        .write(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}
