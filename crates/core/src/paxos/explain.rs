//! Basic Paxos' rules, after Lamport's "Paxos Made Simple".

use crate::explain::{Explain, Rule};
use crate::paxos::PaxosNote;

/// Lamport, Paxos Made Simple.
const PAXOS_PAPER: &str = "https://lamport.azurewebsites.net/pubs/paxos-simple.pdf";

const PHASE_1A: Rule = Rule {
    name: "Paxos Made Simple, Phase 1(a)",
    text: "A proposer selects a proposal number n and sends a prepare request with number n to a majority of acceptors.",
    source: PAXOS_PAPER,
};
const PHASE_1B: Rule = Rule {
    name: "Paxos Made Simple, Phase 1(b)",
    text: "If an acceptor receives a prepare request with a number n greater than any it has already responded to, it promises not to accept any proposal numbered less than n and replies with the highest-numbered proposal it has accepted.",
    source: PAXOS_PAPER,
};
const PHASE_2A: Rule = Rule {
    name: "Paxos Made Simple, Phase 2(a)",
    text: "With promises from a majority, the proposer sends an accept request for n with value v, the value of the highest-numbered proposal among the replies, or its own if they report none.",
    source: PAXOS_PAPER,
};
const PHASE_2B: Rule = Rule {
    name: "Paxos Made Simple, Phase 2(b)",
    text: "An acceptor accepts a proposal numbered n unless it has already responded to a prepare request with a number greater than n.",
    source: PAXOS_PAPER,
};
const CHOSEN: Rule = Rule {
    name: "Paxos Made Simple, §2.3 Learning a Chosen Value",
    text: "A value is chosen once a majority of acceptors have accepted it; learners find out from the acceptors. Messages can be lost, so here whoever saw the value chosen tells every learner again until each acknowledges it.",
    source: PAXOS_PAPER,
};
const PROGRESS: Rule = Rule {
    name: "Paxos Made Simple, §2.4 Progress",
    text: "Two proposers can keep outbidding each other; a proposer that hears of a higher number abandons its proposal and retries later (here after a random pause).",
    source: PAXOS_PAPER,
};

impl Explain for PaxosNote {
    fn rule(&self) -> Option<&'static Rule> {
        Some(match self {
            PaxosNote::Proposing { .. } => &PHASE_1A,
            PaxosNote::Promised { .. } => &PHASE_1B,
            PaxosNote::Refused { .. } => &PHASE_2B,
            PaxosNote::AskingToAccept { .. } => &PHASE_2A,
            PaxosNote::AcceptedValue { .. } => &PHASE_2B,
            PaxosNote::Chosen { .. } | PaxosNote::RemindingLearners { .. } => &CHOSEN,
            PaxosNote::BackingOff { .. } | PaxosNote::RetryingAtOnce { .. } => &PROGRESS,
        })
    }

    fn milestone(&self) -> Option<&'static str> {
        match self {
            PaxosNote::Proposing { .. } => Some("propose"),
            PaxosNote::Chosen { .. } => Some("chosen"),
            _ => None,
        }
    }

    fn decisive(&self) -> bool {
        match self {
            PaxosNote::Refused { .. } | PaxosNote::BackingOff { .. } | PaxosNote::RetryingAtOnce { .. } => true,
            PaxosNote::AskingToAccept { adopted, ignored, .. } => *adopted || ignored.is_some(),
            _ => self.milestone().is_some(),
        }
    }
}
