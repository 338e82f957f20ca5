//! Progress (liveness), judged over quiet windows: correct protocols progress once the
//! cluster is whole, each liveness bug switch is caught through a progress property (never
//! a safety one), and while a protocol is stuck the trace says why.

mod common;

use common::*;
use consensus_core::check::progress::REQUESTS_ANSWERED;
use consensus_core::explore::{ExploreOptions, explore};
use consensus_core::paxos::progress::DECISIONS_LEARNED;
use consensus_core::raft::progress::{COMMIT_INDEXES_CAUGHT_UP, EVENTUALLY_ONE_LEADER};
use consensus_core::scenario::ProtocolName;
use consensus_core::two_phase::progress::TRANSACTIONS_DECIDED;

/// The names of every progress property.
const PROGRESS: &[&str] = &[
    EVENTUALLY_ONE_LEADER,
    REQUESTS_ANSWERED,
    COMMIT_INDEXES_CAUGHT_UP,
    TRANSACTIONS_DECIDED,
    DECISIONS_LEARNED,
];

#[test]
fn correct_protocols_progress_after_random_faulty_schedules_with_a_quiet_tail() {
    for protocol in [ProtocolName::Raft, ProtocolName::TwoPhaseCommit, ProtocolName::Paxos] {
        let report = explore(&ExploreOptions::new(protocol, 5, 2026), 500).unwrap();
        assert_eq!(report.schedules, 500);
        assert!(
            report.counterexample.is_none(),
            "{protocol:?}: {:?}",
            report.counterexample.map(|c| c.violations)
        );
    }
}

/// Explore with `bug` on finds a counterexample within `bound` schedules whose violations
/// are all progress properties, and the shrunk scenario replays them.
fn caught_through_progress(protocol: ProtocolName, nodes: u32, bug: &str, bound: u64) -> Vec<&'static str> {
    let mut options = ExploreOptions::new(protocol, nodes, 1);
    options.bugs = vec![bug.to_string()];
    let report = explore(&options, bound).unwrap();
    let found = report
        .counterexample
        .unwrap_or_else(|| panic!("{bug}: nothing found in {bound} schedules"));
    let names: Vec<&'static str> = found.violations.iter().map(|v| v.invariant).collect();
    assert!(!names.is_empty());
    assert!(names.iter().all(|n| PROGRESS.contains(n)), "{bug}: {names:?}");
    let replayed = consensus_core::scenario::run(&found.scenario).unwrap();
    assert!(
        replayed.violations.iter().any(|v| v.invariant == names[0]),
        "{bug}: replay"
    );
    names
}

#[test]
fn identical_election_timeouts_are_caught_as_no_leader_ever_elected() {
    let names = caught_through_progress(ProtocolName::Raft, 5, "same_election_timeout", 200);
    assert!(names.contains(&EVENTUALLY_ONE_LEADER), "{names:?}");
}

#[test]
fn proposers_without_backoff_are_caught_as_requests_never_answered() {
    let names = caught_through_progress(ProtocolName::Paxos, 5, "retry_without_backoff", 200);
    assert!(names.contains(&REQUESTS_ANSWERED), "{names:?}");
}

#[test]
fn a_coordinator_that_forgets_undecided_transactions_is_caught_as_transactions_never_decided() {
    let names = caught_through_progress(ProtocolName::TwoPhaseCommit, 3, "coordinator_forgets_undecided", 200);
    assert!(names.contains(&TRANSACTIONS_DECIDED), "{names:?}");
}

#[test]
fn the_identical_timeouts_story_never_elects_a_leader_and_says_which_rule_the_switch_broke() {
    let report = run_story("raft-same-timeouts.json");
    assert_eq!(broken(&report), vec![EVENTUALLY_ONE_LEADER]);
    assert!(leaders(&report.final_state).is_empty());
    let v = &report.violations[0];
    assert_eq!(v.time_ms, 5_000, "judged after one window of quiet from the start");
    assert!(v.message.contains("no node leads"), "{}", v.message);
    let traced = consensus_core::scenario::run_with_trace(
        &consensus_core::scenario::parse(&std::fs::read_to_string(story_path("raft-same-timeouts.json")).unwrap())
            .unwrap(),
        true,
    )
    .unwrap();
    assert!(traced.trace.unwrap().iter().any(|l| {
        l.text
            .contains("the same on every node every time — the bug switch is on; §5.2")
    }));
}

#[test]
fn the_duel_story_chooses_nothing_in_five_seconds() {
    let report = run_story("paxos-duel-forever.json");
    assert_eq!(broken(&report), vec![REQUESTS_ANSWERED]);
    assert!(
        report.violations[0]
            .message
            .contains("keep outbidding each other for slot 1")
    );
    assert_eq!(report.metrics.committed, 0);
}

#[test]
fn the_forgetful_coordinator_story_leaves_its_participants_blocked() {
    let report = run_story("2pc-coordinator-forgets.json");
    let names = broken(&report);
    assert!(names.contains(&TRANSACTIONS_DECIDED), "{names:?}");
    assert!(
        report.violations[0]
            .message
            .contains("coordinator 1 never decided transaction 1")
    );
}

