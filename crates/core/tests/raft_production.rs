//! Raft as production runs it, rule by rule: PreVote (thesis §9.6), CheckQuorum and the
//! vote lease (§6.2, §4.2.3), leadership transfer (§3.10), ReadIndex and lease reads (§6.4),
//! one-way faults, and two configurations side by side. Several tests retell etcd's raft
//! tests (named in each) as scenarios, in our own words.

use consensus_core::scenario::{self, RunReport, Scenario};
use serde_json::{Value, json};

fn scenario(value: Value) -> Scenario {
    scenario::parse(&value.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

fn run(value: Value) -> RunReport {
    scenario::run_with_trace(&scenario(value), true).unwrap()
}

fn trace(report: &RunReport) -> Vec<String> {
    report.trace.as_ref().unwrap().iter().map(|l| l.text.clone()).collect()
}

fn nodes(state: &Value) -> &Vec<Value> {
    state["nodes"].as_array().unwrap()
}

fn leaders(state: &Value) -> Vec<u64> {
    nodes(state)
        .iter()
        .filter(|n| n["up"] == true && n["role"] == "leader")
        .map(|n| n["id"].as_u64().unwrap())
        .collect()
}

fn terms(state: &Value) -> Vec<u64> {
    nodes(state).iter().map(|n| n["term"].as_u64().unwrap()).collect()
}

/// Five nodes; node 1 wins term 1 at once (its timer fired by hand), then everything runs
/// by itself; node 5 is cut off for `isolated_ms` and comes back.
fn isolated_follower_returns(config: Value, isolated_ms: u64) -> Value {
    json!({
        "protocol": "raft", "nodes": 5, "seed": 3, "config": config,
        "steps": [
            {"timeout": 1}, {"run_ms": 300}, {"snapshot": "before"},
            {"partition": [[1, 2, 3, 4], [5]]}, {"run_ms": isolated_ms}, {"snapshot": "isolated"},
            {"heal": true}, {"run_ms": 1000}
        ]
    })
}

#[test]
fn a_pre_vote_never_changes_the_voters_term() {
    let report = run(isolated_follower_returns(json!({"pre_vote": true}), 2000));
    let isolated = &report.snapshots["isolated"];
    let before = &report.snapshots["before"];
    assert_eq!(
        terms(isolated),
        terms(before),
        "no node moved its term, the cut-off node included"
    );
    assert_eq!(nodes(isolated)[4]["role"], "pre_candidate");
    let lines = trace(&report);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("5 heard from no leader before its election timeout; with PreVote"))
    );
    assert!(
        !lines.iter().any(|l| l.contains("saw term 2")),
        "no pre-vote raised anyone's term"
    );
}

/// etcd's TestDisruptiveFollower: in plain Raft a follower that was cut off returns with
/// a higher term and deposes the healthy leader.
#[test]
fn in_plain_raft_an_isolated_follower_that_returns_deposes_the_leader() {
    let report = run(isolated_follower_returns(json!({}), 2000));
    assert!(report.snapshots["isolated"]["nodes"][4]["term"].as_u64().unwrap() > 5);
    let end = &report.final_state;
    assert!(
        terms(end).iter().all(|&t| t > 5),
        "the cut-off node's term spread: {:?}",
        terms(end)
    );
    assert!(
        trace(&report)
            .iter()
            .any(|l| l.contains("it stepped down from leader to follower"))
    );
    assert!(report.metrics.leader_changes >= 2, "{:?}", report.metrics);
}

/// etcd's TestDisruptiveFollowerPreVote: with PreVote the returning follower stays in its
/// term, and the leader keeps leading.
#[test]
fn with_pre_vote_the_returning_follower_does_not_disrupt_the_leader() {
    let report = run(isolated_follower_returns(json!({"pre_vote": true}), 2000));
    let end = &report.final_state;
    assert_eq!(leaders(end), [1]);
    assert_eq!(terms(end), [1, 1, 1, 1, 1]);
    assert_eq!(report.metrics.leader_changes, 1);
    assert_eq!(report.metrics.max_term, Some(1));
    assert_eq!(nodes(end)[4]["role"], "follower", "it heard the leader and follows it");
}

