//! What is derived from a project's data — the Gantt schedule, decoded and encoded — kept per
//! project revision and reused until the revision moves on (and then brought up to date from the
//! project's events rather than read afresh, where the events allow). Every change to a project or anything in it
//! advances the revision by one in its own transaction (`live::record`, which also writes the
//! change's event), so this works across several server processes: the revision lives in the
//! database.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use bytes::Bytes;

use crate::model::Id;

/// Answers per project, each valid for one revision: the value and its encoding. Bounded: the
/// least recently used project's answer goes when a new one would pass the limits (counted by
/// the weight each answer is put with).
pub struct ProjectCache<V> {
    entries: Mutex<HashMap<Id, Entry<V>>>,
    max_entries: usize,
    max_bytes: usize,
}

struct Entry<V> {
    revision: i64,
    bytes: Bytes,
    value: Arc<V>,
    weight: usize,
    used: Instant,
}

impl<V> Default for ProjectCache<V> {
    fn default() -> Self {
        ProjectCache::new(32, 256 << 20)
    }
}

impl<V> ProjectCache<V> {
    pub fn new(max_entries: usize, max_bytes: usize) -> Self {
        ProjectCache {
            entries: Mutex::new(HashMap::new()),
            max_entries,
            max_bytes,
        }
    }

    /// The bytes kept for this project at this revision.
    pub fn get(&self, project_id: Id, revision: i64) -> Option<Bytes> {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let entry = entries.get_mut(&project_id)?;
        if entry.revision != revision {
            return None;
        }
        entry.used = Instant::now();
        Some(entry.bytes.clone())
    }

    /// The newest answer kept for this project, whatever its revision: the revision and value.
    pub fn latest(&self, project_id: Id) -> Option<(i64, Arc<V>)> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(&project_id)
            .map(|e| (e.revision, e.value.clone()))
    }

    /// Keeps an answer for this project at this revision, unless a newer revision is kept
    /// already. `weight` is what it counts against the byte limit.
    pub fn put(&self, project_id: Id, revision: i64, bytes: Bytes, value: Arc<V>, weight: usize) {
        if weight > self.max_bytes {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries
            .get(&project_id)
            .is_some_and(|e| e.revision > revision)
        {
            return;
        }
        entries.remove(&project_id);
        let mut total: usize = entries.values().map(|e| e.weight).sum();
        while !entries.is_empty()
            && (entries.len() >= self.max_entries || total + weight > self.max_bytes)
        {
            let Some(oldest) = entries
                .iter()
                .min_by_key(|(_, e)| e.used)
                .map(|(id, _)| *id)
            else {
                break;
            };
            if let Some(gone) = entries.remove(&oldest) {
                total -= gone.weight;
            }
        }
        entries.insert(
            project_id,
            Entry {
                revision,
                bytes,
                value,
                weight,
                used: Instant::now(),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(n: usize) -> Bytes {
        Bytes::from(vec![7u8; n])
    }

    #[test]
    fn an_answer_serves_only_its_own_revision() {
        let cache = ProjectCache::<()>::new(4, 1000);
        cache.put(1, 5, bytes(10), Arc::new(()), 10);
        assert_eq!(cache.get(1, 5).map(|b| b.len()), Some(10));
        assert!(cache.get(1, 6).is_none());
        assert!(cache.get(2, 5).is_none());
    }

    #[test]
    fn an_older_revision_never_replaces_a_newer_one() {
        let cache = ProjectCache::<()>::new(4, 1000);
        cache.put(1, 6, bytes(10), Arc::new(()), 10);
        cache.put(1, 5, bytes(20), Arc::new(()), 20);
        assert_eq!(cache.get(1, 6).map(|b| b.len()), Some(10));
        assert!(cache.get(1, 5).is_none());
    }

    #[test]
    fn the_least_recently_used_goes_first_when_full() {
        let cache = ProjectCache::<()>::new(2, 1000);
        cache.put(1, 1, bytes(10), Arc::new(()), 10);
        cache.put(2, 1, bytes(10), Arc::new(()), 10);
        assert!(cache.get(1, 1).is_some());
        cache.put(3, 1, bytes(10), Arc::new(()), 10);
        assert!(cache.get(1, 1).is_some());
        assert!(cache.get(2, 1).is_none(), "2 was used least recently");
        assert!(cache.get(3, 1).is_some());
    }

    #[test]
    fn the_byte_limit_holds() {
        let cache = ProjectCache::<()>::new(10, 100);
        cache.put(1, 1, bytes(60), Arc::new(()), 60);
        cache.put(2, 1, bytes(60), Arc::new(()), 60);
        assert!(cache.get(1, 1).is_none());
        assert!(cache.get(2, 1).is_some());
        cache.put(3, 1, bytes(101), Arc::new(()), 101);
        assert!(cache.get(3, 1).is_none(), "too big to keep");
        assert!(cache.get(2, 1).is_some());
    }
}

/// The Gantt chart's first screens drawn into pages for one revision of a project
/// (`routes/gantt.rs` `drawn_on_server`, through `planning::keep_first_screen`), by what decides
/// how one looks: the language, what the reader may do, the day. A few per project: the page of
/// a large plan costs the server a tenth of a second or more to draw, and is asked for again and
/// again between changes.
#[derive(Default)]
pub struct FirstScreens(Mutex<HashMap<String, Arc<str>>>);

impl FirstScreens {
    /// Looks kept per project and revision, at most.
    pub const PER_PROJECT: usize = 8;

    /// The screen drawn for this look.
    pub fn get(&self, look: &str) -> Option<Arc<str>> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(look)
            .cloned()
    }

    /// Keeps a screen drawn for this look, while there is room.
    pub fn add(&self, look: String, html: Arc<str>) {
        let mut screens = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if screens.len() < Self::PER_PROJECT {
            screens.insert(look, html);
        }
    }
}
