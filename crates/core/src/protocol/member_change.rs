//! A change of a cluster's voting membership that an operator asks of its leader (Raft's
//! membership changes, Ongaro's thesis ch. 4 and the paper's §6).

use crate::types::NodeId;

/// What an operator asks the leader to change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MemberChange {
    /// Add one server as a voter, after it has caught up as a non-voting learner (§4.2.1).
    Add(NodeId),
    /// Remove one voter (§4.2.2 when it is the leader itself).
    Remove(NodeId),
    /// Any change at once, through a joint configuration (paper §6): these servers are to
    /// be the voters. Invariant (validated): not empty, no id twice, in id order.
    Joint(std::sync::Arc<[NodeId]>),
}

impl std::fmt::Display for MemberChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MemberChange::Add(id) => write!(f, "add server {id}"),
            MemberChange::Remove(id) => write!(f, "remove server {id}"),
            MemberChange::Joint(ids) => write!(f, "make the voters {}", crate::words::list(ids)),
        }
    }
}
