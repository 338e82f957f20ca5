//! Multi-Paxos's safety properties, checked after every event, with Paxos's names: each
//! slot is a single-decree Paxos instance.
//!
//! Each check reads only the slots the event changed on the node it touched ([`Changes`]),
//! against what earlier checks recorded, so a check costs as much in slot 10,000 as in
//! slot 1.
//!
//! [`Changes`]: crate::multi_paxos::node::Changes

use crate::multi_paxos::{Ballot, MultiPaxosNode, Proposal, Slot, Value};
use crate::protocol::{Checker, NodeOf, NodeSlot, Protocol, Violation};
use crate::types::{NodeId, Time, majority};
use crate::vec_map::{VecMap, VecSet};

/// At most one value is chosen (or learned) per slot.
pub const ONE_VALUE_CHOSEN: &str = "At Most One Value Chosen";
/// A chosen value was proposed by a client (or is a leader's no-op).
pub const CHOSEN_WAS_PROPOSED: &str = "Chosen Value Was Proposed";
/// Acceptors accept one value per ballot and slot.
pub const ONE_VALUE_PER_BALLOT: &str = "One Value Per Ballot";
/// An acceptor's promise never decreases.
pub const PROMISE_MONOTONIC: &str = "Promises Never Decrease";
/// An acceptor never accepts above its promise.
pub const ACCEPTED_WITHIN_PROMISE: &str = "Accepted Ballot Within Promise";

/// The memory of the Multi-Paxos checker.
#[derive(Clone, Debug)]
pub struct MultiPaxosChecker {
    nodes: u32,
    /// Every value a client handed to some node.
    proposed: VecSet<Proposal>,
    /// Per (slot, ballot): the value and the acceptors seen accepting it.
    accepted: VecMap<(Slot, Ballot), (Value, VecSet<NodeId>)>,
    /// Per slot: the value chosen or learned first, and by whom.
    chosen: VecMap<Slot, (Value, NodeId)>,
    /// Per node: the promise last seen.
    promises: VecMap<NodeId, Ballot>,
    reported: VecSet<(&'static str, u64, u64)>,
}

impl<P: Protocol + NodeOf<MultiPaxosNode>> Checker<P> for MultiPaxosChecker {
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
        if changes.promise
            && let Some(promised) = durable.promised
        {
            let last = *self.promises.get_or_insert_with(touched, || promised);
            if promised < last {
                report(
                    PROMISE_MONOTONIC,
                    (u64::from(touched), 0),
                    vec![touched],
                    format!("{touched}'s promise went down from {last} to {promised}"),
                );
            }
            self.promises.insert(touched, promised.max(last));
        }
        for (&slot, (ballot, value)) in changes
            .slots
            .iter()
            .filter_map(|s| durable.accepted.get(s).map(|a| (s, a)))
        {
            if durable.promised.is_some_and(|p| *ballot > p) {
                report(
                    ACCEPTED_WITHIN_PROMISE,
                    (slot, u64::from(touched)),
                    vec![touched],
                    format!("{touched} accepted ballot {ballot} in slot {slot} above its promise"),
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
                record_chosen(&mut self.chosen, &self.proposed, slot, &value, touched, &mut report);
            }
        }
        for (&slot, value) in changes
            .slots
            .iter()
            .filter_map(|s| durable.decided.get(s).map(|d| (s, d)))
        {
            let value = value.clone();
            record_chosen(&mut self.chosen, &self.proposed, slot, &value, touched, &mut report);
        }
    }
}

/// `value` was chosen in `slot` (seen accepted by a majority, or learned by `by`): it must
/// be the slot's only chosen value, and a client's command or a no-op.
fn record_chosen(
    chosen: &mut VecMap<Slot, (Value, NodeId)>,
    proposed: &VecSet<Proposal>,
    slot: Slot,
    value: &Value,
    by: NodeId,
    report: &mut impl FnMut(&'static str, (u64, u64), Vec<NodeId>, String),
) {
    let (winner, first) = chosen.get_or_insert_with(slot, || (value.clone(), by)).clone();
    if winner != *value {
        let message = if first == by {
            format!(
                "slot {slot} had {} chosen, and now {by} has {} chosen there",
                winner.describe(),
                value.describe()
            )
        } else {
            format!(
                "{first} knows {} was chosen in slot {slot}, but {by} has {} chosen there",
                winner.describe(),
                value.describe()
            )
        };
        report(ONE_VALUE_CHOSEN, (slot, 0), vec![first, by], message);
    }
    if let Value::Command(proposal) = value
        && !proposed.contains(proposal)
    {
        report(
            CHOSEN_WAS_PROPOSED,
            (slot, 1),
            vec![by],
            format!(
                "{} was chosen in slot {slot} but no client proposed it",
                value.describe()
            ),
        );
    }
}
