//! Cost per event as a run grows: every protocol at 1×, 4× and 16× the writes.
//!
//! Each iteration runs a scenario of five nodes in which a client sends a write to node 1
//! every 100 ms of virtual time, `WRITES` × the argument of them, through the scenario
//! runner with everything a `consensus run` does per event: the invariant checker, the
//! progress checks over quiet windows, the metrics, and the linearizability check at the
//! end. divan reports events per second; a protocol whose cost grows linearly with its
//! work shows the same rate at every size. (Before the checkers of two-phase commit and
//! Paxos became incremental, doubling the writes doubled the cost per event.)
//! Run with `cargo bench -p consensus-core --bench scaling`.

use consensus_core::scenario::{self, Scenario};
use divan::counter::ItemsCount;
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

/// Writes at 1×: 25 s of virtual time.
const WRITES: usize = 250;

/// A scenario of `writes` client writes to node 1 under `protocol`, one every 100 ms.
fn loaded(protocol: &str, writes: usize) -> Scenario {
    let steps: Vec<String> = (0..writes)
        .map(|i| {
            format!(
                r#"{{"client": {{"node": 1, "command": "set k{} {i}"}}}}, {{"run_ms": 100}}"#,
                i % 8
            )
        })
        .collect();
    let text = format!(
        r#"{{"protocol": "{protocol}", "nodes": 5, "steps": [{}]}}"#,
        steps.join(", ")
    );
    scenario::parse(&text).expect("the benchmark's scenario is valid")
}

fn bench(bencher: Bencher, protocol: &str, scale: usize) {
    let scenario = loaded(protocol, WRITES * scale);
    let report = scenario::runner::run(&scenario).expect("the benchmark's scenario runs");
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    bencher
        .counter(ItemsCount::new(report.events))
        .bench(|| black_box(scenario::runner::run(&scenario).expect("runs")));
}

/// Raft: the reference (its checker was incremental first).
#[divan::bench(args = [1, 4, 16], sample_count = 5, sample_size = 1)]
fn raft(bencher: Bencher, scale: usize) {
    bench(bencher, "raft", scale);
}

/// Two-phase commit: one transaction per write.
#[divan::bench(args = [1, 4, 16], sample_count = 5, sample_size = 1)]
fn two_phase_commit(bencher: Bencher, scale: usize) {
    bench(bencher, "two_phase_commit", scale);
}

/// Paxos: one slot per write.
#[divan::bench(args = [1, 4, 16], sample_count = 5, sample_size = 1)]
fn paxos(bencher: Bencher, scale: usize) {
    bench(bencher, "paxos", scale);
}
