//! Multi-Paxos's progress: with a majority up and connected, one leader emerges (random
//! timeouts break up competing candidates), every client command is chosen and answered,
//! and every node learns every chosen value (the leader catches up a node that was away).

use crate::multi_paxos::{MultiPaxosNode, Slot, Value};
use crate::protocol::progress::{Conditions, Progress, REQUESTS_ANSWERED, Window, nodes_text};
use crate::protocol::{NodeOf, NodeSlot, Protocol, Violation};
use crate::types::NodeId;
use crate::vec_map::VecMap;

/// Decisions Learned: after a quiet window every node has learned every slot chosen
/// (shortly before the window's end).
pub const DECISIONS_LEARNED: &str = "Decisions Learned";

/// The slots known to be chosen at one moment, with their values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MultiPaxosProgress {
    /// Every slot above every up node's decided prefix that some up node has learned.
    chosen: VecMap<Slot, Value>,
}

impl MultiPaxosProgress {
    /// The progress properties: (name, what each promises).
    pub const PROPERTIES: &'static [(&'static str, &'static str)] = &[
        (
            REQUESTS_ANSWERED,
            "once a majority is up and connected, one node leads and every client command is chosen and answered",
        ),
        (
            DECISIONS_LEARNED,
            "every node learns every chosen value, even one it missed while cut off or down",
        ),
    ];
}

impl<P: Protocol + NodeOf<MultiPaxosNode>> Progress<P> for MultiPaxosProgress {
    fn mark(nodes: &[NodeSlot<P>]) -> Self {
        let up = || nodes.iter().filter(|n| n.up).map(|n| n.state.node());
        let everywhere = up().map(MultiPaxosNode::decided_prefix).min().unwrap_or(0);
        let mut chosen = VecMap::new();
        for node in up() {
            for (slot, value) in node.durable().decided.range_from(&(everywhere + 1)) {
                chosen.get_or_insert_with(*slot, || value.clone());
            }
        }
        Self { chosen }
    }

    fn judge(_start: &Self, late: &Self, window: &Window<'_, P>, found: &mut Vec<Violation>) {
        let nodes = window.nodes;
        let lacking = |slot: &Slot| -> Vec<NodeId> {
            nodes
                .iter()
                .filter(|n| n.up && !n.state.node().durable().decided.contains_key(slot))
                .map(|n| n.state.node().id)
                .collect()
        };
        if let Some((slot, value)) = late.chosen.iter().find(|(slot, _)| !lacking(slot).is_empty()) {
            let behind = lacking(slot);
            let what = format!(
                "{} had not learned slot {slot}, chosen as {}",
                nodes_text(&behind),
                value.describe()
            );
            found.push(window.violation(DECISIONS_LEARNED, behind, what));
        }
        let leaders: Vec<NodeId> = nodes
            .iter()
            .filter(|n| n.up && n.state.node().leads())
            .map(|n| n.state.node().id)
            .collect();
        window.requests_answered(found, &|_| match leaders.as_slice() {
            [] => "no node leads to propose it".into(),
            [leader] => format!("leader {leader} has not had it chosen and answered"),
            many => format!("{} believe they lead", nodes_text(many)),
        });
    }

    fn why_stuck(cluster: &Conditions<'_, P>) -> Option<String> {
        if <MultiPaxosNode as crate::protocol::CouldCommit>::could_commit(cluster.nodes, cluster.connected) {
            return None;
        }
        if let Some(reason) = cluster.no_majority() {
            return Some(reason);
        }
        Some("no leader reaches a majority yet: waiting for a leader timeout and phase 1".into())
    }
}
