//! Membership (thesis ch. 4), rule by rule.

use consensus_core::scenario::{self, RunReport};
use serde_json::{Value, json};

fn run(value: Value) -> RunReport {
    let scenario = scenario::parse(&value.to_string()).unwrap_or_else(|e| panic!("{e}"));
    scenario::run_with_trace(&scenario, true).unwrap()
}

/// §4.1: nodes outside the configuration vote for no one, start no election and count
/// toward no majority.
#[test]
fn nodes_outside_the_configuration_neither_stand_for_election_nor_count() {
    let report = run(json!({
        "protocol": "raft", "nodes": 5, "members": [1, 2, 3], "seed": 2,
        "steps": [{"run_ms": 1500}, {"client": {"node": 1, "command": "set x 1"}}, {"run_ms": 500}]
    }));
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    let nodes = report.final_state["nodes"].as_array().unwrap();
    let leader = nodes
        .iter()
        .find(|n| n["role"] == "leader")
        .expect("a leader among 1, 2, 3");
    assert!(leader["id"].as_u64().unwrap() <= 3);
    for spare in &nodes[3..] {
        assert_eq!(
            spare["term"], 0,
            "a spare never stood for election nor heard of one: {spare}"
        );
        assert_eq!(spare["log"], json!([]), "nor was replicated to");
    }
    let lines: Vec<&str> = report.trace.as_ref().unwrap().iter().map(|l| l.text.as_str()).collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("4's election timer ran out, but 4 is not in its latest configuration"))
    );
    assert_eq!(report.metrics.committed, 1, "2 of the 3 members are a majority");
}

#[test]
fn a_malformed_membership_names_what_is_wrong() {
    let parse = |members: Value| {
        scenario::parse(&json!({"protocol": "raft", "nodes": 3, "members": members, "steps": []}).to_string())
            .unwrap_err()
            .to_string()
    };
    assert!(parse(json!([1, 4])).contains("members[1]"));
    assert!(parse(json!([2, 2])).contains("listed twice"));
}

fn trace(report: &RunReport) -> Vec<String> {
    report.trace.as_ref().unwrap().iter().map(|l| l.text.clone()).collect()
}

fn node(state: &Value, id: u64) -> &Value {
    &state["nodes"].as_array().unwrap()[id as usize - 1]
}

