//! One engine, whatever the protocol. [`AnyNode`] is a node of Raft, two-phase commit or
//! Paxos behind one type, so the simulator, the timeline, the scenario runner, streaming
//! and parting are compiled once for it instead of once per protocol (the page's download
//! and the build's time both pay for every copy; only the search's hot loop keeps an
//! engine per protocol, for speed: see `explore::replay_on_own_engine`). It relays each
//! handler call to the node it runs and wraps what comes back; the checks written for each
//! protocol read its clusters through [`NodeOf`].
//!
//! **The protocol table** below is the one place that lists the protocols the engine runs:
//! [`AnyNode`], its message, timer, note, configuration, persistent state, view, checker
//! and progress types, and every relay between them are made from it ([`table`]).
//!
//! Invariant: a cluster has at least one node (scenarios are validated so), and every node
//! of it runs the same protocol; only that protocol's messages, timers, configuration and
//! persistent state reach it (the simulator only hands a node what its own cluster made).
//! A mismatch is a bug in this crate, not bad input, and stops with a panic that says so.

#[macro_use]
mod table;

pub use crate::protocol::NodeOf;

use std::cell::RefCell;
use std::fmt;

use serde::{Serialize, Serializer};

use crate::command::Command;
use crate::explain::{Explain, Rule};
use crate::paxos::PaxosNode;
use crate::protocol::progress::{Conditions, Progress, Window};
use crate::protocol::{
    Checker, ClientRequest, CouldCommit, MessageKind, NodeFault, NodeSlot, Out, Protocol, Violation,
};
use crate::raft::RaftNode;
use crate::two_phase::TwoPcNode;
use crate::types::{NodeId, Time};

protocols! {
    /// Raft's.
    Raft(RaftNode, plain),
    /// Two-phase commit's.
    TwoPhase(TwoPcNode, plain),
    /// Paxos's (its messages and notes boxed: the largest of the three, they would make
    /// every message and note as large).
    Paxos(PaxosNode, boxed),
}

/// A protocol node that the one engine relays to: runs a handler on a scratch [`Out`] of
/// the protocol's own (kept between calls, so relaying allocates nothing) and passes its
/// effects on to the engine's, each wrapped, in order. Implemented by the table.
trait Relayed: Protocol {
    fn relay<R>(out: &mut Out<AnyNode>, handle: impl FnOnce(&mut Out<Self>) -> R) -> R;
}

/// The one line under the log panel that says how `protocol`'s cells are drawn (each
/// protocol's `display::LEGEND`).
pub fn legend(protocol: crate::protocol::ProtocolName) -> &'static str {
    use crate::protocol::ProtocolName;
    match protocol {
        ProtocolName::Raft => crate::raft::display::LEGEND,
        ProtocolName::TwoPhaseCommit => crate::two_phase::display::LEGEND,
        ProtocolName::Paxos => crate::paxos::display::LEGEND,
    }
}

/// Stops on a broken invariant of this module (see its documentation).
#[cold]
fn mixed() -> ! {
    unreachable!("a cluster of AnyNode had no node or mixed two protocols")
}
