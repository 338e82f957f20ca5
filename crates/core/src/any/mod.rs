//! One engine, whatever the protocol. [`AnyNode`] is a node of Raft, two-phase commit or
//! Paxos behind one type, so the simulator, the timeline, the scenario runner, streaming
//! and parting are compiled once for it instead of once per protocol (the page's download
//! and the build's time both pay for every copy; only the search's hot loop keeps an
//! engine per protocol, for speed: see `explore::replay_on_own_engine`). It relays each
//! handler call to the node it runs and wraps what comes back ([`parts`]); the checks
//! written for each protocol read its clusters through [`NodeOf`] ([`checks`]).
//!
//! Invariant: a cluster has at least one node (scenarios are validated so), and every node
//! of it runs the same protocol; only that protocol's messages, timers, configuration and
//! persistent state reach it (the simulator only hands a node what its own cluster made).
//! A mismatch is a bug in this crate, not bad input, and stops with a panic that says so.

pub mod checks;
pub mod parts;

pub use crate::protocol::NodeOf;
pub use checks::{AnyChecker, AnyProgress};
pub use parts::{AnyConfig, AnyMessage, AnyNote, AnyPersistent, AnyTimer, AnyView};

use std::cell::RefCell;
use std::fmt;
use std::thread::LocalKey;

use crate::command::Command;
use crate::paxos::PaxosNode;
use crate::protocol::NodeSlot;
use crate::protocol::{ClientRequest, EffectOf, NodeFault, Out, Protocol};
use crate::raft::RaftNode;
use crate::two_phase::TwoPcNode;
use crate::types::NodeId;

/// A node of any protocol: what the one engine runs.
#[derive(Clone)]
pub enum AnyNode {
    /// A Raft server.
    Raft(RaftNode),
    /// A two-phase commit coordinator or participant.
    TwoPhase(TwoPcNode),
    /// A Paxos proposer, acceptor and learner.
    Paxos(PaxosNode),
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

macro_rules! node_of {
    ($variant:ident, $node:ty) => {
        impl NodeOf<$node> for AnyNode {
            fn node(&self) -> &$node {
                match self {
                    AnyNode::$variant(node) => node,
                    _ => mixed(),
                }
            }
        }
    };
}
node_of!(Raft, RaftNode);
node_of!(TwoPhase, TwoPcNode);
node_of!(Paxos, PaxosNode);

/// Runs `handle` on `scratch` (an empty [`Out`] of protocol `P`, kept between calls so
/// that relaying allocates nothing) and passes its effects on to `out`, each wrapped by
/// `wrap`, in order.
fn relay<P: Protocol, R>(
    out: &mut Out<AnyNode>,
    scratch: &'static LocalKey<RefCell<Out<P>>>,
    wrap: fn(EffectOf<P>) -> EffectOf<AnyNode>,
    handle: impl FnOnce(&mut Out<P>) -> R,
) -> R {
    scratch.with(|inner| {
        let mut inner = inner.borrow_mut();
        let result = handle(&mut inner);
        for effect in inner.drain() {
            out.push(wrap(effect));
        }
        result
    })
}

thread_local! {
    static RAFT_OUT: RefCell<Out<RaftNode>> = RefCell::new(Out::new());
    static TWO_PHASE_OUT: RefCell<Out<TwoPcNode>> = RefCell::new(Out::new());
    static PAXOS_OUT: RefCell<Out<PaxosNode>> = RefCell::new(Out::new());
}

fn raft(effect: EffectOf<RaftNode>) -> EffectOf<AnyNode> {
    effect.map(AnyMessage::Raft, AnyTimer::Raft, AnyNote::Raft)
}

fn two_phase(effect: EffectOf<TwoPcNode>) -> EffectOf<AnyNode> {
    effect.map(AnyMessage::TwoPhase, AnyTimer::TwoPhase, AnyNote::TwoPhase)
}

fn paxos(effect: EffectOf<PaxosNode>) -> EffectOf<AnyNode> {
    effect.map(
        |m| AnyMessage::Paxos(Box::new(m)),
        AnyTimer::Paxos,
        |n| AnyNote::Paxos(Box::new(n)),
    )
}

impl fmt::Debug for AnyNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnyNode::Raft(node) => node.fmt(f),
            AnyNode::TwoPhase(node) => node.fmt(f),
            AnyNode::Paxos(node) => node.fmt(f),
        }
    }
}

impl Protocol for AnyNode {
    type Message = AnyMessage;
    type Timer = AnyTimer;
    type Note = AnyNote;
    type Config = AnyConfig;
    type Persistent = AnyPersistent;
    type View = AnyView;
    type Checker = AnyChecker;
    type Progress = AnyProgress;

    fn boot(id: NodeId, nodes: u32, config: &AnyConfig, persistent: AnyPersistent) -> Self {
        match (config, persistent) {
            (AnyConfig::Raft(c), AnyPersistent::Raft(p)) => AnyNode::Raft(RaftNode::boot(id, nodes, c, p)),
            (AnyConfig::Raft(c), AnyPersistent::Fresh) => {
                AnyNode::Raft(RaftNode::boot(id, nodes, c, Default::default()))
            }
            (AnyConfig::TwoPhase(c), AnyPersistent::TwoPhase(p)) => AnyNode::TwoPhase(TwoPcNode::boot(id, nodes, c, p)),
            (AnyConfig::TwoPhase(c), AnyPersistent::Fresh) => {
                AnyNode::TwoPhase(TwoPcNode::boot(id, nodes, c, Default::default()))
            }
            (AnyConfig::Paxos(c), AnyPersistent::Paxos(p)) => AnyNode::Paxos(PaxosNode::boot(id, nodes, c, p)),
            (AnyConfig::Paxos(c), AnyPersistent::Fresh) => {
                AnyNode::Paxos(PaxosNode::boot(id, nodes, c, Default::default()))
            }
            _ => mixed(),
        }
    }