/// etcd's TestLeaderStepdownWhenQuorumLost.
#[test]
fn a_leader_without_a_majority_steps_down_within_an_election_timeout() {
    let report = run(json!({
        "protocol": "raft", "nodes": 3, "seed": 1, "config": {"check_quorum": true},
        "steps": [
            {"timeout": 1}, {"run_ms": 200},
            {"partition": [[1], [2, 3]]}, {"run_ms": 300}, {"snapshot": "cut off"}
        ]
    }));
    assert_ne!(report.snapshots["cut off"]["nodes"][0]["role"], "leader");
    let lines = report.trace.as_ref().unwrap();
    let step_down = lines
        .iter()
        .find(|l| l.text.starts_with("1 heard from only itself in the last 150 ms, not a majority, so it stepped down to follower in its term 1"))
        .expect("the step-down is told");
    assert!(
        step_down.time_ms <= 200 + 300,
        "within an election timeout of the cut: at {} ms",
        step_down.time_ms
    );
}

#[test]
fn without_check_quorum_a_cut_off_leader_keeps_leading() {
    let report = run(json!({
        "protocol": "raft", "nodes": 3, "seed": 1,
        "steps": [{"timeout": 1}, {"run_ms": 200}, {"partition": [[1], [2, 3]]}, {"run_ms": 2000}]
    }));
    assert_eq!(report.final_state["nodes"][0]["role"], "leader");
}

/// The vote lease (§4.2.3): a follower that hears from its leader ignores a RequestVote
/// for a newer term, whoever's timer fired early.
#[test]
fn with_check_quorum_a_node_that_hears_its_leader_ignores_a_newer_terms_request_vote() {
    let report = run(json!({
        "protocol": "raft", "nodes": 3, "seed": 1, "config": {"check_quorum": true},
        "steps": [{"timeout": 1}, {"run_ms": 100}, {"timeout": 3}, {"run_ms": 500}]
    }));
    let lines = trace(&report);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("2 ignored RequestVote from 3 for term 2: it heard from leader 1")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("1 ignored RequestVote from 3 for term 2: it leads")),
    );
    // As in etcd's TestDisruptiveFollower with CheckQuorum alone: the vote is ignored,
    // but 3's newer term still reaches 1 in 3's answer to a heartbeat, and deposes it.
    // Only PreVote keeps 3 from raising its term in the first place.
    let ignored = lines
        .iter()
        .position(|l| l.starts_with("1 ignored RequestVote from 3"))
        .unwrap();
    let refused = lines
        .iter()
        .position(|l| l.starts_with("3 refused AppendEntries from 1: the sender's term 1 is older"))
        .unwrap();
    assert!(ignored < refused);
}

/// etcd's TestLeaderTransferToUpToDateNode.
#[test]
fn a_transfer_target_wins_the_next_term_without_waiting() {
    let report = run(json!({
        "protocol": "raft", "nodes": 3, "seed": 1, "config": {"pre_vote": true, "check_quorum": true},
        "steps": [
            {"timeout": 1}, {"run_ms": 200}, {"client": {"node": 1, "command": "set x 1"}}, {"run_ms": 100},
            {"transfer_leadership": 2}, {"run_ms": 60}, {"snapshot": "after"}
        ]
    }));
    let after = &report.snapshots["after"];
    assert_eq!(leaders(after), [2], "within 60 ms, far less than an election timeout");
    assert_eq!(terms(after), [2, 2, 2]);
    let lines = trace(&report);
    assert!(lines.iter().any(|l| l.starts_with("1 sent TimeoutNow to 2")));
    assert!(lines.iter().any(|l| l.starts_with("2 got TimeoutNow from leader 1")));
    assert!(
        !lines.iter().any(|l| l.contains("ignored RequestVote")),
        "a transfer's election bypasses the lease"
    );
    assert!(report.final_state["in_flight"].as_array().is_some());
}

#[test]
fn a_transfer_brings_a_lagging_targets_log_up_to_date_first() {
    let report = run(json!({
        "protocol": "raft", "nodes": 3, "seed": 1,
        "steps": [
            {"timeout": 1}, {"run_ms": 200}, {"cut": [1, 3]},
            {"client": {"node": 1, "command": "set x 1"}}, {"run_ms": 100}, {"restore": [1, 3]},
            {"transfer_leadership": 3}, {"run_ms": 100}
        ]
    }));
    let lines = trace(&report);
    let started = lines
        .iter()
        .position(|l| l.starts_with("1 was asked to hand its leadership to 3"))
        .unwrap();
    assert!(
        lines[started].ends_with("and first brings 3's log up to date"),
        "{}",
        lines[started]
    );
    let stored = lines
        .iter()
        .position(|l| l.starts_with("3 stored entry 1 from 1"))
        .unwrap();
    let sent = lines
        .iter()
        .position(|l| l.starts_with("1 sent TimeoutNow to 3"))
        .unwrap();
    assert!(started < stored && stored < sent);
    assert_eq!(leaders(&report.final_state), [3]);
}

