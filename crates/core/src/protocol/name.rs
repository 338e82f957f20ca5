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

    /// The comparisons the page offers besides each protocol alone.
    pub const COMPARISONS: [&'static [ProtocolName]; 2] = [
        &[ProtocolName::Raft, ProtocolName::TwoPhaseCommit],
        &[ProtocolName::Raft, ProtocolName::TwoPhaseCommit, ProtocolName::Paxos],
    ];

    /// The page's "Run" menu: (value, label) for each protocol alone, then each comparison
    /// (`raft,two_phase_commit`, "Raft | 2PC").
    pub fn menu() -> Vec<(String, String)> {
        let alone = Self::ALL.map(|p| (p.as_str().to_string(), p.title().to_string()));
        let compared = Self::COMPARISONS.map(|protocols| {
            let names: Vec<&str> = protocols.iter().map(|p| p.as_str()).collect();
            let titles: Vec<&str> = protocols.iter().map(|p| p.short_title()).collect();
            (names.join(","), titles.join(" | "))
        });
        alone.into_iter().chain(compared).collect()
    }

    /// The name where room is short, side by side ("2PC").
    pub fn short_title(self) -> &'static str {
        match self {
            ProtocolName::TwoPhaseCommit => "2PC",
            other => other.title(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_menu_entry_names_protocols_a_scenario_accepts_and_each_protocol_runs_alone() {
        let menu = ProtocolName::menu();
        for (value, label) in &menu {
            let protocols: Vec<Option<ProtocolName>> = value.split(',').map(ProtocolName::from_name).collect();
            assert!(protocols.iter().all(Option::is_some), "{value}");
            assert_eq!(label.matches(" | ").count() + 1, protocols.len(), "{label}");
        }
        for protocol in ProtocolName::ALL {
            assert!(menu.contains(&(protocol.as_str().to_string(), protocol.title().to_string())));
        }
        assert_eq!(ProtocolName::known_names(), "raft, two_phase_commit, paxos");
    }
}
