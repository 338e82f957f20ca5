//! Same scenario and seed, same run: event for event, through clones and through files.

mod common;
use consensus_core::raft::{RaftConfig, RaftNode};
use consensus_core::scenario;
use consensus_core::sim::{SimSettings, Simulation};

/// A busy scenario: auto timers and network, loss, duplication, crashes, a partition, clients.
const BUSY: &str = r#"{"protocol": "raft", "nodes": 5, "seed": 2024,
    "config": {"loss": 0.05, "duplicate": 0.05, "latency_ms": [5, 40]},
    "steps": [{"run_ms": 800}, {"client": {"node": 1, "command": "set x 1"}}, {"run_ms": 200},
              {"crash": 2}, {"client": {"node": 3, "command": "set y 2"}}, {"run_ms": 600},
              {"partition": [[1, 2], [3, 4, 5]]}, {"client": {"node": 4, "command": "get x"}}, {"run_ms": 900},
              {"heal": true}, {"restart": 2}, {"client": {"node": 5, "command": "set x 3"}}, {"run_ms": 2000}]}"#;

fn trace_lines(text: &str) -> Vec<String> {
    let report = common::run(text);
    report
        .trace
        .unwrap()
        .into_iter()
        .map(|l| format!("{} {}", l.time_ms, l.text))
        .collect()
}

/// FNV-1a of the trace text: a platform-independent fingerprint of a run.
fn fingerprint(lines: &[String]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in lines.join("\n").bytes() {
        h = (h ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[test]
fn the_same_scenario_gives_the_same_trace_every_time() {
    let first = trace_lines(BUSY);
    assert!(first.len() > 1000, "the run is busy: {} lines", first.len());
    for _ in 0..3 {
        assert_eq!(trace_lines(BUSY), first);
    }
}

/// The structured events of a run (not their wording), one per line.
fn event_lines(text: &str) -> Vec<String> {
    let scenario = scenario::parse(text).unwrap();
    let mut sim = scenario::runner::build_on::<consensus_core::raft::RaftNode>(&scenario).unwrap();
    scenario::runner::run_steps(&mut sim, &scenario.steps).unwrap();
    sim.trace()
        .iter()
        .map(|e| format!("{} {:?}", e.time, e.event))
        .collect()
}

#[test]
fn the_run_fingerprint_is_pinned_so_any_platform_or_change_that_alters_runs_is_noticed() {
    // If a change alters runs on purpose, update this figure and say so in the commit:
    // saved links and scenario outcomes change with it. Rewording explanations does not.
    assert_eq!(fingerprint(&event_lines(BUSY)), PINNED);
}

/// Last changed with membership changes (issue 27), on purpose, in two ways: Raft's notes
/// gained fields (whether a candidate's own vote counts, whether a commit counted voters
/// only), which the events' debug form shows; and a client whose redirect led to a node
/// that knows no leader now resumes its round of the cluster where it stood, instead of
/// trying the node after the one it was pointed to (a removed server's stale hint had kept
/// clients from the real leader). In this run one read goes to node 5 instead of node 2,
/// and is pointed to leader 4 the same; every Raft story's golden trace stayed the same.
const PINNED: u64 = 5_709_907_551_179_275_488;

#[test]
fn a_different_seed_gives_a_different_run() {
    let other = BUSY.replace("\"seed\": 2024", "\"seed\": 2025");
    assert_ne!(trace_lines(BUSY), trace_lines(&other));
}

#[test]
fn a_cloned_simulation_continues_exactly_like_the_original() {
    let mut sim: Simulation<RaftNode> = Simulation::new(SimSettings::new(5, 11), RaftConfig::default(), vec![]);
    sim.run_for(700);
    let mut copy = sim.clone();
    sim.run_for(3000);
    copy.run_for(3000);
    let text = |s: &Simulation<RaftNode>| s.trace().iter().map(ToString::to_string).collect::<Vec<_>>();
    assert_eq!(text(&sim), text(&copy));
}

#[test]
fn stepping_one_event_at_a_time_gives_the_same_run_as_running_for_a_span() {
    let mut stepped: Simulation<RaftNode> = Simulation::new(SimSettings::new(3, 5), RaftConfig::default(), vec![]);
    let mut ran = stepped.clone();
    while stepped.next_live_due().is_some_and(|t| t <= 2000) {
        stepped.step();
    }
    ran.run_for(2000);
    let text = |s: &Simulation<RaftNode>| s.trace().iter().map(ToString::to_string).collect::<Vec<_>>();
    assert_eq!(text(&stepped), text(&ran));
}

#[test]
fn a_scenario_written_to_json_and_read_back_replays_identically() {
    let parsed = scenario::parse(BUSY).unwrap();
    let text = serde_json::to_string(&parsed).unwrap();
    assert_eq!(trace_lines(&text), trace_lines(BUSY));
}

#[test]
fn running_for_a_span_handles_nothing_due_after_it_and_time_never_goes_back() {
    // Stale timer entries (reset election timers) sit in the queue before live ones; a
    // span that ends between a stale entry and the next live event must stop before it.
    let mut sim: Simulation<RaftNode> = Simulation::new(SimSettings::new(5, 3), RaftConfig::default(), vec![]);
    let mut last_time = 0;
    for span in [7, 1, 13, 2, 29, 5, 3, 11].iter().cycle().take(600) {
        let until = sim.time() + span;
        sim.run_for(*span);
        assert_eq!(sim.time(), until);
        assert!(
            sim.time() >= last_time,
            "time went back from {last_time} to {}",
            sim.time()
        );
        last_time = sim.time();
        let late = sim.trace().iter().filter(|e| e.time > sim.time()).count();
        assert_eq!(late, 0, "{late} events happened after {} ms", sim.time());
    }
}
