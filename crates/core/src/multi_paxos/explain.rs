//! Multi-Paxos's rules, after Paxos Made Simple §3 and Paxos Made Moderately Complex.

use crate::explain::{Explain, Rule};
use crate::multi_paxos::MultiPaxosNote;

/// Lamport, Paxos Made Simple.
const PAXOS_PAPER: &str = "https://lamport.azurewebsites.net/pubs/paxos-simple.pdf";
/// Van Renesse and Altınbüken, Paxos Made Moderately Complex.
const PMMC: &str = "https://www.cs.cornell.edu/courses/cs7412/2011sp/paxos.pdf";

const PHASE_1: Rule = Rule {
    name: "Paxos Made Simple §3 (phase 1 for all instances at once)",
    text: "A new leader executes phase 1 for infinitely many instances with a single short message: one ballot for every slot from its first undecided one on. An acceptor promises unless it promised a higher ballot, and reports every value it accepted in those slots.",
    source: PAXOS_PAPER,
};
const RECOVERY: Rule = Rule {
    name: "Paxos Made Simple §3, §2.2 (P2c)",
    text: "With promises from a majority the leader proposes, in each slot a promise reports, the value of the highest-numbered proposal reported there; a gap below the highest such slot gets a no-op, which leaves the state unchanged.",
    source: PAXOS_PAPER,
};
const PHASE_2: Rule = Rule {
    name: "Paxos Made Simple §3 (phase 2 per command)",
    text: "Once phase 1 is done, a leader puts each client command in the next slot and sends only phase 2: accept requests; an acceptor accepts unless it promised a higher ballot.",
    source: PAXOS_PAPER,
};
const CHOSEN: Rule = Rule {
    name: "Paxos Made Simple §2.3 Learning a Chosen Value",
    text: "A value accepted by a majority of acceptors is chosen. The leader says how far its log is chosen in its next Accept or heartbeat; a follower that accepted those slots' values in the leader's ballot learns them, and one that was away is sent what it missed.",
    source: PAXOS_PAPER,
};
const PREEMPTION: Rule = Rule {
    name: "Paxos Made Moderately Complex §3 (preemption)",
    text: "A leader or candidate that learns of a higher ballot stops; a node that hears no leader for a randomized timeout tries phase 1 with a higher ballot, so one leader usually emerges.",
    source: PMMC,
};
const CLIENT: Rule = Rule {
    name: "Paxos Made Simple §3 (the distinguished proposer)",
    text: "Clients send their commands to the leader; other nodes point them to it.",
    source: PAXOS_PAPER,
};

impl Explain for MultiPaxosNote {
    fn rule(&self) -> Option<&'static Rule> {
        Some(match self {
            MultiPaxosNote::Phase1Started { .. } | MultiPaxosNote::Promised { .. } => &PHASE_1,
            MultiPaxosNote::BecameLeader { .. }
            | MultiPaxosNote::Reproposed { .. }
            | MultiPaxosNote::FilledHole { .. }
            | MultiPaxosNote::IgnoredPromisedValue { .. } => &RECOVERY,
            MultiPaxosNote::Proposed { .. } | MultiPaxosNote::AcceptedValue { .. } | MultiPaxosNote::Refused { .. } => {
                &PHASE_2
            }
            MultiPaxosNote::Chosen { .. }
            | MultiPaxosNote::Learned { .. }
            | MultiPaxosNote::LearnedPrefix { .. }
            | MultiPaxosNote::CatchingUp { .. } => &CHOSEN,
            MultiPaxosNote::Preempted { .. } | MultiPaxosNote::SteppedDown { .. } => &PREEMPTION,
            MultiPaxosNote::Redirected { .. } => &CLIENT,
        })
    }

    fn milestone(&self) -> Option<&'static str> {
        match self {
            MultiPaxosNote::Phase1Started { .. } => Some("phase 1"),
            MultiPaxosNote::BecameLeader { .. } => Some("leader"),
            MultiPaxosNote::Chosen { .. } => Some("chosen"),
            MultiPaxosNote::Preempted { .. } | MultiPaxosNote::SteppedDown { .. } => Some("follower"),
            _ => None,
        }
    }

    fn decisive(&self) -> bool {
        match self {
            MultiPaxosNote::Reproposed { .. }
            | MultiPaxosNote::FilledHole { .. }
            | MultiPaxosNote::IgnoredPromisedValue { .. } => true,
            _ => self.milestone().is_some(),
        }
    }
}
