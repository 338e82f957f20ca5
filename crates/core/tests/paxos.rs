//! Basic Paxos, one instance per slot, as "Paxos Made Simple" states it.

mod common;
use common::*;
use serde_json::Value;

fn decided(state: &Value, node_id: u64) -> Vec<(String, String)> {
    field(node(state, node_id), "instances")
        .as_object()
        .unwrap()
        .iter()
        .filter_map(|(slot, i)| field(i, "decided").as_str().map(|v| (slot.clone(), v.to_string())))
        .collect()
}

#[test]
fn a_single_proposer_gets_its_value_chosen_and_every_node_learns_it() {
    let r = run_story("paxos-single-proposer.json");
    for node in 1..=3 {
        assert_eq!(
            decided(&r.final_state, node),
            vec![("1".to_string(), "v".to_string())],
            "node {node}"
        );
    }
    let instance = &r.final_state["nodes"][1]["instances"]["1"];
    assert_eq!(instance["promised"], serde_json::json!([1, 1]));
    assert_eq!(
        instance["accepted"],
        serde_json::json!({"ballot": [1, 1], "value": "v"})
    );
    assert_eq!(r.metrics.committed, 1);
    assert!(r.violations.is_empty());
}

#[test]
fn a_later_proposer_adopts_the_value_a_promise_reports_as_accepted() {
    let r = run_story("paxos-adopt-accepted.json");
    assert!(trace_has(
        &r,
        "2 promised ballot (1, 3) for slot 1 and reports that it accepted `a` under ballot (1, 1)"
    ));
    assert!(trace_has(
        &r,
        "one reported an accepted value, so it must propose `a` (ballot (1, 3)), not its own"
    ));
    for node in 1..=3 {
        assert_eq!(
            decided(&r.final_state, node),
            vec![("1".into(), "a".into()), ("2".into(), "b".into())],
            "node {node}"
        );
    }
    assert!(r.violations.is_empty());
}

#[test]
fn ignoring_promised_values_lets_two_values_be_chosen_and_the_checker_says_so() {
    let mut scenario: Value =
        serde_json::from_str(&std::fs::read_to_string(story_path("paxos-adopt-accepted.json")).unwrap()).unwrap();
    scenario["config"] = serde_json::json!({"bugs": ["ignore_promised_values"]});
    let r = run(&scenario.to_string());
    assert_eq!(broken(&r), vec!["At Most One Value Chosen"]);
    assert!(
        r.violations[0].message.contains("(request #"),
        "{}",
        r.violations[0].message
    );
}

#[test]
fn dueling_proposers_back_off_at_random_and_both_values_are_chosen() {
    let r = run_story("paxos-dueling.json");
    assert!(trace_has(&r, "was outbid for slot 1"));
    let values: Vec<String> = decided(&r.final_state, 3).into_iter().map(|(_, v)| v).collect();
    assert_eq!(values.len(), 2);
    assert!(values.contains(&"x".into()) && values.contains(&"y".into()));
    assert_eq!(r.metrics.committed, 2);
    assert!(r.violations.is_empty());
}

#[test]
fn acceptor_state_survives_a_crash() {
    let r = run(
        r#"{"protocol": "paxos", "nodes": 3, "timers": "manual", "network": "manual",
        "steps": [{"client": {"node": 1, "command": "a"}}, {"deliver": [1, 2]}, {"deliver": [2, 1]},
                  {"deliver": [1, 2]}, {"crash": 2}, {"restart": 2}]}"#,
    );
    let instance = &r.final_state["nodes"][1]["instances"]["1"];
    assert_eq!(instance["promised"], serde_json::json!([1, 1]));
    assert_eq!(instance["accepted"]["value"], "a");
}

#[test]
fn a_timeout_restarts_phase_1_with_a_higher_ballot() {
    let r = run(
        r#"{"protocol": "paxos", "nodes": 3, "timers": "manual", "network": "manual",
        "steps": [{"client": {"node": 1, "command": "a"}}, {"drop": [1, 2]}, {"drop": [1, 3]}, {"timeout": 1}]}"#,
    );
    assert!(trace_has(
        &r,
        "1 wants `a` in slot 1: it asks everyone to promise ballot (2, 1)"
    ));
}

#[test]
fn paxos_slots_decide_commands_in_order_like_a_log() {
    let r = run(r#"{"protocol": "paxos", "nodes": 5, "steps": [
        {"client": {"node": 1, "command": "set x 1"}}, {"run_ms": 200},
        {"client": {"node": 4, "command": "set x 2"}}, {"run_ms": 200},
        {"client": {"node": 2, "command": "get x"}}, {"run_ms": 400}]}"#);
    assert_eq!(r.final_state["nodes"][4]["kv"]["x"], "2");
    assert_eq!(r.linearizable, Some(true));
    assert_eq!(r.metrics.committed, 3);
}

