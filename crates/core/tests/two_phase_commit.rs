//! Two-phase commit, as Lamport's TwoPhase specification and the classic stories tell it.

mod common;
use common::*;
use serde_json::Value;

/// What node `node` holds of transaction `t` ("" when it has not heard of it).
fn txn(state: &Value, node: u64, t: u64) -> String {
    field(node_of(state, node), "transactions")
        .get(t.to_string())
        .map_or(String::new(), |v| {
            v.as_str().expect("a transaction's state is text").to_string()
        })
}

fn node_of(state: &Value, id: u64) -> &Value {
    node(state, id)
}

#[test]
fn happy_path_every_participant_prepares_votes_yes_and_commits() {
    let r = run_story("2pc-happy-path.json");
    let s = &r.final_state;
    for t in [1, 2] {
        assert_eq!(txn(s, 1, t), "committed");
        assert_eq!(txn(s, 2, t), "committed");
        assert_eq!(txn(s, 3, t), "committed");
    }
    assert_eq!(node_of(s, 1)["role"], "coordinator");
    assert_eq!(node_of(s, 3)["kv"]["y"], "2");
    assert!(trace_has(
        &r,
        "2 recorded that it is prepared for transaction 1 and votes Yes"
    ));
    assert!(trace_has(
        &r,
        "coordinator 1 decided to commit transaction 1 (every participant voted Yes)"
    ));
    assert!(r.violations.is_empty());
    assert_eq!(r.metrics.committed, 2);
}

#[test]
fn one_no_vote_aborts_the_transaction_everywhere() {
    let r = run_story("2pc-vote-no.json");
    for node in 1..=3 {
        assert_eq!(txn(&r.final_state, node, 1), "aborted", "node {node}");
    }
    assert_eq!(r.metrics.aborted, 1);
    assert!(trace_has(&r, "3 cannot commit transaction 1: it aborts and votes No"));
    assert!(node_of(&r.final_state, 2)["kv"].as_object().unwrap().is_empty());
}

#[test]
fn prepared_participants_block_while_the_coordinator_is_down_and_commit_after_it_recovers() {
    let r = run_story("2pc-coordinator-crash.json");
    let blocked = &r.snapshots["blocked"];
    assert_eq!(field(node_of(blocked, 1), "up"), false);
    for p in [2, 3] {
        assert_eq!(txn(blocked, p, 1), "prepared", "participant {p} may not decide alone");
        assert_eq!(node_of(blocked, p)["blocked"], serde_json::json!([1]));
    }
    assert!(trace_has(
        &r,
        "is blocked: prepared for transaction 1, it may not decide alone, so it asks coordinator 1 again"
    ));
    assert!(trace_has(
        &r,
        "coordinator 1 restarted and found the decision to commit transaction 1 in its log"
    ));
    for p in [2, 3] {
        assert_eq!(txn(&r.final_state, p, 1), "committed");
    }
    assert_eq!(
        r.metrics.blocked_ms, 2000,
        "two participants blocked for the 1000 ms the coordinator was down"
    );
    assert!(r.violations.is_empty());
}

#[test]
fn a_restarted_coordinator_with_no_decision_logged_aborts() {
    let r = run(r#"{"protocol": "two_phase_commit", "nodes": 3, "network": "manual",
        "steps": [{"client": {"node": 1, "command": "set x 1"}}, {"deliver": [1, 2]}, {"deliver": [1, 3]},
                  {"deliver": [2, 1]}, {"crash": 1}, {"drop": [3, 1]}, {"restart": 1}, {"stabilize": true}]}"#);
    assert!(trace_has(
        &r,
        "found no decision for transaction 1 in its log, so the transaction aborts"
    ));
    for node in 1..=3 {
        assert_eq!(txn(&r.final_state, node, 1), "aborted", "node {node}");
    }
    assert!(r.violations.is_empty());
}

#[test]
fn a_missing_vote_aborts_at_the_coordinators_timeout() {
    let r = run_story("2pc-participant-down.json");
    assert_eq!(txn(&r.snapshots["aborted"], 1, 1), "aborted");
    assert!(trace_has(&r, "a vote was still missing at its timeout"));
    assert_eq!(
        txn(&r.final_state, 3, 2),
        "committed",
        "back up, 3 takes part in the next transaction"
    );
    assert_eq!(r.metrics.aborted, 1);
    assert_eq!(r.metrics.committed, 1);
}