fn leader(state: &Value) -> Option<u64> {
    state["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["role"] == "leader" && n["up"] == true)
        .map(|n| n["id"].as_u64().unwrap())
}

/// §4.2.1: a new server catches up as a learner (drawn and named so), and only then does
/// the leader append the configuration that makes it a voter; clients keep writing.
#[test]
fn a_new_server_catches_up_as_a_learner_before_it_votes() {
    let report = run(json!({
        "protocol": "raft", "nodes": 4, "members": [1, 2, 3], "seed": 3,
        "steps": [
            {"run_ms": 1000},
            {"client": {"node": 1, "command": "set a 1"}}, {"client": {"node": 2, "command": "set b 2"}},
            {"run_ms": 300}, {"add_server": 4}, {"run_ms": 30}, {"snapshot": "catching up"},
            {"run_ms": 1000}, {"client": {"node": 1, "command": "set c 3"}}, {"run_ms": 500}
        ]
    }));
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    let during = &report.snapshots["catching up"];
    let leader_id = leader(during).unwrap();
    assert_eq!(node(during, 4)["role"], "learner", "{}", node(during, 4));
    assert_eq!(node(during, 4)["members"], json!([1, 2, 3]));
    assert_eq!(node(during, leader_id)["catching_up"], json!([4]));
    let lines = trace(&report);
    let caught = lines
        .iter()
        .position(|l| l.starts_with("4 caught up"))
        .expect("caught up");
    let appended = lines
        .iter()
        .position(|l| l.contains("appended the configuration {1, 2, 3, 4}"))
        .expect("configuration appended");
    assert!(
        caught < appended,
        "the learner catches up before the configuration names it"
    );
    let end = &report.final_state;
    for id in 1..=4 {
        assert_eq!(node(end, id)["members"], json!([1, 2, 3, 4]), "{}", node(end, id));
        assert_ne!(node(end, id)["role"], "learner");
    }
    let config_entry = node(end, 1)["log"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e.get("config").is_some())
        .expect("a configuration entry in the log");
    assert_eq!(config_entry["config"], json!([1, 2, 3, 4]));
    assert!(
        config_entry.get("command").is_none(),
        "a configuration entry carries no command: {config_entry}"
    );
    assert!(
        lines.iter().any(|l| l.contains("3 of 4 nodes store it")),
        "after the change a commit needs 3 of the 4 voters"
    );
    assert_eq!(report.metrics.committed, 3);
}

/// §4.1: a configuration entry takes effect on each server as soon as it is in its log,
/// and the next change waits until it is committed: one change at a time.
#[test]
fn a_second_change_waits_until_the_first_is_committed() {
    let report = run(json!({
        "protocol": "raft", "nodes": 5, "members": [1, 2, 3], "seed": 5,
        "steps": [{"run_ms": 1000}, {"add_server": 4}, {"add_server": 5}, {"run_ms": 2000}]
    }));
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    let lines = trace(&report);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("was asked to add server 5; it comes after the change asked for before it")),
        "{lines:#?}"
    );
    let first = lines
        .iter()
        .position(|l| l.contains("appended the configuration {1, 2, 3, 4}"))
        .unwrap();
    let committed = lines[first..]
        .iter()
        .position(|l| l.contains("committed entry") && l.contains("of the 4 voters"))
        .unwrap()
        + first;
    let second = lines
        .iter()
        .position(|l| l.contains("appended the configuration {1, 2, 3, 4, 5}"))
        .unwrap();
    assert!(first < committed && committed < second);
    for id in 1..=5 {
        assert_eq!(node(&report.final_state, id)["members"], json!([1, 2, 3, 4, 5]));
    }
}

/// With no leader, a change is not made, and the trace says so.
#[test]
fn a_change_asked_for_with_no_leader_does_nothing_and_says_so() {
    let report = run(json!({
        "protocol": "raft", "nodes": 3, "seed": 1, "steps": [{"remove_server": 3}, {"run_ms": 1000}]
    }));
    assert!(
        trace(&report)
            .iter()
            .any(|l| l == "the leader was asked to remove server 3, but no node leads now: nothing happened")
    );
    assert_eq!(node(&report.final_state, 1)["members"], json!([1, 2, 3]));
}

/// A single-server step names one server; several go through change_members.
#[test]
fn a_single_server_step_naming_several_servers_is_refused_in_words() {
    let error = scenario::parse(
        &json!({"protocol": "raft", "nodes": 5, "steps": [{"run_ms": 10}, {"add_server": [4, 5]}]}).to_string(),
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("steps[1].add_server"), "{error}");
    assert!(error.contains("change_members"), "{error}");
    let error = scenario::parse(
        &json!({"protocol": "two_phase_commit", "nodes": 3, "steps": [{"remove_server": 2}]}).to_string(),
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("remove_server applies only to raft"), "{error}");
}

/// §4.2.2 (etcd's confchange_v1_remove_leader): a leader that removes itself keeps
/// replicating without counting itself until the configuration commits, then steps down;
/// the others elect a leader among themselves.
#[test]
fn a_removed_leader_steps_down_once_the_configuration_without_it_commits() {
    let probe = run(json!({"protocol": "raft", "nodes": 3, "seed": 4, "steps": [{"run_ms": 1000}]}));
    let old = leader(&probe.final_state).unwrap();
    let report = run(json!({
        "protocol": "raft", "nodes": 3, "seed": 4,
        "steps": [
            {"run_ms": 1000}, {"client": {"node": old, "command": "set x 1"}}, {"run_ms": 200},
            {"remove_server": old}, {"run_ms": 1500},
            {"client": {"node": 1, "command": "set y 2"}}, {"client": {"node": 2, "command": "set y 2"}},
            {"client": {"node": 3, "command": "set y 2"}}, {"run_ms": 1000}
        ]
    }));
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    let lines = trace(&report);
    let left = lines
        .iter()
        .position(|l| l.contains(&format!("which leaves {old} out, is committed: {old} steps down")))
        .unwrap_or_else(|| panic!("{lines:#?}"));
    let commit = lines[..left]
        .iter()
        .rposition(|l| l.starts_with(&format!("{old} committed entry")))
        .unwrap();
    assert!(
        lines[commit].contains("of the 2 voters"),
        "it did not count itself: {}",
        lines[commit]
    );
    let new = leader(&report.final_state).expect("the others elect a leader");
    assert_ne!(new, old);
    let removed = node(&report.final_state, old);
    assert_eq!(removed["role"], "follower");
    assert!(!removed["members"].as_array().unwrap().contains(&json!(old)));
    let kv = &node(&report.final_state, new)["kv"];
    assert_eq!(
        kv,
        &json!({"x": "1", "y": "2"}),
        "the write before the change and the one after"
    );
}

