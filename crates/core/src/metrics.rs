//! The numbers a comparison shows, computed from a finished (or paused) run.

use serde::Serialize;

use crate::sim::{ClientOp, Usage};
use crate::types::Time;

/// What a run achieved and what it cost.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Metrics {
    /// Client commands that took effect.
    pub committed: u64,
    /// Client commands refused for good (two-phase commit aborts).
    pub aborted: u64,
    /// Client commands still waiting for an answer at the end.
    pub open: u64,
    /// Median virtual time from a client's request to its answer, over committed commands.
    pub latency_p50_ms: Option<u64>,
    /// 99th percentile of the same.
    pub latency_p99_ms: Option<u64>,
    /// Messages put on the wire.
    pub messages_sent: u64,
    /// Messages per committed command, keep-alives aside: the messages commits needed.
    pub messages_per_commit: Option<f64>,
    /// Keep-alive messages and the replies to them (Raft's heartbeats and their answers),
    /// counted in `messages_sent` but not in `messages_per_commit`.
    pub heartbeats_sent: u64,
    /// Keep-alive messages and replies per second of virtual time (`None` before any time
    /// passed).
    pub heartbeats_per_second: Option<f64>,
    /// Virtual time during which no command could have committed (no reachable majority
    /// leader for Raft, the coordinator or a participant cut off for two-phase commit, no
    /// reachable majority for Paxos).
    pub unable_to_commit_ms: u64,
    /// Virtual time participants spent blocked (prepared, waiting for a decision they may
    /// not take alone), summed over participants and transactions.
    pub blocked_ms: u64,
    /// Virtual time from the last fault (a crash, restart, partition, heal, cut, network
    /// change or dropped message) to the first client answer after it: how long progress
    /// took to resume. `None` when nothing was answered since, or there was no fault.
    pub resumed_after_fault_ms: Option<u64>,
    /// How many times a node became leader (a Raft election won; the first leader
    /// included): elections the faults cost.
    pub leader_changes: u64,
    /// The highest term any node reached, for a protocol with terms (Raft); `None` otherwise.
    pub max_term: Option<u64>,
}

/// How the client commands of a run stand: one pass, no sorting (cheap enough for every
/// animation frame).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcomes {
    /// Commands that took effect.
    pub committed: u64,
    /// Commands refused for good.
    pub aborted: u64,
    /// Commands still waiting for an answer.
    pub open: u64,
}

/// How the client commands `ops` stand.
pub fn outcomes(ops: &[ClientOp]) -> Outcomes {
    let mut counts = Outcomes::default();
    for op in ops {
        match &op.answer {
            None => counts.open += 1,
            Some(answer) if answer.output.is_some() => counts.committed += 1,
            Some(_) => counts.aborted += 1,
        }
    }
    counts
}

/// The metrics of a run whose client history is `ops`, whose running totals are `usage`
/// and whose last fault happened at `last_fault`.
pub fn metrics(ops: &[ClientOp], usage: Usage, last_fault: Option<Time>) -> Metrics {
    let mut latencies: Vec<u64> = ops
        .iter()
        .filter(|op| op.answer.as_ref().is_some_and(|a| a.output.is_some()))
        .filter_map(ClientOp::latency)
        .collect();
    latencies.sort_unstable();
    let Outcomes {
        committed,
        aborted,
        open,
    } = outcomes(ops);
    Metrics {
        committed,
        aborted,
        open,
        latency_p50_ms: percentile(&latencies, 50),
        latency_p99_ms: percentile(&latencies, 99),
        messages_sent: usage.messages_sent,
        messages_per_commit: (committed > 0)
            .then(|| (usage.messages_sent - usage.keep_alive_sent) as f64 / committed as f64),
        heartbeats_sent: usage.keep_alive_sent,
        heartbeats_per_second: (usage.counted_to > 0)
            .then(|| usage.keep_alive_sent as f64 * 1000.0 / usage.counted_to as f64),
        unable_to_commit_ms: usage.unavailable_ms,
        blocked_ms: usage.blocked_ms,
        leader_changes: usage.leader_changes,
        max_term: usage.max_term,
        resumed_after_fault_ms: last_fault.and_then(|fault| {
            ops.iter()
                .filter_map(|op| op.answer.as_ref().map(|a| a.at_ms))
                .filter(|&at| at >= fault)
                .min()
                .map(|at| at - fault)
        }),
    }
}

/// The nearest-rank `p`-th percentile of sorted values.
fn percentile(sorted: &[u64], p: usize) -> Option<u64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    Some(sorted[rank - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let values: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&values, 50), Some(50));
        assert_eq!(percentile(&values, 99), Some(99));
        assert_eq!(percentile(&[7], 99), Some(7));
        assert_eq!(percentile(&[], 50), None);
    }
}
