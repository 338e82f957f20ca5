//! Multi-Paxos (Paxos Made Simple §3), rule by rule.

mod common;
use consensus_core::scenario::{self, RunReport};
use serde_json::{Value, json};

fn run(value: Value) -> RunReport {
    let scenario = scenario::parse(&value.to_string()).unwrap_or_else(|e| panic!("{e}"));
    scenario::run_with_trace(&scenario, true).unwrap()
}

fn trace(report: &RunReport) -> Vec<String> {
    report.trace.as_ref().unwrap().iter().map(|l| l.text.clone()).collect()
}

fn writes(count: usize, gap_ms: u64) -> Vec<Value> {
    let mut steps = vec![json!({"run_ms": 600})];
    for i in 0..count {
        steps.push(json!({"client": {"node": 1 + i % 5, "command": format!("set k{} {i}", i % 4)}}));
        steps.push(json!({"run_ms": gap_ms}));
    }
    steps.push(json!({"run_ms": 1000}));
    steps
}

/// §3: a leader runs phase 1 once for every slot; while it lives, each command costs only
/// phase 2 — no Prepare after the first election however many commands follow.
#[test]
fn phase_1_runs_once_per_leadership_and_each_command_pays_only_phase_2() {
    let report = run(json!({"protocol": "multi_paxos", "nodes": 5, "seed": 4, "steps": writes(20, 100)}));
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    assert_eq!(report.metrics.committed, 20);
    let lines = trace(&report);
    let first_put = lines.iter().position(|l| l.contains(" puts `")).unwrap();
    assert!(lines[..first_put].iter().any(|l| l.contains(" leads with ballot")));
    assert!(
        !lines[first_put..]
            .iter()
            .any(|l| l.contains(" sent Prepare to ") || l.contains(" leads with ballot")),
        "no phase 1 once the leader proposes"
    );
    assert_eq!(lines.iter().filter(|l| l.contains(" puts `")).count(), 20);
}

/// §2.2 (P2c) and §3: a new leader proposes, in each slot its promises report, the value of
/// the highest ballot reported, and fills a hole below with a no-op (the comparison story).
#[test]
fn a_new_leader_recovers_reported_values_and_fills_holes_with_no_ops() {
    let text = std::fs::read_to_string(common::story_path("compare-leader-crash-gap.json")).unwrap();
    let story = scenario::parse(&text).unwrap();
    let report = scenario::run_with_trace(&story.for_protocol(scenario::ProtocolName::MultiPaxos), true).unwrap();
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    let lines = trace(&report);
    let has = |text: &str| lines.iter().any(|l| l == text);
    assert!(has(
        "2 promised ballot 2.3 to 3 for every slot from 2 on, reporting the 1 value it accepted there"
    ));
    assert!(has(
        "3 fills slot 2 with a no-op: no promise reported a value there, and later slots are in use"
    ));
    assert!(has(
        "3 proposes `set c 3` (request #3) in slot 3: a promise reported it, and it is the highest ballot's value there"
    ));
    let node3 = &report.final_state["nodes"][2];
    assert_eq!(node3["instances"]["2"]["decided"], "no-op", "{node3}");
    assert_eq!(node3["instances"]["3"]["decided"], "set c 3");
    assert_eq!(node3["kv"], json!({"a": "1", "b": "2", "c": "3", "d": "4"}));
    // Raft's new leader instead overwrote the uncommitted suffix (§5.3).
    let raft = scenario::run_with_trace(&story.for_protocol(scenario::ProtocolName::Raft), true).unwrap();
    assert!(
        trace(&raft)
            .iter()
            .any(|l| l == "2 deleted 2 conflicting entries from index 2 on")
    );
}

/// Preemption: a leader that hears of a higher ballot stops leading; the cluster ends with
/// one leader, the one of the highest ballot.
#[test]
fn a_deposed_leader_steps_down_on_a_higher_ballot() {
    let report = run(json!({
        "protocol": "multi_paxos", "nodes": 5, "seed": 2,
        "steps": [
            {"timeout": 1}, {"run_ms": 200}, {"partition": [[1], [2, 3, 4, 5]]}, {"timeout": 4}, {"run_ms": 300},
            {"client": {"node": 4, "command": "set x 1"}}, {"run_ms": 200}, {"heal": true}, {"run_ms": 300}
        ]
    }));
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    let lines = trace(&report);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("1 heard of ballot 2.4, higher than its 1.1: it stops being the leader")),
        "{lines:#?}"
    );
    let nodes = report.final_state["nodes"].as_array().unwrap();
    let leaders: Vec<u64> = nodes
        .iter()
        .filter(|n| n["role"] == "leader")
        .map(|n| n["id"].as_u64().unwrap())
        .collect();
    assert_eq!(leaders, [4]);
    assert!(nodes.iter().all(|n| n["leader"] == 4), "{nodes:?}");
    assert_eq!(nodes[0]["kv"]["x"], "1", "node 1 caught up after the heal");
}