/// etcd's TestCommitAfterRemoveNode, in our words: an entry waiting for a server that is
/// being removed commits once the configuration without it is in the leader's log.
#[test]
fn a_write_waiting_for_a_removed_server_commits_with_the_configuration_without_it() {
    let report = run(json!({
        "protocol": "raft", "nodes": 2, "seed": 2,
        "steps": [
            {"run_ms": 1000}, {"client": {"node": 1, "command": "set a 1"}}, {"client": {"node": 2, "command": "set a 1"}},
            {"run_ms": 300}, {"crash": 2}, {"crash": 1}, {"restart": 1}, {"restart": 2}, {"run_ms": 1000},
            {"snapshot": "led"}
        ]
    }));
    let l = leader(&report.snapshots["led"]).unwrap();
    let other = 3 - l;
    let report = run(json!({
        "protocol": "raft", "nodes": 2, "seed": 2,
        "steps": [
            {"run_ms": 1000}, {"client": {"node": l, "command": "set a 1"}}, {"run_ms": 300},
            {"cut": [1, 2]}, {"client": {"node": l, "command": "set b 2"}}, {"run_ms": 300},
            {"snapshot": "waiting"}, {"remove_server": other}, {"run_ms": 300}
        ]
    }));
    assert_eq!(leader(&report.snapshots["waiting"]), Some(l));
    let waiting = node(&report.snapshots["waiting"], l)["commit_index"].as_u64().unwrap();
    let after = node(&report.final_state, l);
    assert_eq!(after["members"], json!([l]));
    assert!(after["commit_index"].as_u64().unwrap() >= waiting + 2, "{after}");
    assert_eq!(after["kv"]["b"], "2");
    assert!(report.violations.is_empty(), "{:?}", report.violations);
}

/// Paper §6: any change goes through C_old,new, under which decisions need a majority of
/// each configuration, and then C_new; the old servers leave, the old leader steps down.
#[test]
fn joint_consensus_moves_three_servers_to_three_others() {
    let report = run(json!({
        "protocol": "raft", "nodes": 6, "members": [1, 2, 3], "seed": 8,
        "steps": [
            {"run_ms": 1000}, {"client": {"node": 1, "command": "set a 1"}}, {"client": {"node": 2, "command": "set a 1"}},
            {"client": {"node": 3, "command": "set a 1"}}, {"run_ms": 300},
            {"change_members": [6, 4, 5]}, {"run_ms": 120}, {"snapshot": "joint"}, {"run_ms": 2000},
            {"client": {"node": 4, "command": "set b 2"}}, {"client": {"node": 5, "command": "set b 2"}},
            {"client": {"node": 6, "command": "set b 2"}}, {"run_ms": 1000}
        ]
    }));
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    let lines = trace(&report);
    let joint = lines
        .iter()
        .position(|l| l.contains("appended the joint configuration {1, 2, 3} + {4, 5, 6}"))
        .unwrap_or_else(|| panic!("{lines:#?}"));
    let new = lines
        .iter()
        .position(|l| l.contains("the joint configuration is committed") && l.contains("{4, 5, 6}"))
        .unwrap();
    assert!(joint < new);
    assert!(lines[joint..new].iter().any(|l| l.contains("a majority of each")));
    let end = &report.final_state;
    let l = leader(end).expect("a leader of the new configuration");
    assert!((4..=6).contains(&l));
    for id in 4..=6 {
        assert_eq!(node(end, id)["members"], json!([4, 5, 6]));
        assert_eq!(node(end, id)["kv"], json!({"a": "1", "b": "2"}));
    }
    let log = node(end, 4)["log"].as_array().unwrap().clone();
    let joint_entry = log
        .iter()
        .find(|e| e.get("config_new").is_some())
        .expect("C_old,new in the log");
    assert_eq!(joint_entry["config"], json!([1, 2, 3]));
    assert_eq!(joint_entry["config_new"], json!([4, 5, 6]));
}

