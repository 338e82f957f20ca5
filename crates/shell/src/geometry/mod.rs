//! Geometry shared by the app and the drawing, which import it and never each other for
//! it: where the nodes and messages of a pane are (`layout`), where the diagram's rows and
//! arrows are (`diagram`), and what the pointer is over.

pub mod diagram;
pub mod layout;

use consensus_core::types::NodeId;

/// What the pointer is over.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Hover {
    /// Nothing.
    #[default]
    Nothing,
    /// A node.
    Node(NodeId),
    /// A message in flight (its id).
    Message(u64),
    /// The link between two nodes.
    Link(NodeId, NodeId),
}
