//! Two-phase commit's rules, after Lamport's TLA+ specification `TwoPhase`.

use crate::explain::{Explain, Rule};
use crate::two_phase::{Decision, TwoPcNote};

/// Lamport's TLA+ specification of two-phase commit.
const TWO_PHASE_SPEC: &str = "https://lamport.azurewebsites.net/tla/two-phase.html";

const PREPARE: Rule = Rule {
    name: "TwoPhase: TMPrepared, RMPrepare",
    text: "The coordinator asks every participant to prepare; a participant that can commit records that it is prepared and votes yes.",
    source: TWO_PHASE_SPEC,
};
const ABORT_VOTE: Rule = Rule {
    name: "TwoPhase: RMChooseToAbort",
    text: "A participant that has not prepared may decide on its own to abort, and votes no.",
    source: TWO_PHASE_SPEC,
};
const DECIDE: Rule = Rule {
    name: "TwoPhase: TMCommit, TMAbort",
    text: "The coordinator commits only when every participant is prepared; it may abort at any time before that. Its decision is durable and final.",
    source: TWO_PHASE_SPEC,
};
const LEARN: Rule = Rule {
    name: "TwoPhase: RMRcvCommitMsg, RMRcvAbortMsg",
    text: "A participant commits or aborts when the coordinator's decision reaches it.",
    source: TWO_PHASE_SPEC,
};
const BLOCKED: Rule = Rule {
    name: "TwoPhase: a prepared participant",
    text: "Once prepared, a participant may neither commit nor abort by itself: it must wait for the coordinator's decision — the blocking of two-phase commit.",
    source: TWO_PHASE_SPEC,
};
const RECOVER: Rule = Rule {
    name: "Two-phase commit, coordinator recovery (presumed abort)",
    text: "A coordinator that restarts without a durable decision for a transaction aborts it; one with a decision sends it again.",
    source: TWO_PHASE_SPEC,
};

impl Explain for TwoPcNote {
    fn rule(&self) -> Option<&'static Rule> {
        match self {
            TwoPcNote::Began { .. } | TwoPcNote::Prepared { .. } => Some(&PREPARE),
            TwoPcNote::VotedNo { .. } => Some(&ABORT_VOTE),
            TwoPcNote::Decided { .. } => Some(&DECIDE),
            TwoPcNote::Applied { .. } => Some(&LEARN),
            TwoPcNote::StillBlocked { .. } => Some(&BLOCKED),
            TwoPcNote::Recovered { .. } | TwoPcNote::LeftUndecided { .. } => Some(&RECOVER),
            TwoPcNote::DecidedAlone { .. } | TwoPcNote::BackupAborted { .. } | TwoPcNote::NotCoordinator { .. } => None,
        }
    }

    fn milestone(&self) -> Option<&'static str> {
        match self {
            TwoPcNote::Decided {
                decision: Decision::Commit,
                ..
            } => Some("commit"),
            TwoPcNote::Decided { .. } => Some("abort"),
            TwoPcNote::Prepared { .. } => Some("prepared"),
            TwoPcNote::DecidedAlone { .. } | TwoPcNote::BackupAborted { .. } => Some("alone"),
            _ => None,
        }
    }

    fn decisive(&self) -> bool {
        match self {
            TwoPcNote::VotedNo { .. }
            | TwoPcNote::StillBlocked { .. }
            | TwoPcNote::Recovered { .. }
            | TwoPcNote::LeftUndecided { .. } => true,
            _ => self.milestone().is_some(),
        }
    }
}
