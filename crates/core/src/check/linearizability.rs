//! Linearizability of the key-value client history, by a Wing–Gong–Lowe search per key.
//!
//! Keys are independent registers, so the history is split per key and each part is
//! searched on its own: repeatedly pick an operation that may take effect next (no
//! other pending operation finished before it started), check that its output agrees
//! with the register, and backtrack on a dead end, remembering (done set, value) pairs
//! already explored. Unanswered writes may have taken effect or not; unanswered reads
//! and aborted operations say nothing and are left out.

use std::collections::HashSet;

use crate::vec_map::VecMap;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use crate::command::{Command, CommandOutput};
use crate::sim::ClientOp;
use crate::types::Time;

/// How many search states the checker explores per key before it gives up (and the
/// result is unknown).
pub const SEARCH_BUDGET: usize = 2_000_000;

type Value = Option<Arc<str>>;

/// One operation on one register.
#[derive(Clone, Debug)]
pub(super) struct RegisterOp {
    pub(super) invoked: Time,
    /// `None`: never answered (only writes are kept unanswered).
    pub(super) answered: Option<Time>,
    kind: OpKind,
}

#[derive(Clone, Debug)]
enum OpKind {
    Write(Arc<str>),
    Read(Value),
}

/// Whether the history is linearizable: `None` when there is nothing to check or the
/// search ran out of budget.
pub fn check_history(ops: &[ClientOp]) -> Option<bool> {
    check_per_key(ops, linearizable)
}

/// The name under which a non-linearizable client history is reported.
pub const LINEARIZABILITY: &str = "Linearizability";

/// A violation for a history that is not linearizable (none when it is, or when that is
/// undecided), dated at its last answer: by then the clients have seen it.
pub fn violation(ops: &[ClientOp]) -> Option<crate::protocol::Violation> {
    if check_history(ops) != Some(false) {
        return None;
    }
    let time_ms = ops
        .iter()
        .filter_map(|op| op.answer.as_ref().map(|a| a.at_ms))
        .max()
        .unwrap_or(0);
    Some(crate::protocol::Violation {
        invariant: LINEARIZABILITY,
        time_ms,
        nodes: Vec::new(),
        message: "the clients' reads and writes cannot be put in one order that respects real time".into(),
    })
}

/// Splits the history per key and runs `search` on each register, in key order: `false`
/// at the first that is not linearizable, `None` when nothing was checked or some search
/// ran out of budget.
fn check_per_key(ops: &[ClientOp], search: fn(Vec<RegisterOp>) -> Option<bool>) -> Option<bool> {
    let mut per_key: VecMap<Arc<str>, Vec<RegisterOp>> = VecMap::new();
    for op in ops {
        if let (Some(register_op), Some(key)) = (register_op(op), op.command.key()) {
            per_key.get_or_insert_with(key.clone(), Vec::new).push(register_op);
        }
    }
    if per_key.is_empty() {
        return None;
    }
    let mut all_known = true;
    for ops in per_key.into_values() {
        match search(ops) {
            Some(false) => return Some(false),
            Some(true) => {}
            None => all_known = false,
        }
    }
    all_known.then_some(true)
}

/// `op` as an operation on its key's register, or `None` when it says nothing of it (an
/// aborted operation, an unanswered read, a plain value).
pub(super) fn register_op(op: &ClientOp) -> Option<RegisterOp> {
    let answered = op.answer.as_ref().map(|a| a.at_ms);
    let kind = match (&op.command, op.answer.as_ref().map(|a| &a.output)) {
        (_, Some(None)) => return None,
        (Command::Set { value, .. }, _) => OpKind::Write(value.clone()),
        (Command::Get { .. }, Some(Some(CommandOutput::Read(value)))) => OpKind::Read(value.clone()),
        (Command::Get { .. }, _) | (Command::Value(_), _) => return None,
    };
    Some(RegisterOp {
        invoked: op.invoked_ms,
        answered,
        kind,
    })
}

/// The search for one register, starting unset.
fn linearizable(mut ops: Vec<RegisterOp>) -> Option<bool> {
    ops.sort_by_key(|op| op.invoked);
    search(&ops, false).verdict
}

