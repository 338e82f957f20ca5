//! Three-phase commit, as Skeen (1981) and Bernstein, Hadzilacos & Goodman (1987, §7.5)
//! give it: the three phases, the termination protocol's four rules, recovery, and the
//! assumption it rests on (no partitions), each in a test named after it.

mod common;
use common::*;
use consensus_core::commit::progress::undecided;
use consensus_core::explore::{ExploreOptions, Faults, explore};
use consensus_core::scenario::{self, ProtocolName};
use consensus_core::three_phase::ThreePcNode;
use consensus_core::two_phase::TwoPcNode;
use serde_json::Value;

/// What node `node` holds of transaction `t` ("" when it has not heard of it).
fn txn(state: &Value, node: u64, t: u64) -> String {
    field(common::node(state, node), "transactions")
        .get(t.to_string())
        .map_or(String::new(), |v| v.as_str().unwrap().to_string())
}

/// The trace lines, in order.
fn lines(r: &scenario::RunReport) -> Vec<String> {
    r.trace.as_ref().unwrap().iter().map(|l| l.text.clone()).collect()
}

/// The index of the first line containing `text`.
fn at(lines: &[String], text: &str) -> usize {
    lines
        .iter()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no line says {text:?}"))
}

/// A scenario of `nodes` three-phase commit nodes with a manual network and `steps`.
fn manual(nodes: u32, steps: &str) -> String {
    format!(
        r#"{{"protocol": "three_phase_commit", "nodes": {nodes}, "seed": 1, "network": "manual", "steps": {steps}}}"#
    )
}

#[test]
fn each_phase_begins_only_when_the_last_is_complete_and_costs_six_messages_a_participant() {
    let r = run_story("3pc-happy-path.json");
    let lines = lines(&r);
    let precommit = at(&lines, "coordinator 1 has Yes from every participant on transaction 1");
    let commit = at(
        &lines,
        "coordinator 1 decided to commit transaction 1 (every participant acknowledged PreCommit)",
    );
    for p in 2..=4 {
        assert!(at(&lines, &format!("{p} votes Yes on transaction 1")) < precommit);
        let precommitted = at(&lines, &format!("{p} is precommitted on transaction 1"));
        assert!(precommit < precommitted && precommitted < commit);
        assert!(commit < at(&lines, &format!("{p} committed transaction 1")));
    }
    for p in 1..=4 {
        assert_eq!(txn(&r.final_state, p, 1), "committed");
        assert_eq!(txn(&r.final_state, p, 2), "committed");
    }
    assert_eq!(r.metrics.committed, 2);
    // CanCommit, Vote, PreCommit, Ack, DoCommit, Ack: six per participant, 3 participants.
    assert_eq!(r.metrics.messages_per_commit, Some(18.0));
    assert!(r.violations.is_empty());
}

#[test]
fn the_coordinator_sends_precommit_only_with_a_yes_from_every_participant() {
    let r = run(&manual(
        4,
        r#"[{"vote_no": 3}, {"client": {"node": 1, "command": "set x 1"}}, {"stabilize": true}]"#,
    ));
    for p in 1..=4 {
        assert_eq!(txn(&r.final_state, p, 1), "aborted", "node {p}");
    }
    assert!(trace_has(&r, "3 cannot commit transaction 1: it aborts and votes No"));
    assert!(!trace_has(&r, "PreCommit"), "no PreCommit without every Yes");
    assert!(trace_has(
        &r,
        "coordinator 1 decided to abort transaction 1 (a participant voted No)"
    ));
}

#[test]
fn termination_any_precommitted_brings_the_uncertain_to_precommitted_then_commits() {
    let r = run_story("3pc-coordinator-crash.json");
    let lines = lines(&r);
    let precommits = at(
        &lines,
        "2's termination of transaction 1 finds a participant precommitted",
    );
    assert!(lines[precommits].contains("sends PreCommit to the uncertain nodes 3 and 4"));
    let decided = at(&lines, "2 ends the termination of transaction 1: commit");
    assert!(precommits < decided);
    assert!(at(&lines, "3 is precommitted on transaction 1 (PreCommit from 2)") < decided);
    assert!(trace_has(&r, "leaves the termination of transaction 1 to 2"));
    for p in 1..=4 {
        assert_eq!(txn(&r.final_state, p, 1), "committed", "node {p}");
    }
    assert!(trace_has(
        &r,
        "coordinator 1 learns from 2 that transaction 1 was committed"
    ));
    assert!(r.violations.is_empty());
}

