//! The invariant checker and the progress properties of a cluster of
//! [`AnyNode`]s: the running protocol's own, reading the cluster through
//! [`NodeOf`](super::NodeOf).

use crate::check::progress::{Conditions, Progress, Window};
use crate::check::{Checker, Violation};
use crate::paxos::check::PaxosChecker;
use crate::paxos::progress::PaxosProgress;
use crate::protocol::NodeSlot;
use crate::raft::check::RaftChecker;
use crate::raft::progress::RaftProgress;
use crate::two_phase::check::TwoPcChecker;
use crate::two_phase::progress::TwoPcProgress;
use crate::types::{NodeId, Time};

use super::{AnyConfig, AnyNode, mixed};

/// The running protocol's invariant checker.
#[derive(Clone, Debug)]
pub enum AnyChecker {
    /// Raft's.
    Raft(RaftChecker),
    /// Two-phase commit's.
    TwoPhase(TwoPcChecker),
    /// Paxos's.
    Paxos(PaxosChecker),
}

impl Checker<AnyNode> for AnyChecker {
    fn new(config: &AnyConfig, nodes: u32) -> Self {
        match config {
            AnyConfig::Raft(_) => AnyChecker::Raft(Checker::<AnyNode>::new(config, nodes)),
            AnyConfig::TwoPhase(_) => AnyChecker::TwoPhase(Checker::<AnyNode>::new(config, nodes)),
            AnyConfig::Paxos(_) => AnyChecker::Paxos(Checker::<AnyNode>::new(config, nodes)),
        }
    }

    fn check(&mut self, time: Time, nodes: &[NodeSlot<AnyNode>], touched: NodeId, found: &mut Vec<Violation>) {
        match self {
            AnyChecker::Raft(c) => Checker::<AnyNode>::check(c, time, nodes, touched, found),
            AnyChecker::TwoPhase(c) => Checker::<AnyNode>::check(c, time, nodes, touched, found),
            AnyChecker::Paxos(c) => Checker::<AnyNode>::check(c, time, nodes, touched, found),
        }
    }
}

/// What the running protocol's cluster had achieved at one moment.
#[derive(Clone, Debug)]
pub enum AnyProgress {
    /// Raft's.
    Raft(RaftProgress),
    /// Two-phase commit's.
    TwoPhase(TwoPcProgress),
    /// Paxos's.
    Paxos(PaxosProgress),
}

impl Progress<AnyNode> for AnyProgress {
    fn mark(nodes: &[NodeSlot<AnyNode>]) -> Self {
        match nodes.first().map(|slot| &slot.state) {
            Some(AnyNode::Raft(_)) => AnyProgress::Raft(Progress::<AnyNode>::mark(nodes)),
            Some(AnyNode::TwoPhase(_)) => AnyProgress::TwoPhase(Progress::<AnyNode>::mark(nodes)),
            Some(AnyNode::Paxos(_)) => AnyProgress::Paxos(Progress::<AnyNode>::mark(nodes)),
            None => mixed(),
        }
    }

    fn judge(start: &Self, late: &Self, window: &Window<'_, AnyNode>, found: &mut Vec<Violation>) {
        match (start, late) {
            (AnyProgress::Raft(s), AnyProgress::Raft(l)) => Progress::<AnyNode>::judge(s, l, window, found),
            (AnyProgress::TwoPhase(s), AnyProgress::TwoPhase(l)) => Progress::<AnyNode>::judge(s, l, window, found),
            (AnyProgress::Paxos(s), AnyProgress::Paxos(l)) => Progress::<AnyNode>::judge(s, l, window, found),
            _ => mixed(),
        }
    }

    fn why_stuck(cluster: &Conditions<'_, AnyNode>) -> Option<String> {
        match cluster.nodes.first().map(|slot| &slot.state) {
            Some(AnyNode::Raft(_)) => <RaftProgress as Progress<AnyNode>>::why_stuck(cluster),
            Some(AnyNode::TwoPhase(_)) => <TwoPcProgress as Progress<AnyNode>>::why_stuck(cluster),
            Some(AnyNode::Paxos(_)) => <PaxosProgress as Progress<AnyNode>>::why_stuck(cluster),
            None => None,
        }
    }
}
