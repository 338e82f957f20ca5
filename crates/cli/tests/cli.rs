//! The `consensus` command as a user runs it: output contract, exit codes, error lines.

use std::path::PathBuf;
use std::process::{Command, Output};

fn consensus(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_consensus"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("consensus-cli-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn story(name: &str) -> String {
    format!("{}/../../scenarios/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Exit code 2 and exactly one line on stderr that contains `expected`.
fn assert_bad_input(output: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains(expected), "{stderr:?} should mention {expected:?}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn run_prints_the_contract_fields_as_json() {
    let output = consensus(&["run", &story("raft-first-election.json")]);
    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for key in ["time_ms", "final", "snapshots", "violations", "linearizable"] {
        assert!(report.get(key).is_some(), "missing {key}");
    }
    let node = &report["final"]["nodes"][0];
    for key in ["id", "up", "role", "term", "voted_for", "commit_index", "log", "kv"] {
        assert!(node.get(key).is_some(), "node is missing {key}");
    }
    assert_eq!(node["role"], "leader");
    assert!(report["snapshots"]["candidate"]["in_flight"][0].get("type").is_some());
    assert_eq!(
        report.get("linearizable"),
        Some(&serde_json::Value::Null),
        "no client operation"
    );
}

#[test]
fn run_with_trace_explains_every_event_in_words() {
    let output = consensus(&["run", "--trace", &story("raft-first-election.json")]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let lines: Vec<&str> = report["trace"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["text"].as_str().unwrap())
        .collect();
    assert!(
        lines.contains(&"1 became leader for term 1 with votes from 1, 2, 3"),
        "{lines:?}"
    );
}

#[test]
fn an_unreadable_file_is_reported_with_its_path() {
    assert_bad_input(
        &consensus(&["run", "/nonexistent/scenario.json"]),
        "cannot read /nonexistent/scenario.json",
    );
}

#[test]
fn malformed_json_is_reported_with_its_position() {
    let file = temp_file("malformed.json", r#"{"protocol": "raft", "nodes": 3,"#);
    assert_bad_input(&consensus(&["run", file.to_str().unwrap()]), "line 1 column");
}

#[test]
fn an_unknown_field_is_named() {
    let file = temp_file(
        "unknown.json",
        r#"{"protocol": "raft", "nodes": 3, "steps": [], "colour": "red"}"#,
    );
    assert_bad_input(&consensus(&["run", file.to_str().unwrap()]), "unknown field `colour`");
}

#[test]
fn a_missing_field_is_named() {
    let file = temp_file("missing.json", r#"{"protocol": "raft", "steps": []}"#);
    assert_bad_input(&consensus(&["run", file.to_str().unwrap()]), "missing field `nodes`");
}

#[test]
fn a_bad_step_is_named_by_its_index_and_field() {
    let file = temp_file(
        "bad-step.json",
        r#"{"protocol": "raft", "nodes": 3, "steps": [{"run_ms": 10}, {"client": {"node": 9, "command": "set x 1"}}]}"#,
    );
    assert_bad_input(
        &consensus(&["run", file.to_str().unwrap()]),
        "steps[1].client.node: there is no node 9",
    );
}

#[test]
fn an_unknown_step_is_named_by_its_index() {
    let file = temp_file(
        "unknown-step.json",
        r#"{"protocol": "raft", "nodes": 3, "steps": [{"explode": 1}]}"#,
    );
    assert_bad_input(&consensus(&["run", file.to_str().unwrap()]), "steps[0]");
}

#[test]
fn a_malformed_command_is_named() {
    let file = temp_file(
        "bad-command.json",
        r#"{"protocol": "raft", "nodes": 3, "steps": [{"client": {"node": 1, "command": "delete x"}}]}"#,
    );
    assert_bad_input(&consensus(&["run", file.to_str().unwrap()]), "steps[0].client.command");
}

/// What a protocol's facts refuse is named: saved state for a protocol that starts from
/// none, a transaction sent to a participant, a `vote_no` where nothing is voted on.
#[test]
fn what_a_protocol_does_not_take_is_named_by_its_field() {
    for (name, text, expected) in [
        (
            "initial-2pc.json",
            r#"{"protocol": "two_phase_commit", "nodes": 3, "initial": [{"node": 1, "log": [1]}], "steps": []}"#,
            "initial[0].node: Two-phase commit nodes start from no saved state, so `initial` does not apply",
        ),
        (
            "participant.json",
            r#"{"protocol": "two_phase_commit", "nodes": 3, "steps": [{"client": {"node": 2, "command": "set x 1"}}]}"#,
            "steps[0].client.node: transactions start at the coordinator (1), not at participant 2",
        ),
        (
            "vote-no-raft.json",
            r#"{"protocol": "raft", "nodes": 3, "steps": [{"vote_no": 2}]}"#,
            "steps[0].vote_no: vote_no applies only to two_phase_commit",
        ),
    ] {
        let file = temp_file(name, text);
        assert_bad_input(&consensus(&["run", file.to_str().unwrap()]), expected);
    }
}

#[test]
fn a_step_that_cannot_apply_is_an_error() {
    let file = temp_file(
        "nothing-in-flight.json",
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual", "steps": [{"deliver": [1, 2]}]}"#,
    );
    assert_bad_input(
        &consensus(&["run", file.to_str().unwrap()]),
        "steps[0]: no message from 1 to 2 is in flight",
    );
}

#[test]
fn absurd_sizes_are_refused() {
    for (name, text, expected) in [
        (
            "nodes.json",
            r#"{"protocol": "raft", "nodes": 100000000, "steps": []}"#,
            "nodes: must be between 1 and 1000",
        ),
        (
            "zero.json",
            r#"{"protocol": "raft", "nodes": 0, "steps": []}"#,
            "nodes: must be between 1 and 1000",
        ),
        (
            "negative.json",
            r#"{"protocol": "raft", "nodes": -3, "steps": []}"#,
            "nodes",
        ),
        (
            "run.json",
            r#"{"protocol": "raft", "nodes": 3, "steps": [{"run_ms": 99999999999999}]}"#,
            "steps[0].run_ms",
        ),
        (
            "loss.json",
            r#"{"protocol": "raft", "nodes": 3, "config": {"loss": 1.5}, "steps": []}"#,
            "config.loss",
        ),
        (
            "timeout.json",
            r#"{"protocol": "raft", "nodes": 3, "config": {"election_timeout_ms": [300, 150]}, "steps": []}"#,
            "config.election_timeout_ms",
        ),
    ] {
        let file = temp_file(name, text);
        assert_bad_input(&consensus(&["run", file.to_str().unwrap()]), expected);
    }
}

#[test]
fn an_unknown_bug_switch_lists_the_known_ones() {
    let file = temp_file(
        "bug.json",
        r#"{"protocol": "raft", "nodes": 3, "config": {"bugs": ["typo"]}, "steps": []}"#,
    );
    assert_bad_input(
        &consensus(&["run", file.to_str().unwrap()]),
        "count_previous_term_entries",
    );
}

#[test]
fn explore_runs_clean_on_correct_raft_and_exits_0() {
    let output = consensus(&[
        "explore",
        "--protocol",
        "raft",
        "--nodes",
        "3",
        "--schedules",
        "200",
        "--seed",
        "5",
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["schedules"], 200);
    assert_eq!(summary["violations"], 0);
}

#[test]
fn explore_writes_a_counterexample_that_consensus_run_replays_and_exits_1() {
    let out = temp_file("counterexample.json", "");
    let output = consensus(&[
        "explore",
        "--nodes",
        "5",
        "--schedules",
        "5000",
        "--seed",
        "1",
        "--bug",
        "forget_voted_for_on_restart",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["violations"][0]["invariant"], "Election Safety");
    let replay = consensus(&["run", out.to_str().unwrap()]);
    assert!(replay.status.success());
    let report: serde_json::Value = serde_json::from_slice(&replay.stdout).unwrap();
    assert_eq!(report["violations"][0], summary["violations"][0]);
}

#[test]
fn explore_refuses_absurd_arguments() {
    assert_bad_input(&consensus(&["explore", "--nodes", "0"]), "nodes");
    assert_eq!(consensus(&["explore", "--bug", "nonsense"]).status.code(), Some(2));
    assert_eq!(consensus(&["explore", "--protocol", "zab"]).status.code(), Some(2));
}

#[test]
fn compare_prints_each_protocols_result_and_metrics() {
    let output = consensus(&["compare", &story("compare-coordinator-crash.json")]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for protocol in ["raft", "two_phase_commit", "paxos"] {
        let entry = &report["protocols"][protocol];
        assert!(entry["result"]["final"]["nodes"].is_array(), "{protocol}");
        for metric in [
            "committed",
            "aborted",
            "latency_p50_ms",
            "latency_p99_ms",
            "messages_sent",
            "messages_per_commit",
            "unable_to_commit_ms",
            "blocked_ms",
        ] {
            assert!(entry["metrics"].get(metric).is_some(), "{protocol} lacks {metric}");
        }
    }
    assert_eq!(report["protocols"]["two_phase_commit"]["metrics"]["open"], 7);
    assert_eq!(report["protocols"]["raft"]["metrics"]["committed"], 9);
}

#[test]
fn explore_runs_two_phase_commit_and_paxos() {
    for protocol in ["two_phase_commit", "paxos"] {
        let output = consensus(&["explore", "--protocol", protocol, "--nodes", "3", "--schedules", "100"]);
        assert!(
            output.status.success(),
            "{protocol}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn run_writes_the_space_time_diagram_as_svg_when_asked() {
    let out = temp_file("diagram.svg", "");
    let output = consensus(&[
        "run",
        &story("2pc-coordinator-crash.json"),
        "--diagram",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains(">crashed</text>"), "the coordinator's crash is marked");
    assert!(svg.contains("Prepare 1 → 2"), "messages are arrows with their type");
}

#[test]
fn a_reader_that_closes_the_pipe_early_ends_the_command_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    // A minute of heartbeats: far more output than a pipe holds, so writing must meet the closed end.
    let long = temp_file(
        "long.json",
        r#"{"protocol": "raft", "nodes": 5, "seed": 3, "steps": [{"run_ms": 60000}]}"#,
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_consensus"))
        .args(["run", "--trace", long.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // Like `| head -c 10`: read a little, then close our end of the pipe.
    let mut first = [0u8; 10];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
    assert!(output.status.success(), "{:?} {stderr}", output.status);
}

#[test]
fn bugs_lists_every_switch_with_the_rule_it_breaks_and_explore_names_them_on_a_typo() {
    let output = consensus(&["bugs"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    for bug in consensus_core::any::bugs::registry() {
        assert!(text.contains(bug.name) && text.contains(bug.breaks), "{text}");
    }
    let typo = consensus(&["explore", "--bug", "count_previous_term_entry"]);
    let stderr = String::from_utf8_lossy(&typo.stderr);
    assert_eq!(typo.status.code(), Some(2));
    assert!(stderr.contains("known: count_previous_term_entries,"), "{stderr}");
}

#[test]
fn compare_against_correct_prints_where_a_counterexample_parts_from_the_correct_run() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/tests/data/figure-8-counterexample.json"
    );
    let output = consensus(&["compare", "--against-correct", file]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let summary = report["summary"].as_str().unwrap();
    assert!(summary.starts_with("Here the runs part, at "), "{summary}");
    assert!(
        report["with_bug"]["text"]
            .as_str()
            .unwrap()
            .contains("counted entry 1 as committed")
    );
    assert_eq!(report["violations"][0]["invariant"], "Leader Completeness");
    assert_eq!(report["correct_violations"].as_array().unwrap().len(), 0);
}

#[test]
fn an_absurd_cluster_times_duration_is_refused_with_the_limit_not_run_for_hours() {
    let file = temp_file(
        "huge.json",
        r#"{"protocol": "raft", "nodes": 1000, "steps": [{"run_ms": 604800000}]}"#,
    );
    let output = consensus(&["run", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("604800000 node-seconds, over the limit of 5000000"),
        "{stderr}"
    );
}
