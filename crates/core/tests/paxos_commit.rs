//! Paxos Commit, as Gray & Lamport (2006) and `PaxosCommit.tla` give it: ballot 0 of each
//! participant's instance, a value chosen by a majority of acceptors, a takeover by any
//! node, and safety under every fault; each in a test named after it.

mod common;
use common::*;
use consensus_core::explore::{ExploreOptions, explore};
use consensus_core::scenario::{self, ProtocolName};
use serde_json::Value;

/// What node `node` holds of transaction `t` ("" when it has not heard of it).
fn txn(state: &Value, node: u64, t: u64) -> String {
    field(common::node(state, node), "transactions")
        .get(t.to_string())
        .map_or(String::new(), |v| v.as_str().unwrap().to_string())
}

#[test]
fn a_participant_votes_in_its_own_instance_with_ballot_0_and_no_phase_1() {
    let r = run_story("paxos-commit-happy-path.json");
    assert!(trace_has(
        &r,
        "2 is prepared for transaction 1: it sends its vote in its own Paxos instance, ballot 0, straight to the acceptors"
    ));
    assert!(!trace_has(&r, "Phase1a"), "no phase 1 when nothing fails");
    assert!(trace_has(
        &r,
        "1 knows every instance of transaction 1 chose prepared: it commits"
    ));
    for p in 1..=5 {
        assert_eq!(txn(&r.final_state, p, 1), "committed", "node {p}");
        assert_eq!(txn(&r.final_state, p, 2), "committed", "node {p}");
    }
    // Each acceptor's state is in the view: node 2 accepted every participant's vote.
    let accepted = &field(common::node(&r.final_state, 2), "acceptor")["1"]["accepted"];
    assert_eq!(accepted["4"]["value"], "prepared");
    assert_eq!(accepted["4"]["ballot"], serde_json::json!([0, 4]));
    assert_eq!(field(common::node(&r.final_state, 4), "is_acceptor"), false);
    // Four participants, three acceptors on nodes 1–3, the coordinator on node 1:
    // Prepare 4 + Phase2a 4×3−2 (to themselves, nodes 2 and 3) + Phase2b 3×4−4 (node 1's
    // to itself) + Commit 4 + Ack 4.
    assert_eq!(r.metrics.messages_per_commit, Some(30.0));
    assert!(r.violations.is_empty());
}

#[test]
fn a_participant_that_cannot_commit_aborts_at_once_and_its_instance_chooses_aborted() {
    let r = run(r#"{"protocol": "paxos_commit", "nodes": 4, "seed": 1, "steps": [
            {"vote_no": 3}, {"client": {"node": 1, "command": "set x 1"}}, {"run_ms": 300}]}"#);
    assert!(trace_has(&r, "3 cannot commit transaction 1: it aborts at once"));
    assert!(trace_has(&r, "accepted aborted in 3's instance of transaction 1"));
    for p in 1..=4 {
        assert_eq!(txn(&r.final_state, p, 1), "aborted", "node {p}");
    }
    assert_eq!(r.metrics.aborted, 1);
}

#[test]
fn when_the_coordinator_crashes_a_participant_takes_over_and_decides_what_was_chosen() {
    let r = run_story("paxos-commit-coordinator-crash.json");
    assert!(trace_has(
        &r,
        "5 takes over transaction 1 (it is prepared and has heard no decision)"
    ));
    assert!(trace_has(
        &r,
        "2: prepared (as accepted), 3: prepared (as accepted), 4: prepared (as accepted), 5: prepared (as accepted)"
    ));
    assert!(trace_has(
        &r,
        "5 (taking over with ballot (1, 5)) knows every instance of transaction 1 chose prepared: it commits"
    ));
    for p in 1..=5 {
        assert_eq!(txn(&r.final_state, p, 1), "committed", "node {p}");
    }
    assert!(r.violations.is_empty());
}

#[test]
fn a_takeover_proposes_aborted_where_no_vote_was_accepted() {
    // Participant 3 is cut off and never votes; the coordinator's wait runs out and it
    // takes over: 2's vote was accepted, 3's instance has none, so it proposes aborted.
    let r = run(r#"{"protocol": "paxos_commit", "nodes": 3, "seed": 1, "steps": [
            {"partition": [[1, 2], [3]]}, {"client": {"node": 1, "command": "set x 1"}},
            {"run_ms": 1000}, {"heal": true}, {"run_ms": 1000}]}"#);
    assert!(trace_has(
        &r,
        "1 takes over transaction 1 (it has not learned every participant's vote)"
    ));
    assert!(trace_has(&r, "2: prepared (as accepted), 3: aborted (none accepted)"));
    for p in 1..=3 {
        assert_eq!(txn(&r.final_state, p, 1), "aborted", "node {p}");
    }
    assert!(r.violations.is_empty(), "{:?}", r.violations);
}

