//! A client's operation as the run records it, from invocation to answer: what the
//! linearizability check and the progress judgments read.

use serde::Serialize;

use crate::command::{Command, CommandOutput};
use crate::types::{NodeId, RequestId, Time};

/// One client operation from invocation to answer: the history the linearizability
/// checker reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClientOp {
    /// The request's id.
    pub id: RequestId,
    /// The command.
    pub command: Command,
    /// When the client issued it.
    pub invoked_ms: Time,
    /// When and with what it was answered; `None` while it is still open.
    pub answer: Option<Answer>,
    /// The node the request was last sent to.
    pub target: NodeId,
    /// How many times it was sent (first send included).
    pub attempts: u32,
    /// Redirects followed since the last wait; bounds redirect loops between stale nodes.
    #[serde(skip)]
    pub(crate) hops: u32,
    /// The node the client's round of the cluster reached: after a redirect that led to
    /// no leader, it tries the node after this one, so a stale hint (a removed server
    /// that still names an old leader) cannot keep it from the nodes it never tried.
    #[serde(skip)]
    pub(crate) rotation: NodeId,
    /// Bumped at every send, so a timeout scheduled for an older send is ignored.
    #[serde(skip)]
    pub(crate) generation: u64,
}

/// How a client operation ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Answer {
    /// When the answer arrived.
    pub at_ms: Time,
    /// The command's output, or `None` when it was aborted.
    pub output: Option<CommandOutput>,
}

impl ClientOp {
    /// Whether the operation is still waiting for its answer.
    pub fn is_open(&self) -> bool {
        self.answer.is_none()
    }

    /// Virtual time from invocation to answer, for answered operations.
    pub fn latency(&self) -> Option<Time> {
        self.answer.as_ref().map(|a| a.at_ms - self.invoked_ms)
    }
}
