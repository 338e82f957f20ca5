//! A Paxos node as snapshots show it.

use std::sync::Arc;

use serde::Serialize;

use crate::paxos::message::{Ballot, Proposal, Slot};
use crate::paxos::node::PaxosNode;
use crate::types::NodeId;
use crate::vec_map::{VecMap, VecSet};

/// A Paxos node as snapshots show it (the scenario contract's Paxos NODE).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PaxosView {
    /// The node's id.
    pub id: NodeId,
    /// False while crashed.
    pub up: bool,
    /// Per slot: what the acceptor promised and accepted, and what the learner knows was decided.
    pub instances: VecMap<Slot, InstanceView>,
    /// The state machine over the decided prefix.
    pub kv: crate::vec_map::VecMap<Arc<str>, Arc<str>>,
    /// Client values waiting to be chosen.
    pub pending: Vec<Proposal>,
}

/// One slot of a [`PaxosView`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InstanceView {
    /// The highest ballot promised, as `[round, id]`.
    pub promised: Option<Ballot>,
    /// The highest-ballot value accepted.
    pub accepted: Option<AcceptedView>,
    /// The chosen value, once learned.
    pub decided: Option<Proposal>,
}

/// An accepted (ballot, value).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AcceptedView {
    /// The ballot, as `[round, id]`.
    pub ballot: Ballot,
    /// The value.
    pub value: Proposal,
}

impl PaxosView {
    /// The view of `node`.
    pub fn of(node: &PaxosNode, up: bool) -> Self {
        let durable = &node.persistent;
        let slots: VecSet<Slot> = VecSet::union_of_ascending(durable.acceptor.keys(), durable.decided.keys());
        let instances = slots
            .into_iter()
            .map(|slot| {
                let acceptor = durable.acceptor.get(&slot).cloned().unwrap_or_default();
                let view = InstanceView {
                    promised: acceptor.promised,
                    accepted: acceptor.accepted.map(|(ballot, value)| AcceptedView { ballot, value }),
                    decided: durable.decided.get(&slot).cloned(),
                };
                (slot, view)
            })
            .collect();
        Self {
            id: node.id,
            up,
            instances,
            kv: node.kv.values().clone(),
            pending: node.pending().cloned().collect(),
        }
    }
}
