//! Limits: failed sign-ins and password checks, counted in the database so that every server
//! process shares them and they outlive a restart (`SignInLimits`); and tracking events per
//! address and visitor, in memory (`EventLimiter`).
//!
//! A sign-in is counted as a failure *before* its password is checked and forgiven when it
//! succeeds, so forty parallel guesses cannot all reach the hash before the first failure is
//! recorded: the statement that counts is also the one that refuses. Three counts apply — the
//! account from one client (locked after a few failures), the client address across accounts
//! (locked after more), and the account from anywhere (never locked, only slowed by a delay that
//! grows with each failure and stops at a minute) — so a stranger failing on purpose cannot lock
//! the real person out: their own client is never the one held back.
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sea_orm::ConnectionTrait;

use super::sql::Sql;
use crate::error::{AppError, AppResult};
use crate::model::Id;

/// How a key is held back once it has `threshold` failures in the window.
#[derive(Clone, Copy, Debug)]
pub enum Hold {
    /// Refused for this many seconds.
    For(i64),
    /// Refused for `step` seconds times the failures beyond the threshold, at most `cap`.
    Growing { step: i64, cap: i64 },
}

#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub threshold: i32,
    pub hold: Hold,
}

/// The sign-in limits. Counts are kept per window (`window` seconds from a key's first
/// failure); a key nobody failed on for a window is forgotten, a key held back never before its
/// hold ends.
#[derive(Clone, Copy, Debug)]
pub struct SignInLimits {
    pub window: i64,
    /// One account from one client address.
    pub per_client: Rule,
    /// One client address, whatever the accounts.
    pub per_address: Rule,
    /// One account, whatever the client: slowed, never locked.
    pub per_account: Rule,
    /// Password changes of one signed-in person (their current password is checked).
    pub per_person: Rule,
}

impl Default for SignInLimits {
    fn default() -> Self {
        let window = 15 * 60;
        SignInLimits {
            window,
            per_client: Rule {
                threshold: 5,
                hold: Hold::For(window),
            },
            per_address: Rule {
                threshold: 30,
                hold: Hold::For(window),
            },
            per_account: Rule {
                threshold: 10,
                hold: Hold::Growing { step: 2, cap: 60 },
            },
            per_person: Rule {
                threshold: 5,
                hold: Hold::For(window),
            },
        }
    }
}

fn now_seconds() -> i64 {
    chrono::Utc::now().timestamp()
}

fn account_key(account: &str) -> String {
    format!("u:{}", account.to_lowercase())
}

fn client_key(account: &str, address: &str) -> String {
    format!("c:{}|{address}", account.to_lowercase())
}

fn address_key(address: &str) -> String {
    format!("a:{address}")
}

fn person_key(person: Id) -> String {
    format!("p:{person}")
}

impl SignInLimits {
    /// Counts a sign-in attempt for `account` from `address` as failed, before its password is
    /// checked; `RateLimited` (and nothing counted past the refusing key) when one of its keys
    /// is held back.
    pub async fn attempt<C: ConnectionTrait>(
        &self,
        db: &C,
        account: &str,
        address: &str,
    ) -> AppResult<()> {
        let now = now_seconds();
        for (key, rule) in [
            (address_key(address), self.per_address),
            (client_key(account, address), self.per_client),
            (account_key(account), self.per_account),
        ] {
            self.count(db, &key, rule, now).await?;
        }
        Ok(())
    }

    /// The attempt succeeded: the account's failures are forgotten and the address's count
    /// given back.
    pub async fn succeeded<C: ConnectionTrait>(
        &self,
        db: &C,
        account: &str,
        address: &str,
    ) -> AppResult<()> {
        let backend = db.get_database_backend();
        let mut forget = Sql::new(backend);
        forget
            .push("DELETE FROM sign_in_limits WHERE \"key\" IN (")
            .bind(client_key(account, address))
            .push(", ")
            .bind(account_key(account))
            .push(")");
        db.execute_raw(forget.statement()).await?;
        let mut give_back = Sql::new(backend);
        give_back
            .push("UPDATE sign_in_limits SET failures = failures - 1 WHERE \"key\" = ")
            .bind(address_key(address))
            .push(" AND failures > 0");
        db.execute_raw(give_back.statement()).await?;
        Ok(())
    }

