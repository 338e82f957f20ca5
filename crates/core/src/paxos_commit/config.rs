//! Paxos Commit's settings and bug switches.

use crate::types::{NodeId, Time};

crate::bug_switches! {
    /// Rules of Paxos Commit broken on purpose.
    pub enum PaxosCommitBug => {
        /// A node taking over proposes `aborted` in every instance, ignoring the values
        /// the acceptors' promises report.
        TakeoverIgnoresAccepted = "takeover_ignores_accepted",
            "a node taking over proposes aborted in every instance, ignoring the prepared votes the acceptors already accepted",
            breaks "Paxos Commit (Gray & Lamport, §4; PaxosCommit.tla, Phase2a): a new leader proposes in each instance the value of the highest ballot among the promises, and aborted only where none was accepted";
    }
}

/// Settings shared by every node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaxosCommitConfig {
    /// The coordinator: the initial leader, which begins transactions and learns the
    /// participants' ballot-0 votes. Every other node is a participant.
    pub coordinator: NodeId,
    /// How many acceptors, on nodes `1..=acceptors`. Invariant: between 1 and the cluster size.
    pub acceptors: u32,
    /// The timeout range: the leader's wait for the votes, a participant's wait for the
    /// decision (twice as long), a takeover's retry.
    /// Invariant: `timeout.0 <= timeout.1`.
    pub timeout: (Time, Time),
    /// The bug switches that are on.
    pub bugs: crate::bug::Bugs<PaxosCommitBug>,
}

impl PaxosCommitConfig {
    /// Whether `node` is an acceptor.
    pub fn is_acceptor(&self, node: NodeId) -> bool {
        node >= 1 && node <= self.acceptors
    }

    /// How many acceptors make a majority.
    pub fn majority(&self) -> usize {
        self.acceptors as usize / 2 + 1
    }
}
