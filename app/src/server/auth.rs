//! Accounts and sessions: argon2id password hashes, server-side session records behind an
//! HttpOnly cookie, first-run set-up and sign-in with rate limiting.
use std::sync::OnceLock;

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use chrono::{Duration, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use sha2::{Digest, Sha256};

use super::entity::{session, user};
use super::{audit, demo, AppState, Caller};
use crate::domain::validate::{self, Problems};
use crate::error::{AppError, AppResult};
use crate::model::{
    AuditAction, AuditEntity, DemoAccount, OrgRole, PasswordChange, SessionInfo, SetupInput,
    UserView,
};

pub const SESSION_COOKIE: &str = "marquee_session";
pub const SESSION_DAYS: i64 = 14;

pub async fn hash_password(password: &str) -> AppResult<String> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|err| {
                tracing::error!(error = %err, "password hashing failed");
                AppError::Internal
            })
    })
    .await
    .map_err(|_| AppError::Internal)?
}

pub async fn verify_password(password: &str, hash: &str) -> bool {
    let (password, hash) = (password.to_string(), hash.to_string());
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A hash to verify against when the account does not exist, so timing does not reveal it.
async fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DECOY.get() {
        return hash;
    }
    let hash = hash_password("decoy password that matches nothing")
        .await
        .unwrap_or_default();
    DECOY.get_or_init(|| hash)
}

pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub(crate) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub fn user_view(u: &user::Model) -> UserView {
    UserView {
        id: u.id,
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        email: u.email.clone(),
        role: OrgRole::parse(&u.role).unwrap_or(OrgRole::Viewer),
        active: u.active,
    }
}

pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        SESSION_DAYS * 24 * 3600,
        if secure { "; Secure" } else { "" }
    )
}

pub fn clear_session_cookie(secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

pub async fn start_session<C: sea_orm::ConnectionTrait>(db: &C, user_id: i64) -> AppResult<String> {
    let token = new_token();
    let now = Utc::now();
    session::ActiveModel {
        token_hash: Set(token_hash(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(SESSION_DAYS)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The signed-in person behind a session token, if the session is live and the account active.
pub async fn resolve(state: &AppState, token: &str) -> AppResult<Option<Caller>> {
    let Some(found) = session::Entity::find()
        .filter(session::Column::TokenHash.eq(token_hash(token)))
        .one(&state.db)
        .await?
    else {
        return Ok(None);
    };
    if found.expires_at < Utc::now() {
        session::Entity::delete_by_id(found.id)
            .exec(&state.db)
            .await?;
        return Ok(None);
    }
    let person = user::Entity::find_by_id(found.user_id)
        .one(&state.db)
        .await?;
    Ok(person.filter(|u| u.active).map(|u| Caller {
        id: u.id,
        role: OrgRole::parse(&u.role).unwrap_or(OrgRole::Viewer),
        display_name: u.display_name,
    }))
}

pub async fn end_session(state: &AppState, token: &str) -> AppResult<()> {
    session::Entity::delete_many()
        .filter(session::Column::TokenHash.eq(token_hash(token)))
        .exec(&state.db)
        .await?;
    Ok(())
}

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
        Some(c) => super::alerts::unread(&state.db, c.id).await?,
        None => 0,
    };
    Ok(SessionInfo {
        needs_setup: user.is_none() && needs_setup(state).await?,
        user,
        unread,
    })
}

/// Creates the first administrator (only while there is no account at all), optionally with a
/// demo organisation, and signs them in. Returns the session token and the demo accounts.
pub async fn setup(
    state: &AppState,
    input: SetupInput,
    locale: crate::i18n::Locale,
) -> AppResult<(String, Vec<DemoAccount>)> {
    validate::setup(&input)?;
    let password_hash = hash_password(&input.password).await?;
    let txn = state.begin_write().await?;
    if user::Entity::find().count(&txn).await? > 0 {
        return Err(AppError::AlreadySetUp);
    }
    let now = Utc::now();
    let admin = user::ActiveModel {
        username: Set(input.username.trim().to_string()),
        display_name: Set(input.display_name.trim().to_string()),
        email: Set(String::new()),
        password_hash: Set(password_hash),
        role: Set(OrgRole::Admin.as_str().to_string()),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let view = user_view(&admin);
    audit::record(
        &txn,
        Some(admin.id),
        AuditEntity::User,
        admin.id,
        AuditAction::Create,
        None::<&()>,
        Some(&view),
    )
    .await?;
    let accounts = if input.load_demo {
        demo::load(&txn, &state.sealer, admin.id, locale).await?
    } else {
        Vec::new()
    };
    let token = start_session(&txn, admin.id).await?;
    txn.commit().await?;
    Ok((token, accounts))
}

pub async fn login(
    state: &AppState,
    username: &str,
    password: &str,
    address: &str,
) -> AppResult<String> {
    let username = username.trim().to_lowercase();
    if !state.limiter.allowed(&username, address) {
        return Err(AppError::RateLimited);
    }
    let found = user::Entity::find()
        .filter(user::Column::Username.eq(username.as_str()))
        .one(&state.db)
        .await?;
    let hash = match &found {
        Some(u) => u.password_hash.clone(),
        None => decoy_hash().await.to_string(),
    };
    let ok = verify_password(password, &hash).await;
    match found {
        Some(u) if ok && u.active => {
            state.limiter.record_success(&username);
            let token = start_session(&state.db, u.id).await?;
            audit::record(
                &state.db,
                Some(u.id),
                AuditEntity::Session,
                u.id,
                AuditAction::Login,
                None::<&()>,
                None::<&()>,
            )
            .await?;
            Ok(token)
        }
        _ => {
            state.limiter.record_failure(&username, address);
            Err(AppError::BadCredentials)
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
    problems.finish()?;
    let person = user::Entity::find_by_id(caller.id)
        .one(&state.db)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if !verify_password(&change.current, &person.password_hash).await {
        return Err(AppError::invalid(
            "current",
            crate::i18n::K::ErrBadCredentials,
        ));
    }
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
    audit::record(
        &txn,
        Some(caller.id),
        AuditEntity::User,
        caller.id,
        AuditAction::ChangePassword,
        None::<&()>,
        None::<&()>,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