/// The 2015 fix: a new leader commits an entry of its own term (a no-op if it has none)
/// before it appends a configuration entry.
#[test]
fn a_new_leader_commits_an_entry_of_its_term_before_changing_the_membership() {
    let report = run(json!({
        "protocol": "raft", "nodes": 4, "members": [1, 2, 3], "seed": 6,
        "steps": [{"run_ms": 1000}, {"add_server": 4}, {"run_ms": 1000}]
    }));
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    let lines = trace(&report);
    let waits = lines
        .iter()
        .position(|l| l.contains("has not yet committed an entry of its own term, so the change (add server 4) waits (the 2015 fix); it appended a no-op at index 1"))
        .unwrap_or_else(|| panic!("{lines:#?}"));
    let appended = lines
        .iter()
        .position(|l| l.contains("appended the configuration {1, 2, 3, 4}"))
        .unwrap();
    let own = lines[waits..appended].iter().any(|l| l.contains("committed entry 1"));
    assert!(own, "the no-op commits between: {:#?}", &lines[waits..=appended]);
    let log = node(&report.final_state, 4)["log"].as_array().unwrap().clone();
    let config_at = log.iter().position(|e| e.get("config").is_some()).unwrap();
    assert!(
        config_at > 0,
        "an entry of the leader's term comes before the configuration: {log:?}"
    );
}

fn story(name: &str) -> scenario::Scenario {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/").to_string() + name;
    scenario::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn pane_run(scenario: &scenario::Scenario, key: &str) -> RunReport {
    let pane = scenario.panes().into_iter().find(|p| p.key() == key).unwrap();
    scenario::run_with_trace(&scenario.for_pane(&pane), true).unwrap()
}

/// Ongaro's counter-example of 2015, told as a story: with the switch, two configurations
/// whose majorities share no server each elect a leader, and an acknowledged write is lost;
/// with the rule, the second change waits and nothing committed is lost.
#[test]
fn the_2015_bug_loses_an_acknowledged_write_and_the_rule_of_2015_prevents_it() {
    let story = story("raft-membership-bug-2015.json");
    let bug = pane_run(&story, "Raft, the change before an own-term commit");
    let invariants: Vec<&str> = bug.violations.iter().map(|v| v.invariant).collect();
    assert!(invariants.contains(&"Leader Completeness"), "{invariants:?}");
    assert_eq!(
        bug.linearizable,
        Some(false),
        "the acknowledged y = 2 is read as missing"
    );
    let lines = trace(&bug);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("2 appended the configuration {2, 3, 4} at index 2")
                && l.contains("the 2015 fix forbids this (bug switch on)"))
    );
    assert!(
        lines
            .iter()
            .any(|l| l == "1 became leader for term 3 with votes from 1, 4, 5")
    );

    let rule = pane_run(&story, "Raft, the rule of 2015");
    assert!(rule.violations.is_empty(), "{:?}", rule.violations);
    assert_eq!(rule.linearizable, Some(true));
    let lines = trace(&rule);
    assert!(lines.iter().any(|l| l
        == "2 has not yet committed an entry of its own term, so the change (remove server 1) waits (the 2015 fix); it appended a no-op at index 2 to commit one"));
    assert!(!lines.iter().any(|l| l.contains("2 appended the configuration")));
    let read = rule.clients.iter().find(|c| c.command.to_string() == "get y").unwrap();
    assert_eq!(
        serde_json::to_value(&read.answer.as_ref().unwrap().output).unwrap(),
        json!({"read": "2"})
    );
}

