//! The replicated log, with a running hash of every prefix so that two logs can be
//! compared up to any index in constant time.

use serde::Serialize;

use crate::command::Command;
use crate::types::RequestId;

/// A term number (§5.1). A type of its own, so that a term is never taken for an index
/// (`EntryId::new(index, term)` with the two swapped does not compile); written as the
/// plain number.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Term(pub u64);

/// A log position; the first entry has index 1, and index 0 means "before the log". A
/// type of its own, like [`Term`]; written as the plain number.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct LogIndex(pub u64);

impl Term {
    /// The term before any (a log's position 0, a server that never saw a term).
    pub const ZERO: Self = Self(0);
}

impl LogIndex {
    /// The position before the first entry.
    pub const ZERO: Self = Self(0);

    /// The position after this one.
    pub fn next(self) -> Self {
        Self(self.0 + 1)
    }

    /// Where entry `self` is in a vector of entries that starts at index 1.
    pub fn slot(self) -> usize {
        self.0 as usize - 1
    }

    /// The position of the `n`-th entry of a log (from 1).
    pub fn nth(n: usize) -> Self {
        Self(n as u64)
    }

    /// The positions from this one up to and including `last`, in order.
    pub fn through(self, last: LogIndex) -> impl DoubleEndedIterator<Item = LogIndex> {
        (self.0..=last.0).map(LogIndex)
    }
}

macro_rules! plain_number {
    ($t:ty) => {
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&self.0, f)
            }
        }

        impl std::ops::Add<u64> for $t {
            type Output = Self;
            fn add(self, n: u64) -> Self {
                Self(self.0 + n)
            }
        }

        impl std::ops::Sub<u64> for $t {
            type Output = Self;
            fn sub(self, n: u64) -> Self {
                Self(self.0 - n)
            }
        }

        impl std::ops::Sub for $t {
            type Output = u64;
            fn sub(self, other: Self) -> u64 {
                self.0 - other.0
            }
        }

        impl std::ops::AddAssign<u64> for $t {
            fn add_assign(&mut self, n: u64) {
                self.0 += n;
            }
        }

        impl std::ops::SubAssign<u64> for $t {
            fn sub_assign(&mut self, n: u64) {
                self.0 -= n;
            }
        }

        impl From<u64> for $t {
            fn from(n: u64) -> Self {
                Self(n)
            }
        }
    };
}
plain_number!(Term);
plain_number!(LogIndex);

/// A log position and the term of the entry there: how Raft names an entry everywhere
/// (`prevLogIndex`/`prevLogTerm`, `lastLogIndex`/`lastLogTerm`). Index 0 with term 0
/// is the position before the first entry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct EntryId {
    /// The position, from 1.
    pub index: LogIndex,
    /// The term of the entry at that position.
    pub term: Term,
}

impl EntryId {
    /// The entry at `index` with term `term`. An index and a term are types of their own,
    /// so the two cannot be swapped:
    ///
    /// ```compile_fail
    /// use consensus_core::raft::{EntryId, LogIndex, Term};
    /// let swapped = EntryId::new(Term(1), LogIndex(3));
    /// ```
    ///
    /// ```
    /// use consensus_core::raft::{EntryId, LogIndex, Term};
    /// assert_eq!(EntryId::new(LogIndex(3), Term(1)).to_string(), "entry 3 (term 1)");
    /// ```
    pub fn new(index: LogIndex, term: Term) -> Self {
        Self { index, term }
    }

    /// Whether a log ending here is at least as up to date as one ending at `other`: a
    /// later last term wins, and with equal last terms the longer log wins (§5.4.1).
    pub fn at_least_as_up_to_date_as(self, other: EntryId) -> bool {
        (self.term, self.index) >= (other.term, other.index)
    }
}

impl std::fmt::Display for EntryId {
    /// "entry 3 (term 2)".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "entry {} (term {})", self.index, self.term)
    }
}

/// One log entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The term in which a leader created the entry.
    pub term: Term,
    /// The command; `None` for a leader's no-op entry, a configuration entry or a placeholder.
    pub command: Option<Command>,
    /// The client request that asked for it, so a retried request is applied once.
    pub request: Option<RequestId>,
    /// A configuration entry's new configuration (thesis ch. 4): it takes effect on each
    /// server as soon as it is in its log. Invariant: `command` is `None` when it is set.
    pub config: Option<std::sync::Arc<crate::raft::quorum::Quorum>>,
}

