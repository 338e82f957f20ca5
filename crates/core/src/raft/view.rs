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
    /// `follower`, `pre_candidate`, `candidate` or `leader` (a crashed node shows
    /// `follower`); `learner` for a follower outside its configuration that a leader is
    /// catching up before adding it (thesis §4.2.1).
    pub role: &'static str,
    /// The current term.
    pub term: Term,
    /// Whom it voted for in that term.
    pub voted_for: Option<NodeId>,
    /// The commit index.
    pub commit_index: LogIndex,
    /// The log's entries after the snapshot, index `log_start` first.
    pub log: Vec<Entry>,
    /// The index of the first entry listed in `log` (1 with no snapshot).
    pub log_start: LogIndex,
    /// The snapshot's last included entry, if the node has compacted its log.
    pub snapshot: Option<SnapshotView>,
    /// The key-value state of the applied entries.
    pub kv: VecMap<Arc<str>, Arc<str>>,
    /// The leader it knows of.
    pub leader: Option<NodeId>,
    /// Its latest configuration's voters (thesis §4.1), the old ones during joint consensus.
    pub members: Vec<NodeId>,
    /// During joint consensus (C_old,new in its log), the new configuration's voters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members_new: Option<Vec<NodeId>>,
    /// A leader adding servers: those catching up as learners (§4.2.1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catching_up: Option<Vec<NodeId>>,
    /// A candidate's votes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub votes: Option<Vec<NodeId>>,
    /// A pre-candidate's pre-votes: who said they would vote for it (itself included).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_votes: Option<Vec<NodeId>>,
    /// A leader handing its leadership over: to whom (§3.10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transferring_to: Option<NodeId>,
    /// A leader's nextIndex and matchIndex per follower.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<VecMap<NodeId, Progress>>,
}

/// A snapshot as a node's view shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SnapshotView {
    /// Its last included entry's index.
    pub last_index: LogIndex,
    /// That entry's term.
    pub last_term: Term,
}

impl RaftView {
    /// The view of `node`.
    pub fn of(node: &RaftNode, up: bool) -> Self {
        let (mut votes, mut pre_votes, mut progress, mut catching_up) = (None, None, None, None);
        let quorum = node.quorum();
        match node.role() {
            Role::Candidate { votes: v } => votes = Some(v.iter().copied().collect()),
            Role::PreCandidate { grants } => pre_votes = Some(grants.iter().copied().collect()),
            Role::Leader {
                progress: p, changes, ..
            } => {
                progress = Some(p.clone());
                catching_up = Some(changes.learners().collect::<Vec<_>>()).filter(|l| !l.is_empty());
            }
            Role::Follower { .. } => {}
        }
        Self {
            id: node.id(),
            up,
            role: if up && node.is_learner() {
                "learner"
            } else {
                node.role().name()
            },
            term: node.current_term(),
            voted_for: node.voted_for(),
            commit_index: node.commit_index(),
            log: node.log().entries().to_vec(),
            log_start: node.log().first_index(),
            snapshot: node.persistent.snapshot.as_ref().map(|s| SnapshotView {
                last_index: s.last.index,
                last_term: s.last.term,
            }),
            kv: node.kv().values().clone(),
            leader: if up { node.known_leader() } else { None },
            members: quorum.voters().iter().copied().collect(),
            members_new: quorum.new_voters().map(|n| n.iter().copied().collect()),
            catching_up,
            votes,
            pre_votes,
            transferring_to: node.transfer().map(|t| t.to),
            progress,
        }
    }
}