    /// The attempt was never checked (the server was too busy): its counts are given back.
    pub async fn give_back<C: ConnectionTrait>(
        &self,
        db: &C,
        account: &str,
        address: &str,
    ) -> AppResult<()> {
        let mut sql = Sql::new(db.get_database_backend());
        sql.push(
            "UPDATE sign_in_limits SET failures = failures - 1 WHERE failures > 0 AND \"key\" IN (",
        )
        .bind(address_key(address))
        .push(", ")
        .bind(client_key(account, address))
        .push(", ")
        .bind(account_key(account))
        .push(")");
        db.execute_raw(sql.statement()).await?;
        Ok(())
    }

    /// Counts a check of `person`'s current password (changing it) before it runs.
    pub async fn password_check<C: ConnectionTrait>(&self, db: &C, person: Id) -> AppResult<()> {
        self.count(db, &person_key(person), self.per_person, now_seconds())
            .await
    }

    /// The password was right: `person`'s failed checks are forgotten.
    pub async fn password_checked<C: ConnectionTrait>(&self, db: &C, person: Id) -> AppResult<()> {
        let mut forget = Sql::new(db.get_database_backend());
        forget
            .push("DELETE FROM sign_in_limits WHERE \"key\" = ")
            .bind(person_key(person));
        db.execute_raw(forget.statement()).await?;
        Ok(())
    }

    /// One more failure for `key`, in one statement that also refuses it: the row is updated
    /// only while the key is not held back, and the update that reaches the threshold starts
    /// the hold — so of many attempts at once, exactly those under the threshold pass.
    async fn count<C: ConnectionTrait>(
        &self,
        db: &C,
        key: &str,
        rule: Rule,
        now: i64,
    ) -> AppResult<()> {
        let cutoff = now - self.window;
        // The failures this attempt makes, when the window goes on.
        let reached = "sign_in_limits.failures + 1";
        let hold = match rule.hold {
            Hold::For(seconds) => seconds.to_string(),
            Hold::Growing { step, cap } => {
                let grown = format!("({reached} - {} + 1) * {step}", rule.threshold);
                format!("CASE WHEN {grown} > {cap} THEN {cap} ELSE {grown} END")
            }
        };
        let mut sql = Sql::new(db.get_database_backend());
        sql.push("INSERT INTO sign_in_limits (\"key\", failures, window_start, blocked_until) VALUES (")
            .bind(key)
            .push(", 1, ")
            .bind(now)
            .push(", 0) ON CONFLICT (\"key\") DO UPDATE SET failures = CASE WHEN sign_in_limits.window_start <= ")
            .bind(cutoff)
            .push(&format!(" THEN 1 ELSE {reached} END, window_start = CASE WHEN sign_in_limits.window_start <= "))
            .bind(cutoff)
            .push(" THEN ")
            .bind(now)
            .push(" ELSE sign_in_limits.window_start END, blocked_until = CASE WHEN sign_in_limits.window_start > ")
            .bind(cutoff)
            .push(&format!(" AND {reached} >= {} THEN ", rule.threshold))
            .bind(now)
            .push(&format!(" + {hold} ELSE 0 END WHERE sign_in_limits.blocked_until <= "))
            .bind(now)
            .push(" RETURNING failures");
        match db.query_one_raw(sql.statement()).await? {
            Some(_) => Ok(()),
            None => Err(AppError::RateLimited),
        }
    }

    /// Forgets the keys whose window is over and that are not held back: the table holds only
    /// live counts, however many names and addresses were tried.
    pub async fn purge<C: ConnectionTrait>(&self, db: &C) -> AppResult<u64> {
        let now = now_seconds();
        let mut sql = Sql::new(db.get_database_backend());
        sql.push("DELETE FROM sign_in_limits WHERE window_start <= ")
            .bind(now - self.window)
            .push(" AND blocked_until <= ")
            .bind(now);
        Ok(db.execute_raw(sql.statement()).await?.rows_affected())
    }
}