#[test]
fn termination_all_uncertain_aborts_since_no_one_can_have_committed() {
    let text = std::fs::read_to_string(story_path("compare-commit-coordinator-crash.json")).unwrap();
    let scenario = scenario::parse(&text)
        .unwrap()
        .for_protocol(ProtocolName::ThreePhaseCommit);
    let r = scenario::run_with_trace(&scenario, true).unwrap();
    assert!(trace_has(
        &r,
        "2 ends the termination of transaction 1: abort (every participant it reached is uncertain, so no one can have committed)"
    ));
    for p in 2..=4 {
        assert_eq!(txn(&r.final_state, p, 1), "aborted", "participant {p}");
    }
    assert!(r.violations.is_empty());
}

#[test]
fn termination_any_committed_commits() {
    // The coordinator commits; its DoCommit reaches participant 2 only before it crashes.
    let r = run(&manual(
        4,
        r#"[{"client": {"node": 1, "command": "set x 1"}},
            {"deliver": [1, 2]}, {"deliver": [1, 3]}, {"deliver": [1, 4]},
            {"deliver": [2, 1]}, {"deliver": [3, 1]}, {"deliver": [4, 1]},
            {"deliver": [1, 2]}, {"deliver": [1, 3]}, {"deliver": [1, 4]},
            {"deliver": [2, 1]}, {"deliver": [3, 1]}, {"deliver": [4, 1]},
            {"deliver": [1, 2]}, {"crash": 1}, {"drop": [1, 3]}, {"drop": [1, 4]},
            {"network": {"manual": false}}, {"run_ms": 2000}]"#,
    ));
    assert!(trace_has(&r, "2 committed transaction 1 (told by 1)"));
    assert!(trace_has(
        &r,
        "ends the termination of transaction 1: commit (a participant had committed)"
    ));
    for p in 2..=4 {
        assert_eq!(txn(&r.final_state, p, 1), "committed", "participant {p}");
    }
    assert!(r.violations.is_empty());
}

#[test]
fn termination_any_aborted_aborts() {
    // Participant 4 votes No; the coordinator's Abort reaches 2 only before it crashes.
    let r = run(&manual(
        4,
        r#"[{"vote_no": 4}, {"client": {"node": 1, "command": "set x 1"}},
            {"deliver": [1, 2]}, {"deliver": [1, 3]}, {"deliver": [1, 4]},
            {"deliver": [2, 1]}, {"deliver": [3, 1]}, {"deliver": [4, 1]},
            {"deliver": [1, 2]}, {"crash": 1}, {"drop": [1, 3]}, {"drop": [1, 4]},
            {"network": {"manual": false}}, {"run_ms": 2000}]"#,
    ));
    assert!(trace_has(
        &r,
        "3 ends the termination of transaction 1: abort (a participant had aborted)"
    ));
    for p in 2..=4 {
        assert_eq!(txn(&r.final_state, p, 1), "aborted", "participant {p}");
    }
    assert!(r.violations.is_empty());
}

#[test]
fn a_partition_splits_the_decision_with_no_bug_switch_on() {
    let r = run_story("3pc-partition-split.json");
    let broken: Vec<&str> = r.violations.iter().map(|v| v.invariant).collect();
    assert_eq!(broken, ["Atomic Commit"]);
    let message = &r.violations[0].message;
    assert!(
        message.contains("committed at 2") && message.contains("aborted at 3"),
        "{message}"
    );
    assert_eq!(txn(&r.final_state, 2, 1), "committed");
    for p in 3..=5 {
        assert_eq!(txn(&r.final_state, p, 1), "aborted", "participant {p}");
    }
    // The narration says why: Skeen's assumptions.
    assert!(trace_has(&r, "three-phase commit assumes a silent site has crashed"));
    assert!(trace_has(
        &r,
        "2 ends the termination of transaction 1: commit (a participant is precommitted), from its own state alone: it reached no other participant. If they are alive but cut off, they run their own termination and may decide otherwise: three-phase commit assumes the network never partitions"
    ));
    assert!(!trace_has(&r, "bug switch"));
}

