//! The simulated clients: each request is sent to a node, redirected to the leader that
//! node names, retried when nobody answers, and answered only once it took effect.

use crate::command::Command;
pub use crate::protocol::client_op::{Answer, ClientOp};
use crate::types::{NodeId, RequestId, Time};

/// How the simulated client retries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientPolicy {
    /// Wait this long before re-sending when no leader is known or the node is down.
    pub retry_ms: Time,
    /// Give up on a node that has not answered after this long and try another.
    pub timeout_ms: Time,
}

impl Default for ClientPolicy {
    fn default() -> Self {
        Self {
            retry_ms: 100,
            timeout_ms: 1000,
        }
    }
}

/// Every client operation of a run, in invocation order.
#[derive(Clone, Debug, Default)]
pub struct ClientHistory {
    /// Invariant: `ops[i].id == i + 1`.
    ops: Vec<ClientOp>,
    /// Invariant: every operation before this index is answered (an answer is final), so
    /// what still waits is found without walking the whole history.
    answered_prefix: usize,
}

impl ClientHistory {
    /// Records a new operation and returns its id.
    pub fn invoke(&mut self, command: Command, node: NodeId, now: Time) -> RequestId {
        let id = self.ops.len() as RequestId + 1;
        self.ops.push(ClientOp {
            id,
            command,
            invoked_ms: now,
            answer: None,
            target: node,
            attempts: 0,
            hops: 0,
            rotation: node,
            generation: 0,
        });
        id
    }

    /// The operation `id`.
    pub fn get(&self, id: RequestId) -> Option<&ClientOp> {
        self.ops.get((id as usize).checked_sub(1)?)
    }

    /// The operation `id`, to update it (its answer only through [`Self::answer`]).
    pub(crate) fn get_mut(&mut self, id: RequestId) -> Option<&mut ClientOp> {
        self.ops.get_mut((id as usize).checked_sub(1)?)
    }

    /// Records the answer to operation `id`, which must be open.
    pub(crate) fn answer(&mut self, id: RequestId, answer: Answer) {
        let op = self.get_mut(id).expect("answering a recorded operation");
        debug_assert!(op.is_open(), "an answer is final");
        op.answer = Some(answer);
        while self.ops.get(self.answered_prefix).is_some_and(|op| !op.is_open()) {
            self.answered_prefix += 1;
        }
    }

    /// The operations from the first still open on, in invocation order (every one
    /// before it is answered).
    pub fn from_first_open(&self) -> &[ClientOp] {
        &self.ops[self.answered_prefix..]
    }

    /// Every operation, in invocation order.
    pub fn ops(&self) -> &[ClientOp] {
        &self.ops
    }
}