    fn rebooted(&self) -> Self {
        match self {
            AnyNode::Raft(node) => AnyNode::Raft(node.rebooted()),
            AnyNode::TwoPhase(node) => AnyNode::TwoPhase(node.rebooted()),
            AnyNode::Paxos(node) => AnyNode::Paxos(node.rebooted()),
        }
    }

    fn on_start(&mut self, out: &mut Out<Self>) {
        match self {
            AnyNode::Raft(node) => relay(out, &RAFT_OUT, raft, |o| node.on_start(o)),
            AnyNode::TwoPhase(node) => relay(out, &TWO_PHASE_OUT, two_phase, |o| node.on_start(o)),
            AnyNode::Paxos(node) => relay(out, &PAXOS_OUT, paxos, |o| node.on_start(o)),
        }
    }

    fn on_message(&mut self, from: NodeId, message: AnyMessage, out: &mut Out<Self>) {
        match (self, message) {
            (AnyNode::Raft(node), AnyMessage::Raft(m)) => relay(out, &RAFT_OUT, raft, |o| node.on_message(from, m, o)),
            (AnyNode::TwoPhase(node), AnyMessage::TwoPhase(m)) => {
                relay(out, &TWO_PHASE_OUT, two_phase, |o| node.on_message(from, m, o))
            }
            (AnyNode::Paxos(node), AnyMessage::Paxos(m)) => {
                relay(out, &PAXOS_OUT, paxos, |o| node.on_message(from, *m, o))
            }
            _ => mixed(),
        }
    }

    fn on_timer(&mut self, timer: AnyTimer, out: &mut Out<Self>) {
        match (self, timer) {
            (AnyNode::Raft(node), AnyTimer::Raft(t)) => relay(out, &RAFT_OUT, raft, |o| node.on_timer(t, o)),
            (AnyNode::TwoPhase(node), AnyTimer::TwoPhase(t)) => {
                relay(out, &TWO_PHASE_OUT, two_phase, |o| node.on_timer(t, o))
            }
            (AnyNode::Paxos(node), AnyTimer::Paxos(t)) => relay(out, &PAXOS_OUT, paxos, |o| node.on_timer(t, o)),
            _ => mixed(),
        }
    }

    fn on_client_request(&mut self, request: ClientRequest, out: &mut Out<Self>) {
        match self {
            AnyNode::Raft(node) => relay(out, &RAFT_OUT, raft, |o| node.on_client_request(request, o)),
            AnyNode::TwoPhase(node) => relay(out, &TWO_PHASE_OUT, two_phase, |o| node.on_client_request(request, o)),
            AnyNode::Paxos(node) => relay(out, &PAXOS_OUT, paxos, |o| node.on_client_request(request, o)),
        }
    }

    fn view(&self, up: bool) -> AnyView {
        match self {
            AnyNode::Raft(node) => AnyView::Raft(node.view(up)),
            AnyNode::TwoPhase(node) => AnyView::TwoPhase(node.view(up)),
            AnyNode::Paxos(node) => AnyView::Paxos(node.view(up)),
        }
    }

    fn checked(&mut self) {
        match self {
            AnyNode::Raft(node) => node.checked(),
            AnyNode::TwoPhase(node) => node.checked(),
            AnyNode::Paxos(node) => node.checked(),
        }
    }

    fn on_fault(&mut self, fault: NodeFault, out: &mut Out<Self>) -> Result<(), String> {
        match self {
            AnyNode::Raft(node) => relay(out, &RAFT_OUT, raft, |o| node.on_fault(fault, o)),
            AnyNode::TwoPhase(node) => relay(out, &TWO_PHASE_OUT, two_phase, |o| node.on_fault(fault, o)),
            AnyNode::Paxos(node) => relay(out, &PAXOS_OUT, paxos, |o| node.on_fault(fault, o)),
        }
    }

    fn can_commit(nodes: &[NodeSlot<Self>], connected: &dyn Fn(NodeId, NodeId) -> bool) -> bool {
        match nodes.first().map(|slot| &slot.state) {
            Some(AnyNode::Raft(_)) => crate::raft::node::can_commit(nodes, connected),
            Some(AnyNode::TwoPhase(_)) => crate::two_phase::node::can_commit(nodes, connected),
            Some(AnyNode::Paxos(_)) => crate::paxos::node::can_commit(nodes, connected),
            None => false,
        }
    }

    fn parse_command(config: &AnyConfig, text: &str) -> Result<Command, String> {
        match config {
            AnyConfig::Raft(c) => RaftNode::parse_command(c, text),
            AnyConfig::TwoPhase(c) => TwoPcNode::parse_command(c, text),
            AnyConfig::Paxos(c) => PaxosNode::parse_command(c, text),
        }
    }

    fn blocked(&self) -> usize {
        match self {
            AnyNode::Raft(node) => node.blocked(),
            AnyNode::TwoPhase(node) => node.blocked(),
            AnyNode::Paxos(node) => node.blocked(),
        }
    }

    fn leads(&self) -> bool {
        match self {
            AnyNode::Raft(node) => node.leads(),
            AnyNode::TwoPhase(node) => node.leads(),
            AnyNode::Paxos(node) => node.leads(),
        }
    }
}