/// §4.2.3: a removed server that never hears of its removal keeps standing for election;
/// without the vote lease it deposes leader after leader, with it nothing changes.
#[test]
fn a_removed_server_disrupts_plain_raft_and_the_vote_lease_stops_it() {
    let story = story("raft-remove-server-disrupts.json");
    let plain = pane_run(&story, "Raft");
    let lease = pane_run(&story, "Raft + CheckQuorum");
    assert!(plain.violations.is_empty() && lease.violations.is_empty());
    assert!(plain.metrics.leader_changes >= 4, "{:?}", plain.metrics);
    assert_eq!(lease.metrics.leader_changes, 1, "{:?}", lease.metrics);
    let removed = node(&lease.final_state, 5);
    assert_eq!(
        removed["members"],
        json!([1, 2, 3, 4, 5]),
        "5 never learned of its removal"
    );
    assert!(removed["term"].as_u64().unwrap() > 5, "it kept standing for election");
    assert_eq!(node(&lease.final_state, 1)["term"], 1, "the members ignored it");
    assert!(
        trace(&lease)
            .iter()
            .any(|l| l.starts_with("1 ignored RequestVote from 5"))
    );
}

/// §4.2.2 and Figure 4.6: a leader that removed itself from {1, 2} and was deposed before
/// node 2 stored the new configuration stands again, since node 2 needs it (node 2 cannot
/// win: its log is behind); its own vote does not count.
#[test]
fn a_server_removed_by_an_uncommitted_configuration_still_stands_for_election() {
    let report = run(json!({
        "protocol": "raft", "nodes": 2, "seed": 9, "timers": "manual",
        "steps": [
            {"timeout": 1}, {"run_ms": 50}, {"client": {"node": 1, "command": "set x 1"}}, {"run_ms": 50},
            {"cut": [1, 2]}, {"remove_server": 1}, {"run_ms": 50},
            {"timeout": 2}, {"run_ms": 50}, {"restore": [1, 2]}, {"run_ms": 50},
            {"timeout": 1}, {"run_ms": 50}, {"timeout": 1}, {"run_ms": 100}, {"timeout": 1}, {"run_ms": 100}
        ]
    }));
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    let lines = trace(&report);
    assert!(
        lines.iter().any(|l| l
            .contains("1 heard from no leader before its election timeout, so it became a candidate")
            && l.contains("its own vote does not count")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("which leaves 1 out, is committed: 1 steps down")),
        "{lines:#?}"
    );
    for id in [1, 2] {
        assert_eq!(node(&report.final_state, id)["members"], json!([2]));
    }
}

/// §4.2.1: a round slower than an election timeout starts another round; a new server that
/// never answers is given up after ten rounds' worth of time, and the trace says so.
#[test]
fn a_learner_that_never_catches_up_is_given_up_and_the_configuration_stays() {
    let report = run(json!({
        "protocol": "raft", "nodes": 4, "members": [1, 2, 3], "seed": 2,
        "steps": [{"run_ms": 800}, {"crash": 4}, {"add_server": 4}, {"run_ms": 4000}]
    }));
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    let lines = trace(&report);
    assert!(
        lines.iter().any(|l| l.contains("gave up the change (add server 4)")),
        "{lines:#?}"
    );
    for id in 1..=3 {
        assert_eq!(node(&report.final_state, id)["members"], json!([1, 2, 3]));
    }
}

/// The switch explore turns membership changes on for is a real switch of Raft's.
#[test]
fn the_2015_switch_is_known_and_makes_explore_change_the_membership() {
    let bug = consensus_core::any::bugs::find("change_before_own_term_commit").expect("registered");
    assert!(bug.breaks.contains("2015"));
    assert!(consensus_core::any::breaks_membership(bug.name));
    assert!(!consensus_core::any::breaks_membership("count_previous_term_entries"));
}
