//! The trace: every event of a run, each with a sentence a student understands.

use std::fmt;

use crate::command::Command;
use crate::protocol::ClientReply;
use crate::sim::network::MessageId;
use crate::types::{NodeId, RequestId, Time};

/// Why a message never arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DropReason {
    /// A user (or a `drop` step) removed it.
    Dropped,
    /// The network lost it (the loss rate).
    Lost,
    /// A partition stands between sender and receiver.
    Partitioned,
    /// The link is cut from sender to receiver only (the other way works).
    CutOneWay,
    /// The receiver is crashed.
    ReceiverDown,
}

/// What happened.
#[derive(Clone, Debug, PartialEq)]
pub enum TraceEvent<N> {
    /// A message was put on the wire (`duplicate`: a second copy made by the network).
    Sent {
        /// Its id.
        id: MessageId,
        /// The sender.
        from: NodeId,
        /// The receiver.
        to: NodeId,
        /// Its type.
        kind: &'static str,
        /// Whether this is a copy the network made.
        duplicate: bool,
        /// Its fields in words (`term 3 · prev (index 4, term 2) · …`); empty when the
        /// trace was not recorded as it was sent.
        contents: String,
    },
    /// A message arrived.
    Delivered {
        /// Its id.
        id: MessageId,
        /// The sender.
        from: NodeId,
        /// The receiver.
        to: NodeId,
        /// Its type.
        kind: &'static str,
    },
    /// A message was removed without arriving.
    Dropped {
        /// Its id.
        id: MessageId,
        /// The sender.
        from: NodeId,
        /// The receiver.
        to: NodeId,
        /// Its type.
        kind: &'static str,
        /// Why.
        reason: DropReason,
    },
    /// A node's timer fired.
    TimerFired {
        /// The node.
        node: NodeId,
        /// The timer's name.
        timer: String,
    },
    /// A node crashed.
    Crashed(NodeId),
    /// A node restarted with its persistent state.
    Restarted(NodeId),
    /// The network split into groups.
    Partitioned(Vec<Vec<NodeId>>),
    /// The network was made whole.
    Healed,
    /// The link between two nodes was cut (both directions).
    LinkCut(NodeId, NodeId),
    /// The link between two nodes was restored.
    LinkRestored(NodeId, NodeId),
    /// The link from the first node to the second was cut in that direction only.
    OneWayCut(NodeId, NodeId),
    /// The direction from the first node to the second was restored.
    OneWayRestored(NodeId, NodeId),
    /// A leadership transfer to this node was asked for when no node led: nothing happened.
    NoLeaderToTransfer(NodeId),
    /// A membership change was asked for when no node led: nothing happened.
    NoLeaderToChangeMembers(crate::protocol::MemberChange),
    /// The network's behaviour changed.
    NetworkChanged(String),
    /// Timers now fire only when a step says so (`true`) or by themselves (`false`).
    TimersChanged(bool),
    /// Whether the protocol can make progress changed: why it cannot, or `None` when it
    /// can again (recorded after a step, when it changed).
    Progress(Option<String>),
    /// A client sent a request to a node.
    ClientSent {
        /// The request.
        request: RequestId,
        /// The node it went to.
        node: NodeId,
        /// The command.
        command: Command,
    },
    /// A node answered a client.
    ClientAnswered {
        /// The request.
        request: RequestId,
        /// The node that answered.
        node: NodeId,
        /// The answer.
        reply: ClientReply,
    },
    /// A node explained what it did.
    Note {
        /// The node.
        node: NodeId,
        /// The explanation.
        note: N,
    },
}

/// One line of the trace.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceEntry<N> {
    /// When it happened.
    pub time: Time,
    /// The moment it belongs to (see [`Simulation::moments`](crate::sim::Simulation::moments)).
    pub moment: u64,
    /// What happened.
    pub event: TraceEvent<N>,
}

impl fmt::Display for DropReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DropReason::Dropped => "it was dropped",
            DropReason::Lost => "the network lost it",
            DropReason::Partitioned => "a partition separates the two nodes",
            DropReason::CutOneWay => "the link is cut in that direction (messages the other way still arrive)",
            DropReason::ReceiverDown => "the receiver is down",
        })
    }
}

impl fmt::Display for ClientReply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientReply::Done(crate::command::CommandOutput::Written) => f.write_str("done"),
            ClientReply::Done(crate::command::CommandOutput::Read(Some(v))) => write!(f, "the value is {v}"),
            ClientReply::Done(crate::command::CommandOutput::Read(None)) => f.write_str("the key is not set"),
            // Said of any protocol: Raft's followers, two-phase commit's participants and
            // Paxos's nodes all send a client on; the node's note says why in its terms.
            ClientReply::NotLeader { leader: Some(l) } => write!(f, "sent on to node {l}"),
            ClientReply::NotLeader { leader: None } => f.write_str("sent away, with no node known to take it"),
            ClientReply::Aborted => f.write_str("aborted"),
        }
    }
}

