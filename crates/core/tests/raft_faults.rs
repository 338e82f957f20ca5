//! Crashes, restarts, partitions and the network's rules.

mod common;
use common::*;

#[test]
fn a_crash_keeps_current_term_voted_for_and_the_log_but_not_the_commit_index() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
        "steps": [{"timeout": 1}, {"stabilize": true}, {"client": {"node": 1, "command": "set x 1"}},
                  {"stabilize": true}, {"timeout": 1}, {"stabilize": true}, {"snapshot": "before"},
                  {"crash": 2}, {"snapshot": "crashed"}, {"restart": 2}]}"#,
    );
    let (before, crashed, after) = (&r.snapshots["before"], &r.snapshots["crashed"], &r.final_state);
    assert_eq!(commit_index(before, 2), 1);
    assert_eq!(field(node(crashed, 2), "up"), false);
    for s in [crashed, after] {
        assert_eq!(term(s, 2), 1);
        assert_eq!(node(s, 2)["voted_for"], 1);
        assert_eq!(terms(s, 2), vec![1]);
        assert_eq!(commit_index(s, 2), 0, "commitIndex is volatile");
        assert!(
            node(s, 2)["kv"].as_object().unwrap().is_empty(),
            "the state machine is rebuilt from the log"
        );
    }
}

#[test]
fn a_restarted_follower_catches_up_on_commit_and_state_from_the_leader() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
        "steps": [{"timeout": 1}, {"stabilize": true}, {"client": {"node": 1, "command": "set x 1"}},
                  {"stabilize": true}, {"crash": 2}, {"restart": 2}, {"timeout": 1}, {"stabilize": true}]}"#,
    );
    assert_eq!(commit_index(&r.final_state, 2), 1);
    assert_eq!(node(&r.final_state, 2)["kv"]["x"], "1");
}

#[test]
fn a_restarted_node_does_not_vote_twice_in_a_term() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
        "steps": [{"timeout": 1}, {"timeout": 2}, {"deliver": [1, 3]}, {"crash": 3}, {"restart": 3},
                  {"deliver": [2, 3]}]}"#,
    );
    assert!(trace_has(
        &r,
        "3 refused to vote for 2: it already voted for 1 in this term"
    ));
}

#[test]
fn with_the_forget_voted_for_bug_a_restarted_node_votes_twice_and_election_safety_breaks() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
        "config": {"bugs": ["forget_voted_for_on_restart"]},
        "steps": [{"timeout": 1}, {"timeout": 2}, {"deliver": [1, 3]}, {"deliver": [3, 1]},
                  {"crash": 3}, {"restart": 3}, {"deliver": [2, 3]}, {"deliver": [3, 2]}]}"#,
    );
    assert_eq!(leaders(&r.final_state), vec![1, 2]);
    assert_eq!(broken(&r), vec!["Election Safety"]);
    assert_eq!(r.violations[0].message, "1 and 2 were both elected leader in term 1");
}

#[test]
fn with_the_skip_up_to_date_bug_a_stale_candidate_wins_and_leader_completeness_breaks() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
        "config": {"bugs": ["skip_up_to_date_check"]},
        "steps": [{"timeout": 1}, {"stabilize": true}, {"client": {"node": 1, "command": "set x 1"}},
                  {"drop": [1, 3]}, {"deliver": [1, 2]}, {"deliver": [2, 1]},
                  {"crash": 1}, {"timeout": 3}, {"stabilize": true}]}"#,
    );
    assert_eq!(leaders(&r.final_state), vec![3]);
    assert_eq!(broken(&r), vec!["Leader Completeness"]);
}

#[test]
fn a_message_to_a_crashed_node_is_dropped_when_it_would_arrive() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
        "steps": [{"timeout": 1}, {"crash": 2}, {"deliver": [1, 2]}]}"#,
    );
    assert!(trace_has(
        &r,
        "RequestVote from 1 to 2 never arrived: the receiver is down"
    ));
}

#[test]
fn a_message_across_a_partition_is_dropped_when_it_would_arrive() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
        "steps": [{"timeout": 1}, {"partition": [[1], [2, 3]]}, {"deliver": [1, 2]}, {"heal": true}, {"deliver": [1, 3]}]}"#,
    );
    assert!(trace_has(
        &r,
        "RequestVote from 1 to 2 never arrived: a partition separates the two nodes"
    ));
    assert_eq!(
        node(&r.final_state, 3)["voted_for"],
        1,
        "after healing, messages arrive again"
    );
}

#[test]
fn an_unlisted_node_is_alone_in_a_partition() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
        "steps": [{"partition": [[1, 2]]}, {"timeout": 3}, {"stabilize": true}]}"#,
    );
    assert_eq!(role(&r.final_state, 3), "candidate");
    assert_eq!(r.final_state["partition"], serde_json::json!([[1, 2], [3]]));
}

#[test]
fn a_leader_cut_off_in_a_minority_cannot_commit_and_steps_down_on_heal() {
    let r = run_story("raft-partition.json");
    let two = &r.snapshots["two-leaders"];
    assert_eq!(leaders(two), vec![1, 3], "1 still believes it leads term 1");
    assert_eq!(commit_index(two, 1), 0, "the minority leader cannot commit");
    assert_eq!(commit_index(two, 3), 1, "the majority leader commits");
    assert_eq!(terms(two, 1), vec![1]);
    let healed = &r.snapshots["healed"];
    assert_eq!(role(healed, 1), "follower");
    assert_eq!(
        terms(healed, 1),
        vec![2],
        "the uncommitted term-1 entry was overwritten"
    );
    assert!(trace_has(&r, "1 deleted 1 conflicting entry from index 1 on"));
    let s = &r.final_state;
    for id in 1..=5 {
        assert_eq!(terms(s, id), vec![2, 2], "node {id}");
        assert_eq!(node(s, id)["kv"]["y"], "majority");
        assert_eq!(
            node(s, id)["kv"]["x"],
            "minority",
            "the client's retry committed in term 2"
        );
    }
    assert!(r.violations.is_empty());
    assert_eq!(r.linearizable, Some(true));
}

