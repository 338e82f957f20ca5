//! Two-phase commit's safety properties: the atomic commit invariants every commit
//! protocol shares ([`crate::commit::invariants`]), checked after every event on the
//! node the event touched.

use crate::commit::invariants::CommitChecker;
use crate::protocol::NodeOf;
use crate::protocol::NodeSlot;
use crate::protocol::Protocol;
use crate::protocol::{Checker, Violation};
use crate::two_phase::TwoPcNode;
use crate::types::{NodeId, Time};

pub use crate::commit::invariants::{ATOMICITY, COMMIT_NEEDS_ALL_YES, DECISIONS_FINAL};

/// The memory of the two-phase commit checker.
#[derive(Clone, Debug)]
pub struct TwoPcChecker(CommitChecker);

impl<P: Protocol + NodeOf<TwoPcNode>> Checker<P> for TwoPcChecker {
    fn new(_config: &P::Config, _nodes: u32) -> Self {
        Self(CommitChecker::default())
    }

    fn check(&mut self, time: Time, nodes: &[NodeSlot<P>], touched: NodeId, found: &mut Vec<Violation>) {
        let node = nodes[touched as usize - 1].state.node();
        self.0
            .check(time, node, (nodes.len() as u32, node.config.coordinator), found);
    }
}