#[test]
fn learners_cut_off_while_slots_were_chosen_learn_them_once_the_network_heals() {
    let report = run_story("paxos-learner-catch-up.json");
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    let caught_up = &report.snapshots["caught-up"];
    for id in 1..=5 {
        let instances = field(node(caught_up, id), "instances");
        for slot in ["1", "2"] {
            assert!(
                !field(field(instances, slot), "decided").is_null(),
                "node {id} lacks slot {slot}"
            );
        }
    }
}

#[test]
fn a_window_of_zero_turns_progress_checks_off() {
    let report = run(
        r#"{"protocol": "raft", "nodes": 5, "config": {"bugs": ["same_election_timeout"], "liveness_window_ms": 0},
        "steps": [{"run_ms": 20000}]}"#,
    );
    assert!(report.violations.is_empty(), "{:?}", report.violations);
}

#[test]
fn a_timer_fired_by_hand_starts_the_quiet_window_again() {
    // Found by swarm exploration: election timeouts forced on a correct cluster just before
    // the window ends depose its leader, and the window judged across them blamed Raft.
    // A `timeout` step is an intervention like a fault, so the window starts again there.
    let forced = run(r#"{"protocol": "raft", "nodes": 3, "seed": 1,
        "steps": [{"run_ms": 4800}, {"timeout": 1}, {"run_ms": 180}, {"timeout": 2}, {"run_ms": 3000}]}"#);
    assert!(forced.violations.is_empty(), "{:?}", forced.violations);
    // A window that starts at the last forced timer and lapses without a leader is still
    // caught: every node forced to stand at once, with identical timeouts, splits for ever.
    let stuck = run(
        r#"{"protocol": "raft", "nodes": 3, "config": {"bugs": ["same_election_timeout"]},
        "steps": [{"run_ms": 100}, {"timeout": 1}, {"timeout": 2}, {"timeout": 3}, {"run_ms": 12000}]}"#,
    );
    assert!(
        stuck.violations.iter().any(|v| v.invariant == EVENTUALLY_ONE_LEADER),
        "{:?}",
        stuck.violations
    );
}

#[test]
fn progress_is_not_judged_while_a_node_is_down() {
    // Two-phase commit blocks while its coordinator is down: that is no violation, because
    // no quiet window begins until every node is up again.
    let report = run(r#"{"protocol": "two_phase_commit", "nodes": 3,
        "steps": [{"client": {"node": 1, "command": "set x 1"}}, {"run_ms": 15}, {"crash": 1}, {"run_ms": 20000}]}"#);
    assert!(report.violations.is_empty(), "{:?}", report.violations);
}

#[test]
fn while_the_coordinator_is_down_the_trace_says_the_participants_are_blocked_waiting_for_it() {
    let scenario = consensus_core::scenario::parse(
        r#"{"protocol": "two_phase_commit", "nodes": 3, "config": {"latency_ms": [10, 20]},
        "steps": [{"client": {"node": 1, "command": "set x 1"}}, {"run_ms": 15}, {"crash": 1}, {"run_ms": 500},
                  {"restart": 1}, {"run_ms": 500}]}"#,
    )
    .unwrap();
    let report = consensus_core::scenario::run_with_trace(&scenario, true).unwrap();
    let trace = report.trace.unwrap();
    assert!(
        trace.iter().any(|l| l.text
            == "no progress is possible now: participants 2 and 3 prepared and blocked, waiting for coordinator 1 (down since 15 ms)"),
        "{:#?}",
        trace.iter().filter(|l| l.text.contains("progress")).collect::<Vec<_>>()
    );
    assert!(
        trace
            .iter()
            .any(|l| l.text == "progress is possible again" && l.time_ms == 515)
    );
}

#[test]
fn a_minority_side_says_it_has_no_majority() {
    let scenario = consensus_core::scenario::parse(
        r#"{"protocol": "raft", "nodes": 5, "steps": [{"partition": [[1, 2], [3], [4], [5]]}, {"run_ms": 1000}]}"#,
    )
    .unwrap();
    let report = consensus_core::scenario::run_with_trace(&scenario, true).unwrap();
    assert!(
        report.trace.unwrap().iter().any(|l| l.text
            == "no progress is possible now: no majority: node 1's side reaches 2 of 5 nodes and 3 are needed")
    );
}

#[test]
fn the_window_stretches_to_fit_slow_clients_and_slow_timers() {
    use consensus_core::check::progress::effective_window;
    assert_eq!(effective_window(5_000, 1_000, 300), 5_000, "the defaults agree");
    assert_eq!(
        effective_window(5_000, 10_000, 300),
        23_000,
        "two client timeouts and ten election timeouts"
    );
    assert_eq!(effective_window(0, 10_000, 300), 0, "0 still turns the checks off");
    // A client that waits 10 s before trying another node: correct Raft is not blamed.
    let report = run(
        r#"{"protocol": "raft", "nodes": 3, "config": {"client_timeout_ms": 10000},
        "steps": [{"run_ms": 1000}, {"client": {"node": 1, "command": "set x 1"}}, {"crash": 1}, {"restart": 1}, {"run_ms": 30000}]}"#,
    );
    assert!(report.violations.is_empty(), "{:?}", report.violations);
}
