//! Raft's safety properties (Figure 3 of the paper), checked after every event.
//!
//! Each check looks only at the node the event touched and at what earlier checks
//! recorded, using the log's prefix hashes, so checking costs about as much per event
//! as the entries the event added.

use crate::vec_map::{VecMap, VecSet};

use crate::protocol::NodeOf;
use crate::protocol::NodeSlot;
use crate::protocol::Protocol;
use crate::protocol::{Checker, Violation};
use crate::raft::{LogIndex, RaftNode, Term};
use crate::types::{NodeId, Time};

/// Election Safety: at most one leader can be elected in a given term.
pub const ELECTION_SAFETY: &str = "Election Safety";
/// Leader Append-Only: a leader never overwrites or deletes entries in its log.
pub const LEADER_APPEND_ONLY: &str = "Leader Append-Only";
/// Log Matching: if two logs contain an entry with the same index and term, the logs
/// are identical in all entries up through that index.
pub const LOG_MATCHING: &str = "Log Matching";
/// Leader Completeness: an entry committed in a term is in the logs of the leaders of
/// all higher terms.
pub const LEADER_COMPLETENESS: &str = "Leader Completeness";
/// State Machine Safety: no two servers apply different entries at the same index.
pub const STATE_MACHINE_SAFETY: &str = "State Machine Safety";

/// A committed index as first seen.
#[derive(Clone, Copy, Debug)]
struct Committed {
    /// The hash of the log prefix up to this index on the node that first committed it.
    prefix_hash: u64,
    /// The term of the entry.
    term: Term,
    /// The current term of the node that first committed it.
    /// Invariant: never decreases along the committed prefix.
    committed_in: Term,
    /// That node.
    by: NodeId,
}

/// The memory of the Raft checker.
#[derive(Clone, Debug)]
pub struct RaftChecker {
    /// The first leader seen for each term.
    /// Keyed by the term's number, as `pairs` by numbers: a map of key types of their own
    /// would be compiled again for the page.
    leaders: VecMap<u64, NodeId>,
    /// Per node (index `id - 1`), while it leads: (term, last index, prefix hash) at the last check.
    leading: Vec<Option<(Term, LogIndex, u64)>>,
    /// Every (index, term) seen in any log: the prefix hash there and who had it.
    pairs: VecMap<(u64, u64), (u64, NodeId)>,
    /// Per node: how far its log was checked for Log Matching, and the prefix hash there.
    checked: Vec<(LogIndex, u64)>,
    /// The committed prefix: `committed[i - 1]` is index i.
    committed: Vec<Committed>,
    /// Violations already reported, so each is reported once.
    reported: VecSet<(&'static str, u64, u64)>,
}

impl<P: Protocol + NodeOf<RaftNode>> Checker<P> for RaftChecker {
    fn new(_config: &P::Config, nodes: u32) -> Self {
        Self {
            leaders: VecMap::new(),
            leading: vec![None; nodes as usize],
            pairs: VecMap::new(),
            checked: vec![
                (
                    LogIndex::ZERO,
                    crate::raft::RaftLog::default().prefix_hash(LogIndex::ZERO)
                );
                nodes as usize
            ],
            committed: Vec::new(),
            reported: VecSet::new(),
        }
    }

    fn check(&mut self, time: Time, nodes: &[NodeSlot<P>], touched: NodeId, found: &mut Vec<Violation>) {
        let node = nodes[touched as usize - 1].state.node();
        let mut reported = std::mem::take(&mut self.reported);
        let mut report = Report {
            time,
            found,
            reported: &mut reported,
        };
        if node.is_leader() {
            Self::election_safety(&mut self.leaders, node, &mut report);
            self.leader_completeness(node, &mut report);
        }
        self.leader_append_only(node, &mut report);
        self.log_matching(node, &mut report);
        self.state_machine_safety(node, &mut report);
        self.reported = reported;
    }
}

/// Collects violations, each once.
struct Report<'a> {
    time: Time,
    found: &'a mut Vec<Violation>,
    reported: &'a mut VecSet<(&'static str, u64, u64)>,
}

impl Report<'_> {
    fn violation(&mut self, invariant: &'static str, key: (u64, u64), nodes: Vec<NodeId>, message: String) {
        if self.reported.insert((invariant, key.0, key.1)) {
            self.found.push(Violation {
                invariant,
                time_ms: self.time,
                nodes,
                message,
            });
        }
    }
}

impl RaftChecker {
    fn election_safety(leaders: &mut VecMap<u64, NodeId>, node: &RaftNode, report: &mut Report) {
        let term = node.current_term();
        let first = *leaders.get_or_insert_with(term.0, || node.id());
        if first != node.id() {
            report.violation(
                ELECTION_SAFETY,
                (term.0, 0),
                vec![first, node.id()],
                format!("{first} and {} were both elected leader in term {term}", node.id()),
            );
        }
    }

