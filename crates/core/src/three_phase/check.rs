//! Three-phase commit's safety properties: the atomic commit invariants every commit
//! protocol shares ([`crate::commit::invariants`]), checked after every event on the node
//! the event touched. A termination's decision is a participant's outcome, so `Atomic
//! Commit` compares it with every other participant's.

use crate::commit::invariants::CommitChecker;
use crate::protocol::{Checker, NodeOf, NodeSlot, Protocol, Violation};
use crate::three_phase::ThreePcNode;
use crate::types::{NodeId, Time};

/// The memory of the three-phase commit checker.
#[derive(Clone, Debug)]
pub struct ThreePcChecker(CommitChecker);

impl<P: Protocol + NodeOf<ThreePcNode>> Checker<P> for ThreePcChecker {
    fn new(_config: &P::Config, _nodes: u32) -> Self {
        Self(CommitChecker::default())
    }

    fn check(&mut self, time: Time, nodes: &[NodeSlot<P>], touched: NodeId, found: &mut Vec<Violation>) {
        let node = nodes[touched as usize - 1].state.node();
        self.0
            .check(time, node, (nodes.len() as u32, node.config.coordinator), found);
    }
}