/// How one register's search ended.
pub(super) struct Searched {
    /// Linearizable, not, or unknown (the budget ran out).
    pub verdict: Option<bool>,
    /// The order the operations take effect in (indices into the ops searched): the whole
    /// order when linearizable; otherwise the longest prefix the search could place, when
    /// asked to keep it.
    pub order: Vec<usize>,
}

/// The search over `ops` (sorted by invocation); with `keep_longest`, a failed search
/// also says how far it got.
pub(super) fn search(ops: &[RegisterOp], keep_longest: bool) -> Searched {
    let order = |chosen: &[(usize, Value)]| chosen.iter().map(|(i, _)| *i).collect();
    let mut longest: Vec<usize> = Vec::new();
    let must_finish = ops.iter().filter(|op| op.answered.is_some()).count();
    let mut done = DoneSet::new(ops.len());
    let mut finished = 0;
    let mut value: Value = None;
    let mut chosen: Vec<(usize, Value)> = Vec::new();
    let mut seen: HashSet<(usize, Vec<u64>, Value), BuildHasherDefault<std::hash::DefaultHasher>> = HashSet::default();
    let mut cursor = 0;
    loop {
        if finished == must_finish {
            return Searched {
                verdict: Some(true),
                order: order(&chosen),
            };
        }
        if seen.len() > SEARCH_BUDGET {
            return Searched {
                verdict: None,
                order: longest,
            };
        }
        match next_candidate(ops, &done, &value, cursor) {
            Some((i, next_value)) => {
                done.insert(i);
                let (low, words) = done.key();
                if seen.insert((low, words.to_vec(), next_value.clone())) {
                    finished += usize::from(ops[i].answered.is_some());
                    chosen.push((i, std::mem::replace(&mut value, next_value)));
                    if keep_longest && chosen.len() > longest.len() {
                        longest = order(&chosen);
                    }
                    cursor = 0;
                } else {
                    done.remove(i);
                    cursor = i + 1;
                }
            }
            None => {
                let Some((i, previous)) = chosen.pop() else {
                    return Searched {
                        verdict: Some(false),
                        order: longest,
                    };
                };
                done.remove(i);
                finished -= usize::from(ops[i].answered.is_some());
                value = previous;
                cursor = i + 1;
            }
        }
    }
}

/// The operations a search path has linearized so far, as bits, with what makes the
/// search's memory and each step cost what the operations in reach cost rather than the
/// whole history: every operation before `first_open` is done, and none after `last_done`.
struct DoneSet {
    /// Bit `i % 64` of word `i / 64`: operation `i` is done.
    words: Vec<u64>,
    /// How many operations there are.
    len: usize,
    /// Invariant: every word before this one has all its bits set (the first word that
    /// does not, or `words.len()`).
    full_words: usize,
    /// How many operations are done in each word, so the highest done word is found by
    /// walking down from the last one known.
    counts: Vec<u8>,
    /// Invariant: no word after this one has a bit set (or 0 when none is set).
    last_word: usize,
}

impl DoneSet {
    fn new(len: usize) -> Self {
        let words = len.div_ceil(64);
        Self {
            words: vec![0; words],
            len,
            full_words: 0,
            counts: vec![0; words],
            last_word: 0,
        }
    }

    fn contains(&self, i: usize) -> bool {
        self.words[i / 64] & (1 << (i % 64)) != 0
    }

    fn insert(&mut self, i: usize) {
        let word = i / 64;
        self.words[word] |= 1 << (i % 64);
        self.counts[word] += 1;
        self.last_word = self.last_word.max(word);
        while self.full_words < self.words.len() && self.is_full(self.full_words) {
            self.full_words += 1;
        }
    }

    fn remove(&mut self, i: usize) {
        let word = i / 64;
        self.words[word] &= !(1 << (i % 64));
        self.counts[word] -= 1;
        self.full_words = self.full_words.min(word);
        while self.last_word > 0 && self.counts[self.last_word] == 0 {
            self.last_word -= 1;
        }
    }

    /// Whether every operation of word `word` is done (the last word may hold fewer than 64).
    fn is_full(&self, word: usize) -> bool {
        let in_word = (self.len - word * 64).min(64);
        usize::from(self.counts[word]) == in_word
    }

