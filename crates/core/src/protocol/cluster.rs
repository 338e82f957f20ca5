//! A cluster as the checks and the protocols' own cluster-wide questions see it: the nodes
//! in id order, each up or crashed, and who can reach a majority.

use crate::types::NodeId;

/// A node as the simulator holds it.
#[derive(Clone, Debug)]
pub struct NodeSlot<P> {
    /// The protocol state. For a crashed node: its persistent state with fresh volatile state.
    pub state: P,
    /// False while the node is crashed.
    pub up: bool,
}

/// How many up nodes node `id` can exchange messages with, both ways (itself included).
pub fn reachable_from<P>(nodes: &[NodeSlot<P>], id: NodeId, connected: &dyn Fn(NodeId, NodeId) -> bool) -> usize {
    (1..=nodes.len() as NodeId)
        .filter(|&n| nodes[n as usize - 1].up && (n == id || (connected(id, n) && connected(n, id))))
        .count()
}

/// Whether node `id` can exchange messages, both ways, with a majority of the cluster's
/// nodes that are up (itself included).
pub fn reaches_majority<P>(nodes: &[NodeSlot<P>], id: NodeId, connected: &dyn Fn(NodeId, NodeId) -> bool) -> bool {
    reachable_from(nodes, id, connected) >= crate::types::majority(nodes.len() as u32)
}

/// A node type that holds a node of protocol `N`: `N` itself, or an [`AnyNode`] running
/// `N`. A check written for `N` reads a cluster of either through it, so the same code
/// checks the one engine's clusters and a protocol's own.
pub trait NodeOf<N> {
    /// The protocol's node.
    fn node(&self) -> &N;
}

impl<N> NodeOf<N> for N {
    fn node(&self) -> &N {
        self
    }
}

/// Whether a cluster of this protocol could commit a command now (the availability metric,
/// and the first question of why a protocol is stuck), asked of a cluster of any node type
/// that holds this protocol's nodes: the protocol's own, or the one engine's.
pub trait CouldCommit: Sized {
    /// `connected(a, b)` says whether a message from `a` can reach `b`.
    fn could_commit<P: NodeOf<Self>>(nodes: &[NodeSlot<P>], connected: &dyn Fn(NodeId, NodeId) -> bool) -> bool;
}
