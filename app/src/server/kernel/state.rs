//! The state every request reaches (`AppState`: the database, the live hub, the sealer, the
//! limits and caches), who is calling (`Caller`), and the one path every change of a project
//! takes: `begin_write`, then the change and its audit entries, then `commit_change`, which
//! records the change as the project's next event, commits, and wakes the live hub.
use sea_orm::DbErr;

use super::caller::Caller;

/// How long a session lasts: it ends after `idle` without a request, and `lifetime` after the
/// sign-in however busy (configured by `MARQUEE_SESSION_IDLE_HOURS` and `MARQUEE_SESSION_DAYS`).
#[derive(Clone, Copy, Debug)]
pub struct SessionRules {
    pub idle: chrono::Duration,
    pub lifetime: chrono::Duration,
}

impl Default for SessionRules {
    fn default() -> Self {
        SessionRules {
            idle: chrono::Duration::hours(72),
            lifetime: chrono::Duration::days(30),
        }
    }
}

/// The state every request can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: sea_orm::DatabaseConnection,
    /// Failed sign-ins and password checks, counted in the database.
    pub sign_in: super::rate_limit::SignInLimits,
    /// Tracking events per site and day.
    pub site_quota: std::sync::Arc<super::rate_limit::SiteQuota>,
    /// How many days tracking events are kept.
    pub event_retention_days: u32,
    /// Tracking events per address and per visitor.
    pub events: std::sync::Arc<super::rate_limit::EventLimiter>,
    /// Mark cookies `Secure` (the site is served over https).
    pub secure_cookies: bool,
    /// Encoded Gantt schedules, per project revision.
    pub schedules: std::sync::Arc<super::revision::ProjectCache<crate::model::ScheduleView>>,
    /// The Gantt chart's first screens drawn into pages, per project revision.
    pub first_screens: std::sync::Arc<super::revision::ProjectCache<super::revision::FirstScreens>>,
    /// This process's live connections.
    pub live: std::sync::Arc<super::hub::Hub>,
    /// Proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed.
    pub proxies: std::sync::Arc<super::networks::Networks>,
    /// How long a session lasts, idle and at most.
    pub session_rules: SessionRules,
    /// Where requests to addresses an administrator typed may go.
    pub outbound: std::sync::Arc<super::outbound::Outbound>,
    /// Seals and opens the fields kept encrypted at rest.
    pub sealer: std::sync::Arc<super::crypto::Sealer>,
    /// Where files' content is kept (the disk, or an S3-compatible store).
    pub files: super::storage::Storage,
    /// Thumbnails being made at once, at most (each holds a decoded image in memory).
    pub thumbnails: std::sync::Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// Starts a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so it waits its turn behind another writer instead of failing with
    /// "database is locked" when that writer commits between this one's reads and its writes;
    /// PostgreSQL ignores the mode.
    pub async fn begin_write(&self) -> Result<sea_orm::DatabaseTransaction, DbErr> {
        use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
        self.db
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await
    }

    /// Ends a change of a project: records it as the project's next event, commits it with the
    /// rest of its transaction, then hands the event to the browsers watching the project.
    pub async fn commit_change(
        &self,
        txn: sea_orm::DatabaseTransaction,
        project_id: crate::model::Id,
        actor: &Caller,
        change: crate::live::ProjectChange,
    ) -> crate::error::AppResult<()> {
        super::hub::record(&txn, &self.live, project_id, Some(actor), change).await?;
        txn.commit().await?;
        let (hub, db) = (self.live.clone(), self.db.clone());
        tokio::spawn(async move { hub.wake(&db, project_id).await });
        Ok(())
    }
}
