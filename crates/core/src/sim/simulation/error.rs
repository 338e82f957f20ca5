//! What the simulation refuses to do.

use thiserror::Error;

use crate::sim::network::MessageId;
use crate::types::NodeId;

/// Something asked of the simulation that cannot be done.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum SimError {
    /// No node has this id.
    #[error("there is no node {node} (nodes are 1 to {nodes})")]
    NoSuchNode {
        /// The id asked for.
        node: NodeId,
        /// The cluster size.
        nodes: u32,
    },
    /// No message matches.
    #[error("no message from {from} to {to} is in flight{}", position(*nth))]
    NoSuchMessage {
        /// The sender asked for.
        from: NodeId,
        /// The receiver asked for.
        to: NodeId,
        /// Which one, 1 = oldest.
        nth: usize,
    },
    /// No message has this id.
    #[error("message #{0} is not in flight")]
    NoMessageWithId(MessageId),
    /// A node was listed in two groups.
    #[error("node {0} is listed in more than one partition group")]
    NodeInTwoGroups(NodeId),
    /// The step does not apply to this protocol or node.
    #[error("{0}")]
    NotApplicable(String),
    /// Delivering messages kept causing new ones.
    #[error("the cluster did not stabilize after {0} deliveries")]
    DidNotStabilize(usize),
}

/// How a message pick beyond the oldest is described in an error.
fn position(nth: usize) -> String {
    match nth {
        1 => String::new(),
        _ => format!(" at position {nth} (oldest first)"),
    }
}
