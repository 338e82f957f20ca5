//! Two-phase commit's progress: with the coordinator up and every participant reachable,
//! every transaction begun is decided — by the coordinator and then on every participant.
//! Two-phase commit makes no promise while its coordinator is down: prepared participants
//! block (the reason [`Progress::why_stuck`] gives).

pub use crate::commit::progress::TRANSACTIONS_DECIDED;
use crate::commit::progress::{CommitProgress, begun, judge_quiet};
use crate::protocol::NodeOf;
use crate::protocol::NodeSlot;
use crate::protocol::Protocol;
use crate::protocol::Violation;
use crate::protocol::progress::{Conditions, Progress, Window, list, nodes_text};
use crate::two_phase::{TwoPcNode, TxnId};
use crate::types::NodeId;

/// The transactions begun by one moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TwoPcProgress {
    /// How many transactions the coordinator had begun (they are numbered `1..=begun`).
    begun: TxnId,
}

fn coordinator<P: NodeOf<TwoPcNode>>(nodes: &[NodeSlot<P>]) -> Option<&NodeSlot<P>> {
    nodes.iter().find(|n| n.state.node().is_coordinator())
}

impl TwoPcProgress {
    /// The progress properties: (name, what each promises).
    pub const PROPERTIES: &'static [(&'static str, &'static str)] = &[
        crate::commit::progress::DECIDED_PROPERTY,
        crate::commit::progress::ANSWERED_PROPERTY,
    ];
}

impl CommitProgress for TwoPcNode {
    fn commit_node_id(&self) -> NodeId {
        self.id
    }

    fn coordinates(&self) -> bool {
        self.is_coordinator()
    }

    fn decided(&self, txn: TxnId) -> bool {
        self.has_decided(txn)
    }

    fn decided_up_to(&self) -> TxnId {
        self.decided_through()
    }

    fn waiting(&self, txn: TxnId) -> bool {
        self.blocked_transactions().any(|t| t == txn)
    }

    fn began(&self) -> TxnId {
        self.durable().log.len() as TxnId
    }
}

impl<P: Protocol + NodeOf<TwoPcNode>> Progress<P> for TwoPcProgress {
    fn mark(nodes: &[NodeSlot<P>]) -> Self {
        Self {
            begun: begun::<TwoPcNode, P>(nodes),
        }
    }

    fn judge(start: &Self, _late: &Self, window: &Window<'_, P>, found: &mut Vec<Violation>) {
        judge_quiet::<TwoPcNode, P>(start.begun, window, found);
    }

    fn why_stuck(cluster: &Conditions<'_, P>) -> Option<String> {
        let nodes = cluster.nodes;
        if <TwoPcNode as crate::protocol::CouldCommit>::could_commit(nodes, cluster.connected) {
            return None;
        }
        let coordinator = coordinator(nodes)?;
        let id = coordinator.state.node().id;
        let blocked: Vec<NodeId> = nodes
            .iter()
            .filter(|n| n.up && n.state.node().blocked_transactions().next().is_some())
            .map(|n| n.state.node().id)
            .collect();
        let coordinator_reach = |n: NodeId| (cluster.connected)(id, n) && (cluster.connected)(n, id);
        if !coordinator.up {
            return Some(if blocked.is_empty() {
                format!(
                    "coordinator {id} is {}: no transaction can begin or be decided",
                    cluster.down_text(id)
                )
            } else {
                format!(
                    "{} {} prepared and blocked, waiting for coordinator {id} ({})",
                    if blocked.len() == 1 {
                        "participant"
                    } else {
                        "participants"
                    },
                    list(&blocked),
                    cluster.down_text(id)
                )
            });
        }
        let unreachable: Vec<NodeId> = nodes
            .iter()
            .filter(|n| n.state.node().id != id && (!n.up || !coordinator_reach(n.state.node().id)))
            .map(|n| n.state.node().id)
            .collect();
        let down: Vec<NodeId> = unreachable
            .iter()
            .copied()
            .filter(|&n| !nodes[n as usize - 1].up)
            .collect();
        let cut: Vec<NodeId> = unreachable.iter().copied().filter(|n| !down.contains(n)).collect();
        let mut parts = Vec::new();
        if !down.is_empty() {
            parts.push(format!("{} down", nodes_text(&down)));
        }
        if !cut.is_empty() {
            parts.push(format!("{} cut off from coordinator {id}", nodes_text(&cut)));
        }
        Some(format!(
            "{}: the coordinator cannot collect every vote, so no transaction can commit{}",
            parts.join(" and "),
            if blocked.is_empty() {
                String::new()
            } else {
                format!(" (blocked: {})", nodes_text(&blocked))
            }
        ))
    }
}
