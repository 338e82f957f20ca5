//! Paxos Commit's rules, after Gray & Lamport (2006) and `PaxosCommit.tla`.

use crate::explain::{Explain, Rule};
use crate::paxos_commit::PaxosCommitNote;

/// Gray & Lamport, "Consensus on Transaction Commit", ACM TODS 31(1), 2006.
const PAPER: &str = "https://www.microsoft.com/en-us/research/publication/consensus-on-transaction-commit/";
/// Lamport's TLA+ specification of Paxos Commit.
const SPEC: &str = "https://github.com/tlaplus/Examples/blob/master/specifications/transaction_commit/PaxosCommit.tla";

const PREPARE: Rule = Rule {
    name: "Paxos Commit: RMPrepare, ballot 0",
    text: "A participant votes by sending its value straight to the acceptors as a phase 2a message of ballot 0, which belongs to it; no phase 1 is needed.",
    source: SPEC,
};
const ACCEPT: Rule = Rule {
    name: "Paxos Commit: Phase1b, Phase2b",
    text: "An acceptor promises a ballot for every instance of a transaction at once, and accepts a value in an instance unless it promised a higher ballot.",
    source: SPEC,
};
const CHOSEN: Rule = Rule {
    name: "Paxos Commit: a value is chosen",
    text: "A participant's instance chooses a value once a majority of the 2F+1 acceptors accepted it in one ballot; the transaction commits when every instance chose prepared, and aborts if any chose aborted.",
    source: PAPER,
};
const TAKEOVER: Rule = Rule {
    name: "Paxos Commit: a new leader (Phase1a, Phase2a)",
    text: "Any node may take over an undecided transaction with a higher ballot: it runs phase 1 for every instance, proposes in each the value of the highest ballot among the promises, or aborted where none was accepted, and finishes the decision.",
    source: PAPER,
};
const LEARN: Rule = Rule {
    name: "Paxos Commit: the decision is told",
    text: "The leader that learns every instance's value tells every participant the outcome.",
    source: PAPER,
};

impl Explain for PaxosCommitNote {
    fn rule(&self) -> Option<&'static Rule> {
        match self {
            PaxosCommitNote::Began { .. } | PaxosCommitNote::Voted { .. } => Some(&PREPARE),
            PaxosCommitNote::Promised { .. } => Some(&ACCEPT),
            PaxosCommitNote::Chosen { .. } | PaxosCommitNote::Decided { .. } => Some(&CHOSEN),
            PaxosCommitNote::TakingOver { .. } | PaxosCommitNote::Proposing { .. } => Some(&TAKEOVER),
            PaxosCommitNote::Told { .. } => Some(&LEARN),
            PaxosCommitNote::IgnoredAccepted { .. } | PaxosCommitNote::NotCoordinator { .. } => None,
        }
    }

    fn milestone(&self) -> Option<&'static str> {
        match self {
            PaxosCommitNote::Decided {
                decision: crate::commit::Decision::Commit,
                ..
            } => Some("commit"),
            PaxosCommitNote::Decided { .. } => Some("abort"),
            PaxosCommitNote::TakingOver { .. } => Some("takeover"),
            PaxosCommitNote::IgnoredAccepted { .. } => Some("bug"),
            _ => None,
        }
    }

    fn decisive(&self) -> bool {
        match self {
            PaxosCommitNote::Voted { .. }
            | PaxosCommitNote::Chosen { .. }
            | PaxosCommitNote::Told { .. }
            | PaxosCommitNote::Proposing { .. } => true,
            _ => self.milestone().is_some(),
        }
    }
}
