//! Small shared vocabulary: node ids, virtual time, client request ids.

/// A node's id. Ids run from 1 to the cluster size, as in the scenario files.
pub type NodeId = u32;

/// Virtual time in milliseconds since the start of the run. Never wall-clock time.
pub type Time = u64;

/// A client request's id, unique within one run. A retried request keeps its id,
/// so a state machine can apply it at most once.
pub type RequestId = u64;

/// The ids `1..=nodes`, in order.
pub fn node_ids(nodes: u32) -> impl Iterator<Item = NodeId> + Clone {
    1..=nodes
}

/// How many nodes make a majority of `nodes`.
pub fn majority(nodes: u32) -> usize {
    nodes as usize / 2 + 1
}
