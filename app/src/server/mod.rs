//! Server-only code: persistence, authentication, authorisation and the services that the
//! `#[server]` functions call. Nothing here is compiled into the browser.
pub mod alerts;
pub mod approval;
pub mod audit;
pub mod auth;
pub mod authz;
pub mod board;
pub mod channel_data;
pub mod connections;
pub mod context;
pub mod crypto;
pub mod db;
pub mod demo;
pub mod entity;
pub mod finance;
pub mod ingest;
pub mod live;
pub mod planning;
pub mod projects;
pub mod rate_limit;
pub mod revision;
pub mod tasks;
pub mod templates;
pub mod tracking;
pub mod users;
pub mod webhooks;

use sea_orm::DbErr;

use crate::error::AppError;

impl From<DbErr> for AppError {
    fn from(err: DbErr) -> Self {
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}

/// The state every request can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: sea_orm::DatabaseConnection,
    pub limiter: std::sync::Arc<rate_limit::LoginLimiter>,
    /// Tracking events per address and per visitor.
    pub events: std::sync::Arc<rate_limit::EventLimiter>,
    /// Mark cookies `Secure` (the site is served over https).
    pub secure_cookies: bool,
    /// Encoded Gantt schedules, per project revision.
    pub schedules: std::sync::Arc<revision::ProjectCache<crate::model::ScheduleView>>,
    /// This process's live connections.
    pub live: std::sync::Arc<live::Hub>,
    /// Seals and opens the fields kept encrypted at rest.
    pub sealer: std::sync::Arc<crypto::Sealer>,
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
        live::record(&txn, &self.live, project_id, Some(actor), change).await?;
        txn.commit().await?;
        let (hub, db) = (self.live.clone(), self.db.clone());
        tokio::spawn(async move { hub.wake(&db, project_id).await });
        Ok(())
    }
}

/// Who is calling: the signed-in person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    pub id: crate::model::Id,
    pub role: crate::model::OrgRole,
    pub display_name: String,
}
