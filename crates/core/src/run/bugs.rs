//! The checked invariants and progress properties of every protocol, and (from [`crate::bug`]) the bug switches that break them, for menus and panels.

use crate::scenario::ProtocolName;

pub use crate::bug::{BugInfo, bug_switches};

/// The progress properties judged for `protocol` over quiet windows: (name, what must hold).
pub fn progress_properties(protocol: ProtocolName) -> &'static [(&'static str, &'static str)] {
    match protocol {
        ProtocolName::Raft => crate::raft::progress::RaftProgress::PROPERTIES,
        ProtocolName::TwoPhaseCommit => crate::two_phase::progress::TwoPcProgress::PROPERTIES,
        ProtocolName::Paxos => crate::paxos::progress::PaxosProgress::PROPERTIES,
    }
}

/// Whether `invariant` names one of `protocol`'s progress properties (not a safety one).
pub fn is_progress_property(protocol: ProtocolName, invariant: &str) -> bool {
    progress_properties(protocol).iter().any(|(name, _)| *name == invariant)
}

/// The safety properties the checker verifies for `protocol`, after every event.
pub fn invariants(protocol: ProtocolName) -> &'static [&'static str] {
    use crate::{paxos::check as paxos, raft::check as raft, two_phase::check as two_phase};
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
