//! What a Paxos node did and why, in words.

use std::fmt;

use crate::paxos::message::{Ballot, Proposal, Slot};
use crate::types::NodeId;
use crate::words::list;

/// One explained step of a Paxos node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaxosNote {
    /// A proposer started phase 1.
    Proposing {
        /// The proposer.
        node: NodeId,
        /// The slot.
        slot: Slot,
        /// Its ballot.
        ballot: Ballot,
        /// The value it wants.
        value: Proposal,
    },
    /// An acceptor promised.
    Promised {
        /// The acceptor.
        node: NodeId,
        /// The slot.
        slot: Slot,
        /// The ballot.
        ballot: Ballot,
        /// What it had accepted, if anything.
        accepted: Option<(Ballot, Proposal)>,
    },
    /// An acceptor refused a lower ballot.
    Refused {
        /// The acceptor.
        node: NodeId,
        /// The slot.
        slot: Slot,
        /// The refused ballot.
        ballot: Ballot,
        /// Its promise.
        promised: Ballot,
    },
    /// A proposer with a majority of promises asks to accept a value.
    AskingToAccept {
        /// The proposer.
        node: NodeId,
        /// The slot.
        slot: Slot,
        /// The ballot.
        ballot: Ballot,
        /// The value.
        value: Proposal,
        /// Whether the value was adopted from a promise (not the proposer's own).
        adopted: bool,
        /// With `ignore_promised_values` on: the accepted value a promise reported, which
        /// the proposer passed over for its own.
        ignored: Option<Proposal>,
    },
    /// An acceptor accepted.
    AcceptedValue {
        /// The acceptor.
        node: NodeId,
        /// The slot.
        slot: Slot,
        /// The ballot.
        ballot: Ballot,
    },
    /// A value was chosen (a majority accepted it).
    Chosen {
        /// The proposer that saw it.
        node: NodeId,
        /// The slot.
        slot: Slot,
        /// The value.
        value: Proposal,
    },
    /// A node that knows decisions re-sends them to the learners that have not acknowledged
    /// them (they were cut off, down, or the message was lost).
    RemindingLearners {
        /// The node re-sending.
        node: NodeId,
        /// The slots whose decisions it re-sends.
        slots: Vec<Slot>,
        /// The learners it sends them to.
        learners: Vec<NodeId>,
    },
    /// A proposer was refused and will retry after a random pause.
    BackingOff {
        /// The proposer.
        node: NodeId,
        /// The slot.
        slot: Slot,
        /// The higher ballot it heard of.
        higher: Ballot,
    },
    /// A proposer was refused and starts again at once (the `retry_without_backoff` bug switch).
    RetryingAtOnce {
        /// The proposer.
        node: NodeId,
        /// The slot.
        slot: Slot,
        /// The higher ballot it heard of.
        higher: Ballot,
    },
}

impl fmt::Display for Ballot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({}, {})", self.0, self.1)
    }
}

impl fmt::Display for PaxosNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaxosNote::Proposing {
                node,
                slot,
                ballot,
                value,
            } => write!(
                f,
                "{node} wants `{value}` in slot {slot}: it asks everyone to promise ballot {ballot}"
            ),
            PaxosNote::Promised {
                node,
                slot,
                ballot,
                accepted: None,
            } => write!(
                f,
                "{node} promised ballot {ballot} for slot {slot}; it has accepted nothing there"
            ),
            PaxosNote::Promised {
                node,
                slot,
                ballot,
                accepted: Some((b, v)),
            } => write!(
                f,
                "{node} promised ballot {ballot} for slot {slot} and reports that it accepted `{v}` under ballot {b}"
            ),
            PaxosNote::Refused {
                node,
                slot,
                ballot,
                promised,
            } => write!(
                f,
                "{node} refused ballot {ballot} for slot {slot}: it promised the higher ballot {promised}"
            ),
            PaxosNote::AskingToAccept {
                node,
                slot,
                ballot,
                value,
                adopted,
                ignored,
            } => {
                if let Some(reported) = ignored {
                    write!(
                        f,
                        "{node} has promises from a majority for slot {slot}; one reported the accepted value `{reported}`, yet it asks them to accept its own `{value}` (ballot {ballot}) — the bug switch is on; Paxos Made Simple (P2c) requires proposing the value of the highest-numbered proposal the promises report"
                    )
                } else if *adopted {
                    write!(
                        f,
                        "{node} has promises from a majority for slot {slot}; one reported an accepted value, so it must propose `{value}` (ballot {ballot}), not its own"
                    )
                } else {
                    write!(
                        f,
                        "{node} has promises from a majority for slot {slot}, none reporting a value: it asks them to accept its own `{value}` (ballot {ballot})"
                    )
                }
            }
            PaxosNote::AcceptedValue { node, slot, ballot } => {
                write!(f, "{node} accepted ballot {ballot}'s value for slot {slot}")
            }
            PaxosNote::Chosen { node, slot, value } => write!(
                f,
                "a majority accepted `{value}` for slot {slot}: it is chosen, and {node} tells everyone"
            ),
            PaxosNote::RemindingLearners { node, slots, learners } => write!(
                f,
                "{node} tells {} again what was chosen for {}: no acknowledgement from {} yet",
                list(learners),
                plural_slots(slots),
                if learners.len() == 1 { "it" } else { "them" }
            ),
            PaxosNote::BackingOff { node, slot, higher } => write!(
                f,
                "{node} was outbid for slot {slot} (ballot {higher} is higher): it waits a random while before trying again"
            ),
            PaxosNote::RetryingAtOnce { node, slot, higher } => write!(
                f,
                "{node} was outbid for slot {slot} (ballot {higher} is higher) and tries again at once with a higher ballot — the bug switch is on; Paxos Made Simple §2.4: without a random pause (or one distinguished proposer), competing proposers can outbid each other for ever"
            ),
        }
    }
}

/// "slot 2", "slots 2 and 3".
fn plural_slots(slots: &[Slot]) -> String {
    let joined = list(slots);
    if slots.len() == 1 {
        format!("slot {joined}")
    } else {
        format!("slots {joined}")
    }
}
