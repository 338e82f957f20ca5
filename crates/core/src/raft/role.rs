//! A node's role, carrying each role's own data.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::raft::log::LogIndex;
use crate::types::{NodeId, RequestId};

/// What a leader knows of one follower's log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// The index of the next entry to send. Invariant: `match_index < next_index`.
    pub next_index: LogIndex,
    /// The highest index known to be replicated on the follower.
    pub match_index: LogIndex,
}

/// Follower, candidate or leader, each with what only that role needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// Answers RPCs and waits for its election timer.
    Follower {
        /// The leader of the current term, once heard from.
        leader: Option<NodeId>,
    },
    /// Asks for votes in its current term.
    Candidate {
        /// Who voted for it this term (itself included).
        votes: BTreeSet<NodeId>,
    },
    /// Replicates its log to everyone else.
    Leader {
        /// Per other node: nextIndex and matchIndex, reset at election.
        progress: BTreeMap<NodeId, Progress>,
        /// Client requests waiting for their entry to be applied, by log index.
        waiting: BTreeMap<LogIndex, RequestId>,
    },
}

impl Role {
    /// The role's name as scenario files spell it.
    pub fn name(&self) -> &'static str {
        match self {
            Role::Follower { .. } => "follower",
            Role::Candidate { .. } => "candidate",
            Role::Leader { .. } => "leader",
        }
    }
}
