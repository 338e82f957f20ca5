//! Paxos's ballots and messages.

use serde::Serialize;

use crate::command::Command;
use crate::protocol::MessageKind;
use crate::types::{NodeId, RequestId};

/// A log slot; each runs one single-decree Paxos instance. The first slot is 1.
pub type Slot = u64;

/// A proposed value: a client's command together with the request it came from, so two
/// clients sending the same text are still two different proposals.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Proposal {
    /// The client request it came from.
    pub request: RequestId,
    /// The command.
    pub command: Command,
}

impl Serialize for Proposal {
    /// A proposal shows as its command's text (the scenario contract's `value`).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.command.serialize(serializer)
    }
}

impl Proposal {
    /// The proposal with its request, to tell apart equal commands from different clients.
    pub fn describe(&self) -> String {
        format!("`{}` (request #{})", self.command, self.request)
    }
}

impl std::fmt::Display for Proposal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.command)
    }
}

/// A ballot: (round, proposer id), ordered lexicographically, so two proposers never share one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Ballot(pub u64, pub NodeId);

/// A Paxos message, for one slot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaxosMessage {
    /// Phase 1a: promise to ignore ballots below `ballot`?
    Prepare(Prepare),
    /// Phase 1b: the promise, with the highest-ballot value this acceptor accepted.
    Promise(Promise),
    /// Phase 2a: accept `value` under `ballot`.
    Accept(Accept),
    /// Phase 2b: accepted.
    Accepted(Accepted),
    /// A refusal: this acceptor promised a higher ballot.
    Nack(Nack),
    /// To learners: this value was chosen for the slot. Re-sent until acknowledged.
    Decided(Decided),
    /// A learner's acknowledgement: it knows what was chosen for the slot.
    Learned(Learned),
}

/// Phase 1a: promise to ignore ballots below `ballot`?
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prepare {
    /// The slot.
    pub slot: Slot,
    /// The ballot.
    pub ballot: Ballot,
}

/// Phase 1b: the promise, with the highest-ballot value this acceptor accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Promise {
    /// The slot.
    pub slot: Slot,
    /// The ballot promised.
    pub ballot: Ballot,
    /// What it accepted before, if anything.
    pub accepted: Option<(Ballot, Proposal)>,
}

/// Phase 2a: accept `value` under `ballot`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accept {
    /// The slot.
    pub slot: Slot,
    /// The ballot.
    pub ballot: Ballot,
    /// The value.
    pub value: Proposal,
}

/// Phase 2b: accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    /// The slot.
    pub slot: Slot,
    /// The ballot.
    pub ballot: Ballot,
}

/// A refusal: this acceptor promised a higher ballot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nack {
    /// The slot.
    pub slot: Slot,
    /// The refused ballot.
    pub ballot: Ballot,
    /// The higher ballot it promised.
    pub promised: Ballot,
}

/// To learners: this value was chosen for the slot. Re-sent until acknowledged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decided {
    /// The slot.
    pub slot: Slot,
    /// The chosen value.
    pub value: Proposal,
}

/// A learner's acknowledgement: it knows what was chosen for the slot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Learned {
    /// The slot.
    pub slot: Slot,
}

impl MessageKind for PaxosMessage {
    fn contents(&self) -> String {
        match self {
            PaxosMessage::Prepare(Prepare { slot, ballot }) => format!("slot={slot} ballot={ballot}"),
            PaxosMessage::Promise(Promise {
                slot,
                ballot,
                accepted: None,
            }) => format!("slot={slot} ballot={ballot} accepted=none"),
            PaxosMessage::Promise(Promise {
                slot,
                ballot,
                accepted: Some((b, v)),
            }) => format!("slot={slot} ballot={ballot} accepted=({b}, `{v}`)"),
            PaxosMessage::Accept(Accept { slot, ballot, value }) => {
                format!("slot={slot} ballot={ballot} value=`{value}`")
            }
            PaxosMessage::Accepted(Accepted { slot, ballot }) => format!("slot={slot} ballot={ballot}"),
            PaxosMessage::Nack(Nack { slot, ballot, promised }) => {
                format!("slot={slot} ballot={ballot} promised={promised}")
            }
            PaxosMessage::Decided(Decided { slot, value }) => format!("slot={slot} value=`{value}`"),
            PaxosMessage::Learned(Learned { slot }) => format!("slot={slot}"),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            PaxosMessage::Prepare(Prepare { .. }) => "Prepare",
            PaxosMessage::Promise(Promise { .. }) => "Promise",
            PaxosMessage::Accept(Accept { .. }) => "Accept",
            PaxosMessage::Accepted(Accepted { .. }) => "Accepted",
            PaxosMessage::Nack(Nack { .. }) => "Nack",
            PaxosMessage::Decided(Decided { .. }) => "Decided",
            PaxosMessage::Learned(Learned { .. }) => "Learned",
        }
    }
}
