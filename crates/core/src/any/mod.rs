//! One engine, whatever the protocol. [`AnyNode`] is a node of any protocol of the table
//! behind one type, so the simulator, the timeline, the scenario runner, streaming
//! and parting are compiled once for it instead of once per protocol (the page's download
//! and the build's time both pay for every copy; only the search's hot loop keeps an
//! engine per protocol, for speed: see [`OwnEngine`]). It relays each
//! handler call to the node it runs and wraps what comes back; the checks written for each
//! protocol read its clusters through [`NodeOf`].
//!
//! **The protocol table** below is the one place that lists the protocols. From one line
//! per protocol it makes [`ProtocolName`] with every fact the rest of the playground reads
//! (names, legend, chart colour, invariants, progress properties, bug switches, the
//! configuration a scenario gives, each read from the protocol's own
//! [`Facts`](crate::protocol::Facts)); [`AnyNode`] with its message, timer, note,
//! configuration, persistent state, view, checker and progress types and every relay
//! between them; and the dispatch to an engine compiled for one protocol alone
//! ([`OwnEngine`]). See `table.rs`.
//!
//! Invariant: a cluster has at least one node (scenarios are validated so), and every node
//! of it runs the same protocol; only that protocol's messages, timers, configuration and
//! persistent state reach it (the simulator only hands a node what its own cluster made).
//! A mismatch is a bug in this crate, not bad input, and stops with a panic that says so.

#[macro_use]
mod table;
pub mod bugs;
mod name;

pub use crate::protocol::NodeOf;

use std::cell::RefCell;
use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

use crate::bug::BugSwitch;
use crate::command::Command;
use crate::display::ThemeColour;
use crate::explain::{Explain, Rule};
use crate::protocol::initial::InitialNode;
use crate::protocol::progress::{Conditions, Progress, Window};
use crate::protocol::{
    Checker, ClientRequest, CouldCommit, Facts, MessageKind, NodeFault, NodeSlot, Out, Protocol, Settings, Violation,
};
use crate::types::{NodeId, Time};

pub use bugs::{BugInfo, breaks_membership};

protocols! {
    /// Raft (Ongaro & Ousterhout, 2014).
    Raft(crate::raft::RaftNode, plain),
    /// Two-phase commit (Gray, 1978; Lamport's TwoPhase).
    TwoPhaseCommit(crate::two_phase::TwoPcNode, plain),
    /// Basic Paxos, one instance per log slot (Lamport, Paxos Made Simple). Its messages
    /// and notes are boxed: the largest of the three, they would make every one as large.
    Paxos(crate::paxos::PaxosNode, boxed),
    /// Three-phase commit (Skeen, 1981), with its termination protocol.
    ThreePhaseCommit(crate::three_phase::ThreePcNode, plain),
    /// Paxos Commit (Gray & Lamport, 2006): a Paxos instance per participant. Boxed like
    /// Paxos: its promises carry every accepted value, and would make every message larger.
    PaxosCommit(crate::paxos_commit::PaxosCommitNode, boxed),
    /// Multi-Paxos (Paxos Made Simple §3): a stable leader runs phase 1 once for all slots.
    /// Boxed like Paxos: its promises carry every accepted value.
    MultiPaxos(crate::multi_paxos::MultiPaxosNode, boxed),
}

/// Something to do on an engine compiled for one protocol alone
/// ([`ProtocolName::on_own_engine`]): the search's hot loop and the golden tests run so.
pub trait OwnEngine {
    /// What it gives back.
    type Output;
    /// Does it for protocol `P`.
    fn run<P: Facts>(self) -> Self::Output;
}

/// A protocol node that the one engine relays to: runs a handler on a scratch [`Out`] of
/// the protocol's own (kept between calls, so relaying allocates nothing) and passes its
/// effects on to the engine's, each wrapped, in order. Implemented by the table.
trait Relayed: Protocol {
    fn relay<R>(out: &mut Out<AnyNode>, handle: impl FnOnce(&mut Out<Self>) -> R) -> R;
}

/// Stops on a broken invariant of this module (see its documentation).
#[cold]
fn mixed() -> ! {
    unreachable!("a cluster of AnyNode had no node or mixed two protocols")
}
