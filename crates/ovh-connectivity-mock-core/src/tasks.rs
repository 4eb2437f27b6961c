//! Task state: how many times each distinct request was seen, bounded in time and count.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::time::Duration;

use ovh_connectivity_fixtures::PhaseKind;
use serde::Serialize;

use crate::Now;
use crate::hash::keyed;

/// An outcome forced through the admin API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Forced {
    /// Jump to the fixture's final phase.
    Final,
    /// End the task in `error` with this message.
    Error(String),
}

/// How much of a task key the admin API shows.
const LABEL_CHARS: usize = 200;

#[derive(Debug)]
struct Entry {
    id: u64,
    /// The start of the task key, for people.
    label: Box<str>,
    /// The start of the session header's value, if there was one.
    session: Option<Box<str>>,
    fixture: Option<String>,
    attempts: u64,
    /// On the host's monotonic clock.
    first_seen: Duration,
    first_seen_unix: u64,
    last_seen: Duration,
    forced: Option<Forced>,
    /// What the last answer was; `None` before the first.
    phase: Option<PhaseKind>,
}

/// What one request learns from the table.
#[derive(Debug)]
pub(crate) struct Seen {
    /// 0 for the first time this request was seen.
    pub(crate) attempt: u64,
    pub(crate) forced: Option<Forced>,
    /// Where the entry is, for [`TaskTable::set_phase`].
    pub(crate) slot: u64,
}

/// One task as the admin API shows it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TaskView {
    pub(crate) id: u64,
    /// The request key, without the session.
    pub(crate) key: String,
    /// The session header's value, if the request had one.
    pub(crate) session: Option<String>,
    pub(crate) fixture: Option<String>,
    /// What the last answer was: `pending`, `ok`, `error`...
    pub(crate) phase: &'static str,
    pub(crate) polls: u64,
    pub(crate) first_seen_unix: u64,
    pub(crate) age_ms: u128,
    pub(crate) idle_ms: u128,
    pub(crate) forced: Option<String>,
}

/// Tasks are found by a keyed 64-bit hash of their key (method, path, canonical body, session):
/// an entry costs the same whatever the size of the request, and clients cannot aim at
/// collisions since the hash key is the host's randomness.
#[derive(Debug)]
pub(crate) struct TaskTable {
    entries: HashMap<u64, Entry, BuildHasherDefault<AlreadyHashed>>,
    key: [u64; 2],
    next_id: u64,
    ttl: Duration,
    cap: usize,
    inserts_since_sweep: usize,
}

impl TaskTable {
    pub(crate) fn new(ttl: Duration, cap: usize, key: [u64; 2]) -> Self {
        Self { entries: HashMap::default(), key, next_id: 1, ttl, cap: cap.max(1), inserts_since_sweep: 0 }
    }

    /// Records one more request under `key` in `session` (empty without a session header) and
    /// says which attempt it is.
    pub(crate) fn see(&mut self, key: &str, session: &str, fixture: Option<&str>, time: Now) -> Seen {
        let now = time.monotonic;
        let hash = keyed(self.key, (key, session));
        if let Some(entry) = self.entries.get_mut(&hash) {
            if now.saturating_sub(entry.last_seen) <= self.ttl {
                entry.attempts += 1;
                entry.last_seen = now;
                return Seen { attempt: entry.attempts - 1, forced: entry.forced.clone(), slot: hash };
            }
            // Expired: the request starts over.
            self.entries.remove(&hash);
        }
        self.make_room(now);
        let id = self.next_id;
        self.next_id += 1;
        let label = cut(key, LABEL_CHARS);
        let session = (!session.is_empty()).then(|| cut(session, LABEL_CHARS / 2));
        self.entries.insert(
            hash,
            Entry {
                id,
                label,
                session,
                fixture: fixture.map(str::to_owned),
                attempts: 1,
                first_seen: now,
                first_seen_unix: time.unix_secs(),
                last_seen: now,
                forced: None,
                phase: None,
            },
        );
        Seen { attempt: 0, forced: None, slot: hash }
    }

