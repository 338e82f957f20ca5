//! Paxos's safety properties, checked after every event.
//!
//! Each check reads only the slots the event changed on the node it touched, and the values
//! clients handed it ([`PaxosNode::changes`]), against what earlier checks recorded, so a
//! check costs as much in slot 10,000 as in slot 1. Every property here depends on a slot's
//! state only through what was first seen of it, or on sets that only grow, so an unchanged
//! slot can never break one later.

use crate::vec_map::{VecMap, VecSet};

use crate::paxos::{Ballot, PaxosNode, Proposal, Slot};
use crate::protocol::NodeOf;
use crate::protocol::NodeSlot;
use crate::protocol::Protocol;
use crate::protocol::{Checker, Violation};
use crate::types::{NodeId, Time, majority};

/// At most one value is chosen (or learned) per slot.
pub const ONE_VALUE_CHOSEN: &str = "At Most One Value Chosen";
/// A chosen value was proposed by a client.
pub const CHOSEN_WAS_PROPOSED: &str = "Chosen Value Was Proposed";
/// Acceptors accept one value per ballot.
pub const ONE_VALUE_PER_BALLOT: &str = "One Value Per Ballot";
/// An acceptor's promise never decreases.
pub const PROMISE_MONOTONIC: &str = "Promises Never Decrease";
/// An acceptor never accepts above its promise.
pub const ACCEPTED_WITHIN_PROMISE: &str = "Accepted Ballot Within Promise";

/// The memory of the Paxos checker.
#[derive(Clone, Debug)]
pub struct PaxosChecker {
    nodes: u32,
    /// Every value a client handed to some proposer.
    proposed: VecSet<Proposal>,
    /// Per (slot, ballot): the value and the acceptors seen accepting it.
    accepted: VecMap<(Slot, Ballot), (Proposal, VecSet<NodeId>)>,
    /// Per slot: the value chosen or learned first, and by whom.
    chosen: VecMap<Slot, (Proposal, NodeId)>,
    /// Per (node, slot): the promise last seen.
    promises: VecMap<(Slot, NodeId), Ballot>,
    reported: VecSet<(&'static str, u64, u64)>,
}

impl<P: Protocol + NodeOf<PaxosNode>> Checker<P> for PaxosChecker {
    fn new(_config: &P::Config, nodes: u32) -> Self {
        Self {
            nodes,
            proposed: VecSet::new(),
            accepted: VecMap::new(),
            chosen: VecMap::new(),
            promises: VecMap::new(),
            reported: VecSet::new(),
        }
    }

    fn check(&mut self, time: Time, nodes: &[NodeSlot<P>], touched: NodeId, found: &mut Vec<Violation>) {
        let node = nodes[touched as usize - 1].state.node();
        let changes = node.changes();
        for proposal in &changes.proposed {
            self.proposed.insert(proposal.clone());
        }
        let mut report = |invariant, key: (u64, u64), nodes: Vec<NodeId>, message: String| {
            if self.reported.insert((invariant, key.0, key.1)) {
                found.push(Violation {
                    invariant,
                    time_ms: time,
                    nodes,
                    message,
                });
            }
        };
        let durable = node.durable();
        for (&slot, state) in changes
            .slots
            .iter()
            .filter_map(|s| durable.acceptor.get(s).map(|a| (s, a)))
        {
            if let Some(promised) = state.promised {
                let last = *self.promises.get_or_insert_with((slot, touched), || promised);
                if promised < last {
                    report(
                        PROMISE_MONOTONIC,
                        (slot, u64::from(touched)),
                        vec![touched],
                        format!("{touched}'s promise for slot {slot} went down from {last} to {promised}"),
                    );
                }
                self.promises.insert((slot, touched), promised.max(last));
            }
            let Some((ballot, value)) = &state.accepted else {
                continue;
            };
            if state.promised.is_some_and(|p| *ballot > p) {
                report(
                    ACCEPTED_WITHIN_PROMISE,
                    (slot, u64::from(touched)),
                    vec![touched],
                    format!("{touched} accepted ballot {ballot} for slot {slot} above its promise"),
                );
            }
            let (first, voters) = self
                .accepted
                .get_or_insert_with((slot, *ballot), || (value.clone(), VecSet::new()));
            if first != value {
                report(
                    ONE_VALUE_PER_BALLOT,
                    (slot, ballot.0),
                    vec![touched],
                    format!(
                        "ballot {ballot} in slot {slot} carries both {} and {}",
                        first.describe(),
                        value.describe()
                    ),
                );
                continue;
            }
            voters.insert(touched);
            if voters.len() >= majority(self.nodes) {
                let value = first.clone();
                let (winner, by) = self
                    .chosen
                    .get_or_insert_with(slot, || (value.clone(), touched))
                    .clone();
                if winner != value {
                    report(
                        ONE_VALUE_CHOSEN,
                        (slot, 0),
                        vec![by, touched],
                        format!(
                            "both {} and {} were chosen for slot {slot}",
                            winner.describe(),
                            value.describe()
                        ),
                    );
                }
                if !self.proposed.contains(&value) {
                    report(
                        CHOSEN_WAS_PROPOSED,
                        (slot, 1),
                        vec![touched],
                        format!(
                            "{} was chosen for slot {slot} but no client proposed it",
                            value.describe()
                        ),
                    );
                }
            }
        }
        for (&slot, value) in changes
            .slots
            .iter()
            .filter_map(|s| durable.decided.get(s).map(|d| (s, d)))
        {
            let (winner, by) = self
                .chosen
                .get_or_insert_with(slot, || (value.clone(), touched))
                .clone();
            if winner != *value {
                report(
                    ONE_VALUE_CHOSEN,
                    (slot, 0),
                    vec![by, touched],
                    format!(
                        "{by} knows {} was chosen for slot {slot}, but {touched} learned {}",
                        winner.describe(),
                        value.describe()
                    ),
                );
            }
        }
    }
}
