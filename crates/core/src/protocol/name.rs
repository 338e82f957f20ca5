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

    /// The page's "Run" menu: (value, label) for each protocol of [`Self::ALL`] alone, then
    /// each of [`Self::COMPARISONS`] (`raft,two_phase_commit`, "Raft | 2PC": the names
    /// joined by commas, the short titles by bars). Written out, since the page carries the
    /// text for less than the code that would join it; a test checks it against `ALL` and
    /// `COMPARISONS`.
    pub const MENU: [(&'static str, &'static str); 5] = [
        ("raft", "Raft"),
        ("two_phase_commit", "Two-phase commit"),
        ("paxos", "Paxos"),
        ("raft,two_phase_commit", "Raft | 2PC"),
        ("raft,two_phase_commit,paxos", "Raft | 2PC | Paxos"),
    ];

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
    fn the_menu_offers_each_protocol_alone_then_each_comparison() {
        let alone = ProtocolName::ALL.map(|p| (p.as_str().to_string(), p.title().to_string()));
        let compared = ProtocolName::COMPARISONS.map(|protocols| {
            let names: Vec<&str> = protocols.iter().map(|p| p.as_str()).collect();
            let titles: Vec<&str> = protocols.iter().map(|p| p.short_title()).collect();
            (names.join(","), titles.join(" | "))
        });
        let expected: Vec<(String, String)> = alone.into_iter().chain(compared).collect();
        let menu: Vec<(String, String)> = ProtocolName::MENU
            .iter()
            .map(|(value, label)| (value.to_string(), label.to_string()))
            .collect();
        assert_eq!(menu, expected);
        for (value, _) in ProtocolName::MENU {
            assert!(
                value.split(',').all(|name| ProtocolName::from_name(name).is_some()),
                "{value}"
            );
        }
        assert_eq!(ProtocolName::known_names(), "raft, two_phase_commit, paxos");
    }
}
