//! The bug switches and the checked invariants of every protocol, for menus and panels.

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

/// The safety properties the checker verifies for `protocol`, after every event.
pub fn invariants(protocol: ProtocolName) -> &'static [&'static str] {
    use crate::check::{paxos, raft, two_phase};
    match protocol {
        ProtocolName::Raft => &[
            raft::ELECTION_SAFETY,
            raft::LEADER_APPEND_ONLY,
            raft::LOG_MATCHING,
            raft::LEADER_COMPLETENESS,
            raft::STATE_MACHINE_SAFETY,
        ],
        ProtocolName::TwoPhaseCommit => &[
            two_phase::ATOMICITY,
            two_phase::COMMIT_NEEDS_ALL_YES,
            two_phase::DECISIONS_FINAL,
        ],
        ProtocolName::Paxos => &[
            paxos::ONE_VALUE_CHOSEN,
            paxos::CHOSEN_WAS_PROPOSED,
            paxos::ONE_VALUE_PER_BALLOT,
            paxos::PROMISE_MONOTONIC,
            paxos::ACCEPTED_WITHIN_PROMISE,
        ],
    }
}