impl Entry {
    /// An entry of `term` carrying `command` (none: a no-op) for client request `request`.
    pub fn new(term: Term, command: Option<Command>, request: Option<RequestId>) -> Self {
        Self {
            term,
            command,
            request,
            config: None,
        }
    }
}

impl Serialize for Entry {
    /// `{"term", "command"}`; a configuration entry `{"term", "config": [ids]}`, with
    /// `"config_new"` during joint consensus.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("term", &self.term)?;
        match &self.config {
            None => map.serialize_entry("command", &self.command)?,
            Some(config) => {
                let ids = |set: &crate::vec_map::VecSet<crate::types::NodeId>| set.iter().copied().collect::<Vec<_>>();
                map.serialize_entry("config", &ids(config.voters()))?;
                if let Some(new) = config.new_voters() {
                    map.serialize_entry("config_new", &ids(new))?;
                }
            }
        }
        map.end()
    }
}

/// A Raft log, possibly with its committed prefix compacted into a snapshot (thesis
/// ch. 5): the entries up to `base` are gone, and `base` (the snapshot's last included
/// entry) stands for them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RaftLog {
    /// The entries after `base`: `entries[i]` is index `base.index + 1 + i`.
    entries: Vec<Entry>,
    /// Invariant: `prefix_hashes.len() == entries.len()` and `prefix_hashes[i]` hashes
    /// every entry from index 1 through `entries[i]` (term, command and request of each),
    /// chained on `base_hash`.
    prefix_hashes: Vec<u64>,
    /// The last entry compacted into the snapshot (index 0, term 0: none).
    base: EntryId,
    /// The hash of the prefix through `base` (for the checker: a snapshot carries the hash
    /// of what it replaces, as a fingerprint of the entries no log holds any more).
    base_hash: u64,
}

impl Default for RaftLog {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            prefix_hashes: Vec::new(),
            base: EntryId::default(),
            base_hash: HASH_SEED,
        }
    }
}

impl RaftLog {
    /// A log holding `entries`, in order.
    pub fn from_entries(entries: impl IntoIterator<Item = Entry>) -> Self {
        let mut log = Self::default();
        for entry in entries {
            log.append(entry);
        }
        log
    }

    /// The index of the last entry (the snapshot's last when no entry follows it; 0 when empty).
    pub fn last_index(&self) -> LogIndex {
        self.base.index + self.entries.len() as u64
    }

    /// The term of the last entry (the snapshot's last when no entry follows it; 0 when empty).
    pub fn last_term(&self) -> Term {
        self.entries.last().map_or(self.base.term, |e| e.term)
    }

    /// The snapshot's last included entry (index 0 when nothing is compacted).
    pub fn base(&self) -> EntryId {
        self.base
    }

    /// The index of the first entry the log still holds.
    pub fn first_index(&self) -> LogIndex {
        self.base.index.next()
    }

    /// The last entry's position (index 0, term 0 when empty).
    pub fn last_id(&self) -> EntryId {
        EntryId::new(self.last_index(), self.last_term())
    }

    /// The position `index` with its entry's term; `None` past the end.
    pub fn id_at(&self, index: LogIndex) -> Option<EntryId> {
        self.term_at(index).map(|term| EntryId::new(index, term))
    }

    /// The term of the entry at `index`; `Some(0)` for index 0, the snapshot's term at its
    /// last index, `None` past the end or inside the snapshot.
    pub fn term_at(&self, index: LogIndex) -> Option<Term> {
        match index {
            LogIndex::ZERO => Some(Term::ZERO),
            _ if index == self.base.index => Some(self.base.term),
            _ => self.entry(index).map(|e| e.term),
        }
    }

    /// The entry at `index` (1-based); `None` past the end or inside the snapshot.
    pub fn entry(&self, index: LogIndex) -> Option<&Entry> {
        let offset = index.0.checked_sub(self.base.index.0 + 1)?;
        self.entries.get(usize::try_from(offset).ok()?)
    }

    /// Every entry the log holds, from [`Self::first_index`] on.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entries from `index` (1-based) to the end; from the first held when `index` is
    /// inside the snapshot.
    pub fn entries_from(&self, index: LogIndex) -> &[Entry] {
        let start = (index.0.saturating_sub(self.base.index.0 + 1) as usize).min(self.entries.len());
        &self.entries[start..]
    }

