//! A Multi-Paxos node as snapshots show it (the scenario contract's Multi-Paxos NODE).

use std::sync::Arc;

use serde::Serialize;

use crate::multi_paxos::message::{Ballot, Slot, Value};
use crate::multi_paxos::node::{MultiPaxosNode, Role};
use crate::types::NodeId;
use crate::vec_map::{VecMap, VecSet};

/// One node's state as data: Paxos's `instances` and `kv`, and the leader it believes in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MultiPaxosView {
    /// The node's id.
    pub id: NodeId,
    /// False while crashed.
    pub up: bool,
    /// `follower`, `candidate` (running phase 1) or `leader` (a crashed node shows `follower`).
    pub role: &'static str,
    /// The leader it believes in (itself when leading).
    pub leader: Option<NodeId>,
    /// Its ballot while it leads or stands, as `[round, id]`.
    pub ballot: Option<Ballot>,
    /// The ballot its acceptor promised, for every slot.
    pub promised: Option<Ballot>,
    /// Per slot: what the acceptor promised and accepted, and what the learner knows was decided.
    pub instances: VecMap<Slot, InstanceView>,
    /// Every slot up to this one is decided and applied here.
    pub decided_prefix: Slot,
    /// The state machine over the decided prefix.
    pub kv: VecMap<Arc<str>, Arc<str>>,
}

/// One slot of a [`MultiPaxosView`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InstanceView {
    /// The ballot promised (one promise covers every slot), as `[round, id]`.
    pub promised: Option<Ballot>,
    /// The highest-ballot value accepted.
    pub accepted: Option<AcceptedView>,
    /// The chosen value once learned: a command's text, or `"no-op"`.
    pub decided: Option<Value>,
}

/// An accepted (ballot, value).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AcceptedView {
    /// The ballot, as `[round, id]`.
    pub ballot: Ballot,
    /// The value: a command's text, or `"no-op"`.
    pub value: Value,
}

impl MultiPaxosView {
    /// The view of `node`.
    pub fn of(node: &MultiPaxosNode, up: bool) -> Self {
        let durable = node.durable();
        let slots: VecSet<Slot> = VecSet::union_of_ascending(durable.accepted.keys(), durable.decided.keys());
        let instances = slots
            .into_iter()
            .map(|slot| {
                let view = InstanceView {
                    promised: durable.promised,
                    accepted: durable.accepted.get(&slot).map(|(ballot, value)| AcceptedView {
                        ballot: *ballot,
                        value: value.clone(),
                    }),
                    decided: durable.decided.get(&slot).cloned(),
                };
                (slot, view)
            })
            .collect();
        let ballot = match node.role() {
            Role::Leader { ballot, .. } | Role::Candidate { ballot, .. } => Some(*ballot),
            Role::Follower { .. } => None,
        };
        Self {
            id: node.id,
            up,
            role: if up { node.role().name() } else { "follower" },
            leader: if up { node.known_leader() } else { None },
            ballot: ballot.filter(|_| up),
            promised: durable.promised,
            instances,
            decided_prefix: node.decided_prefix(),
            kv: node.kv.values().clone(),
        }
    }
}
