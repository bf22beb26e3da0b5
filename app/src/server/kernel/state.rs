//! The state every request reaches (`AppState`: the database, the live hub, the sealer, the
//! limits and caches), who is calling (`Caller`), and the one path every change of a project
//! takes: `begin_write`, then the change and its audit entries, then `commit_change`, which
//! records the change as the project's next event, commits, and wakes the live hub.
use sea_orm::DbErr;

use super::caller::Caller;

/// The state every request can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: sea_orm::DatabaseConnection,
    pub limiter: std::sync::Arc<super::rate_limit::LoginLimiter>,
    /// Tracking events per address and per visitor.
    pub events: std::sync::Arc<super::rate_limit::EventLimiter>,
    /// Mark cookies `Secure` (the site is served over https).
    pub secure_cookies: bool,
    /// Encoded Gantt schedules, per project revision.
    pub schedules: std::sync::Arc<super::revision::ProjectCache<crate::model::ScheduleView>>,
    /// This process's live connections.
    pub live: std::sync::Arc<super::hub::Hub>,
    /// Seals and opens the fields kept encrypted at rest.
    pub sealer: std::sync::Arc<super::crypto::Sealer>,
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
