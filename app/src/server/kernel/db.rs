//! Connecting to the database and bringing its schema up to date.
use migrations::{Migrator, MigratorTrait};
use std::time::Duration;

use sea_orm::sqlx::sqlite::SqliteJournalMode;
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

/// Connects to `url` (sqlite:// or postgres://) and applies pending migrations.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_string());
    options.sqlx_logging(false);
    if url.starts_with("sqlite:") {
        // One writer at a time is SQLite's rule; a small pool avoids "database is locked" storms.
        options.max_connections(4);
        // Set on every connection of the pool, not only the first.
        options.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
                // Up to 64 MiB of pages per connection: an import's keys stay in memory.
                .pragma("cache_size", "-65536")
                .pragma("temp_store", "memory")
        });
    } else {
        options.max_connections(16);
    }
    let db = Database::connect(options).await?;
    Migrator::up(&db, None).await?;
    Ok(db)
}
