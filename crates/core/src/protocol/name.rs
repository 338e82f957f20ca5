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
    /// Every protocol, in the order menus and lists show them.
    pub const ALL: [ProtocolName; 3] = [ProtocolName::Raft, ProtocolName::TwoPhaseCommit, ProtocolName::Paxos];

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

    /// The smallest cluster on which the protocol shows what it is about: two-phase
    /// commit needs a coordinator and a participant; the others run on one node.
    pub fn smallest_cluster(self) -> u32 {
        match self {
            ProtocolName::TwoPhaseCommit => 2,
            ProtocolName::Raft | ProtocolName::Paxos => 1,
        }
    }

    /// The protocol a scenario file's name means, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// Every name scenario files may use, as a reader lists them: "raft, two_phase_commit, paxos".
    pub fn known_names() -> String {
        Self::ALL.map(Self::as_str).join(", ")
    }
}