#[test]
fn an_acceptor_finishes_a_slot_whose_proposer_crashed_after_phase_2_began() {
    // 1's `a` is accepted by 1 and 2, then 1 crashes before anyone learns it was chosen.
    // 2's timeout runs phase 1 with a higher ballot, learns of `a` and gets it decided.
    let r = run(
        r#"{"protocol": "paxos", "nodes": 3, "timers": "manual", "network": "manual",
        "steps": [{"client": {"node": 1, "command": "a"}}, {"deliver": [1, 2]}, {"deliver": [2, 1]},
                  {"deliver": [1, 2]}, {"crash": 1}, {"timeout": 2}, {"stabilize": true}]}"#,
    );
    assert!(trace_has(
        &r,
        "2 wants `a` in slot 1: it asks everyone to promise ballot (2, 2)"
    ));
    for node in [2, 3] {
        assert_eq!(
            decided(&r.final_state, node),
            vec![("1".to_string(), "a".to_string())],
            "node {node}"
        );
    }
    assert!(r.violations.is_empty());
}

/// Paxos Made Simple §2.3: the learners must find out what was chosen. A node that was
/// cut off while a slot was chosen learns it once it can hear from the others again,
/// with no new proposal to carry the news: whoever saw the value chosen keeps telling the
/// learners that have not acknowledged it.
#[test]
fn a_learner_cut_off_while_a_value_was_chosen_learns_it_after_the_network_heals() {
    let r = run(r#"{"protocol": "paxos", "nodes": 5, "seed": 11,
        "steps": [{"client": {"node": 1, "command": "v1"}}, {"client": {"node": 3, "command": "v5"}},
                  {"partition": [[1, 4, 5], [2, 3]]}, {"run_ms": 450},
                  {"partition": [[1, 2, 3, 4], [5]]}, {"run_ms": 450},
                  {"heal": true}, {"run_ms": 16000}]}"#);
    let everyone = decided(&r.final_state, 1);
    assert_eq!(everyone.len(), 2, "both values chosen: {everyone:?}");
    for n in 2..=5 {
        assert_eq!(
            decided(&r.final_state, n),
            everyone,
            "node {n} learned every chosen slot"
        );
    }
    assert!(trace_has(&r, "sent Learned"), "learners acknowledge decisions");
    assert!(r.violations.is_empty());
}

/// A node that saw a value chosen and crashed before the cut-off learners acknowledged
/// it tells the decision again once it is back (it no longer knows who lacks it).
#[test]
fn a_restarted_node_tells_the_decisions_it_knows_again() {
    let r = run(r#"{"protocol": "paxos", "nodes": 5, "seed": 4,
        "steps": [{"partition": [[1, 2, 3], [4, 5]]}, {"client": {"node": 1, "command": "x"}},
                  {"run_ms": 500}, {"crash": 1}, {"heal": true}, {"run_ms": 3000},
                  {"snapshot": "before restart"}, {"restart": 1}, {"run_ms": 3000}]}"#);
    let before = &r.snapshots["before restart"];
    assert_eq!(decided(before, 2), vec![("1".to_string(), "x".to_string())]);
    assert!(
        decided(before, 4).is_empty(),
        "only the node that saw it chosen keeps telling"
    );
    for n in 1..=5 {
        assert_eq!(
            decided(&r.final_state, n),
            vec![("1".to_string(), "x".to_string())],
            "node {n}"
        );
    }
}

/// The checker reads only the slots each event changed: two values chosen for slot 201,
/// after two hundred slots chosen cleanly, are caught when the second one is chosen.
#[test]
fn two_values_chosen_for_the_201st_slot_are_caught_when_the_second_is_chosen() {
    let clean: Vec<String> = (1..=200)
        .map(|i| format!(r#"{{"client": {{"node": 1, "command": "v{i}"}}}}, {{"stabilize": true}}"#))
        .collect();
    // Node 1 gets `a` chosen in slot 201 by itself and 2; node 3, which has not heard,
    // proposes `b` with a higher ballot, is told by 2 that it accepted `a`, ignores that
    // (the bug switch) and gets `b` accepted by itself and 2.
    let r = run(&format!(
        r#"{{"protocol": "paxos", "nodes": 3, "network": "manual", "timers": "manual",
        "config": {{"bugs": ["ignore_promised_values"]}},
        "steps": [{}, {{"client": {{"node": 1, "command": "a"}}}},
                  {{"deliver": [1, 2]}}, {{"deliver": [2, 1]}}, {{"deliver": [1, 2]}}, {{"deliver": [2, 1]}},
                  {{"client": {{"node": 3, "command": "b"}}}},
                  {{"deliver": [3, 2]}}, {{"deliver": [2, 3]}}, {{"deliver": [3, 2]}}, {{"deliver": [2, 3]}}]}}"#,
        clean.join(", ")
    ));
    assert_eq!(broken(&r), vec!["At Most One Value Chosen"]);
    let message = &r.violations[0].message;
    assert!(
        message.contains("slot 201") && message.contains("`a`") && message.contains("`b`"),
        "{message}"
    );
}

