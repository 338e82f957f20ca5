//! A Raft node as snapshots show it (the scenario contract's Raft NODE).

use crate::vec_map::VecMap;
use std::sync::Arc;

use serde::Serialize;

use crate::raft::log::{Entry, LogIndex, Term};
use crate::raft::node::RaftNode;
use crate::raft::role::{Progress, Role};
use crate::types::NodeId;

/// One node's state as data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RaftView {
    /// The node's id.
    pub id: NodeId,
    /// False while crashed.
    pub up: bool,
    /// `follower`, `candidate` or `leader` (a crashed node shows `follower`).
    pub role: &'static str,
    /// The current term.
    pub term: Term,
    /// Whom it voted for in that term.
    pub voted_for: Option<NodeId>,
    /// The commit index.
    pub commit_index: LogIndex,
    /// The log, index 1 first.
    pub log: Vec<Entry>,
    /// The key-value state of the applied entries.
    pub kv: VecMap<Arc<str>, Arc<str>>,
    /// The leader it knows of.
    pub leader: Option<NodeId>,
    /// A candidate's votes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub votes: Option<Vec<NodeId>>,
    /// A leader's nextIndex and matchIndex per follower.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<VecMap<NodeId, Progress>>,
}

impl RaftView {
    /// The view of `node`.
    pub fn of(node: &RaftNode, up: bool) -> Self {
        let (votes, progress) = match node.role() {
            Role::Candidate { votes } => (Some(votes.iter().copied().collect()), None),
            Role::Leader { progress, .. } => (None, Some(progress.clone())),
            Role::Follower { .. } => (None, None),
        };
        Self {
            id: node.id(),
            up,
            role: node.role().name(),
            term: node.current_term(),
            voted_for: node.voted_for(),
            commit_index: node.commit_index(),
            log: node.log().entries().to_vec(),
            kv: node.kv().values().clone(),
            leader: if up { node.known_leader() } else { None },
            votes,
            progress,
        }
    }
}