#[test]
fn the_leader_crashes_and_the_survivors_elect_a_new_one_that_commits() {
    let r = run_story("raft-leader-crash.json");
    assert_eq!(leaders(&r.snapshots["before-crash"]), vec![2]);
    let new = leaders(&r.snapshots["new-leader"]);
    assert_eq!(new.len(), 1);
    assert_ne!(new[0], 2);
    assert!(term(&r.snapshots["new-leader"], new[0]) >= 2);
    for id in 1..=5 {
        assert_eq!(
            node(&r.final_state, id)["kv"]["x"],
            "2",
            "node {id} (2 caught up after restarting)"
        );
    }
    assert!(r.violations.is_empty());
    assert_eq!(r.linearizable, Some(true));
}

#[test]
fn stabilize_delivers_everything_and_fires_no_timer() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 5, "timers": "manual", "network": "manual",
        "steps": [{"timeout": 1}, {"stabilize": true}]}"#,
    );
    assert!(r.final_state["in_flight"].as_array().unwrap().is_empty());
    assert!(!trace_has(&r, "heartbeat timer fired"));
    assert_eq!(r.time_ms, 0);
}

#[test]
fn deliver_k_picks_the_kth_oldest_message_between_two_nodes() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
        "steps": [{"timeout": 1}, {"stabilize": true},
                  {"client": {"node": 1, "command": "set x 1"}}, {"client": {"node": 1, "command": "set x 2"}},
                  {"deliver": [1, 2, 2]}]}"#,
    );
    assert_eq!(
        terms(&r.final_state, 2),
        vec![1, 1],
        "the second message carries both entries"
    );
}

#[test]
fn a_lossy_duplicating_network_still_elects_and_commits_safely() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 5, "seed": 9, "config": {"loss": 0.2, "duplicate": 0.2},
        "steps": [{"run_ms": 2000}, {"client": {"node": 1, "command": "set x 1"}}, {"run_ms": 3000}]}"#,
    );
    assert!(trace_has(&r, "never arrived: the network lost it"));
    assert!(trace_has(&r, "the network duplicated"));
    assert!(r.violations.is_empty());
    assert!(r.clients[0].answer.is_some());
}

#[test]
fn network_steps_change_latency_for_messages_sent_afterwards() {
    let r = run(r#"{"protocol": "raft", "nodes": 3, "timers": "manual",
        "steps": [{"network": {"latency_ms": [500, 500]}}, {"timeout": 1}]}"#);
    for m in r.final_state["in_flight"].as_array().unwrap() {
        assert_eq!(m["deliver_ms"], 500);
    }
}

/// With two leaders (an old one cut off with a minority), the log panel compares every log
/// with the leader of the highest term (§5.3: a leader makes the other logs match its own;
/// §5.1: the old leader steps down when it hears the newer term). In `raft-partition` just
/// before the heal, nodes 4 and 5 hold leader 3's entry of term 2: nothing of theirs is
/// marked; the minority's uncommitted term-1 write, on nodes 1 and 2, is what leader 3 will
/// overwrite, and only leader 3's nextIndex marks are drawn.
#[test]
fn with_two_leaders_the_panel_marks_what_the_leader_of_the_highest_term_will_overwrite() {
    use consensus_core::display::Display;
    use consensus_core::scenario::{self, Step, runner};
    let text = std::fs::read_to_string(story_path("raft-partition.json")).unwrap();
    let mut scenario = scenario::parse(&text).unwrap();
    let heal = scenario.steps.iter().position(|s| matches!(s, Step::Heal(_))).unwrap();
    scenario.steps.truncate(heal);
    let mut sim = runner::build(&scenario).unwrap();
    runner::run_steps(&mut sim, &scenario.steps).unwrap();
    let state = sim.snapshot_with(false);
    let mut shown: Vec<_> = state.nodes.iter().map(Display::display).collect();
    Display::mark_cluster(state.nodes.iter(), &mut shown);
    let leaders: Vec<(u32, &str)> = shown
        .iter()
        .filter(|n| n.role == "leader")
        .map(|n| (n.id, n.detail.as_str()))
        .collect();
    assert_eq!(leaders, [(1, "term 1"), (3, "term 2")], "two leaders at this moment");
    let marked = |id: u32| -> Vec<(usize, Option<u32>)> {
        shown[id as usize - 1]
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.replaced_by.is_some())
            .map(|(i, c)| (i + 1, c.replaced_by))
            .collect()
    };
    for follower in [4, 5] {
        assert!(
            marked(follower).is_empty(),
            "node {follower} holds leader 3's log: {:?}",
            marked(follower)
        );
    }
    assert!(
        !marked(1).is_empty() && marked(1).iter().all(|&(_, by)| by == Some(3)),
        "{:?}",
        marked(1)
    );
    let minority_write = shown[0].cells.iter().find(|c| c.title.contains("minority")).unwrap();
    assert!(
        minority_write
            .title
            .ends_with("differs from leader 3 (term 2), which will overwrite it")
    );
    assert!(
        shown[0].marks.is_empty(),
        "the old leader's nextIndex marks are not drawn"
    );
    assert!(!shown[2].marks.is_empty(), "leader 3's are");
}
