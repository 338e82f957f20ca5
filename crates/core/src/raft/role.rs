//! A node's role, carrying each role's own data.

use crate::vec_map::{VecMap, VecSet};

use serde::Serialize;

use crate::raft::log::LogIndex;
use crate::types::{NodeId, RequestId};

/// What a leader knows of one follower's log. It changes only through its methods, which
/// keep the invariant `match_index < next_index`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// The index of the next entry to send. Invariant: `match_index < next_index`.
    next_index: LogIndex,
    /// The highest index known to be replicated on the follower. Never decreases.
    match_index: LogIndex,
}

impl Progress {
    /// A newly elected leader's view of a follower: send from just past the leader's last
    /// entry, nothing known to be replicated (Figure 2, "Volatile state on leaders").
    pub fn new(leader_last_index: LogIndex) -> Self {
        Self {
            next_index: leader_last_index + 1,
            match_index: LogIndex::ZERO,
        }
    }

    /// The index of the next entry to send.
    pub fn next_index(&self) -> LogIndex {
        self.next_index
    }

    /// The highest index known to be replicated on the follower.
    pub fn match_index(&self) -> LogIndex {
        self.match_index
    }

    /// The follower took a request covering entries up to `match_index`. Replies may be
    /// late or repeated, so neither index ever moves back.
    pub fn on_success(&mut self, match_index: LogIndex) {
        self.match_index = self.match_index.max(match_index);
        self.next_index = self.next_index.max(self.match_index + 1);
    }

    /// The follower refused the request whose `prevLogIndex` was `prev_log_index`: when
    /// that was the current probe, nextIndex moves back one (never to or below
    /// matchIndex). Returns whether it moved; a stale refusal changes nothing.
    pub fn on_refusal(&mut self, prev_log_index: LogIndex) -> bool {
        let current_probe = prev_log_index + 1 == self.next_index;
        if current_probe && self.next_index > self.match_index + 1 {
            self.next_index -= 1;
            true
        } else {
            false
        }
    }
}

/// Follower, candidate or leader, each with what only that role needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// Answers RPCs and waits for its election timer.
    Follower {
        /// The leader of the current term, once heard from.
        leader: Option<NodeId>,
    },
    /// Asks whether others would vote for it in the next term, before it starts an
    /// election (PreVote, thesis §9.6): its term and vote stay as they are.
    PreCandidate {
        /// Who said they would (itself included).
        grants: VecSet<NodeId>,
    },
    /// Asks for votes in its current term.
    Candidate {
        /// Who voted for it this term (itself included).
        votes: VecSet<NodeId>,
    },
    /// Replicates its log to everyone else.
    Leader {
        /// Per other node: nextIndex and matchIndex, reset at election.
        progress: VecMap<NodeId, Progress>,
        /// Client requests waiting for their entry to be applied, by log index (its number:
        /// the map's code is shared with the other maps of numbers in the page).
        waiting: VecMap<u64, RequestId>,
        /// CheckQuorum (§6.2): per other node, when the leader last heard from it in its
        /// term (its election, for a node not heard from since).
        heard_at: VecMap<NodeId, crate::types::Time>,
        /// The leadership transfer under way, if any (§3.10).
        transfer: Option<crate::raft::transfer::Transfer>,
        /// Reads served without the log (§6.4): rounds of heartbeats and waiting reads.
        reads: Box<crate::raft::reads::LeaderReads>,
        /// Per follower, when the leader last sent it its snapshot and has had no answer
        /// since: it sends the snapshot again only after an election timeout, not with
        /// every heartbeat.
        snapshots_sent: VecMap<NodeId, crate::types::Time>,
        /// Membership changes asked for and not yet made (thesis ch. 4).
        changes: Box<crate::raft::reconfiguration::LeaderChanges>,
    },
}

impl Role {
    /// The role's name as scenario files spell it.
    pub fn name(&self) -> &'static str {
        match self {
            Role::Follower { .. } => "follower",
            Role::PreCandidate { .. } => "pre_candidate",
            Role::Candidate { .. } => "candidate",
            Role::Leader { .. } => "leader",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_leader_sends_from_past_its_last_entry_and_knows_nothing_replicated() {
        let p = Progress::new(LogIndex(4));
        assert_eq!((p.next_index().0, p.match_index().0), (5, 0));
    }

    #[test]
    fn success_raises_match_index_and_next_index_past_it() {
        let mut p = Progress::new(LogIndex(4));
        p.on_success(LogIndex(4));
        assert_eq!((p.next_index().0, p.match_index().0), (5, 4));
        p.on_success(LogIndex(2));
        assert_eq!(
            (p.next_index().0, p.match_index().0),
            (5, 4),
            "a late reply moves nothing back"
        );
    }

    #[test]
    fn a_refusal_of_the_current_probe_backs_up_one_entry() {
        let mut p = Progress::new(LogIndex(4));
        assert!(p.on_refusal(LogIndex(4)));
        assert_eq!(p.next_index().0, 4);
        assert!(!p.on_refusal(LogIndex(4)), "the same refusal again is stale now");
        assert_eq!(p.next_index().0, 4);
        assert!(p.on_refusal(LogIndex(3)));
        assert_eq!(p.next_index().0, 3);
    }

    #[test]
    fn next_index_never_falls_to_match_index() {
        let mut p = Progress::new(LogIndex(2));
        p.on_success(LogIndex(2));
        assert!(
            !p.on_refusal(LogIndex(2)),
            "a refusal below what is known replicated is stale"
        );
        assert!(p.match_index() < p.next_index());
        let mut q = Progress::new(LogIndex(0));
        assert!(!q.on_refusal(LogIndex(0)), "nextIndex 1 is the floor");
        assert_eq!(q.next_index().0, 1);
    }
}