/// Over many random schedules with crashes, partitions, loss and duplication, followed by
/// a quiet stretch (network whole, no loss, every node up): every node learns every slot
/// any node knows to be chosen. Fixed schedules, so the test is the same every run.
#[test]
fn after_random_faults_and_a_quiet_stretch_every_node_learns_every_chosen_slot() {
    use consensus_core::explore::{ExploreOptions, run_schedule};
    use consensus_core::scenario::{NetworkStep, ProtocolName, Step};
    for schedule in 0..150 {
        let nodes = 3 + (schedule % 3) as u32;
        let outcome = run_schedule(&ExploreOptions::new(ProtocolName::Paxos, nodes, 7), schedule).unwrap();
        assert!(
            outcome.counterexample.is_none(),
            "schedule {schedule} broke an invariant"
        );
        let mut scenario = outcome.scenario;
        scenario.steps.push(Step::Network(NetworkStep {
            latency_ms: None,
            loss: Some(0.0),
            duplicate: Some(0.0),
            manual: None,
        }));
        scenario.steps.push(Step::RunMs(10_000));
        let r = consensus_core::scenario::run(&scenario).unwrap();
        let mut chosen: Vec<(String, String)> = (1..=u64::from(nodes))
            .flat_map(|n| decided(&r.final_state, n))
            .collect();
        chosen.sort();
        chosen.dedup();
        for n in 1..=u64::from(nodes) {
            let mut learned = decided(&r.final_state, n);
            learned.sort();
            assert_eq!(learned, chosen, "schedule {schedule}: node {n} of {nodes}");
        }
    }
}

/// A learner that stays down costs little: reminders back off and, unanswered, re-send one
/// decision at a time; when it returns it still learns every one of them.
#[test]
fn reminders_to_a_learner_that_stays_down_are_few_and_it_catches_up_when_back() {
    let mut steps = vec![r#"{"crash": 3}"#.to_string()];
    for i in 0..10 {
        steps.push(format!(r#"{{"client": {{"node": 1, "command": "v{i}"}}}}"#));
        steps.push(r#"{"run_ms": 200}"#.to_string());
    }
    steps.push(r#"{"run_ms": 60000}"#.into());
    steps.push(r#"{"snapshot": "still down"}"#.into());
    steps.push(r#"{"restart": 3}"#.into());
    steps.push(r#"{"run_ms": 20000}"#.into());
    let r = run(&format!(
        r#"{{"protocol": "paxos", "nodes": 3, "seed": 8, "steps": [{}]}}"#,
        steps.join(", ")
    ));
    let sent_to_down = r
        .trace
        .as_ref()
        .unwrap()
        .iter()
        .filter(|l| l.time_ms < 62_000 && l.text.contains("sent Decided to 3"))
        .count();
    assert!(
        sent_to_down < 120,
        "{sent_to_down} Decided messages to a node down for a minute"
    );
    assert_eq!(decided(&r.snapshots["still down"], 1).len(), 10);
    assert_eq!(
        decided(&r.final_state, 3),
        decided(&r.final_state, 1),
        "node 3 caught up on all ten"
    );
}

/// Under a steady stream of new values, the decisions a returning learner missed are
/// still re-sent: new decisions do not postpone the reminder.
#[test]
fn a_returning_learner_catches_up_on_old_slots_while_new_values_keep_coming() {
    let mut steps = vec![r#"{"crash": 3}"#.to_string()];
    for i in 0..5 {
        steps.push(format!(r#"{{"client": {{"node": 1, "command": "old{i}"}}}}"#));
        steps.push(r#"{"run_ms": 100}"#.to_string());
    }
    steps.push(r#"{"restart": 3}"#.into());
    for i in 0..60 {
        steps.push(format!(r#"{{"client": {{"node": 1, "command": "new{i}"}}}}"#));
        steps.push(r#"{"run_ms": 150}"#.to_string());
    }
    steps.push(r#"{"snapshot": "under load"}"#.into());
    let r = run(&format!(
        r#"{{"protocol": "paxos", "nodes": 3, "seed": 9, "steps": [{}]}}"#,
        steps.join(", ")
    ));
    let learned = decided(&r.snapshots["under load"], 3);
    for i in 0..5 {
        assert!(
            learned.iter().any(|(_, v)| *v == format!("old{i}")),
            "node 3 learned old{i} while new values kept coming: {learned:?}"
        );
    }
}

#[test]
fn hovering_a_paxos_node_reads_each_slot_s_promise_acceptance_and_decision() {
    use consensus_core::display::Display;
    use consensus_core::protocol::Protocol;
    let scenario = consensus_core::scenario::parse(
        r#"{"protocol": "paxos", "nodes": 3, "steps": [{"client": {"node": 1, "command": "v"}}, {"run_ms": 200}]}"#,
    )
    .unwrap();
    let mut sim = consensus_core::scenario::runner::build_on::<consensus_core::paxos::PaxosNode>(&scenario).unwrap();
    consensus_core::scenario::runner::run_steps(&mut sim, &scenario.steps).unwrap();
    let facts = sim.nodes()[2].state.view(true).display().facts;
    assert!(
        facts.ends_with("; slot 1: promised=1.1 accepted=1.1 `v` decided=`v`"),
        "{facts}"
    );
}
