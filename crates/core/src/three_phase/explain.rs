//! Three-phase commit's rules, after Skeen's "Nonblocking Commit Protocols" (1981) and
//! the termination protocol as Bernstein, Hadzilacos & Goodman state it (1987, §7.5).

use crate::explain::{Explain, Rule};
use crate::three_phase::ThreePcNote;

/// Skeen, "Nonblocking Commit Protocols", SIGMOD 1981.
const SKEEN: &str = "https://dl.acm.org/doi/10.1145/582318.582339";
/// Bernstein, Hadzilacos & Goodman, "Concurrency Control and Recovery in Database
/// Systems" (1987), chapter 7 (free from its authors).
const BHG: &str = "https://www.microsoft.com/en-us/research/people/philbe/book/";

const VOTE: Rule = Rule {
    name: "3PC phase 1: CanCommit, Vote",
    text: "The coordinator asks every participant whether it can commit; a participant votes Yes and is then uncertain, or votes No and aborts.",
    source: SKEEN,
};
const PRECOMMIT: Rule = Rule {
    name: "3PC phase 2: PreCommit",
    text: "Only with Yes from every participant does the coordinator send PreCommit; a participant that receives it knows every vote was Yes. No state is then next to both commit and abort, which is what lets the others finish without the coordinator.",
    source: SKEEN,
};
const COMMIT: Rule = Rule {
    name: "3PC phase 3: DoCommit",
    text: "The coordinator commits once every participant acknowledged PreCommit (one that stays silent is taken for crashed); a No or a missing vote aborts.",
    source: SKEEN,
};
const LEARN: Rule = Rule {
    name: "3PC: participants apply the outcome",
    text: "A participant commits or aborts when it is told the outcome, by the coordinator or by a termination.",
    source: SKEEN,
};
const TERMINATION: Rule = Rule {
    name: "3PC termination protocol",
    text: "An uncertain participant that hears nothing for too long takes the coordinator for crashed; the lowest-numbered participant it reaches gathers their states and decides: any aborted, abort; any committed, commit; any precommitted, PreCommit the uncertain ones and commit; all uncertain, abort. Safe only if the network never partitions.",
    source: BHG,
};
const RECOVER: Rule = Rule {
    name: "3PC coordinator recovery",
    text: "A restarted coordinator aborts what it had not precommitted (no participant can have committed it) and asks the participants about what it had precommitted, since they may have decided without it.",
    source: BHG,
};

impl Explain for ThreePcNote {
    fn rule(&self) -> Option<&'static Rule> {
        match self {
            ThreePcNote::Began { .. } | ThreePcNote::VotedYes { .. } | ThreePcNote::VotedNo { .. } => Some(&VOTE),
            ThreePcNote::Precommitting { .. } | ThreePcNote::Precommitted { .. } => Some(&PRECOMMIT),
            ThreePcNote::SilentTakenForCrashed { .. } | ThreePcNote::Decided { .. } => Some(&COMMIT),
            ThreePcNote::Applied { .. } | ThreePcNote::Learned { .. } => Some(&LEARN),
            ThreePcNote::TerminationStarted { .. }
            | ThreePcNote::LeftToLower { .. }
            | ThreePcNote::StillRecovering { .. }
            | ThreePcNote::TerminationPrecommits { .. }
            | ThreePcNote::TerminationDecided { .. } => Some(&TERMINATION),
            ThreePcNote::Recovered { .. } => Some(&RECOVER),
            ThreePcNote::AbortedPrecommitted { .. } | ThreePcNote::NotCoordinator { .. } => None,
        }
    }

    fn milestone(&self) -> Option<&'static str> {
        match self {
            ThreePcNote::Decided { decision, .. } | ThreePcNote::TerminationDecided { decision, .. } => {
                Some(match decision {
                    crate::commit::Decision::Commit => "commit",
                    crate::commit::Decision::Abort => "abort",
                })
            }
            ThreePcNote::Precommitting { .. } => Some("precommit"),
            ThreePcNote::TerminationStarted { .. } => Some("terminate"),
            ThreePcNote::AbortedPrecommitted { .. } => Some("bug"),
            _ => None,
        }
    }

    fn decisive(&self) -> bool {
        match self {
            ThreePcNote::VotedNo { .. }
            | ThreePcNote::Precommitted { .. }
            | ThreePcNote::SilentTakenForCrashed { .. }
            | ThreePcNote::Learned { .. }
            | ThreePcNote::Applied { .. }
            | ThreePcNote::Recovered { .. }
            | ThreePcNote::LeftToLower { .. }
            | ThreePcNote::TerminationPrecommits { .. } => true,
            _ => self.milestone().is_some(),
        }
    }
}
