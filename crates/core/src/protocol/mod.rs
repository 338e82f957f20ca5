//! The sans-IO interface every protocol implements.
//!
//! A protocol node is a pure state machine: the simulator calls one handler per
//! event (start, message, timer, client request) and the handler says what it does
//! through an [`Out`] (`send`, `broadcast`, `set_timer`, `cancel_timer`, `reply`, `note`). Protocols never read a clock (the virtual time comes in as an input, [`Out::now`]), draw a random number or
//! do I/O: a timer is set with a *range* that the simulator resolves with its one
//! seeded generator, and messages are handed back as data.

pub mod checks;
pub mod client_op;
pub mod cluster;
pub mod facts;
pub mod initial;
pub mod member_change;
pub mod options;
pub mod progress;
pub mod settings;

pub use checks::{Checker, Violation};
pub use client_op::{Answer, ClientOp};
pub use cluster::{CouldCommit, NodeOf, NodeSlot, reachable_from, reaches_majority};
pub use facts::Facts;
pub use member_change::MemberChange;
pub use options::PaneOption;
pub use settings::{ReadMode, Settings};

use std::fmt;

use serde::Serialize;

use crate::command::{Command, CommandOutput};
use crate::types::{NodeId, RequestId, Time};

/// One thing a handler asks the simulator to do (made through [`Out`]'s methods).
#[derive(Clone, Debug, PartialEq)]
pub enum Effect<M, T, N> {
    /// Send `message` to node `to`. A message to oneself is handled at once and never travels.
    Send {
        /// The receiver.
        to: NodeId,
        /// The message.
        message: M,
    },
    /// Start (or restart) the named timer; it fires after a duration drawn from `min..=max` ms.
    SetTimer {
        /// Which timer.
        timer: T,
        /// The shortest duration, in ms.
        min: Time,
        /// The longest duration, in ms.
        max: Time,
    },
    /// Stop the named timer if it is pending.
    CancelTimer(T),
    /// Answer the client request `request`.
    Reply {
        /// The request being answered.
        request: RequestId,
        /// The answer.
        reply: ClientReply,
    },
    /// A sentence for the trace explaining what the node just did and why.
    Note(N),
}

impl<M, T, N> Effect<M, T, N> {
    /// The same effect with its message, timer or note passed through `message`, `timer`
    /// or `note` (how [`crate::any::AnyNode`] wraps a protocol's effects).
    pub fn map<M2, T2, N2>(
        self,
        message: impl FnOnce(M) -> M2,
        timer: impl FnOnce(T) -> T2,
        note: impl FnOnce(N) -> N2,
    ) -> Effect<M2, T2, N2> {
        match self {
            Effect::Send { to, message: m } => Effect::Send {
                to,
                message: message(m),
            },
            Effect::SetTimer { timer: t, min, max } => Effect::SetTimer {
                timer: timer(t),
                min,
                max,
            },
            Effect::CancelTimer(t) => Effect::CancelTimer(timer(t)),
            Effect::Reply { request, reply } => Effect::Reply { request, reply },
            Effect::Note(n) => Effect::Note(note(n)),
        }
    }
}

/// What a node answers a client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientReply {
    /// The command took effect (it was committed and applied) with this output.
    Done(CommandOutput),
    /// This node cannot serve the request; `leader` is who it believes can.
    NotLeader {
        /// The leader this node knows of, if any.
        leader: Option<NodeId>,
    },
    /// The command was refused for good (for example an aborted transaction).
    Aborted,
}

/// One effect of protocol `P`.
pub type EffectOf<P> = Effect<<P as Protocol>::Message, <P as Protocol>::Timer, <P as Protocol>::Note>;

/// What one handler call asks of the simulator, collected in order. Handlers say what
/// they do with its methods (`out.send(to, message)`, `out.note(…)`); the simulator
/// takes the effects out afterwards with [`Out::drain`].
#[derive(Debug)]
pub struct Out<P: Protocol> {
    /// Invariant: in the order the handler asked for them (the simulator applies them so).
    effects: Vec<EffectOf<P>>,
    /// The virtual time at which the handler runs (an input like any other: a node reads
    /// the clock only through it).
    now: Time,
}