    fn make_room(&mut self, now: Duration) {
        self.inserts_since_sweep += 1;
        if self.entries.len() < self.cap && self.inserts_since_sweep < 1024 {
            return;
        }
        self.inserts_since_sweep = 0;
        let ttl = self.ttl;
        self.entries.retain(|_, entry| now.saturating_sub(entry.last_seen) <= ttl);
        if self.entries.len() >= self.cap {
            // Still full of live tasks: drop the least recently used eighth at once, so that
            // the scan is paid once per many inserts rather than on each.
            let mut by_age: Vec<(Duration, u64)> =
                self.entries.iter().map(|(hash, entry)| (entry.last_seen, *hash)).collect();
            by_age.sort_unstable();
            let drop = (self.cap / 8).max(1).max(self.entries.len() + 1 - self.cap);
            for (_, key) in by_age.into_iter().take(drop) {
                self.entries.remove(&key);
            }
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The tasks, oldest first; ages at `now` on the host's monotonic clock.
    pub(crate) fn list(&self, now: Duration) -> Vec<TaskView> {
        let mut views: Vec<TaskView> = self
            .entries
            .values()
            .map(|entry| TaskView {
                id: entry.id,
                key: entry.label.to_string(),
                session: entry.session.as_deref().map(str::to_owned),
                fixture: entry.fixture.clone(),
                phase: entry.phase.map_or("new", PhaseKind::name),
                polls: entry.attempts,
                first_seen_unix: entry.first_seen_unix,
                age_ms: now.saturating_sub(entry.first_seen).as_millis(),
                idle_ms: now.saturating_sub(entry.last_seen).as_millis(),
                forced: entry.forced.as_ref().map(|forced| match forced {
                    Forced::Final => "final".to_owned(),
                    Forced::Error(message) => format!("error: {message}"),
                }),
            })
            .collect();
        views.sort_unstable_by_key(|view| view.id);
        views
    }

    /// Records what the last answer of the task at `slot` was.
    pub(crate) fn set_phase(&mut self, slot: u64, phase: PhaseKind) {
        if let Some(entry) = self.entries.get_mut(&slot) {
            entry.phase = Some(phase);
        }
    }

    pub(crate) fn clear(&mut self) -> usize {
        let count = self.entries.len();
        self.entries.clear();
        count
    }

    pub(crate) fn remove(&mut self, id: u64) -> bool {
        let before = self.entries.len();
        self.entries.retain(|_, entry| entry.id != id);
        self.entries.len() != before
    }

    pub(crate) fn force(&mut self, id: u64, forced: Forced) -> bool {
        match self.entries.values_mut().find(|entry| entry.id == id) {
            Some(entry) => {
                entry.forced = Some(forced);
                true
            }
            None => false,
        }
    }
}

/// The first `chars` characters of `text`, with `…` when there were more.
fn cut(text: &str, chars: usize) -> Box<str> {
    match text.char_indices().nth(chars) {
        Some((end, _)) => format!("{}…", &text[..end]).into_boxed_str(),
        None => text.into(),
    }
}

/// The hasher of a map whose keys are already keyed hashes: passes them through.
#[derive(Debug, Default)]
pub(crate) struct AlreadyHashed(u64);

impl Hasher for AlreadyHashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys go in; fold anything else rather than lose it.
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u64; 2] = [3, 4];

    fn at(monotonic: Duration) -> Now {
        Now::new(Duration::from_secs(1_800_000_000), monotonic)
    }

    #[test]
    fn attempts_count_per_key() {
        let mut table = TaskTable::new(Duration::from_secs(60), 100, KEY);
        let now = at(Duration::ZERO);
        assert_eq!(table.see("a", "", None, now).attempt, 0);
        assert_eq!(table.see("a", "", None, now).attempt, 1);
        assert_eq!(table.see("b", "", None, now).attempt, 0);
        assert_eq!(table.see("a", "", None, now).attempt, 2);
    }

    #[test]
    fn an_idle_task_expires_and_starts_over() {
        let mut table = TaskTable::new(Duration::from_secs(60), 100, KEY);
        let now = at(Duration::ZERO);
        table.see("a", "", None, now);
        table.see("a", "", None, now);
        assert_eq!(table.see("a", "", None, at(Duration::from_secs(61))).attempt, 0);
    }

    #[test]
    fn the_table_never_outgrows_its_cap() {
        let mut table = TaskTable::new(Duration::from_secs(60), 64, KEY);
        for i in 0..10_000 {
            table.see(&format!("key-{i}"), "", None, at(Duration::from_millis(i)));
            assert!(table.len() <= 64, "{} entries after {i}", table.len());
        }
        // The most recent one survived.
        assert_eq!(table.see("key-9999", "", None, at(Duration::from_secs(20))).attempt, 1);
    }

    #[test]
    fn a_huge_key_costs_a_bounded_label() {
        let mut table = TaskTable::new(Duration::from_secs(60), 10, KEY);
        let now = at(Duration::ZERO);
        let huge = "x".repeat(100_000);
        table.see(&huge, "", None, now);
        assert_eq!(table.see(&huge, "", None, now).attempt, 1);
        let label = &table.list(now.monotonic)[0].key;
        assert_eq!(label.chars().count(), LABEL_CHARS + 1, "{} chars", label.len());
        assert_eq!(table.see(&format!("{huge}y"), "", None, now).attempt, 0, "a different key is another task");
    }

    #[test]
    fn forcing_and_removing_by_id() {
        let mut table = TaskTable::new(Duration::from_secs(60), 10, KEY);
        let now = at(Duration::ZERO);
        table.see("a", "", Some("fx"), now);
        let id = table.list(now.monotonic)[0].id;
        assert!(table.force(id, Forced::Error("boom".into())));
        assert_eq!(table.see("a", "", None, now).forced, Some(Forced::Error("boom".into())));
        assert!(table.remove(id));
        assert!(!table.remove(id));
        assert_eq!(table.see("a", "", None, now).attempt, 0);
    }
}
