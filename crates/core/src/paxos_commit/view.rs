//! A Paxos Commit node as snapshots show it: the commit protocols' NODE, with its
//! acceptor state per instance.

use std::sync::Arc;

use serde::Serialize;

use crate::commit::TxnId;
use crate::paxos_commit::node::PaxosCommitNode;
use crate::types::NodeId;
use crate::vec_map::VecMap;

/// What an acceptor holds for one transaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AcceptorView {
    /// The ballot promised for every instance (`[round, node]`), if any.
    pub promised: Option<[u32; 2]>,
    /// Per participant's instance: the value accepted and its ballot.
    pub accepted: VecMap<NodeId, AcceptedView>,
}

/// A value an acceptor accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AcceptedView {
    /// `[round, node]`.
    pub ballot: [u32; 2],
    /// `prepared` or `aborted`.
    pub value: &'static str,
}

/// One node's state as data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PaxosCommitView {
    /// The node's id.
    pub id: NodeId,
    /// False while crashed.
    pub up: bool,
    /// `coordinator` or `participant`.
    pub role: &'static str,
    /// Whether it is one of the acceptors.
    pub is_acceptor: bool,
    /// Per transaction: coordinator `init | committed | aborted`; participant
    /// `working | prepared | committed | aborted`.
    pub transactions: VecMap<TxnId, &'static str>,
    /// Participant: the committed writes.
    pub kv: VecMap<Arc<str>, Arc<str>>,
    /// Transactions it is blocked on: always empty (any node can take over).
    pub blocked: Vec<u64>,
    /// The transactions it is taking over.
    pub taking_over: Vec<u64>,
    /// Acceptor: its promises and accepted values, per transaction.
    pub acceptor: VecMap<TxnId, AcceptorView>,
}

impl PaxosCommitView {
    /// The view of `node`.
    pub fn of(node: &PaxosCommitNode, up: bool) -> Self {
        let durable = node.durable();
        let transactions = if node.is_coordinator() {
            durable
                .log
                .iter()
                .map(|(t, r)| (*t, crate::commit::coordinator_state(r.decision)))
                .collect()
        } else {
            durable.participant.iter().map(|(t, (s, _))| (*t, s.name())).collect()
        };
        let acceptor = durable
            .acceptor
            .iter()
            .map(|(&t, a)| {
                let accepted = a
                    .accepted
                    .iter()
                    .map(|(&p, &(b, v))| {
                        let view = AcceptedView {
                            ballot: [b.round, b.node],
                            value: v.name(),
                        };
                        (p, view)
                    })
                    .collect();
                let view = AcceptorView {
                    promised: a.promised.map(|b| [b.round, b.node]),
                    accepted,
                };
                (t, view)
            })
            .collect();
        Self {
            id: node.id,
            up,
            role: if node.is_coordinator() {
                "coordinator"
            } else {
                "participant"
            },
            is_acceptor: node.is_acceptor(),
            transactions,
            kv: durable.kv.values().clone(),
            blocked: Vec::new(),
            taking_over: if up { node.taking_over().collect() } else { Vec::new() },
            acceptor,
        }
    }
}
