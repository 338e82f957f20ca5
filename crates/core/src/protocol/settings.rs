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
    /// The bug switches turned on, by name (names of other protocols' switches are ignored).
    pub bugs: &'a [String],
    /// The node that coordinates, for a protocol with a fixed coordinator.
    pub coordinator: NodeId,
    /// Paxos Commit: how many acceptors, on nodes `1..=acceptors`. Invariant (validated
    /// for Paxos Commit): between 1 and the cluster size.
    pub acceptors: u32,
}
