//! The settings a scenario gives a protocol, as every protocol reads them: each turns
//! them into its own configuration (`Facts::config`).

use crate::types::{NodeId, Time};

/// The protocol settings of a scenario's `config` (see `docs/scenarios.md`).
#[derive(Clone, Copy, Debug)]
pub struct Settings<'a> {
    /// The protocol's timeout range in ms: Raft's election timeout; two-phase commit's
    /// vote timeout, re-send and status-query intervals; Paxos's retry and backoff pause.
    /// Invariant (validated): `timeout_ms.0 <= timeout_ms.1`.
    pub timeout_ms: (Time, Time),
    /// How often a leader speaks when it has nothing new to say, in ms.
    pub heartbeat_ms: Time,
    /// Whether a new leader appends a no-op entry at once.
    pub noop_on_election: bool,
    /// Raft: pre-votes before an election (thesis §9.6).
    pub pre_vote: bool,
    /// Raft: leaders step down without a majority's word, and the vote lease (§6.2, §4.2.3).
    pub check_quorum: bool,
    /// Raft: how a leader serves reads (§6.4).
    pub reads: ReadMode,
    /// Raft: entries applied beyond the last snapshot before a node compacts (0: never).
    pub snapshot_after: u64,
    /// Raft: the initial voting configuration (empty: every node).
    pub members: &'a [NodeId],
    /// The bug switches turned on, by name (names of other protocols' switches are ignored).
    pub bugs: &'a [String],
    /// The node that coordinates, for a protocol with a fixed coordinator.
    pub coordinator: NodeId,
    /// Paxos Commit: how many acceptors, on nodes `1..=acceptors`. Invariant (validated
    /// for Paxos Commit): between 1 and the cluster size.
    pub acceptors: u32,
    /// Multi-Paxos: slots of client commands a leader may have in flight (at least 1).
    pub window: u64,
}

/// How a leader serves a read (`get K`) — Raft's options from the thesis (§6.4).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadMode {
    /// As a log entry, like a write: linearizable, at the cost of a log entry (§8).
    #[default]
    Log,
    /// ReadIndex (thesis §6.4): the leader records its commit index, confirms with a
    /// round of heartbeats that a majority still follows it, waits until it has applied
    /// that index, and answers from its state.
    ReadIndex,
    /// A lease (thesis §6.4.1): while less than the minimum election timeout has passed
    /// since a heartbeat round a majority acknowledged, the leader answers at once.
    Lease,
}

impl ReadMode {
    /// Whether it is the default, `log` (left out of written files).
    pub fn is_log(&self) -> bool {
        *self == ReadMode::Log
    }

    /// The mode scenario files call `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        [ReadMode::Log, ReadMode::ReadIndex, ReadMode::Lease]
            .into_iter()
            .find(|m| m.as_str() == name)
    }

    /// The name scenario files use.
    pub fn as_str(self) -> &'static str {
        match self {
            ReadMode::Log => "log",
            ReadMode::ReadIndex => "read_index",
            ReadMode::Lease => "lease",
        }
    }
}
