//! What is derived from a project's data — the encoded Gantt schedule — kept per project
//! revision and reused until the revision moves on. Every change to a project or anything in it
//! advances the revision by one in its own transaction (`live::record`, which also writes the
//! change's event), so this works across several server processes: the revision lives in the
//! database.
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use bytes::Bytes;

use crate::model::Id;

/// Encoded answers per project, each valid for one revision. Bounded: the least recently used
/// project's answer goes when a new one would pass the limits.
pub struct ProjectCache {
    entries: Mutex<HashMap<Id, Entry>>,
    max_entries: usize,
    max_bytes: usize,
}

struct Entry {
    revision: i64,
    bytes: Bytes,
    used: Instant,
}

impl Default for ProjectCache {
    fn default() -> Self {
        ProjectCache::new(32, 256 << 20)
    }
}

impl ProjectCache {
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

    /// Keeps `bytes` for this project at this revision, unless a newer revision is kept already.
    pub fn put(&self, project_id: Id, revision: i64, bytes: Bytes) {
        if bytes.len() > self.max_bytes {
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
        let mut total: usize = entries.values().map(|e| e.bytes.len()).sum();
        while !entries.is_empty()
            && (entries.len() >= self.max_entries || total + bytes.len() > self.max_bytes)
        {
            let Some(oldest) = entries
                .iter()
                .min_by_key(|(_, e)| e.used)
                .map(|(id, _)| *id)
            else {
                break;
            };
            if let Some(gone) = entries.remove(&oldest) {
                total -= gone.bytes.len();
            }
        }
        entries.insert(
            project_id,
            Entry {
                revision,
                bytes,
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
        let cache = ProjectCache::new(4, 1000);
        cache.put(1, 5, bytes(10));
        assert_eq!(cache.get(1, 5).map(|b| b.len()), Some(10));
        assert!(cache.get(1, 6).is_none());
        assert!(cache.get(2, 5).is_none());
    }

    #[test]
    fn an_older_revision_never_replaces_a_newer_one() {
        let cache = ProjectCache::new(4, 1000);
        cache.put(1, 6, bytes(10));
        cache.put(1, 5, bytes(20));
        assert_eq!(cache.get(1, 6).map(|b| b.len()), Some(10));
        assert!(cache.get(1, 5).is_none());
    }

    #[test]
    fn the_least_recently_used_goes_first_when_full() {
        let cache = ProjectCache::new(2, 1000);
        cache.put(1, 1, bytes(10));
        cache.put(2, 1, bytes(10));
        assert!(cache.get(1, 1).is_some());
        cache.put(3, 1, bytes(10));
        assert!(cache.get(1, 1).is_some());
        assert!(cache.get(2, 1).is_none(), "2 was used least recently");
        assert!(cache.get(3, 1).is_some());
    }

    #[test]
    fn the_byte_limit_holds() {
        let cache = ProjectCache::new(10, 100);
        cache.put(1, 1, bytes(60));
        cache.put(2, 1, bytes(60));
        assert!(cache.get(1, 1).is_none());
        assert!(cache.get(2, 1).is_some());
        cache.put(3, 1, bytes(101));
        assert!(cache.get(3, 1).is_none(), "too big to keep");
        assert!(cache.get(2, 1).is_some());
    }
}
