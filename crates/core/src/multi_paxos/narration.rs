//! The sentence each Multi-Paxos note says.

use std::fmt;

use crate::multi_paxos::note::MultiPaxosNote;
use crate::words::list;

impl fmt::Display for MultiPaxosNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MultiPaxosNote::Phase1Started {
                node,
                ballot,
                from_slot,
            } => write!(
                f,
                "{node} heard from no leader, so it runs phase 1 once with ballot {ballot} for every slot from {from_slot} on"
            ),
            MultiPaxosNote::Promised {
                node,
                to,
                ballot,
                from_slot,
                reported,
            } => {
                write!(
                    f,
                    "{node} promised ballot {ballot} to {to} for every slot from {from_slot} on"
                )?;
                match reported {
                    0 => f.write_str(", with nothing accepted there"),
                    1 => f.write_str(", reporting the 1 value it accepted there"),
                    n => write!(f, ", reporting the {n} values it accepted there"),
                }
            }
            MultiPaxosNote::Refused { node, ballot, promised } => write!(
                f,
                "{node} refused ballot {ballot}: it promised the higher ballot {promised}"
            ),
            MultiPaxosNote::BecameLeader {
                node,
                ballot,
                promised_by,
                recovered,
                holes,
            } => {
                write!(
                    f,
                    "{node} leads with ballot {ballot}: {} promised, a majority",
                    list(promised_by)
                )?;
                match (recovered, holes) {
                    (0, 0) => f.write_str("; no promise reported an undecided value, so it goes on with phase 2 alone"),
                    _ => write!(
                        f,
                        "; it re-proposes {recovered} value(s) the promises reported and fills {holes} hole(s) with no-ops, then needs only phase 2 per command"
                    ),
                }
            }
            MultiPaxosNote::Reproposed { node, slot, value } => write!(
                f,
                "{node} proposes {} in slot {slot}: a promise reported it, and it is the highest ballot's value there",
                value.describe()
            ),
            MultiPaxosNote::FilledHole { node, slot } => write!(
                f,
                "{node} fills slot {slot} with a no-op: no promise reported a value there, and later slots are in use"
            ),
            MultiPaxosNote::IgnoredPromisedValue { node, slot, value } => write!(
                f,
                "{node} proposes {} in slot {slot} although a promise reported a value there — the bug switch is on; Paxos (P2c) proposes the highest ballot's reported value",
                value.describe()
            ),
            MultiPaxosNote::Proposed { node, slot, command } => write!(
                f,
                "{node} puts `{command}` in slot {slot} and sends Accept: phase 2 only, phase 1 is done for every slot"
            ),
            MultiPaxosNote::AcceptedValue { node, slot, ballot } => {
                write!(f, "{node} accepted slot {slot} in ballot {ballot}")
            }
            MultiPaxosNote::Chosen {
                node,
                slot,
                value,
                accepted_by,
                short: false,
            } => write!(
                f,
                "{} is chosen in slot {slot}: {} accepted it, a majority; {node}'s next Accept or heartbeat tells the others",
                value.describe(),
                list(accepted_by)
            ),
            MultiPaxosNote::Chosen {
                node,
                slot,
                value,
                accepted_by,
                short: true,
            } => write!(
                f,
                "{node} counted {} chosen in slot {slot} with only {} accepting, one fewer than a majority — the bug switch is on",
                value.describe(),
                list(accepted_by)
            ),
            MultiPaxosNote::Learned {
                node,
                from,
                slot,
                value,
            } => {
                write!(
                    f,
                    "{node} learned from {from} that slot {slot} chose {}",
                    value.describe()
                )
            }
            MultiPaxosNote::LearnedPrefix {
                node,
                leader,
                from,
                upto,
            } => {
                let (slots, values) = if from == upto {
                    (format!("slot {from} is"), "its value")
                } else {
                    (format!("slots {from} to {upto} are"), "their values")
                };
                write!(
                    f,
                    "{node} learned from leader {leader} that {slots} chosen: it accepted {values} in the leader's ballot"
                )
            }
            MultiPaxosNote::Preempted {
                node,
                by,
                ours,
                promised,
            } => write!(
                f,
                "{by} refused {node}'s ballot {ours}, having promised {promised}: {node} stops and waits before trying a higher ballot"
            ),
            MultiPaxosNote::SteppedDown {
                node,
                was,
                ours,
                theirs,
            } => write!(
                f,
                "{node} heard of ballot {theirs}, higher than its {ours}: it stops being {} and follows",
                if *was == "leader" { "the leader" } else { "a candidate" }
            ),
            MultiPaxosNote::CatchingUp {
                node,
                learner,
                from,
                upto,
            } => write!(
                f,
                "{learner} is behind: {node} sends it the decisions of slots {from} to {upto}"
            ),
            MultiPaxosNote::Redirected {
                node,
                leader: Some(leader),
            } => write!(f, "{node} does not lead: it pointed the client to {leader}"),
            MultiPaxosNote::Redirected { node, leader: None } => {
                write!(f, "{node} does not lead and knows no leader: the client will retry")
            }
        }
    }
}
