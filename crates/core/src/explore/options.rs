//! What to explore: the protocol, the cluster, the bug switches, the faults and Raft's
//! options from the thesis that every schedule runs with.

use super::Faults;
use crate::scenario::ProtocolName;

/// What to explore.
#[derive(Clone, Debug, PartialEq)]
pub struct ExploreOptions {
    /// The protocol.
    pub protocol: ProtocolName,
    /// Cluster size.
    pub nodes: u32,
    /// Seed from which every schedule's seed is derived.
    pub seed: u64,
    /// Bug switches to turn on.
    pub bugs: Vec<String>,
    /// Random steps per schedule.
    pub steps: usize,
    /// The quiet window after which progress is judged (0: safety only); the quiet tail
    /// of every schedule lasts one window (5 s when 0).
    pub liveness_window_ms: crate::types::Time,
    /// Swarm testing: each schedule draws its own mix of step kinds (see `Mix`); off,
    /// every schedule draws from all of them at fixed rates.
    pub swarm: bool,
    /// The kinds of fault schedules may have (all by default).
    pub faults: Faults,
    /// Raft's options from the thesis (PreVote, CheckQuorum, reads): the settings every
    /// schedule runs with. With any of them on, Raft's schedules also cut links one way
    /// and hand leadership over.
    pub raft: RaftOptions,
    /// Multi-Paxos: the slots a leader may have in flight (`config.window`, at least 1).
    pub window: u64,
}

/// Raft's production options, as a scenario's `config` sets them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RaftOptions {
    /// `config.pre_vote`.
    pub pre_vote: bool,
    /// `config.check_quorum`.
    pub check_quorum: bool,
    /// `config.reads`.
    pub reads: crate::protocol::ReadMode,
    /// `config.snapshot_after` (0: no compaction but by `compact` steps).
    pub snapshot_after: u64,
    /// Schedules change the membership: one node starts as a spare outside the
    /// configuration, and steps add, remove and replace servers (thesis ch. 4). They run
    /// with CheckQuorum unless PreVote is on: a removed server disrupts a cluster that has
    /// neither forever (§4.2.3).
    pub membership: bool,
}

impl RaftOptions {
    /// Whether any option is on.
    pub fn any(self) -> bool {
        self != RaftOptions::default()
    }
}

impl ExploreOptions {
    /// Whether schedules change the membership: when asked, or when a bug switch breaks a
    /// rule of membership changes (it could not be caught otherwise).
    pub fn membership(&self) -> bool {
        self.protocol.takes_membership()
            && (self.raft.membership || self.bugs.iter().any(|b| crate::any::breaks_membership(b)))
    }

    /// Raft on `nodes` nodes with no bug, 80 steps per schedule, progress judged.
    pub fn raft(nodes: u32, seed: u64) -> Self {
        Self::new(ProtocolName::Raft, nodes, seed)
    }

    /// `protocol` on `nodes` nodes with no bug, 80 steps per schedule, progress judged.
    pub fn new(protocol: ProtocolName, nodes: u32, seed: u64) -> Self {
        Self {
            protocol,
            nodes,
            seed,
            bugs: Vec::new(),
            steps: 80,
            liveness_window_ms: crate::check::progress::DEFAULT_LIVENESS_WINDOW_MS,
            swarm: true,
            faults: Faults::ALL,
            raft: RaftOptions::default(),
            window: 1,
        }
    }
}
