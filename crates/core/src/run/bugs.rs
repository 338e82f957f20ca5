//! The bug switches of every protocol, for menus.

use crate::paxos::node::IGNORE_PROMISED_VALUES;
use crate::raft::RaftBug;
use crate::scenario::ProtocolName;
use crate::two_phase::TwoPcBug;

/// A rule broken on purpose, as a menu shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BugSwitch {
    /// Its name in scenario files.
    pub name: &'static str,
    /// What it does, in words.
    pub description: &'static str,
}

/// The bug switches of `protocol`.
pub fn bug_switches(protocol: ProtocolName) -> Vec<BugSwitch> {
    match protocol {
        ProtocolName::Raft => RaftBug::ALL
            .iter()
            .map(|b| BugSwitch {
                name: b.name(),
                description: b.description(),
            })
            .collect(),
        ProtocolName::TwoPhaseCommit => TwoPcBug::ALL
            .iter()
            .map(|b| BugSwitch {
                name: b.name(),
                description: b.description(),
            })
            .collect(),
        ProtocolName::Paxos => vec![BugSwitch {
            name: IGNORE_PROMISED_VALUES,
            description: "a proposer ignores the values acceptors already accepted and proposes its own",
        }],
    }
}
