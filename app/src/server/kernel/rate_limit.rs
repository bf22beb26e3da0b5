//! Limits failed sign-in attempts per account and per address, in memory.
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct LoginLimiter {
    window: Duration,
    per_account: usize,
    per_address: usize,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Default for LoginLimiter {
    fn default() -> Self {
        LoginLimiter::new(Duration::from_secs(15 * 60), 5, 20)
    }
}

impl LoginLimiter {
    pub fn new(window: Duration, per_account: usize, per_address: usize) -> Self {
        LoginLimiter {
            window,
            per_account,
            per_address,
            failures: Mutex::new(HashMap::new()),
        }
    }

    fn keys(account: &str, address: &str) -> [(String, bool); 2] {
        [
            (format!("u:{}", account.to_lowercase()), true),
            (format!("a:{address}"), false),
        ]
    }

    /// Whether another attempt for this account from this address may be tried now.
    pub fn allowed(&self, account: &str, address: &str) -> bool {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        Self::keys(account, address)
            .iter()
            .all(|(key, is_account)| {
                let limit = if *is_account {
                    self.per_account
                } else {
                    self.per_address
                };
                match failures.get_mut(key) {
                    Some(times) => {
                        while times
                            .front()
                            .is_some_and(|t| now.duration_since(*t) > self.window)
                        {
                            times.pop_front();
                        }
                        times.len() < limit
                    }
                    None => true,
                }
            })
    }

    pub fn record_failure(&self, account: &str, address: &str) {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        // Bound memory under a flood of distinct names: forget the oldest entries.
        if failures.len() > 100_000 {
            failures.clear();
        }
        for (key, _) in Self::keys(account, address) {
            failures.entry(key).or_default().push_back(now);
        }
    }

    pub fn record_success(&self, account: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&format!("u:{}", account.to_lowercase()));
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

    #[test]
    fn an_account_is_locked_after_repeated_failures() {
        let limiter = LoginLimiter::new(Duration::from_secs(60), 3, 10);
        for _ in 0..3 {
            assert!(limiter.allowed("Wang", "1.2.3.4"));
            limiter.record_failure("wang", "1.2.3.4");
        }
        assert!(
            !limiter.allowed("wang", "5.6.7.8"),
            "the account is locked from any address"
        );
        assert!(
            limiter.allowed("li", "1.2.3.4"),
            "other accounts from the address still work"
        );
    }

    #[test]
    fn an_address_is_locked_after_failures_across_accounts() {
        let limiter = LoginLimiter::new(Duration::from_secs(60), 3, 4);
        for name in ["a", "b", "c", "d"] {
            limiter.record_failure(name, "9.9.9.9");
        }
        assert!(!limiter.allowed("e", "9.9.9.9"));
        assert!(limiter.allowed("e", "8.8.8.8"));
    }

    #[test]
    fn success_clears_the_account_counter() {
        let limiter = LoginLimiter::new(Duration::from_secs(60), 2, 100);
        limiter.record_failure("wang", "1.1.1.1");
        limiter.record_success("wang");
        limiter.record_failure("wang", "1.1.1.1");
        assert!(limiter.allowed("wang", "1.1.1.1"));
    }
}
