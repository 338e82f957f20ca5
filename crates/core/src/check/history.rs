//! The clients' history as Porcupine draws one: per key, each operation as an interval
//! from its invocation to its answer, numbered in the order the linearizability search
//! found for them to take effect — and, when there is no such order, the operation that
//! cannot be placed after the longest order the search could build.

use serde::Serialize;

use crate::check::linearizability::{register_op, search};
use crate::command::{Command, CommandOutput};
use crate::sim::ClientOp;
use crate::types::{RequestId, Time};
use crate::vec_map::VecMap;
use std::sync::Arc;

/// One key's operations and what the checker says of them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyHistory {
    /// The key.
    pub key: String,
    /// Linearizable, not, or unknown (the search gave up).
    pub linearizable: Option<bool>,
    /// Its operations, in the order clients invoked them.
    pub ops: Vec<HistoryOp>,
}

/// One client operation on a key.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HistoryOp {
    /// The request.
    pub id: RequestId,
    /// The operation and its answer in words (`set x 1`, `get x → 1`, `set x 2 (no answer yet)`).
    pub label: String,
    /// When it was invoked.
    pub invoked_ms: Time,
    /// When it was answered (`None`: still open).
    pub answered_ms: Option<Time>,
    /// Its place (1, 2, …) in the order the operations take effect: the order found, or,
    /// for a history that is not linearizable, the longest order that could be built
    /// (`None`: not placed, or saying nothing of the register).
    pub order: Option<usize>,
    /// The operation that cannot be placed after that longest order: the earliest
    /// invoked answered one left out of it.
    pub cannot_be_placed: bool,
}

/// Every key's history, keys in order. `ops` are the simulator's client history, in the
/// order clients invoked them (the search needs that order, and it is the order of ids).
pub fn history(ops: &[ClientOp]) -> Vec<KeyHistory> {
    debug_assert!(ops.windows(2).all(|w| w[0].invoked_ms <= w[1].invoked_ms));
    let mut per_key: VecMap<Arc<str>, Vec<&ClientOp>> = VecMap::new();
    for op in ops {
        if let Some(key) = op.command.key() {
            per_key.get_or_insert_with(key.clone(), Vec::new).push(op);
        }
    }
    per_key
        .iter()
        .map(|(key, ops)| key_history(key.to_string(), ops))
        .collect()
}

/// One key's history from its operations, in the order they were invoked.
fn key_history(key: String, ops: &[&ClientOp]) -> KeyHistory {
    // The operations that say something of the register, with their place in `ops`.
    let (searched, register): (Vec<usize>, Vec<_>) = ops
        .iter()
        .enumerate()
        .filter_map(|(i, op)| register_op(op).map(|r| (i, r)))
        .unzip();
    let found = search(&register, true);
    let mut order: Vec<Option<usize>> = vec![None; ops.len()];
    for (place, &r) in found.order.iter().enumerate() {
        order[searched[r]] = Some(place + 1);
    }
    let stuck = (found.verdict == Some(false))
        .then(|| {
            searched
                .iter()
                .copied()
                .find(|&i| order[i].is_none() && ops[i].answer.is_some())
        })
        .flatten();
    KeyHistory {
        key,
        linearizable: found.verdict,
        ops: ops
            .iter()
            .enumerate()
            .map(|(i, op)| HistoryOp {
                id: op.id,
                label: label(op),
                invoked_ms: op.invoked_ms,
                answered_ms: op.answer.as_ref().map(|a| a.at_ms),
                order: order[i],
                cannot_be_placed: stuck == Some(i),
            })
            .collect(),
    }
}

/// The operation and its answer in words.
fn label(op: &ClientOp) -> String {
    let answer = op.answer.as_ref().map(|a| &a.output);
    match (&op.command, answer) {
        (_, None) => format!("{} (no answer yet)", op.command),
        (_, Some(None)) => format!("{} (aborted)", op.command),
        (Command::Get { .. }, Some(Some(CommandOutput::Read(Some(v))))) => format!("{} → {v}", op.command),
        (Command::Get { .. }, Some(Some(CommandOutput::Read(None)))) => format!("{} → not set", op.command),
        (command, Some(Some(_))) => command.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::linearizability::tests::op;
    use crate::sim::Answer;

    #[test]
    fn concurrent_writes_are_numbered_in_the_order_a_later_read_implies() {
        // Two overlapping writes; the read after both sees 1, so 2 took effect first.
        let h = [
            op(1, "set x 1", 0, Some((10, None))),
            op(2, "set x 2", 2, Some((8, None))),
            op(3, "get x", 12, Some((14, Some("1")))),
        ];
        let [x] = history(&h).try_into().unwrap();
        assert_eq!(x.linearizable, Some(true));
        let order: Vec<Option<usize>> = x.ops.iter().map(|o| o.order).collect();
        assert_eq!(order, [Some(2), Some(1), Some(3)]);
        assert_eq!(x.ops[2].label, "get x → 1");
        assert!(x.ops.iter().all(|o| !o.cannot_be_placed));
    }

    #[test]
    fn a_stale_read_is_the_operation_that_cannot_be_placed() {
        let h = [
            op(1, "set x 1", 0, Some((5, None))),
            op(2, "set x 2", 6, Some((9, None))),
            op(3, "get x", 10, Some((12, Some("1")))),
        ];
        let [x] = history(&h).try_into().unwrap();
        assert_eq!(x.linearizable, Some(false));
        assert_eq!(x.ops[0].order, Some(1));
        assert_eq!(x.ops[1].order, Some(2));
        assert_eq!(x.ops[2].order, None);
        assert!(x.ops[2].cannot_be_placed, "the read of 1 after 2 was written");
    }

    #[test]
    fn open_and_aborted_operations_are_shown_and_say_so() {
        let mut aborted = op(2, "set y 5", 1, None);
        aborted.answer = Some(Answer { at_ms: 3, output: None });
        let h = [op(1, "set y 4", 0, None), aborted];
        let [y] = history(&h).try_into().unwrap();
        assert_eq!(y.ops[0].label, "set y 4 (no answer yet)");
        assert_eq!(y.ops[1].label, "set y 5 (aborted)");
        assert_eq!(y.ops[1].order, None);
    }
}