#[test]
fn a_participant_that_restarts_uncertain_waits_for_the_outcome_instead_of_deciding_alone() {
    // Participant 4 is down while the others commit; then they all crash and 4 restarts
    // alone: it may not decide (they committed), so it waits until 2 is back and tells it.
    let r = run(r#"{"protocol": "three_phase_commit", "nodes": 4, "seed": 1, "steps": [
            {"client": {"node": 1, "command": "set x 1"}}, {"run_ms": 25}, {"crash": 4},
            {"run_ms": 600}, {"crash": 1}, {"crash": 2}, {"crash": 3}, {"run_ms": 100}, {"restart": 4},
            {"run_ms": 3000}, {"snapshot": "alone"}, {"restart": 2}, {"run_ms": 1500}]}"#);
    let alone = &r.snapshots["alone"];
    assert_eq!(txn(alone, 2, 1), "committed");
    assert_eq!(
        txn(alone, 4, 1),
        "prepared",
        "a recovering participant does not decide alone"
    );
    assert!(trace_has(&r, "4 restarted prepared on transaction 1"));
    assert!(trace_has(
        &r,
        "recovering, it may not decide, so it waits and asks again"
    ));
    assert_eq!(txn(&r.final_state, 4, 1), "committed");
    assert!(r.violations.is_empty(), "{:?}", r.violations);
}

#[test]
fn without_partitions_the_participants_that_are_up_decide_while_two_phase_commits_block() {
    let text = std::fs::read_to_string(story_path("compare-commit-coordinator-crash.json")).unwrap();
    let both = scenario::parse(&text).unwrap();
    for protocol in [ProtocolName::TwoPhaseCommit, ProtocolName::ThreePhaseCommit] {
        let scenario = both.for_protocol(protocol);
        let mut sim = scenario::runner::build(&scenario).unwrap();
        for step in &scenario.steps {
            scenario::runner::apply_step(&mut sim, step, &mut |_, _| {}).unwrap();
        }
        // The participants that are up (node 1, the coordinator, is down for good).
        let live_participant = |n: &consensus_core::protocol::NodeSlot<consensus_core::any::AnyNode>| n.up;
        let waiting = match protocol {
            ProtocolName::TwoPhaseCommit => undecided::<TwoPcNode, _>(sim.nodes(), 1, live_participant),
            _ => undecided::<ThreePcNode, _>(sim.nodes(), 1, live_participant),
        };
        match protocol {
            ProtocolName::TwoPhaseCommit => assert_eq!(waiting, vec![(1, vec![2, 3, 4])], "blocked"),
            _ => assert!(waiting.is_empty(), "non-blocking: {waiting:?}"),
        }
        assert!(sim.violations().is_empty(), "{protocol:?}: {:?}", sim.violations());
    }
}

#[test]
fn explore_finds_three_phase_commit_clean_with_crashes_and_broken_by_partitions() {
    for nodes in [3, 5] {
        let mut options = ExploreOptions::new(ProtocolName::ThreePhaseCommit, nodes, 42);
        options.faults = Faults::parse("crashes").unwrap();
        let report = explore(&options, 1_500).unwrap();
        assert!(
            report.counterexample.is_none(),
            "{nodes} nodes, crashes only: {:?}",
            report.counterexample.map(|c| c.violations)
        );
    }
    let mut options = ExploreOptions::new(ProtocolName::ThreePhaseCommit, 5, 42);
    options.faults = Faults::parse("crashes,partitions").unwrap();
    let found = explore(&options, 5_000)
        .unwrap()
        .counterexample
        .expect("a partition splits it");
    assert_eq!(found.violations[0].invariant, "Atomic Commit");
}

#[test]
fn bad_three_phase_commit_scenarios_name_the_field() {
    let one = r#"{"protocol": "three_phase_commit", "nodes": 1, "steps": []}"#;
    let error = scenario::parse(one).unwrap_err().to_string();
    assert!(
        error.contains("nodes") && error.contains("needs at least 2 nodes"),
        "{error}"
    );
    let coordinator_votes = r#"{"protocol": "three_phase_commit", "nodes": 3, "steps": [{"vote_no": 1}]}"#;
    let error = scenario::parse(coordinator_votes).unwrap_err().to_string();
    assert!(
        error.contains("steps[0]") && error.contains("only participants vote"),
        "{error}"
    );
    let at_participant =
        r#"{"protocol": "three_phase_commit", "nodes": 3, "steps": [{"client": {"node": 2, "command": "set x 1"}}]}"#;
    let error = scenario::parse(at_participant).unwrap_err().to_string();
    assert!(error.contains("transactions start at the coordinator (1)"), "{error}");
    let read =
        r#"{"protocol": "three_phase_commit", "nodes": 3, "steps": [{"client": {"node": 1, "command": "get x"}}]}"#;
    let error = scenario::parse(read).unwrap_err().to_string();
    assert!(error.contains("a transaction writes"), "{error}");
}