impl<P: Protocol> Clone for Out<P> {
    fn clone(&self) -> Self {
        Self {
            effects: self.effects.clone(),
            now: self.now,
        }
    }
}

impl<P: Protocol> Default for Out<P> {
    fn default() -> Self {
        Self {
            effects: Vec::new(),
            now: 0,
        }
    }
}

impl<P: Protocol> Out<P> {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// The virtual time at which the handler runs.
    pub fn now(&self) -> Time {
        self.now
    }

    /// Sets the virtual time the next handler call runs at (the simulator, before each call).
    pub fn set_now(&mut self, now: Time) {
        self.now = now;
    }

    /// Sends `message` to node `to` (to oneself: handled at once, never travels).
    pub fn send(&mut self, to: NodeId, message: P::Message) {
        self.effects.push(Effect::Send { to, message });
    }

    /// Sends a copy of `message` to each of `peers`, in their order.
    pub fn broadcast(&mut self, peers: impl IntoIterator<Item = NodeId>, message: &P::Message) {
        for to in peers {
            self.send(to, message.clone());
        }
    }

    /// Starts (or restarts) `timer` to fire after a duration the simulator draws from `min..=max` ms.
    pub fn set_timer(&mut self, timer: P::Timer, min: Time, max: Time) {
        self.effects.push(Effect::SetTimer { timer, min, max });
    }

    /// Stops `timer` if it is pending.
    pub fn cancel_timer(&mut self, timer: P::Timer) {
        self.effects.push(Effect::CancelTimer(timer));
    }

    /// Answers client request `request`.
    pub fn reply(&mut self, request: RequestId, reply: ClientReply) {
        self.effects.push(Effect::Reply { request, reply });
    }

    /// Records a sentence for the trace: what the node just did and why.
    pub fn note(&mut self, note: P::Note) {
        self.effects.push(Effect::Note(note));
    }

    /// The effects so far, in order.
    pub fn effects(&self) -> &[EffectOf<P>] {
        &self.effects
    }

    /// Adds an effect already made (what [`crate::any::AnyNode`] relays from the node it runs).
    pub(crate) fn push(&mut self, effect: EffectOf<P>) {
        self.effects.push(effect);
    }

    /// Takes the effects out in order, leaving the collection empty (and its memory kept).
    pub fn drain(&mut self) -> std::vec::Drain<'_, EffectOf<P>> {
        self.effects.drain(..)
    }
}

/// A client request as a node receives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientRequest {
    /// The request's id; stays the same when the client retries.
    pub id: RequestId,
    /// What the client wants done.
    pub command: Command,
}

/// A fault or an operator's command injected into one node from outside (a scenario
/// step), beyond crash and restart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeFault {
    /// Two-phase commit: vote No on the next Prepare.
    VoteNo,
    /// Raft: the leader hands its leadership to node `to` (thesis §3.10).
    TransferLeadership {
        /// The node that is to lead next.
        to: NodeId,
    },
    /// Raft: the node compacts the entries it has applied into a snapshot (thesis ch. 5).
    Compact,
    /// Raft: the leader changes the cluster's voting membership (thesis ch. 4, paper §6).
    ChangeMembers(MemberChange),
}

/// A message type's name, as the scenario files and the trace spell it (`AppendEntries`),
/// and its fields as a reader sees them.
pub trait MessageKind {
    /// The name of this message's type.
    fn kind(&self) -> &'static str;
    /// The message's fields in the source's own names, one line
    /// (`term=4 prevLogIndex=2 prevLogTerm=2 entries=[3:t4] leaderCommit=2`).
    fn contents(&self) -> String;
    /// Whether the message only keeps a role alive and carries nothing new (Raft's
    /// heartbeat: AppendEntries with no entries). The simulator counts such messages, and
    /// the replies to them, apart from the messages commits need.
    fn keep_alive(&self) -> bool {
        false
    }
}

