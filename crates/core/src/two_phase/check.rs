//! Two-phase commit's safety properties (Lamport's TwoPhase: TCConsistent and friends),
//! checked after every event.
//!
//! Each check reads only the transactions the event changed on the node it touched
//! ([`TwoPcNode::changed_transactions`]) against what earlier checks recorded, so checking
//! costs as much per event whether the run holds ten transactions or ten thousand. Every
//! property here depends on a transaction's records only through what was first seen of
//! them, or on sets that only grow, so an unchanged record can never break one later.

use crate::vec_map::{VecMap, VecSet};

use crate::protocol::NodeOf;
use crate::protocol::NodeSlot;
use crate::protocol::Protocol;
use crate::protocol::{Checker, Violation};
use crate::two_phase::{Decision, ParticipantState, TwoPcNode, TxnId};
use crate::types::{NodeId, Time};

/// Never one participant committed and another aborted for the same transaction.
pub const ATOMICITY: &str = "Atomic Commit";
/// The coordinator commits only with Yes from every participant.
pub const COMMIT_NEEDS_ALL_YES: &str = "Commit Needs Every Yes";
/// A decision, once taken by a node, never changes.
pub const DECISIONS_FINAL: &str = "Decisions Are Final";

/// The memory of the two-phase commit checker.
#[derive(Clone, Debug)]
pub struct TwoPcChecker {
    /// (transaction, participant) pairs seen prepared or committed: their vote was Yes.
    yes: VecSet<(TxnId, NodeId)>,
    /// The final state each node was first seen in, per transaction.
    finals: VecMap<(TxnId, NodeId), Decision>,
    /// The first participant seen to finish each transaction, and how.
    outcomes: VecMap<TxnId, (NodeId, Decision)>,
    reported: VecSet<(&'static str, u64, u64)>,
}

impl<P: Protocol + NodeOf<TwoPcNode>> Checker<P> for TwoPcChecker {
    fn new(_config: &P::Config, _nodes: u32) -> Self {
        Self {
            yes: VecSet::new(),
            finals: VecMap::new(),
            outcomes: VecMap::new(),
            reported: VecSet::new(),
        }
    }

    fn check(&mut self, time: Time, nodes: &[NodeSlot<P>], touched: NodeId, found: &mut Vec<Violation>) {
        let node = nodes[touched as usize - 1].state.node();
        if node.is_coordinator() {
            self.check_coordinator(time, node, nodes.len(), found);
        } else {
            self.check_participant(time, node, found);
        }
    }
}

impl TwoPcChecker {
    fn report(&mut self, found: &mut Vec<Violation>, v: Violation, key: (u64, u64)) {
        if self.reported.insert((v.invariant, key.0, key.1)) {
            found.push(v);
        }
    }

    fn check_coordinator(&mut self, time: Time, node: &TwoPcNode, nodes: usize, found: &mut Vec<Violation>) {
        let log = &node.durable().log;
        let decided: Vec<(TxnId, Decision)> = node
            .changed_transactions()
            .filter_map(|t| log.get(&t)?.decision.map(|d| (t, d)))
            .collect();
        for (txn, decision) in decided {
            self.check_final(time, node.id, txn, decision, found);
            if decision != Decision::Commit {
                continue;
            }
            let missing: Vec<NodeId> = (1..=nodes as NodeId)
                .filter(|&p| p != node.id && !self.yes.contains(&(txn, p)))
                .collect();
            if let Some(&p) = missing.first() {
                let v = Violation {
                    invariant: COMMIT_NEEDS_ALL_YES,
                    time_ms: time,
                    nodes: vec![node.id, p],
                    message: format!(
                        "coordinator {} committed transaction {txn} without a Yes vote from {p}",
                        node.id
                    ),
                };
                self.report(found, v, (txn, 0));
            }
        }
    }

    fn check_participant(&mut self, time: Time, node: &TwoPcNode, found: &mut Vec<Violation>) {
        let participant = &node.durable().participant;
        let states: Vec<(TxnId, ParticipantState)> = node
            .changed_transactions()
            .filter_map(|t| participant.get(&t).map(|(s, _)| (t, *s)))
            .collect();
        for (txn, state) in states {
            let decision = match state {
                ParticipantState::Prepared => {
                    self.yes.insert((txn, node.id));
                    continue;
                }
                ParticipantState::Working => continue,
                ParticipantState::Committed => {
                    self.yes.insert((txn, node.id));
                    Decision::Commit
                }
                ParticipantState::Aborted => Decision::Abort,
            };
            self.check_final(time, node.id, txn, decision, found);
            let (first, outcome) = *self.outcomes.get_or_insert_with(txn, || (node.id, decision));
            if outcome != decision {
                let v = Violation {
                    invariant: ATOMICITY,
                    time_ms: time,
                    nodes: vec![first, node.id],
                    message: format!(
                        "transaction {txn} {} at {first} but {} at {}",
                        done(outcome),
                        done(decision),
                        node.id
                    ),
                };
                self.report(found, v, (txn, 0));
            }
        }
    }

    fn check_final(&mut self, time: Time, node: NodeId, txn: TxnId, decision: Decision, found: &mut Vec<Violation>) {
        let first = *self.finals.get_or_insert_with((txn, node), || decision);
        if first != decision {
            let v = Violation {
                invariant: DECISIONS_FINAL,
                time_ms: time,
                nodes: vec![node],
                message: format!(
                    "{node} changed its mind on transaction {txn}: {} then {}",
                    done(first),
                    done(decision)
                ),
            };
            self.report(found, v, (txn, u64::from(node)));
        }
    }
}

fn done(decision: Decision) -> &'static str {
    match decision {
        Decision::Commit => "committed",
        Decision::Abort => "aborted",
    }
}