impl<N: fmt::Display> fmt::Display for TraceEvent<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TraceEvent::Sent {
                from,
                to,
                kind,
                duplicate,
                ..
            } => {
                if *duplicate {
                    write!(f, "the network duplicated {kind} from {from} to {to}")
                } else {
                    write!(f, "{from} sent {kind} to {to}")
                }
            }
            TraceEvent::Delivered { from, to, kind, .. } => write!(f, "{to} received {kind} from {from}"),
            TraceEvent::Dropped {
                from, to, kind, reason, ..
            } => write!(f, "{kind} from {from} to {to} never arrived: {reason}"),
            TraceEvent::TimerFired { node, timer } => write!(f, "{node}'s {timer} timer fired"),
            TraceEvent::Crashed(node) => write!(f, "{node} crashed: it keeps only its persistent state"),
            TraceEvent::Restarted(node) => write!(f, "{node} restarted from its persistent state"),
            TraceEvent::Partitioned(groups) => {
                let groups: Vec<String> = groups.iter().map(|g| format!("{g:?}")).collect();
                write!(f, "the network split into {}", groups.join(" | "))
            }
            TraceEvent::Healed => f.write_str("the network healed: every node can reach every other"),
            TraceEvent::LinkCut(a, b) => write!(f, "the link between {a} and {b} was cut"),
            TraceEvent::LinkRestored(a, b) => write!(f, "the link between {a} and {b} was restored"),
            TraceEvent::OneWayCut(a, b) => write!(
                f,
                "the link from {a} to {b} was cut in that direction: {a}'s messages to {b} are lost, {b}'s to {a} still arrive"
            ),
            TraceEvent::OneWayRestored(a, b) => write!(f, "the link from {a} to {b} works again"),
            TraceEvent::NoLeaderToTransfer(to) => write!(
                f,
                "leadership was to be handed to {to}, but no node leads now: nothing happened"
            ),
            TraceEvent::NoLeaderToChangeMembers(change) => write!(
                f,
                "the leader was asked to {change}, but no node leads now: nothing happened"
            ),
            TraceEvent::NetworkChanged(how) => write!(f, "the network changed: {how}"),
            TraceEvent::TimersChanged(true) => f.write_str("timers now fire only when a step fires them"),
            TraceEvent::TimersChanged(false) => f.write_str("timers now fire by themselves when they are due"),
            TraceEvent::Progress(Some(why)) => write!(f, "no progress is possible now: {why}"),
            TraceEvent::Progress(None) => f.write_str("progress is possible again"),
            TraceEvent::ClientSent { request, node, command } => {
                write!(f, "a client sent request #{request} `{command}` to {node}")
            }
            TraceEvent::ClientAnswered { request, node, reply } => {
                write!(f, "{node} answered request #{request}: {reply}")
            }
            TraceEvent::Note { note, .. } => write!(f, "{note}"),
        }
    }
}

impl<N> TraceEvent<N> {
    /// The nodes this event involves, for highlighting them in a view.
    pub fn nodes(&self) -> Vec<NodeId> {
        match self {
            TraceEvent::Sent { from, to, .. }
            | TraceEvent::Delivered { from, to, .. }
            | TraceEvent::Dropped { from, to, .. } => vec![*from, *to],
            TraceEvent::TimerFired { node, .. }
            | TraceEvent::ClientSent { node, .. }
            | TraceEvent::ClientAnswered { node, .. }
            | TraceEvent::Note { node, .. } => vec![*node],
            TraceEvent::Crashed(node) | TraceEvent::Restarted(node) => vec![*node],
            TraceEvent::LinkCut(a, b)
            | TraceEvent::LinkRestored(a, b)
            | TraceEvent::OneWayCut(a, b)
            | TraceEvent::OneWayRestored(a, b) => vec![*a, *b],
            TraceEvent::NoLeaderToTransfer(to) => vec![*to],
            TraceEvent::NoLeaderToChangeMembers(crate::protocol::MemberChange::Add(id))
            | TraceEvent::NoLeaderToChangeMembers(crate::protocol::MemberChange::Remove(id)) => vec![*id],
            TraceEvent::NoLeaderToChangeMembers(crate::protocol::MemberChange::Joint(ids)) => ids.to_vec(),
            TraceEvent::Partitioned(_)
            | TraceEvent::Healed
            | TraceEvent::NetworkChanged(_)
            | TraceEvent::TimersChanged(_)
            | TraceEvent::Progress(_) => Vec::new(),
        }
    }

    /// The message this event is about, if any.
    pub fn message(&self) -> Option<MessageId> {
        match self {
            TraceEvent::Sent { id, .. } | TraceEvent::Delivered { id, .. } | TraceEvent::Dropped { id, .. } => {
                Some(*id)
            }
            _ => None,
        }
    }
}

impl<N: fmt::Display> fmt::Display for TraceEntry<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{:>6} ms] {}", self.time, self.event)
    }
}