/// etcd's TestLeaderTransferTimeout: the target is down, so no election comes; after an
/// election timeout the leader gives up and takes requests again.
#[test]
fn a_transfer_that_does_not_complete_within_an_election_timeout_is_abandoned() {
    let report = run(json!({
        "protocol": "raft", "nodes": 3, "seed": 1,
        "steps": [
            {"timeout": 1}, {"run_ms": 200}, {"crash": 3}, {"transfer_leadership": 3},
            {"client": {"node": 1, "command": "set x 1"}}, {"run_ms": 400},
            {"client": {"node": 1, "command": "set y 2"}}, {"run_ms": 300}
        ]
    }));
    let lines = trace(&report);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("1 is handing its leadership to 3, so it took no new request"))
    );
    assert!(lines.iter().any(|l| {
        l.starts_with("1's transfer of leadership to 3 did not complete within an election timeout, so it gave up")
    }));
    assert_eq!(leaders(&report.final_state), [1]);
    assert_eq!(
        report.metrics.committed, 2,
        "both writes commit: the first once retried"
    );
}

#[test]
fn a_transfer_with_no_leader_does_nothing_and_says_so() {
    let report = run(json!({
        "protocol": "raft", "nodes": 3, "timers": "manual", "steps": [{"transfer_leadership": 2}]
    }));
    assert!(
        trace(&report)
            .contains(&"leadership was to be handed to 2, but no node leads now: nothing happened".to_string())
    );
    let error = scenario::parse(
        &json!({"protocol": "raft", "nodes": 3, "steps": [{"run_ms": 5}, {"transfer_leadership": 4}]}).to_string(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.contains("steps[1].transfer_leadership") && error.contains("there is no node 4"),
        "{error}"
    );
}

/// etcd's TestReadOnlyForNewLeader: a new leader holds reads until it has committed an
/// entry of its own term.
#[test]
fn a_read_index_read_waits_for_an_own_term_commit() {
    let report = run(json!({
        "protocol": "raft", "nodes": 3, "seed": 1, "network": "manual", "timers": "manual",
        "config": {"reads": "read_index"},
        "steps": [
            {"timeout": 1}, {"deliver": [1, 2]}, {"deliver": [2, 1]},
            {"client": {"node": 1, "command": "get x"}}, {"snapshot": "held"},
            {"stabilize": true}, {"snapshot": "answered"}
        ]
    }));
    let lines = trace(&report);
    let held = lines
        .iter()
        .position(|l| l.starts_with("1 holds `get x`: it has not yet committed an entry of its term 1"))
        .expect("held");
    let committed = lines.iter().position(|l| l.starts_with("1 committed entry 1")).unwrap();
    let recorded = lines
        .iter()
        .position(|l| l.starts_with("1 recorded its commit index 1 as the read index of `get x`"))
        .unwrap();
    let answered = lines
        .iter()
        .position(|l| l.starts_with("1 answered `get x` with not set: a majority answered heartbeat round"))
        .unwrap();
    assert!(held < committed && committed < recorded && recorded < answered);
    assert_eq!(report.clients.len(), 1);
    let log = report.final_state["nodes"][0]["log"].as_array().unwrap();
    assert_eq!(log.len(), 1, "only the no-op: the read took no log entry");
}

/// The stale read: a leader cut off with a minority answers from its own state with the
/// bug switch, while the majority's new leader committed a newer value.
fn stale_read(config: Value) -> RunReport {
    run(json!({
        "protocol": "raft", "nodes": 3, "seed": 1, "config": config,
        "steps": [
            {"timeout": 1}, {"run_ms": 200}, {"client": {"node": 1, "command": "set x 1"}}, {"run_ms": 100},
            {"partition": [[1], [2, 3]]}, {"run_ms": 400},
            {"client": {"node": 2, "command": "set x 2"}}, {"run_ms": 200},
            {"client": {"node": 1, "command": "get x"}}, {"run_ms": 100}
        ]
    }))
}

#[test]
fn with_the_bug_a_deposed_leader_answers_a_stale_read() {
    let report = stale_read(json!({"bugs": ["read_without_quorum_check"]}));
    assert_eq!(report.linearizable, Some(false));
    assert!(trace(&report).iter().any(|l| l.starts_with(
        "1 answered `get x` with `1` at once from its own state, without checking that a majority still follows it — the bug switch is on"
    )));
}

#[test]
fn read_index_never_answers_from_a_deposed_leader() {
    let report = stale_read(json!({"reads": "read_index"}));
    assert_ne!(report.linearizable, Some(false));
    assert!(!trace(&report).iter().any(|l| l.starts_with("1 answered `get x`")));
}

#[test]
fn a_lease_read_is_answered_at_once_within_the_lease() {
    let report = run(json!({
        "protocol": "raft", "nodes": 3, "seed": 1, "config": {"check_quorum": true, "reads": "lease"},
        "steps": [{"timeout": 1}, {"run_ms": 300}, {"client": {"node": 1, "command": "get x"}}]
    }));
    let lines = trace(&report);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("1 answered `get x` with not set at once: its lease holds until")),
        "{lines:#?}"
    );
    assert_eq!(
        report.clients[0].answer.as_ref().unwrap().at_ms,
        report.clients[0].invoked_ms
    );
}