/// A consensus protocol as a deterministic state machine per node.
pub trait Protocol: Clone + fmt::Debug + Sized {
    /// The messages nodes exchange.
    type Message: Clone + fmt::Debug + MessageKind;
    /// The names of a node's timers.
    type Timer: Copy + Ord + fmt::Debug + fmt::Display;
    /// Structured explanations; their `Display` is the sentence a student reads.
    type Note: Clone + fmt::Debug + fmt::Display + crate::explain::Explain;
    /// The settings every node of a cluster shares.
    type Config: Clone + fmt::Debug;
    /// The state that survives a crash.
    type Persistent: Clone + fmt::Debug + Default;
    /// What a snapshot shows of one node.
    type View: Serialize + Clone + fmt::Debug + crate::display::Display;
    /// The invariants checked after every event.
    type Checker: crate::protocol::Checker<Self>;
    /// The progress properties judged over quiet windows, and why the protocol is stuck.
    type Progress: crate::protocol::progress::Progress<Self>;

    /// A node that starts (or restarts after a crash) with the given persistent state
    /// and fresh volatile state.
    fn boot(id: NodeId, nodes: u32, config: &Self::Config, persistent: Self::Persistent) -> Self;

    /// This node as it boots again after a crash: its persistent state kept, its volatile
    /// state fresh.
    fn rebooted(&self) -> Self;

    /// Called once when the node boots.
    fn on_start(&mut self, out: &mut Out<Self>);

    /// Called when `message` from `from` arrives.
    fn on_message(&mut self, from: NodeId, message: Self::Message, out: &mut Out<Self>);

    /// Called when `timer` fires.
    fn on_timer(&mut self, timer: Self::Timer, out: &mut Out<Self>);

    /// Called when a client hands this node a request.
    fn on_client_request(&mut self, request: ClientRequest, out: &mut Out<Self>);

    /// This node as a snapshot shows it; `up` is false for a crashed node.
    fn view(&self, up: bool) -> Self::View;

    /// The checker has looked at this node after an event: forget what its handlers
    /// changed since the last time. A protocol whose checker reads only what changed (two-phase
    /// commit's transactions, Paxos's slots) keeps that change set in the node and clears it
    /// here; the simulator calls this after every check point, checker on or off.
    fn checked(&mut self) {}

    /// Applies an injected fault; protocols it does not apply to refuse it.
    fn on_fault(&mut self, fault: NodeFault, _out: &mut Out<Self>) -> Result<(), String> {
        Err(format!("{fault:?} does not apply to this protocol"))
    }

    /// Whether the cluster could commit a client command now (for the availability metric);
    /// `connected(a, b)` says whether a message from `a` can reach `b`.
    fn can_commit(nodes: &[crate::protocol::NodeSlot<Self>], connected: &dyn Fn(NodeId, NodeId) -> bool) -> bool;

    /// Reads a client command as a cluster with `config` accepts it (default: `set K V` or
    /// `get K`).
    fn parse_command(_config: &Self::Config, text: &str) -> Result<Command, String> {
        Command::parse(text).map_err(|e| e.to_string())
    }

    /// How many transactions this node holds blocked, waiting for a decision it may not take alone.
    fn blocked(&self) -> usize {
        0
    }

    /// Holds this node's bug switches back (`true`: they act as off) or lets them act
    /// again; the parting search uses it to find which of a bug's effects leads to a
    /// violation. A protocol without bug switches ignores it.
    fn hold_bugs(&mut self, _held: bool) {}

    /// Whether this node leads now (a Raft leader, the two-phase coordinator, a Paxos
    /// node proposing). Exploration aims some of its faults at leaders.
    fn leads(&self) -> bool {
        false
    }

    /// The node's term, for a protocol that numbers its leaderships (Raft); `None` otherwise.
    fn term(&self) -> Option<u64> {
        None
    }
}