#[test]
fn under_a_partition_only_the_side_with_a_majority_of_acceptors_decides_and_the_other_learns_it() {
    let r = run_story("paxos-commit-partition.json");
    let lines: Vec<&str> = r.trace.as_ref().unwrap().iter().map(|l| l.text.as_str()).collect();
    let decided = lines
        .iter()
        .position(|l| l.contains("knows every instance of transaction 1 chose"))
        .unwrap();
    let healed = lines.iter().position(|l| l.contains("the network healed")).unwrap();
    assert!(decided < healed, "the majority side decides before the heal");
    assert!(
        lines[..healed]
            .iter()
            .all(|l| !l.starts_with("2 committed") && !l.starts_with("2 aborted"))
    );
    assert!(trace_has(
        &r,
        "2 takes over transaction 1 (its earlier takeover did not finish)"
    ));
    let outcome = txn(&r.final_state, 3, 1);
    for p in 2..=5 {
        assert_eq!(txn(&r.final_state, p, 1), outcome, "participant {p}");
    }
    assert!(r.violations.is_empty());
}

#[test]
fn without_its_coordinator_paxos_commit_decides_where_two_phase_commit_blocks() {
    let text = std::fs::read_to_string(story_path("compare-commit-protocols.json")).unwrap();
    let both = scenario::parse(&text).unwrap();
    let outcome = |protocol| {
        let r = scenario::run(&both.for_protocol(protocol)).unwrap();
        assert!(r.violations.is_empty(), "{protocol:?}: {:?}", r.violations);
        (2..=5).map(|p| txn(&r.final_state, p, 1)).collect::<Vec<_>>()
    };
    assert_eq!(outcome(ProtocolName::TwoPhaseCommit), vec!["prepared"; 4]);
    assert_eq!(outcome(ProtocolName::ThreePhaseCommit), vec!["aborted"; 4]);
    assert_eq!(outcome(ProtocolName::PaxosCommit), vec!["committed"; 4]);
}

#[test]
fn explore_finds_paxos_commit_safe_and_live_under_every_fault() {
    for nodes in [3, 5] {
        let report = explore(&ExploreOptions::new(ProtocolName::PaxosCommit, nodes, 42), 1_000).unwrap();
        assert!(
            report.counterexample.is_none(),
            "{nodes} nodes: {:?}",
            report
                .counterexample
                .map(|c| (c.violations, serde_json::to_string(&c.scenario).unwrap()))
        );
    }
}

#[test]
fn a_takeover_that_ignores_the_accepted_votes_chooses_a_second_value() {
    let mut options = ExploreOptions::new(ProtocolName::PaxosCommit, 5, 1);
    options.bugs = vec!["takeover_ignores_accepted".into()];
    let found = explore(&options, 1_000).unwrap().counterexample.expect("caught");
    assert_eq!(found.violations[0].invariant, "At Most One Value Chosen");
    let report = scenario::run_with_trace(&found.scenario, true).unwrap();
    assert!(trace_has(
        &report,
        "although the promises report prepared votes accepted — the bug switch is on"
    ));
}

#[test]
fn bad_paxos_commit_scenarios_name_the_field() {
    let too_many = r#"{"protocol": "paxos_commit", "nodes": 3, "config": {"acceptors": 5}, "steps": []}"#;
    let error = scenario::parse(too_many).unwrap_err().to_string();
    assert!(
        error.contains("config.acceptors") && error.contains("between 1 and 3"),
        "{error}"
    );
    let two = r#"{"protocol": "paxos_commit", "nodes": 2, "steps": []}"#;
    let error = scenario::parse(two).unwrap_err().to_string();
    assert!(
        error.contains("nodes") && error.contains("needs at least 3 nodes"),
        "{error}"
    );
    // Other protocols ignore the acceptors.
    assert!(scenario::parse(r#"{"protocol": "raft", "nodes": 1, "steps": []}"#).is_ok());
}

#[test]
fn under_the_same_crash_and_partition_three_phase_commit_splits_and_paxos_commit_does_not() {
    let text = std::fs::read_to_string(story_path("compare-commit-partition.json")).unwrap();
    let all = scenario::parse(&text).unwrap();
    let run = |protocol| scenario::run(&all.for_protocol(protocol)).unwrap();
    let two = run(ProtocolName::TwoPhaseCommit);
    assert!(two.violations.is_empty());
    assert_eq!(txn(&two.final_state, 2, 1), "committed");
    assert_eq!(txn(&two.final_state, 3, 1), "prepared", "blocked, but consistent");
    let three = run(ProtocolName::ThreePhaseCommit);
    assert_eq!(three.violations[0].invariant, "Atomic Commit");
    let paxos = run(ProtocolName::PaxosCommit);
    assert!(paxos.violations.is_empty(), "{:?}", paxos.violations);
    for p in 2..=5 {
        assert_eq!(txn(&paxos.final_state, p, 1), "committed", "participant {p}");
    }
}