    /// Whether the log holds the entry `id` (always true for index 0). An entry inside the
    /// snapshot is committed, and every leader's log holds what is committed, so it is
    /// taken to match.
    pub fn matches(&self, id: EntryId) -> bool {
        id.index < self.base.index || self.term_at(id.index) == Some(id.term)
    }

    /// Whether a log ending at `candidate_last` is at least as up to date as this one (§5.4.1).
    pub fn candidate_up_to_date(&self, candidate_last: EntryId) -> bool {
        candidate_last.at_least_as_up_to_date_as(self.last_id())
    }

    /// Appends `entry` and returns its index.
    pub fn append(&mut self, entry: Entry) -> LogIndex {
        let previous = self.prefix_hashes.last().copied().unwrap_or(self.base_hash);
        self.prefix_hashes.push(hash_entry(previous, &entry));
        self.entries.push(entry);
        self.last_index()
    }

    /// Deletes the entry at `index` and every entry after it (never the snapshot's).
    pub fn truncate_from(&mut self, index: LogIndex) {
        let keep = index.0.saturating_sub(self.base.index.0 + 1) as usize;
        self.entries.truncate(keep);
        self.prefix_hashes.truncate(keep);
    }

    /// A hash of the entries `1..=index` (`base().index <= index <= last_index()`): equal
    /// hashes mean equal prefixes (up to 64-bit collisions).
    pub fn prefix_hash(&self, index: LogIndex) -> u64 {
        match index {
            LogIndex::ZERO => HASH_SEED,
            _ if index == self.base.index => self.base_hash,
            _ => {
                let offset = index.0 - self.base.index.0 - 1;
                self.prefix_hashes[offset as usize]
            }
        }
    }

    /// Compacts every entry through `index` (which the log holds) into the snapshot: the
    /// entries go, `index` with its term becomes the base.
    pub fn compact_through(&mut self, index: LogIndex) {
        if index <= self.base.index || index > self.last_index() {
            return;
        }
        let id = self.id_at(index).expect("held");
        let hash = self.prefix_hash(index);
        let gone = (index.0 - self.base.index.0) as usize;
        self.entries.drain(..gone);
        self.prefix_hashes.drain(..gone);
        self.base = id;
        self.base_hash = hash;
    }

    /// Takes a snapshot whose last included entry is `last` (prefix hash `hash`): keeps the
    /// entries after it when the log holds `last` itself (Figure 13, step 6), and otherwise
    /// discards the whole log (step 7).
    pub fn restore(&mut self, last: EntryId, hash: u64) {
        if last.index <= self.last_index()
            && self.term_at(last.index) == Some(last.term)
            && last.index >= self.base.index
        {
            self.compact_through(last.index);
            return;
        }
        self.entries.clear();
        self.prefix_hashes.clear();
        self.base = last;
        self.base_hash = hash;
    }
}

/// The hash of the empty prefix.
const HASH_SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over the entry's fields, chained onto the previous prefix's hash.
/// Written out so it is the same on every platform and in every Rust version.
fn hash_entry(previous: u64, entry: &Entry) -> u64 {
    let mut h = Fnv(previous);
    h.write(&entry.term.0.to_le_bytes());
    match &entry.command {
        None => h.write(&[0]),
        Some(Command::Set { key, value }) => {
            h.write(&[1]);
            h.write(key.as_bytes());
            h.write(&[0xff]);
            h.write(value.as_bytes());
        }
        Some(Command::Get { key }) => {
            h.write(&[2]);
            h.write(key.as_bytes());
        }
        Some(Command::Value(value)) => {
            h.write(&[3]);
            h.write(value.as_bytes());
        }
    }
    h.write(&entry.request.unwrap_or(0).to_le_bytes());
    if let Some(config) = &entry.config {
        h.write(&[4]);
        for id in config.voters().iter() {
            h.write(&id.to_le_bytes());
        }
        if let Some(new) = config.new_voters() {
            h.write(&[5]);
            for id in new.iter() {
                h.write(&id.to_le_bytes());
            }
        }
    }
    h.0
}

