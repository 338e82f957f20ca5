//! Paxos Commit's safety properties: the atomic commit invariants every commit protocol
//! shares ([`crate::commit::invariants`]), and the one Paxos gives each participant's
//! instance: at most one value is chosen in it (`PaxosCommit.tla`'s consistency of the
//! instances, as Paxos's `At Most One Value Chosen`).

use crate::commit::TxnId;
use crate::commit::invariants::CommitChecker;
use crate::paxos_commit::PaxosCommitNode;
use crate::paxos_commit::message::{Ballot, Vote};
use crate::protocol::{Checker, NodeOf, NodeSlot, Protocol, Violation};
use crate::types::{NodeId, Time};
use crate::vec_map::{VecMap, VecSet};

/// In each participant's instance, at most one value is ever chosen.
pub const ONE_VALUE_CHOSEN: &str = "At Most One Value Chosen";

/// The memory of the Paxos Commit checker.
#[derive(Clone, Debug)]
pub struct PaxosCommitChecker {
    commit: CommitChecker,
    /// Per (transaction, instance, ballot): the value and the acceptors seen accepting it.
    accepted: VecMap<(TxnId, NodeId, Ballot), (Vote, VecSet<NodeId>)>,
    /// Per (transaction, instance): the value first seen chosen, and in which ballot.
    chosen: VecMap<(TxnId, NodeId), (Vote, Ballot)>,
    reported: VecSet<(TxnId, NodeId)>,
}

impl<P: Protocol + NodeOf<PaxosCommitNode>> Checker<P> for PaxosCommitChecker {
    fn new(_config: &P::Config, _nodes: u32) -> Self {
        Self {
            commit: CommitChecker::default(),
            accepted: VecMap::new(),
            chosen: VecMap::new(),
            reported: VecSet::new(),
        }
    }

    fn check(&mut self, time: Time, nodes: &[NodeSlot<P>], touched: NodeId, found: &mut Vec<Violation>) {
        let node = nodes[touched as usize - 1].state.node();
        let config = node.config();
        self.commit
            .check(time, node, (nodes.len() as u32, config.coordinator), found);
        if !node.is_acceptor() {
            return;
        }
        let majority = config.majority();
        for txn in node.changed_transactions() {
            let Some(state) = node.durable().acceptor.get(&txn) else {
                continue;
            };
            for (&participant, &(ballot, vote)) in state.accepted.iter() {
                let (value, acceptors) = self
                    .accepted
                    .get_or_insert_with((txn, participant, ballot), || (vote, VecSet::new()));
                if *value != vote {
                    continue;
                }
                acceptors.insert(touched);
                if acceptors.len() < majority {
                    continue;
                }
                let (first, at) = *self.chosen.get_or_insert_with((txn, participant), || (vote, ballot));
                if first != vote && self.reported.insert((txn, participant)) {
                    found.push(Violation {
                        invariant: ONE_VALUE_CHOSEN,
                        time_ms: time,
                        nodes: vec![participant],
                        message: format!(
                            "both {} (ballot {at}) and {} (ballot {ballot}) were chosen in {participant}'s instance of transaction {txn}",
                            first.name(),
                            vote.name()
                        ),
                    });
                }
            }
        }
    }
}
