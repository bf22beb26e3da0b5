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
use super::state::{AppState, SessionRules};
use crate::error::{AppError, AppResult};
use crate::model::{OrgRole, UserView};

pub const SESSION_COOKIE: &str = "marquee_session";
/// The cookie's name over https: the browser then keeps it only if it is `Secure`, for this
/// host alone and the whole site, so a sibling domain cannot plant one.
pub const SECURE_SESSION_COOKIE: &str = "__Host-marquee_session";

/// The session token a `Cookie` header carries, under either name.
pub fn token_in(cookie_header: &str) -> Option<&str> {
    crate::i18n::cookie_value(cookie_header, SECURE_SESSION_COOKIE)
        .or_else(|| crate::i18n::cookie_value(cookie_header, SESSION_COOKIE))
        .filter(|t| !t.is_empty())
}

/// How many password hashes run at once: argon2id takes tens of milliseconds and 19 MiB each.
fn hashers() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, 8)
}

/// How many more may wait for their turn; beyond that a request is refused as busy at once,
/// rather than queueing memory and time without end.
const HASH_QUEUE: usize = 64;

static HASHING: std::sync::LazyLock<tokio::sync::Semaphore> =
    std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(hashers()));
static WAITING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A place in the queue for a hashing turn, given back however the wait ends: a caller that
/// gives up waiting (a client gone in the middle of signing in) leaves no place taken.
struct InQueue;

impl InQueue {
    fn join() -> Option<InQueue> {
        use std::sync::atomic::Ordering;
        if WAITING.fetch_add(1, Ordering::SeqCst) >= HASH_QUEUE {
            WAITING.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(InQueue)
    }
}

impl Drop for InQueue {
    fn drop(&mut self) {
        WAITING.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Runs `work` (a hash) on a blocking thread once a turn is free; `RateLimited` when too many
/// already wait.
async fn in_turn<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
    let place = InQueue::join().ok_or(AppError::RateLimited)?;
    let turn = HASHING.acquire().await;
    drop(place);
    let _turn = turn.map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| AppError::Internal)
}

pub async fn hash_password(password: &str) -> AppResult<String> {
    let password = password.to_string();
    in_turn(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|err| {
                tracing::error!(error = %err, "password hashing failed");
                AppError::Internal
            })
    })
    .await?
}

/// Whether `password` matches `hash`; `RateLimited` when the server is too busy checking
/// others to take it.
pub async fn verify_password(password: &str, hash: &str) -> AppResult<bool> {
    let (password, hash) = (password.to_string(), hash.to_string());
    in_turn(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
}

/// A hash to verify against when the account does not exist, so timing does not reveal it.
pub async fn decoy_hash() -> AppResult<&'static str> {
    static DECOY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DECOY.get() {
        return Ok(hash);
    }
    let hash = hash_password("decoy password that matches nothing").await?;
    Ok(DECOY.get_or_init(|| hash))
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

pub fn session_cookie(token: &str, secure: bool, rules: SessionRules) -> String {
    if secure {
        format!(
            "{SECURE_SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}; Secure",
            rules.lifetime.num_seconds()
        )
    } else {
        format!(
            "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}",
            rules.lifetime.num_seconds()
        )
    }
}

pub fn clear_session_cookie(secure: bool) -> String {
    if secure {
        format!("{SECURE_SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure")
    } else {
        format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
    }
}

pub async fn start_session<C: sea_orm::ConnectionTrait>(
    db: &C,
    user_id: i64,
    rules: SessionRules,
) -> AppResult<String> {
    let token = new_token();
    let now = Utc::now();
    session::ActiveModel {
        token_hash: Set(token_hash(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        expires_at: Set(now + rules.idle.min(rules.lifetime)),
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
    let now = Utc::now();
    let rules = state.session_rules;
    let end_of_life = found.created_at + rules.lifetime;
    if found.expires_at < now || end_of_life < now {
        session::Entity::delete_by_id(found.id)
            .exec(&state.db)
            .await?;
        return Ok(None);
    }
    // In use: the idle deadline moves on (at most once a minute, never past the lifetime).
    let idle_until = (now + rules.idle).min(end_of_life);
    if idle_until - found.expires_at > Duration::minutes(1) {
        session::Entity::update_many()
            .col_expr(
                session::Column::ExpiresAt,
                sea_orm::sea_query::Expr::value(idle_until),
            )
            .filter(session::Column::Id.eq(found.id))
            .exec(&state.db)
            .await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn callers_who_give_up_waiting_for_a_hashing_turn_leave_no_place_taken() {
        // Every turn taken: each caller queues, and gives up after a moment, more of them than
        // the queue holds.
        let held = HASHING
            .acquire_many(hashers() as u32)
            .await
            .expect("the turns");
        for _ in 0..HASH_QUEUE * 2 {
            let gave_up = tokio::time::timeout(
                std::time::Duration::from_millis(1),
                hash_password("long enough password"),
            )
            .await;
            assert!(
                gave_up.is_err(),
                "it waited for a turn, not refused as busy"
            );
        }
        drop(held);
        // A sign-in after them is not refused as busy.
        let hash = hash_password("long enough password").await.expect("hashed");
        assert!(verify_password("long enough password", &hash)
            .await
            .unwrap());
    }
}
