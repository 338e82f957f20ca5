//! The safety properties of atomic commit (Lamport's TwoPhase and TCommit: TCConsistent
//! and friends), shared by every commit protocol and checked after every event.
//!
//! Each check reads only the transactions the event changed on the node it touched
//! ([`CommitRecords::changed_transactions`]) against what earlier checks recorded, so
//! checking costs as much per event whether the run holds ten transactions or ten
//! thousand. Every property here depends on a transaction's records only through what was
//! first seen of them, or on sets that only grow, so an unchanged record can never break
//! one later.

use crate::commit::{CommitRecords, Decision, Record, TxnId};
use crate::protocol::Violation;
use crate::types::{NodeId, Time};
use crate::vec_map::{VecMap, VecSet};

/// Never one participant committed and another aborted for the same transaction.
pub const ATOMICITY: &str = "Atomic Commit";
/// A transaction commits only with Yes from every participant.
pub const COMMIT_NEEDS_ALL_YES: &str = "Commit Needs Every Yes";
/// A decision, once taken by a node, never changes.
pub const DECISIONS_FINAL: &str = "Decisions Are Final";

/// The shared invariants, in the order a protocol lists them.
pub const INVARIANTS: &[&str] = &[ATOMICITY, COMMIT_NEEDS_ALL_YES, DECISIONS_FINAL];

/// The memory of the atomic commit checker.
#[derive(Clone, Debug, Default)]
pub struct CommitChecker {
    /// (transaction, participant) pairs seen voting Yes.
    yes: VecSet<(TxnId, NodeId)>,
    /// The outcome each node was first seen with, per transaction.
    finals: VecMap<(TxnId, NodeId), Decision>,
    /// The first participant seen to finish each transaction, and how.
    outcomes: VecMap<TxnId, (NodeId, Decision)>,
    reported: VecSet<(&'static str, u64, u64)>,
}

impl CommitChecker {
    /// Checks what changed on `node` at `time`, in a cluster of `nodes` whose participants
    /// (the nodes whose Yes a commit needs) are all but `coordinator`.
    pub fn check(
        &mut self,
        time: Time,
        node: &impl CommitRecords,
        (nodes, coordinator): (u32, NodeId),
        found: &mut Vec<Violation>,
    ) {
        let participants = (1..=nodes).filter(move |&n| n != coordinator);
        let id = node.node_id();
        for txn in node.changed_transactions() {
            match node.record(txn) {
                Some(Record::Coordinator(Some(decision))) => {
                    self.check_final(time, id, txn, decision, found);
                    if decision == Decision::Commit {
                        self.check_every_yes(time, id, txn, participants.clone(), found);
                    }
                }
                Some(Record::Participant { yes, outcome }) => {
                    if yes {
                        self.yes.insert((txn, id));
                    }
                    if let Some(decision) = outcome {
                        self.check_final(time, id, txn, decision, found);
                        self.check_atomic(time, id, txn, decision, found);
                    }
                }
                Some(Record::Coordinator(None)) | None => {}
            }
        }
    }

    fn report(&mut self, found: &mut Vec<Violation>, v: Violation, key: (u64, u64)) {
        if self.reported.insert((v.invariant, key.0, key.1)) {
            found.push(v);
        }
    }

    fn check_every_yes(
        &mut self,
        time: Time,
        coordinator: NodeId,
        txn: TxnId,
        mut participants: impl Iterator<Item = NodeId>,
        found: &mut Vec<Violation>,
    ) {
        if let Some(p) = participants.find(|&p| !self.yes.contains(&(txn, p))) {
            let v = Violation {
                invariant: COMMIT_NEEDS_ALL_YES,
                time_ms: time,
                nodes: vec![coordinator, p],
                message: format!("coordinator {coordinator} committed transaction {txn} without a Yes vote from {p}"),
            };
            self.report(found, v, (txn, 0));
        }
    }

    fn check_atomic(&mut self, time: Time, node: NodeId, txn: TxnId, decision: Decision, found: &mut Vec<Violation>) {
        let (first, outcome) = *self.outcomes.get_or_insert_with(txn, || (node, decision));
        if outcome != decision {
            let v = Violation {
                invariant: ATOMICITY,
                time_ms: time,
                nodes: vec![first, node],
                message: format!(
                    "transaction {txn} {} at {first} but {} at {node}",
                    outcome.done(),
                    decision.done()
                ),
            };
            self.report(found, v, (txn, 0));
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
                    first.done(),
                    decision.done()
                ),
            };
            self.report(found, v, (txn, u64::from(node)));
        }
    }
}