    /// The set in a form that names it exactly: the full words before, and the words
    /// from the first not full to the last with a bit set.
    fn key(&self) -> (usize, &[u64]) {
        let end = (self.last_word + 1).min(self.words.len()).max(self.full_words);
        (self.full_words, &self.words[self.full_words..end])
    }
}

/// The first operation at or after `cursor` that may take effect next and agrees with
/// `value`, with the register's value after it.
fn next_candidate(ops: &[RegisterOp], done: &DoneSet, value: &Value, cursor: usize) -> Option<(usize, Value)> {
    // Whatever takes effect next must have started before every pending operation ended.
    // Operations are in the order they started and none ends before it starts, so the
    // walk stops at the first that starts after the earliest end found so far.
    let mut deadline = Time::MAX;
    for (i, op) in ops.iter().enumerate().skip(done.full_words * 64) {
        if op.invoked > deadline {
            break;
        }
        if !done.contains(i) {
            deadline = deadline.min(op.answered.unwrap_or(Time::MAX));
        }
    }
    (cursor..ops.len())
        .take_while(|&i| ops[i].invoked <= deadline)
        .filter(|&i| !done.contains(i))
        .find_map(|i| match &ops[i].kind {
            OpKind::Write(v) => Some((i, Some(v.clone()))),
            OpKind::Read(v) if v == value => Some((i, value.clone())),
            OpKind::Read(_) => None,
        })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::sim::Answer;

    /// A client operation for a test history: answered at `answered.0` with the read value
    /// `answered.1` (for a read), or open.
    pub(in crate::check) fn op(
        id: u64,
        command: &str,
        invoked: Time,
        answered: Option<(Time, Option<&str>)>,
    ) -> ClientOp {
        let command = Command::parse(command).unwrap();
        let answer = answered.map(|(at_ms, read)| Answer {
            at_ms,
            output: Some(match command {
                Command::Set { .. } | Command::Value(_) => CommandOutput::Written,
                Command::Get { .. } => CommandOutput::Read(read.map(Arc::from)),
            }),
        });
        ClientOp {
            id,
            command,
            invoked_ms: invoked,
            answer,
            target: 1,
            attempts: 1,
            hops: 0,
            rotation: 1,
            generation: 0,
        }
    }

    #[test]
    fn sequential_write_then_read_is_linearizable() {
        let h = [
            op(1, "set x 1", 0, Some((5, None))),
            op(2, "get x", 6, Some((8, Some("1")))),
        ];
        assert_eq!(check_history(&h), Some(true));
    }

    #[test]
    fn a_stale_read_after_a_completed_write_is_not_linearizable() {
        let h = [
            op(1, "set x 1", 0, Some((5, None))),
            op(2, "set x 2", 6, Some((9, None))),
            op(3, "get x", 10, Some((12, Some("1")))),
        ];
        assert_eq!(check_history(&h), Some(false));
    }

    #[test]
    fn concurrent_writes_may_take_effect_in_either_order() {
        let h = [
            op(1, "set x 1", 0, Some((10, None))),
            op(2, "set x 2", 1, Some((9, None))),
            op(3, "get x", 11, Some((12, Some("1")))),
        ];
        assert_eq!(check_history(&h), Some(true));
    }

    #[test]
    fn an_unanswered_write_may_or_may_not_have_taken_effect() {
        let seen = [op(1, "set x 1", 0, None), op(2, "get x", 5, Some((6, Some("1"))))];
        let unseen = [op(1, "set x 1", 0, None), op(2, "get x", 5, Some((6, None)))];
        assert_eq!(check_history(&seen), Some(true));
        assert_eq!(check_history(&unseen), Some(true));
    }

    #[test]
    fn a_read_of_a_value_never_written_is_not_linearizable() {
        let h = [op(1, "get x", 0, Some((1, Some("7"))))];
        assert_eq!(check_history(&h), Some(false));
    }

    #[test]
    fn keys_are_checked_independently() {
        let h = [
            op(1, "set x 1", 0, Some((2, None))),
            op(2, "set y 2", 0, Some((2, None))),
            op(3, "get y", 3, Some((4, Some("2")))),
            op(4, "get x", 3, Some((4, Some("1")))),
        ];
        assert_eq!(check_history(&h), Some(true));
    }

    #[test]
    fn an_empty_history_says_nothing() {
        assert_eq!(check_history(&[]), None);
    }

    #[test]
    fn a_long_history_is_searched_across_many_words_of_done_operations() {
        // 300 writes, each overlapping the next, then a read: the search's done set spans
        // five words and its frontier moves through all of them.
        let mut h: Vec<ClientOp> = (0..300)
            .map(|i| op(i + 1, &format!("set x {i}"), i * 10, Some((i * 10 + 15, None))))
            .collect();
        h.push(op(301, "get x", 3_100, Some((3_101, Some("299")))));
        assert_eq!(check_history(&h), Some(true));
        h[300] = op(301, "get x", 3_100, Some((3_101, Some("297"))));
        assert_eq!(
            check_history(&h),
            Some(false),
            "297 was overwritten before the read began"
        );
    }

    /// The history checked with the search as it was before the done set became words.
    fn reference(ops: &[ClientOp]) -> Option<bool> {
        check_per_key(ops, reference_register)
    }

    /// That search, for one register: the whole `Vec<bool>` in every remembered state, and
    /// the deadline over every operation.
    fn reference_register(mut ops: Vec<RegisterOp>) -> Option<bool> {
        ops.sort_by_key(|op| op.invoked);
        let must_finish = ops.iter().filter(|op| op.answered.is_some()).count();
        let (mut done, mut finished, mut value) = (vec![false; ops.len()], 0, None::<Arc<str>>);
        let mut chosen: Vec<(usize, Value)> = Vec::new();
        let mut seen: HashSet<(Vec<bool>, Value), BuildHasherDefault<std::hash::DefaultHasher>> = HashSet::default();
        let mut cursor = 0;
        loop {
            if finished == must_finish {
                break Some(true);
            }
            if seen.len() > SEARCH_BUDGET {
                break None;
            }
            let deadline = (ops.iter().zip(&done))
                .filter(|(_, d)| !**d)
                .filter_map(|(op, _)| op.answered)
                .min()
                .unwrap_or(Time::MAX);
            let next = (cursor..ops.len())
                .take_while(|&i| ops[i].invoked <= deadline)
                .filter(|&i| !done[i])
                .find_map(|i| match &ops[i].kind {
                    OpKind::Write(v) => Some((i, Some(v.clone()))),
                    OpKind::Read(v) if *v == value => Some((i, value.clone())),
                    OpKind::Read(_) => None,
                });
            match next {
                Some((i, next_value)) => {
                    done[i] = true;
                    if seen.insert((done.clone(), next_value.clone())) {
                        finished += usize::from(ops[i].answered.is_some());
                        chosen.push((i, std::mem::replace(&mut value, next_value)));
                        cursor = 0;
                    } else {
                        done[i] = false;
                        cursor = i + 1;
                    }
                }
                None => {
                    let Some((i, previous)) = chosen.pop() else {
                        break Some(false);
                    };
                    done[i] = false;
                    finished -= usize::from(ops[i].answered.is_some());
                    value = previous;
                    cursor = i + 1;
                }
            }
        }
    }

    #[test]
    fn the_search_answers_as_the_whole_history_search_did_on_random_histories() {
        let mut rng = crate::sim::SimRng::new(11);
        let mut verdicts = [0; 3];
        for _ in 0..400 {
            let len = rng.between(1, 150);
            let history: Vec<ClientOp> = (0..len)
                .map(|i| {
                    let invoked = i * 3 + rng.between(0, 2);
                    let answered = match rng.between(0, 9) {
                        0 => None,
                        _ => Some(invoked + rng.between(1, 12)),
                    };
                    let value = rng.between(0, 3).to_string();
                    match rng.between(0, 2) {
                        0 => op(i + 1, "get x", invoked, answered.map(|at| (at, Some(value.as_str())))),
                        _ => op(i + 1, &format!("set x {value}"), invoked, answered.map(|at| (at, None))),
                    }
                })
                .collect();
            let ours = check_history(&history);
            assert_eq!(ours, reference(&history), "{history:?}");
            verdicts[match ours {
                Some(true) => 0,
                Some(false) => 1,
                None => 2,
            }] += 1;
        }
        assert!(
            verdicts[0] > 20 && verdicts[1] > 20,
            "both answers are exercised: {verdicts:?}"
        );
    }
}