#[test]
fn reads_by_lease_need_check_quorum() {
    let error = scenario::parse(
        &json!({"protocol": "raft", "nodes": 3, "config": {"reads": "lease"}, "steps": []}).to_string(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.contains("config.reads") && error.contains("check_quorum"),
        "{error}"
    );
}

#[test]
fn a_one_way_cut_loses_messages_in_one_direction_only() {
    let report = run(json!({
        "protocol": "raft", "nodes": 3, "seed": 1,
        "steps": [{"cut_one_way": [1, 2]}, {"timeout": 1}, {"run_ms": 30}, {"snapshot": "cut"}, {"heal": true}, {"run_ms": 50}]
    }));
    let lines = trace(&report);
    assert!(
        lines.contains(
            &"the link from 1 to 2 was cut in that direction: 1's messages to 2 are lost, 2's to 1 still arrive"
                .to_string()
        )
    );
    assert!(lines.iter().any(|l| l
        == "RequestVote from 1 to 2 never arrived: the link is cut in that direction (messages the other way still arrive)"));
    assert_eq!(report.snapshots["cut"]["one_way_cuts"], json!([[1, 2]]));
    assert!(report.final_state.get("one_way_cuts").is_none(), "heal restores it");
}

/// Howard's partial partition (2020): node 4 reaches only node 2, node 5 only node 3.
/// Both keep timing out; in plain Raft each of their elections deposes the leader, again
/// and again; with PreVote and CheckQuorum the cluster keeps one leader.
#[test]
fn under_a_partial_partition_pre_vote_and_check_quorum_keep_one_leader() {
    let mut steps = vec![json!({"timeout": 1}), json!({"run_ms": 300})];
    for [a, b] in [[4, 1], [4, 3], [4, 5], [5, 1], [5, 2]] {
        steps.push(json!({"cut": [a, b]}));
    }
    steps.push(json!({"run_ms": 10000}));
    let both = scenario(json!({
        "protocol": "raft", "nodes": 5, "seed": 4,
        "protocols": [
            "raft",
            {"protocol": "raft", "title": "Raft + PreVote + CheckQuorum", "config": {"pre_vote": true, "check_quorum": true}}
        ],
        "steps": steps
    }));
    let report = scenario::compare(&both).unwrap();
    let plain = &report.protocols["raft"].metrics;
    let production = &report.protocols["Raft + PreVote + CheckQuorum"].metrics;
    assert_eq!(production.leader_changes, 1, "{production:?}");
    assert_eq!(production.max_term, Some(1));
    assert!(plain.leader_changes >= 5, "{plain:?}");
    assert!(plain.max_term.unwrap() >= 5, "{plain:?}");
}

#[test]
fn compare_keys_each_pane_by_its_title_and_two_panes_need_different_keys() {
    let error = scenario::parse(&json!({"protocol": "raft", "nodes": 3, "protocols": ["raft", {"protocol": "raft", "config": {"pre_vote": true}}], "steps": []}).to_string())
        .unwrap_err()
        .to_string();
    assert!(error.contains("protocols[1]") && error.contains("title"), "{error}");
    let error = scenario::parse(&json!({"protocol": "raft", "nodes": 3, "protocols": ["raft", {"protocol": "raft", "title": "B", "config": {"reads": "lease"}}], "steps": []}).to_string())
        .unwrap_err()
        .to_string();
    assert!(error.contains("protocols[1].config.reads"), "{error}");
}