/// The fair comparison: under a steady load with no faults, Multi-Paxos's messages per
/// commit are within 20% of Raft's, and Basic Paxos pays phase 1 for every command.
#[test]
fn multi_paxos_costs_about_what_raft_costs_per_commit_and_basic_paxos_far_more() {
    let base = json!({"protocol": "raft", "nodes": 5, "seed": 4, "steps": writes(30, 200)});
    let cost = |protocol: &str| {
        let mut value = base.clone();
        value["protocol"] = json!(protocol);
        let report = run(value);
        assert!(report.violations.is_empty(), "{protocol}: {:?}", report.violations);
        assert_eq!(report.metrics.committed, 30, "{protocol}");
        report.metrics.messages_per_commit.unwrap()
    };
    let (raft, multi, basic) = (cost("raft"), cost("multi_paxos"), cost("paxos"));
    assert!(
        (multi - raft).abs() <= 0.2 * raft,
        "Multi-Paxos {multi:.2} against Raft {raft:.2}"
    );
    assert!(
        basic > 2.0 * multi,
        "Basic Paxos {basic:.2} against Multi-Paxos {multi:.2}"
    );
}

/// A window of more than one slot keeps several commands in flight at once.
#[test]
fn a_wider_window_keeps_several_slots_in_flight() {
    let mut steps = vec![json!({"timeout": 1}), json!({"run_ms": 200})];
    for i in 0..4 {
        steps.push(json!({"client": {"node": 1, "command": format!("set k {i}")}}));
    }
    steps.push(json!({"run_ms": 5}));
    steps.push(json!({"snapshot": "in flight"}));
    steps.push(json!({"run_ms": 500}));
    let report =
        run(json!({"protocol": "multi_paxos", "nodes": 3, "seed": 1, "config": {"window": 3}, "steps": steps}));
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    let leader = &report.snapshots["in flight"]["nodes"][0];
    let accepted_only = leader["instances"]
        .as_object()
        .unwrap()
        .values()
        .filter(|i| i["decided"].is_null() && !i["accepted"].is_null())
        .count();
    assert_eq!(accepted_only, 3, "three slots in flight: {leader}");
    assert_eq!(report.final_state["nodes"][2]["kv"]["k"], "3");
}

#[test]
fn a_window_of_zero_slots_is_refused_in_words() {
    let error = scenario::parse(
        &json!({"protocol": "multi_paxos", "nodes": 3, "config": {"window": 0}, "steps": []}).to_string(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.contains("config.window") && error.contains("1 to 1000"),
        "{error}"
    );
}

/// Correct Multi-Paxos over random faulty schedules (crashes, partitions, early timeouts,
/// lost and duplicated messages): no invariant breaks, every history is linearizable,
/// progress resumes in every quiet window.
#[test]
fn multi_paxos_runs_clean_over_random_faulty_schedules() {
    use consensus_core::explore::{ExploreOptions, explore};
    for (nodes, seed, window) in [(5, 7, 1), (3, 11, 1), (5, 3, 3)] {
        let mut options = ExploreOptions::new(scenario::ProtocolName::MultiPaxos, nodes, seed);
        options.window = window;
        let report = explore(&options, 300).unwrap();
        assert!(
            report.counterexample.is_none(),
            "{:?}",
            report
                .counterexample
                .map(|c| (c.violations, serde_json::to_string(&c.scenario).unwrap()))
        );
    }
}

/// Each bug switch's counterexample says in its trace which rule the switch broke.
#[test]
fn the_bug_switches_narrate_the_rule_they_break() {
    for (bug, words) in [
        (
            "leader_ignores_promised_values",
            "the bug switch is on; Paxos (P2c) proposes the highest ballot's reported value",
        ),
        (
            "chosen_one_short_of_majority",
            "one fewer than a majority — the bug switch is on",
        ),
    ] {
        let path = format!("{}/tests/data/counterexamples/{bug}.json", env!("CARGO_MANIFEST_DIR"));
        let found = scenario::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        let report = scenario::run_with_trace(&found, true).unwrap();
        assert!(!report.violations.is_empty(), "{bug} breaks something");
        assert!(trace(&report).iter().any(|l| l.contains(words)), "{bug}");
    }
}