#[test]
fn the_decision_is_resent_until_every_participant_acknowledges() {
    // The Commit to 3 is lost; the coordinator's re-send timer sends it again.
    let r = run(
        r#"{"protocol": "two_phase_commit", "nodes": 3, "network": "manual", "timers": "manual",
        "steps": [{"client": {"node": 1, "command": "set x 1"}}, {"deliver": [1, 2]}, {"deliver": [1, 3]},
                  {"deliver": [2, 1]}, {"deliver": [3, 1]}, {"drop": [1, 3]}, {"timeout": 1}, {"stabilize": true}]}"#,
    );
    assert_eq!(
        txn(&r.final_state, 3, 1),
        "committed",
        "the dropped Commit was sent again"
    );
}

#[test]
fn a_client_request_to_a_participant_is_an_error() {
    let scenario =
        r#"{"protocol": "two_phase_commit", "nodes": 3, "steps": [{"client": {"node": 2, "command": "set x 1"}}]}"#;
    let err = consensus_core::scenario::parse(scenario).unwrap_err().to_string();
    assert!(
        err.contains("steps[0].client.node: transactions start at the coordinator (1)"),
        "{err}"
    );
    let get = r#"{"protocol": "two_phase_commit", "nodes": 3, "steps": [{"client": {"node": 1, "command": "get x"}}]}"#;
    assert!(
        consensus_core::scenario::parse(get)
            .unwrap_err()
            .to_string()
            .contains("steps[0].client.command")
    );
}

#[test]
fn the_participant_decides_alone_bug_breaks_atomic_commit() {
    let r = run(
        r#"{"protocol": "two_phase_commit", "nodes": 3, "network": "manual", "timers": "manual",
        "config": {"bugs": ["participant_decides_alone"]},
        "steps": [{"client": {"node": 1, "command": "set x 1"}}, {"deliver": [1, 2]}, {"deliver": [1, 3]},
                  {"timeout": 3}, {"stabilize": true}]}"#,
    );
    assert!(trace_has(&r, "3 lost patience and aborted transaction 1 alone"));
    assert_eq!(broken(&r), vec!["Atomic Commit"]);
}

/// The checker reads only what each event changed: a participant that breaks atomicity on
/// the 101st transaction, after a hundred clean ones, is caught at once all the same.
#[test]
fn a_broken_atomic_commit_after_a_hundred_clean_transactions_is_caught_when_it_happens() {
    let clean: Vec<String> = (1..=100)
        .map(|i| format!(r#"{{"client": {{"node": 1, "command": "set x {i}"}}}}, {{"stabilize": true}}"#))
        .collect();
    let r = run(&format!(
        r#"{{"protocol": "two_phase_commit", "nodes": 3, "network": "manual", "timers": "manual",
        "config": {{"bugs": ["participant_decides_alone"]}},
        "steps": [{}, {{"client": {{"node": 1, "command": "set x 101"}}}}, {{"deliver": [1, 2]}}, {{"deliver": [1, 3]}},
                  {{"deliver": [2, 1]}}, {{"deliver": [3, 1]}}, {{"deliver": [1, 2]}}, {{"timeout": 3}}]}}"#,
        clean.join(", ")
    ));
    assert!(trace_has(&r, "3 lost patience and aborted transaction 101 alone"));
    assert_eq!(broken(&r), vec!["Atomic Commit"]);
    assert_eq!(
        r.violations[0].message,
        "transaction 101 committed at 2 but aborted at 3"
    );
    assert_eq!(r.metrics.committed, 101);
}

#[test]
fn hovering_a_blocked_participant_says_what_it_waits_for() {
    use consensus_core::display::Display;
    use consensus_core::protocol::Protocol;
    let scenario = consensus_core::scenario::parse(
        r#"{"protocol": "two_phase_commit", "nodes": 3, "timers": "manual", "network": "manual",
            "steps": [{"client": {"node": 1, "command": "set x 1"}}, {"deliver": [1, 2]}, {"crash": 1}]}"#,
    )
    .unwrap();
    let mut sim =
        consensus_core::scenario::runner::build_on::<consensus_core::two_phase::TwoPcNode>(&scenario).unwrap();
    consensus_core::scenario::runner::run_steps(&mut sim, &scenario.steps).unwrap();
    let facts = sim.nodes()[1].state.view(true).display().facts;
    assert_eq!(
        facts,
        "participant: txn 1=prepared (waits for the coordinator's decision)"
    );
}
