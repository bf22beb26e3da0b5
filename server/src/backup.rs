//! `marquee backup DIR` and `marquee restore DIR`. On SQLite a backup is an online copy of the
//! database (`VACUUM INTO`: one consistent snapshot, taken while people go on working) and of
//! the data directory's files; a restore puts them into a data directory that holds no
//! database yet, then checks the copy page by page. PostgreSQL is backed up with its own tools
//! (README, "Backups").
//!
//! The secret key is not copied: kept with the backup it would open the sealed amounts of
//! anyone who finds it. Keep it apart (it is `MARQUEE_SECRET_KEY`, or the data directory's
//! `secret.key`).
use std::path::{Path, PathBuf};

use sea_orm::{ConnectionTrait, Database};

use crate::Config;

/// The database file a backup holds.
pub const DATABASE_FILE: &str = "marquee.db";
/// The data directory's folder of stored files (attachments), copied as they are.
pub const FILES_DIR: &str = "files";

/// The file of a `sqlite://…` URL.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

fn sql_text(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', "''"))
}

/// Copies a folder and everything in it.
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<u64> {
    let mut copied = 0;
    if !from.is_dir() {
        return Ok(0);
    }
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copied += copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
            copied += 1;
        }
    }
    Ok(copied)
}

/// Backs the database and files of `config` up into `dir` (made if missing, refused if it
/// already holds a backup). What it copied, in a sentence.
pub async fn backup(config: &Config, dir: &Path) -> Result<String, String> {
    if sqlite_path(&config.database_url).is_none() {
        return Err(
            "the database is PostgreSQL: back it up with pg_dump (README, \"Backups\")".into(),
        );
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let target = dir.join(DATABASE_FILE);
    if target.exists() {
        return Err(format!("{} already holds a backup", dir.display()));
    }
    let db = Database::connect(&config.database_url)
        .await
        .map_err(|e| format!("database: {e}"))?;
    db.execute_unprepared(&format!("VACUUM INTO {}", sql_text(&target)))
        .await
        .map_err(|e| format!("copying the database: {e}"))?;
    db.close().await.ok();
    let files = copy_tree(&config.data_dir.join(FILES_DIR), &dir.join(FILES_DIR))
        .map_err(|e| format!("copying the files: {e}"))?;
    let size = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
    Ok(format!(
        "backed up the database ({size} bytes) and {files} files into {}",
        dir.display()
    ))
}

/// Restores the backup in `dir` into the database and files of `config`, which must not hold a
/// database yet. What it restored, in a sentence.
pub async fn restore(config: &Config, dir: &Path) -> Result<String, String> {
    let Some(target) = sqlite_path(&config.database_url) else {
        return Err(
            "the database is PostgreSQL: restore it with pg_restore (README, \"Backups\")".into(),
        );
    };
    let source = dir.join(DATABASE_FILE);
    if !source.is_file() {
        return Err(format!(
            "{} holds no backup ({DATABASE_FILE})",
            dir.display()
        ));
    }
    if target.exists() {
        return Err(format!(
            "{} already exists: restore into a data directory without a database",
            target.display()
        ));
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    // Copied beside the target, checked, then put in place in one step.
    let partial = target.with_extension("restoring");
    std::fs::copy(&source, &partial).map_err(|e| format!("copying the database: {e}"))?;
    let url = format!("sqlite://{}?mode=rw", partial.display());
    let db = Database::connect(&url)
        .await
        .map_err(|e| format!("opening the copy: {e}"))?;
    let verdict = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "PRAGMA integrity_check",
        ))
        .await
        .map_err(|e| format!("checking the copy: {e}"))?
        .and_then(|row| row.try_get_by_index::<String>(0).ok())
        .unwrap_or_default();
    db.close().await.ok();
    if verdict != "ok" {
        let _ = std::fs::remove_file(&partial);
        return Err(format!("the backup is damaged: {verdict}"));
    }
    std::fs::rename(&partial, &target).map_err(|e| format!("putting the copy in place: {e}"))?;
    let files = copy_tree(&dir.join(FILES_DIR), &config.data_dir.join(FILES_DIR))
        .map_err(|e| format!("copying the files: {e}"))?;
    Ok(format!(
        "restored the database and {files} files into {}",
        config.data_dir.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_of_a_sqlite_address() {
        assert_eq!(
            sqlite_path("sqlite:///var/lib/marquee/marquee.db?mode=rwc"),
            Some(PathBuf::from("/var/lib/marquee/marquee.db"))
        );
        assert_eq!(
            sqlite_path("sqlite://data/marquee.db"),
            Some(PathBuf::from("data/marquee.db"))
        );
        assert_eq!(sqlite_path("postgres://u@h/db"), None);
        assert_eq!(sqlite_path("sqlite::memory:"), None);
    }
}
