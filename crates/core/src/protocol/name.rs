//! The protocols' names, as scenario files spell them and readers see them.

use serde::{Deserialize, Serialize};

/// A protocol's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProtocolName {
    /// Raft.
    Raft,
    /// Two-phase commit.
    TwoPhaseCommit,
    /// Basic Paxos, one instance per log slot.
    Paxos,
}

impl ProtocolName {
    /// The name as scenario files spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            ProtocolName::Raft => "raft",
            ProtocolName::TwoPhaseCommit => "two_phase_commit",
            ProtocolName::Paxos => "paxos",
        }
    }

    /// The name readers see ("Two-phase commit").
    pub fn title(self) -> &'static str {
        match self {
            ProtocolName::Raft => "Raft",
            ProtocolName::TwoPhaseCommit => "Two-phase commit",
            ProtocolName::Paxos => "Paxos",
        }
    }

    /// The protocol a scenario file's name means, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        [ProtocolName::Raft, ProtocolName::TwoPhaseCommit, ProtocolName::Paxos]
            .into_iter()
            .find(|p| p.as_str() == name)
    }
}