    fn leader_append_only(&mut self, node: &RaftNode, report: &mut Report) {
        let slot = &mut self.leading[node.id() as usize - 1];
        if !node.is_leader() {
            *slot = None;
            return;
        }
        let log = node.log();
        let term = node.current_term();
        // (An index it has since compacted into a snapshot was committed: nothing to check.)
        if let Some((led_term, index, hash)) = *slot
            && led_term == term
            && index >= log.base().index
            && (log.last_index() < index || log.prefix_hash(index) != hash)
        {
            report.violation(
                LEADER_APPEND_ONLY,
                (u64::from(node.id()), term.0),
                vec![node.id()],
                format!(
                    "leader {} of term {term} changed or removed entries up to index {index} of its own log",
                    node.id()
                ),
            );
        }
        *slot = Some((term, log.last_index(), log.prefix_hash(log.last_index())));
    }

    fn log_matching(&mut self, node: &RaftNode, report: &mut Report) {
        let log = node.log();
        let (checked_to, hash) = self.checked[node.id() as usize - 1];
        let base = log.base().index;
        let unchanged = base <= checked_to && checked_to <= log.last_index() && log.prefix_hash(checked_to) == hash;
        // A snapshot's entries were checked when they were in a log: from its end on.
        let start = if unchanged { checked_to.next() } else { base.next() };
        for index in start.through(log.last_index()) {
            let term = log.term_at(index).expect("index <= last_index");
            let hash = log.prefix_hash(index);
            let (seen, other) = *self.pairs.get_or_insert_with((index.0, term.0), || (hash, node.id()));
            if seen != hash {
                report.violation(
                    LOG_MATCHING,
                    (index.0, term.0),
                    vec![other, node.id()],
                    format!(
                        "{other} and {} both hold an entry of term {term} at index {index}, but their logs differ before it",
                        node.id()
                    ),
                );
            }
        }
        self.checked[node.id() as usize - 1] = (log.last_index(), log.prefix_hash(log.last_index()));
    }

    fn state_machine_safety(&mut self, node: &RaftNode, report: &mut Report) {
        let log = node.log();
        let commit = node.commit_index();
        let known = LogIndex::nth(self.committed.len());
        let overlap = commit.min(known);
        let base = log.base().index;
        if overlap > LogIndex::ZERO
            && overlap >= base
            && log.prefix_hash(overlap) != self.committed[overlap.slot()].prefix_hash
        {
            // The first index at which they differ, as far as this log can tell (a snapshot
            // stands for its whole prefix).
            let index = base
                .max(LogIndex(1))
                .through(overlap)
                .find(|&i| log.prefix_hash(i) != self.committed[i.slot()].prefix_hash)
                .expect("the prefixes differ somewhere");
            let first = self.committed[index.slot()];
            report.violation(
                STATE_MACHINE_SAFETY,
                (index.0, 0),
                vec![first.by, node.id()],
                format!(
                    "{} and {} committed different entries at index {index} (terms {} and {})",
                    first.by,
                    node.id(),
                    first.term,
                    log.term_at(index).unwrap_or(Term::ZERO)
                ),
            );
            return;
        }
        for index in known.next().max(base.next()).through(commit) {
            if LogIndex::nth(self.committed.len()) != index - 1 {
                break;
            }
            self.committed.push(Committed {
                prefix_hash: log.prefix_hash(index),
                term: log.term_at(index).expect("commit_index <= last_index"),
                committed_in: node.current_term(),
                by: node.id(),
            });
        }
    }

    fn leader_completeness(&self, node: &RaftNode, report: &mut Report) {
        let term = node.current_term();
        // The committed prefix from terms before this leader's: it must all be in its log.
        let must_hold = LogIndex::nth(self.committed.partition_point(|c| c.committed_in < term));
        if must_hold == LogIndex::ZERO {
            return;
        }
        let log = node.log();
        // A snapshot holds its whole prefix: compare at its end when the leader compacted
        // past what must hold.
        let at = must_hold.max(log.base().index);
        if at.slot() >= self.committed.len() {
            // Compacted past everything known committed (a snapshot holds only committed
            // entries, which State Machine Safety checks as they commit).
            return;
        }
        if log.last_index() >= at && log.prefix_hash(at) == self.committed[at.slot()].prefix_hash {
            return;
        }
        let missing = log
            .base()
            .index
            .max(LogIndex(1))
            .through(must_hold.max(log.base().index))
            .find(|&i| log.last_index() < i || log.prefix_hash(i) != self.committed[i.slot()].prefix_hash)
            .expect("the prefixes differ somewhere");
        let entry = self.committed[missing.slot()];
        report.violation(
            LEADER_COMPLETENESS,
            (u64::from(node.id()), term.0),
            vec![entry.by, node.id()],
            format!(
                "{} became leader of term {term} without the entry at index {missing} (term {}) that {} committed in term {}",
                node.id(),
                entry.term,
                entry.by,
                entry.committed_in
            ),
        );
    }
}
