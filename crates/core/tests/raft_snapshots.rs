//! Log compaction and InstallSnapshot (thesis ch. 5, Figure 13 of the paper), rule by
//! rule, with etcd's TestSlowNodeRestore and TestRestoreIgnoreSnapshot told as scenarios in
//! our own words.

use consensus_core::scenario::{self, RunReport};
use serde_json::{Value, json};

fn run(value: Value) -> RunReport {
    let scenario = scenario::parse(&value.to_string()).unwrap_or_else(|e| panic!("{e}"));
    scenario::run_with_trace(&scenario, true).unwrap()
}

fn trace(report: &RunReport) -> Vec<String> {
    report.trace.as_ref().unwrap().iter().map(|l| l.text.clone()).collect()
}

fn writes(node: u64, count: usize) -> Vec<Value> {
    (1..=count)
        .flat_map(|i| {
            [
                json!({"client": {"node": node, "command": format!("set k{i} {i}")}}),
                json!({"run_ms": 60}),
            ]
        })
        .collect()
}

#[test]
fn a_node_compacts_once_snapshot_after_entries_were_applied_and_keeps_its_state() {
    let mut steps = vec![json!({"timeout": 1}), json!({"run_ms": 100})];
    steps.extend(writes(1, 7));
    steps.push(json!({"run_ms": 200}));
    let report =
        run(json!({"protocol": "raft", "nodes": 3, "seed": 1, "config": {"snapshot_after": 3}, "steps": steps}));
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    for node in report.final_state["nodes"].as_array().unwrap() {
        let last = node["snapshot"]["last_index"].as_u64().expect("every node compacted");
        assert!(last >= 6, "{node}");
        assert_eq!(
            node["log_start"].as_u64().unwrap(),
            last + 1,
            "the log lists the entries after it"
        );
        assert_eq!(node["commit_index"], 7);
        assert_eq!(node["kv"]["k7"], "7", "the state machine holds every write");
        assert_eq!(node["kv"]["k1"], "1", "including those compacted away");
    }
    assert!(
        trace(&report)
            .iter()
            .any(|l| l.starts_with("1 compacted the 3 entries it had applied through entry 3 (term 1) into a snapshot"))
    );
}

/// etcd's TestSlowNodeRestore: a follower that was down while the leader compacted past
/// what it has gets the snapshot, then the entries after it, and catches up.
#[test]
fn a_follower_that_needs_a_discarded_entry_catches_up_by_snapshot() {
    let mut steps = vec![json!({"timeout": 1}), json!({"run_ms": 100}), json!({"crash": 3})];
    steps.extend(writes(1, 6));
    steps.extend([
        json!({"compact": 1}),
        json!({"compact": 2}),
        json!({"restart": 3}),
        json!({"run_ms": 300}),
    ]);
    let report = run(json!({"protocol": "raft", "nodes": 3, "seed": 1, "steps": steps}));
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    let lines = trace(&report);
    assert!(
        lines.iter().any(|l| l.starts_with("1 sent InstallSnapshot to 3")),
        "{lines:#?}"
    );
    assert!(lines.iter().any(|l| l.starts_with(
        "3 installed 1's snapshot through entry 6 (term 1): its log did not hold that entry, so it replaced its whole log"
    )));
    let three = &report.final_state["nodes"][2];
    assert_eq!(three["commit_index"], 6);
    assert_eq!(three["kv"]["k6"], "6");
    assert_eq!(three["snapshot"]["last_index"], 6);
}

/// etcd's TestRestoreIgnoreSnapshot: a snapshot no newer than what the follower has
/// committed changes nothing (here the network delivers the snapshot twice).
#[test]
fn a_snapshot_no_newer_than_the_commit_index_is_ignored() {
    let mut steps = vec![json!({"timeout": 1}), json!({"run_ms": 100}), json!({"crash": 3})];
    steps.extend(writes(1, 4));
    steps.extend([
        json!({"compact": 1}),
        json!({"network": {"duplicate": 1.0}}),
        json!({"restart": 3}),
        json!({"run_ms": 300}),
    ]);
    let report = run(json!({"protocol": "raft", "nodes": 3, "seed": 1, "steps": steps}));
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    let lines = trace(&report);
    assert!(
        lines.iter().any(|l| l
            .starts_with("3 ignored 1's snapshot through entry 4 (term 1): it has already committed through index 4")),
        "{lines:#?}"
    );
    assert_eq!(report.final_state["nodes"][2]["kv"]["k4"], "4");
}

#[test]
fn a_restarted_node_restores_its_state_machine_from_its_snapshot() {
    let mut steps = vec![json!({"timeout": 1}), json!({"run_ms": 100})];
    steps.extend(writes(1, 3));
    steps.extend([
        json!({"run_ms": 100}),
        json!({"compact": 2}),
        json!({"crash": 2}),
        json!({"restart": 2}),
        json!({"snapshot": "back"}),
    ]);
    let report = run(json!({"protocol": "raft", "nodes": 3, "seed": 1, "timers": "auto", "steps": steps}));
    let two = &report.snapshots["back"]["nodes"][1];
    assert_eq!(
        two["commit_index"], 3,
        "what the snapshot holds is committed and applied"
    );
    assert_eq!(two["kv"]["k3"], "3");
    assert_eq!(two["log"], json!([]));
}

#[test]
fn compacting_with_nothing_applied_says_so_and_compact_is_refused_where_there_is_no_log() {
    let report = run(json!({"protocol": "raft", "nodes": 3, "timers": "manual", "steps": [{"compact": 2}]}));
    assert!(trace(&report).contains(&"2 was asked to compact its log, but it has applied no entry yet".to_string()));
    let error =
        scenario::parse(&json!({"protocol": "two_phase_commit", "nodes": 3, "steps": [{"compact": 2}]}).to_string())
            .unwrap_err()
            .to_string();
    assert!(error.contains("steps[0].compact") && error.contains("raft"), "{error}");
}