struct Fnv(u64);

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(term: Term) -> Entry {
        Entry::new(term, None, None)
    }

    #[test]
    fn index_zero_matches_term_zero_in_every_log() {
        assert!(RaftLog::default().matches(EntryId::new(LogIndex(0), Term(0))));
        assert!(!RaftLog::default().matches(EntryId::new(LogIndex(1), Term(1))));
    }

    #[test]
    fn equal_prefixes_hash_equal_and_a_different_term_changes_every_later_hash() {
        let a = RaftLog::from_entries([entry(Term(1)), entry(Term(1)), entry(Term(2))]);
        let b = RaftLog::from_entries([entry(Term(1)), entry(Term(1)), entry(Term(3))]);
        assert_eq!(a.prefix_hash(LogIndex(2)), b.prefix_hash(LogIndex(2)));
        assert_ne!(a.prefix_hash(LogIndex(3)), b.prefix_hash(LogIndex(3)));
    }

    #[test]
    fn truncation_keeps_the_entries_before_the_index() {
        let mut log = RaftLog::from_entries([entry(Term(1)), entry(Term(2)), entry(Term(3))]);
        let hash = log.prefix_hash(LogIndex(1));
        log.truncate_from(LogIndex(2));
        assert_eq!(log.last_index(), LogIndex(1));
        assert_eq!(log.prefix_hash(LogIndex(1)), hash);
        log.append(entry(Term(4)));
        assert_eq!(log.term_at(LogIndex(2)), Some(Term(4)));
    }

    #[test]
    fn a_compacted_log_keeps_its_indexes_terms_and_prefix_hashes() {
        let entries = [Term(1), Term(1), Term(2), Term(3)].map(entry);
        let full = RaftLog::from_entries(entries.clone());
        let mut log = full.clone();
        log.compact_through(LogIndex(2));
        assert_eq!(
            (log.base(), log.first_index()),
            (EntryId::new(LogIndex(2), Term(1)), LogIndex(3))
        );
        assert_eq!(log.last_id(), full.last_id());
        assert_eq!(
            log.term_at(LogIndex(2)),
            Some(Term(1)),
            "the snapshot's last entry keeps its term"
        );
        assert_eq!(log.term_at(LogIndex(1)), None, "inside the snapshot");
        assert!(
            log.matches(EntryId::new(LogIndex(1), Term(1))),
            "a compacted entry is committed: it matches"
        );
        for i in 2..=4 {
            assert_eq!(log.prefix_hash(LogIndex(i)), full.prefix_hash(LogIndex(i)));
        }
        assert_eq!(log.entries_from(LogIndex(1)).len(), 2);
        log.append(entry(Term(3)));
        let mut longer = full.clone();
        longer.append(entry(Term(3)));
        assert_eq!(log.prefix_hash(LogIndex(5)), longer.prefix_hash(LogIndex(5)));
    }

    #[test]
    fn restoring_a_snapshot_keeps_the_entries_after_a_matching_last_entry_and_else_replaces_the_log() {
        let full = RaftLog::from_entries([Term(1), Term(1), Term(2), Term(3)].map(entry));
        let mut kept = full.clone();
        kept.restore(EntryId::new(LogIndex(3), Term(2)), full.prefix_hash(LogIndex(3)));
        assert_eq!((kept.first_index(), kept.last_index()), (LogIndex(4), LogIndex(4)));
        let mut replaced = full.clone();
        replaced.restore(EntryId::new(LogIndex(3), Term(5)), 7);
        assert_eq!(
            (replaced.entries().len(), replaced.last_id()),
            (0, EntryId::new(LogIndex(3), Term(5)))
        );
    }

    #[test]
    fn up_to_date_compares_last_term_first_then_length() {
        let log = RaftLog::from_entries([entry(Term(1)), entry(Term(2))]);
        assert!(
            log.candidate_up_to_date(EntryId::new(LogIndex(1), Term(3))),
            "a later last term is more up to date"
        );
        assert!(
            !log.candidate_up_to_date(EntryId::new(LogIndex(9), Term(1))),
            "an earlier last term loses whatever the length"
        );
        assert!(
            log.candidate_up_to_date(EntryId::new(LogIndex(2), Term(2))),
            "equal logs are at least as up to date"
        );
        assert!(
            !log.candidate_up_to_date(EntryId::new(LogIndex(1), Term(2))),
            "with equal terms the shorter log loses"
        );
    }
}
