//! The server kernel: what every feature service stands on, importing none of them.
//! `state` (AppState, Caller, `commit_change`), `context` (the caller of a server function),
//! `sessions` (passwords, tokens, cookies), `authz` (checks against `domain::policy`), `audit`
//! (the entry every change writes), `crypto` (fields sealed at rest), `hub` (the project event
//! log and live connections), `entity` (SeaORM entities), `db` (connect and migrate), `sql`,
//! `records` (status, names, approval trail), `revision` (caches by project revision), `rate_limit`,
//! `clock` (today in the organisation's time zone), `storage` (where files' content is kept).
pub mod audit;
pub mod authz;
pub mod caller;
pub mod clock;
pub mod context;
pub mod crypto;
pub mod db;
pub mod entity;
pub mod hub;
pub mod mutes;
pub mod networks;
pub mod notices;
pub mod outbound;
pub mod rate_limit;
pub mod records;
pub mod revision;
pub mod sessions;
pub mod sql;
pub mod state;
pub mod storage;
pub mod webpush;

pub use caller::Caller;
pub use state::{AppState, SessionRules};
