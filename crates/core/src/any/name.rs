//! The protocols' names, as scenario files spell them and readers see them. The name
//! type [`ProtocolName`] and each protocol's facts behind it are made by the protocol
//! table ([`super::table`]); this file adds what concerns the list as a whole.

use super::ProtocolName;

impl ProtocolName {
    /// The comparisons the page offers besides each protocol alone (a choice of what is
    /// worth setting side by side, not a list of the protocols: a protocol need not be in it).
    pub const COMPARISONS: [&'static [ProtocolName]; 6] = [
        &[ProtocolName::Raft, ProtocolName::TwoPhaseCommit],
        &[ProtocolName::Raft, ProtocolName::TwoPhaseCommit, ProtocolName::Paxos],
        &[ProtocolName::TwoPhaseCommit, ProtocolName::ThreePhaseCommit],
        &[
            ProtocolName::TwoPhaseCommit,
            ProtocolName::ThreePhaseCommit,
            ProtocolName::PaxosCommit,
        ],
        // Raft beside Raft: the same faults under two configurations (PreVote,
        // CheckQuorum, reads), each pane with its own options.
        &[ProtocolName::Raft, ProtocolName::Raft],
        // The fair comparison: Raft beside the Multi-Paxos deployed systems run, with
        // Basic Paxos (phase 1 for every command) for what the stable leader saves.
        &[ProtocolName::Raft, ProtocolName::MultiPaxos, ProtocolName::Paxos],
    ];

    /// The page's "Run" menu: (value, label) for each protocol alone, then each of
    /// [`Self::COMPARISONS`] (`raft,two_phase_commit`, "Raft | 2PC": the names joined by
    /// commas, the short titles by bars).
    pub fn menu() -> Vec<(String, String)> {
        let alone = Self::ALL
            .iter()
            .map(|p| (p.as_str().to_string(), p.title().to_string()));
        let compared = Self::COMPARISONS.iter().map(|protocols| {
            let names: Vec<&str> = protocols.iter().map(|p| p.as_str()).collect();
            let titles: Vec<&str> = protocols.iter().map(|p| p.short_title()).collect();
            (names.join(","), titles.join(" | "))
        });
        alone.chain(compared).collect()
    }

    /// The protocol a scenario file's name means, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|p| p.as_str() == name)
    }

    /// Every name scenario files may use, as a reader lists them: "raft, two_phase_commit, paxos, three_phase_commit, paxos_commit, multi_paxos".
    pub fn known_names() -> String {
        let names: Vec<&str> = Self::ALL.iter().map(|p| p.as_str()).collect();
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_menu_offers_each_protocol_alone_then_each_comparison() {
        let menu = ProtocolName::menu();
        assert_eq!(menu[0], ("raft".to_string(), "Raft".to_string()));
        assert_eq!(
            menu[1],
            ("two_phase_commit".to_string(), "Two-phase commit".to_string())
        );
        assert_eq!(
            menu[ProtocolName::ALL.len()],
            ("raft,two_phase_commit".to_string(), "Raft | 2PC".to_string())
        );
        assert_eq!(menu.len(), ProtocolName::ALL.len() + ProtocolName::COMPARISONS.len());
        for (value, _) in &menu {
            assert!(
                value.split(',').all(|name| ProtocolName::from_name(name).is_some()),
                "{value}"
            );
        }
        assert_eq!(
            ProtocolName::known_names(),
            "raft, two_phase_commit, paxos, three_phase_commit, paxos_commit, multi_paxos"
        );
    }

    #[test]
    fn each_name_is_spelled_in_files_as_its_protocol_declares_it() {
        for &protocol in ProtocolName::ALL {
            let written = serde_json::to_string(&protocol).unwrap();
            assert_eq!(written, format!("\"{}\"", protocol.as_str()));
            let read: ProtocolName = serde_json::from_str(&written).unwrap();
            assert_eq!(read, protocol);
        }
    }
}