/// Purges the sign-in counts every few minutes, for as long as the server runs.
pub async fn run_purge(db: sea_orm::DatabaseConnection, limits: SignInLimits) {
    let mut every = tokio::time::interval(Duration::from_secs(300));
    loop {
        every.tick().await;
        if let Err(e) = limits.purge(&db).await {
            tracing::warn!(error = ?e, "purging sign-in counts failed");
        }
    }
}

/// Limits how many things each key (an address, a visitor) may send per minute, in memory: a
/// count per key and minute, forgotten when the minute is over.
pub struct EventLimiter {
    per_minute: u32,
    counts: Mutex<(Option<Instant>, HashMap<String, u32>)>,
}

impl Default for EventLimiter {
    fn default() -> Self {
        EventLimiter::new(120)
    }
}

impl EventLimiter {
    pub fn new(per_minute: u32) -> Self {
        EventLimiter {
            per_minute,
            counts: Mutex::new((None, HashMap::new())),
        }
    }

    /// Counts `n` more for every key; whether all of them stay within the limit (if not, none
    /// is counted).
    pub fn take(&self, keys: &[&str], n: u32) -> bool {
        let now = Instant::now();
        let mut guard = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let (started, counts) = &mut *guard;
        if started.is_none_or(|s| now.duration_since(s) >= Duration::from_secs(60)) {
            *started = Some(now);
            counts.clear();
        }
        if keys
            .iter()
            .any(|k| counts.get(*k).copied().unwrap_or(0).saturating_add(n) > self.per_minute)
        {
            return false;
        }
        for k in keys {
            *counts.entry((*k).to_string()).or_insert(0) += n;
        }
        true
    }
}

/// Events a tracked site may send in a day (`MARQUEE_EVENTS_PER_SITE_DAY`), counted per site and
/// day: a busy or abused site stops filling the database, others go on. Each process starts a
/// site's day from what the database already holds.
pub struct SiteQuota {
    per_day: u64,
    counts: Mutex<HashMap<i64, (chrono::NaiveDate, u64)>>,
}

impl Default for SiteQuota {
    fn default() -> Self {
        SiteQuota::new(200_000)
    }
}

impl SiteQuota {
    pub fn new(per_day: u64) -> Self {
        SiteQuota {
            per_day,
            counts: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `site` may keep `n` more events today; counts them if so. `held` is what the
    /// database holds for the site today, asked only the first time a day is seen.
    pub async fn take<F, Fut>(
        &self,
        site: i64,
        n: u64,
        today: chrono::NaiveDate,
        held: F,
    ) -> AppResult<bool>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = AppResult<u64>>,
    {
        let known = {
            let counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
            counts
                .get(&site)
                .filter(|(day, _)| *day == today)
                .map(|(_, c)| *c)
        };
        let start = match known {
            Some(_) => 0,
            None => held().await?,
        };
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        // Yesterday's counts go.
        counts.retain(|_, (day, _)| *day == today);
        let count = counts.entry(site).or_insert((today, start));
        if count.1.saturating_add(n) > self.per_day {
            return Ok(false);
        }
        count.1 += n;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_beyond_the_minute_s_allowance_are_refused_per_key() {
        let limiter = EventLimiter::new(10);
        assert!(limiter.take(&["a:1", "v:x"], 6));
        assert!(!limiter.take(&["a:1", "v:y"], 5));
        // The refused request counted nothing: another visitor from elsewhere still fits.
        assert!(limiter.take(&["a:2", "v:y"], 10));
        assert!(limiter.take(&["a:1", "v:z"], 4));
        assert!(!limiter.take(&["a:1", "v:z"], 1));
    }

    #[tokio::test]
    async fn a_site_over_its_day_is_refused_and_starts_again_the_next() {
        let quota = SiteQuota::new(100);
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 11).unwrap();
        // The database already holds 90 of today's events for site 1.
        assert!(quota.take(1, 10, day, || async { Ok(90) }).await.unwrap());
        assert!(!quota.take(1, 1, day, || async { Ok(0) }).await.unwrap());
        assert!(quota.take(2, 100, day, || async { Ok(0) }).await.unwrap());
        let next = day.succ_opt().unwrap();
        assert!(quota.take(1, 50, next, || async { Ok(0) }).await.unwrap());
    }
}
