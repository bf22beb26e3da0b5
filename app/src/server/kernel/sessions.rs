//! Sessions and passwords: argon2id hashes (with a decoy for unknown accounts, so timing tells
//! nothing), 256-bit tokens kept as their SHA-256, the HttpOnly session cookie, and the signed-in
//! person behind a token.
use std::sync::OnceLock;

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use chrono::{Duration, Utc};
use rand::RngCore;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};

use super::caller::Caller;
use super::entity::{session, user};
use super::state::AppState;
use crate::error::{AppError, AppResult};
use crate::model::{OrgRole, UserView};

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
pub async fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DECOY.get() {
        return hash;
    }
    let hash = hash_password("decoy password that matches nothing")
        .await
        .unwrap_or_default();
    DECOY.get_or_init(|| hash)
}

pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn token_hash(token: &str) -> String {
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
