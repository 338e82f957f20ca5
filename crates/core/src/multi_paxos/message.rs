//! Multi-Paxos's ballots, values and messages.

use serde::Serialize;

use crate::command::Command;
use crate::protocol::MessageKind;
use crate::types::{NodeId, RequestId};

/// A log slot; each is one single-decree Paxos instance. The first slot is 1.
pub type Slot = u64;

/// A ballot: (round, leader id), ordered lexicographically, so two nodes never share one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Ballot(pub u64, pub NodeId);

impl std::fmt::Display for Ballot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

/// A client's command with the request it came from, so two clients sending the same text
/// are two different proposals.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Proposal {
    /// The client request it came from.
    pub request: RequestId,
    /// The command.
    pub command: Command,
}

/// What a slot decides: a client's command, or a no-op a new leader proposes to fill a
/// hole below a slot already in use.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Value {
    /// A client's command.
    Command(Proposal),
    /// Nothing: fills a hole.
    Noop,
}

impl Value {
    /// The client request it answers, if any.
    pub fn request(&self) -> Option<RequestId> {
        match self {
            Value::Command(p) => Some(p.request),
            Value::Noop => None,
        }
    }

    /// The value with its request, to tell apart equal commands from different clients.
    pub fn describe(&self) -> String {
        match self {
            Value::Command(p) => format!("`{}` (request #{})", p.command, p.request),
            Value::Noop => "a no-op".into(),
        }
    }
}

impl Serialize for Value {
    /// A value shows as its command's text; a no-op as `"no-op"`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Command(p) => p.command.serialize(serializer),
            Value::Noop => serializer.serialize_str("no-op"),
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Command(p) => write!(f, "{}", p.command),
            Value::Noop => f.write_str("no-op"),
        }
    }
}

/// A value accepted in a slot under a ballot, as a promise reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcceptedEntry {
    /// The slot.
    pub slot: Slot,
    /// The ballot it was accepted in.
    pub ballot: Ballot,
    /// The value.
    pub value: Value,
}

/// A Multi-Paxos message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MultiPaxosMessage {
    /// Phase 1a, once for every slot from `from_slot` on.
    Prepare {
        /// The ballot.
        ballot: Ballot,
        /// The first slot it is for (the sender's first undecided one).
        from_slot: Slot,
    },
    /// Phase 1b: the promise, with every value accepted at or after `from_slot`.
    Promise {
        /// The ballot promised.
        ballot: Ballot,
        /// The first slot it covers.
        from_slot: Slot,
        /// What this acceptor accepted from there on, slot by slot.
        accepted: Vec<AcceptedEntry>,
    },
    /// Phase 2a: accept `value` in `slot` under `ballot`; with the leader's decided prefix,
    /// so followers learn what was chosen without a message of its own (as Raft's
    /// AppendEntries carries leaderCommit).
    Accept {
        /// The leader's ballot.
        ballot: Ballot,
        /// The slot.
        slot: Slot,
        /// The value.
        value: Value,
        /// Every slot up to this one is decided on the leader.
        decided: Slot,
    },
    /// Phase 2b: accepted.
    Accepted {
        /// The ballot.
        ballot: Ballot,
        /// The slot.
        slot: Slot,
    },
    /// A refusal: this acceptor promised a higher ballot.
    Nack {
        /// The ballot refused.
        ballot: Ballot,
        /// The higher ballot promised.
        promised: Ballot,
    },
    /// The leader is alive; every slot up to `decided` is decided on it.
    Heartbeat {
        /// The leader's ballot.
        ballot: Ballot,
        /// The leader's decided prefix.
        decided: Slot,
    },
    /// A follower answers a heartbeat with its own decided prefix, so a leader can send it
    /// the decisions it could not learn from the prefix alone.
    HeartbeatReply {
        /// The ballot of the heartbeat.
        ballot: Ballot,
        /// Every slot up to this one is decided here.
        decided: Slot,
        /// The leader's prefix the heartbeat announced.
        announced: Slot,
    },
    /// To a learner behind: this value was chosen in the slot.
    Decided {
        /// The slot.
        slot: Slot,
        /// The value.
        value: Value,
    },
}

impl MessageKind for MultiPaxosMessage {
    fn kind(&self) -> &'static str {
        match self {
            MultiPaxosMessage::Prepare { .. } => "Prepare",
            MultiPaxosMessage::Promise { .. } => "Promise",
            MultiPaxosMessage::Accept { .. } => "Accept",
            MultiPaxosMessage::Accepted { .. } => "Accepted",
            MultiPaxosMessage::Nack { .. } => "Nack",
            MultiPaxosMessage::Heartbeat { .. } => "Heartbeat",
            MultiPaxosMessage::HeartbeatReply { .. } => "HeartbeatReply",
            MultiPaxosMessage::Decided { .. } => "Decided",
        }
    }

    fn contents(&self) -> String {
        match self {
            MultiPaxosMessage::Prepare { ballot, from_slot } => format!("ballot={ballot} fromSlot={from_slot}"),
            MultiPaxosMessage::Promise {
                ballot,
                from_slot,
                accepted,
            } => {
                let accepted: Vec<String> = accepted
                    .iter()
                    .map(|a| format!("{}:{}@{}", a.slot, a.value, a.ballot))
                    .collect();
                format!(
                    "ballot={ballot} fromSlot={from_slot} accepted=[{}]",
                    accepted.join(", ")
                )
            }
            MultiPaxosMessage::Accept {
                ballot,
                slot,
                value,
                decided,
            } => format!("ballot={ballot} slot={slot} value={value} decided={decided}"),
            MultiPaxosMessage::Accepted { ballot, slot } => format!("ballot={ballot} slot={slot}"),
            MultiPaxosMessage::Nack { ballot, promised } => format!("ballot={ballot} promised={promised}"),
            MultiPaxosMessage::Heartbeat { ballot, decided } => format!("ballot={ballot} decided={decided}"),
            MultiPaxosMessage::HeartbeatReply {
                ballot,
                decided,
                announced,
            } => format!("ballot={ballot} decided={decided} announced={announced}"),
            MultiPaxosMessage::Decided { slot, value } => format!("slot={slot} value={value}"),
        }
    }

    /// A heartbeat and its answer only keep the leader in place.
    fn keep_alive(&self) -> bool {
        matches!(
            self,
            MultiPaxosMessage::Heartbeat { .. } | MultiPaxosMessage::HeartbeatReply { .. }
        )
    }
}
