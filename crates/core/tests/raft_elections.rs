//! Leader election, as Figure 2 and §5.2 / §5.4.1 of the Raft paper state it.

mod common;
use common::*;

#[test]
fn start_state_every_node_is_a_follower_in_term_0_with_an_empty_log() {
    let r = run(r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual", "steps": []}"#);
    for id in 1..=3 {
        assert_eq!(role(&r.final_state, id), "follower");
        assert_eq!(term(&r.final_state, id), 0);
        assert!(terms(&r.final_state, id).is_empty());
        assert!(field(node(&r.final_state, id), "voted_for").is_null());
    }
    assert_eq!(
        r.final_state["timers"].as_array().unwrap().len(),
        3,
        "each follower has an election timer"
    );
}

#[test]
fn election_timeout_makes_a_follower_a_candidate_that_votes_for_itself_and_requests_votes() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
        "steps": [{"timeout": 2}]}"#,
    );
    let s = &r.final_state;
    assert_eq!(role(s, 2), "candidate");
    assert_eq!(term(s, 2), 1);
    assert_eq!(node(s, 2)["voted_for"], 2);
    assert_eq!(
        in_flight_types(s),
        vec!["RequestVote", "RequestVote"],
        "its own vote never travels"
    );
}

#[test]
fn a_candidate_with_votes_from_a_majority_becomes_leader_and_sends_append_entries_at_once() {
    let r = run_story("raft-first-election.json");
    let leader = &r.snapshots["leader"];
    assert_eq!(role(leader, 1), "leader");
    assert_eq!(node(leader, 1)["progress"]["2"]["next_index"], 1);
    let types = in_flight_types(leader);
    assert_eq!(types.iter().filter(|t| *t == "AppendEntries").count(), 4);
    assert!(trace_has(&r, "1 became leader for term 1 with votes from 1, 2, 3"));
}

#[test]
fn a_node_grants_at_most_one_vote_per_term_first_come_first_served() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
        "steps": [{"timeout": 1}, {"timeout": 2}, {"deliver": [1, 3]}, {"deliver": [2, 3]}]}"#,
    );
    assert_eq!(node(&r.final_state, 3)["voted_for"], 1);
    assert!(trace_has(
        &r,
        "3 refused to vote for 2: it already voted for 1 in this term"
    ));
}

#[test]
fn a_voter_refuses_a_candidate_with_an_older_last_log_term() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
        "initial": [{"node": 1, "log": [1, 1, 1]}, {"node": 2, "log": [1, 2]}],
        "steps": [{"timeout": 1}, {"deliver": [1, 2]}]}"#,
    );
    assert!(field(node(&r.final_state, 2), "voted_for").is_null());
    assert!(trace_has(
        &r,
        "2 refused to vote for 1: its log is more up to date (last term 2 > 1)"
    ));
}

#[test]
fn a_voter_refuses_a_candidate_with_the_same_last_term_but_a_shorter_log() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
        "initial": [{"node": 1, "log": [1, 2]}, {"node": 2, "log": [1, 2, 2]}],
        "steps": [{"timeout": 1}, {"deliver": [1, 2]}]}"#,
    );
    assert!(trace_has(
        &r,
        "2 refused to vote for 1: its log is more up to date (same last term 2, but 3 entries > 2)"
    ));
}

#[test]
fn a_voter_grants_a_candidate_whose_log_is_at_least_as_up_to_date() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
        "initial": [{"node": 1, "log": [1, 3]}, {"node": 2, "log": [1, 2, 2, 2]}],
        "steps": [{"timeout": 1}, {"deliver": [1, 2]}, {"deliver": [2, 1]}]}"#,
    );
    assert_eq!(
        role(&r.final_state, 1),
        "leader",
        "a later last term wins over a longer log"
    );
}

#[test]
fn a_request_vote_from_an_older_term_is_refused_and_answered_with_the_newer_term() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
        "initial": [{"node": 2, "term": 5}],
        "steps": [{"timeout": 1}, {"deliver": [1, 2]}, {"deliver": [2, 1]}]}"#,
    );
    assert!(trace_has(
        &r,
        "2 refused to vote for 1: the candidate's term 1 is older than its own term 5"
    ));
    assert_eq!(
        role(&r.final_state, 1),
        "follower",
        "the reply's newer term turns the candidate back"
    );
    assert_eq!(term(&r.final_state, 1), 5);
}

#[test]
fn any_newer_term_makes_a_leader_step_down() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
        "steps": [{"timeout": 1}, {"stabilize": true}, {"timeout": 2}, {"deliver": [2, 1]}]}"#,
    );
    assert_eq!(role(&r.final_state, 1), "follower");
    assert_eq!(term(&r.final_state, 1), 2);
    assert!(trace_has(&r, "it stepped down from leader to follower"));
}

#[test]
fn a_candidate_that_hears_from_a_leader_of_its_term_becomes_its_follower() {
    // 1 and 3 both stand for term 1; 1 wins with 2's vote; 3 then receives 1's RequestVote
    // (refused: 3 voted for itself) and 1's AppendEntries.
    let r = run(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
        "steps": [{"timeout": 1}, {"timeout": 3}, {"deliver": [1, 2]}, {"deliver": [2, 1]},
                  {"deliver": [1, 3]}, {"deliver": [1, 3]}]}"#,
    );
    assert_eq!(role(&r.final_state, 1), "leader");
    assert_eq!(role(&r.final_state, 3), "follower");
    assert_eq!(node(&r.final_state, 3)["leader"], 1);
    assert!(trace_has(
        &r,
        "3 heard from 1, the leader of its term 1, so it stopped being a candidate"
    ));
}

#[test]
fn a_split_vote_leaves_a_term_without_leader_and_a_later_timeout_resolves_it() {
    let r = run_story("raft-split-vote.json");
    let split = &r.snapshots["split"];
    assert!(leaders(split).is_empty(), "term 1 has no leader");
    assert_eq!((term(split, 1), term(split, 2)), (1, 1));
    assert_eq!(leaders(&r.final_state), vec![2]);
    assert_eq!(term(&r.final_state, 2), 2);
    assert!(r.violations.is_empty());
}

#[test]
fn randomized_timeouts_elect_exactly_one_leader_for_many_seeds() {
    for seed in 0..200 {
        let r = run(&format!(
            r#"{{"protocol": "raft", "nodes": 5, "seed": {seed}, "steps": [{{"run_ms": 3000}}]}}"#
        ));
        assert_eq!(leaders(&r.final_state).len(), 1, "seed {seed}");
        assert!(r.violations.is_empty(), "seed {seed}: {:?}", r.violations);
    }
}

#[test]
fn election_timeouts_are_drawn_anew_at_every_reset_within_the_configured_range() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 9, "seed": 3, "timers": "manual", "network": "manual",
        "config": {"election_timeout_ms": [150, 300]}, "steps": []}"#,
    );
    let fires: Vec<u64> = r.final_state["timers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["fires_ms"].as_u64().unwrap())
        .collect();
    assert!(fires.iter().all(|f| (150..=300).contains(f)));
    let distinct: std::collections::BTreeSet<_> = fires.iter().collect();
    assert!(distinct.len() > 5, "nine draws should rarely collide: {fires:?}");
}

#[test]
fn a_single_node_cluster_elects_itself_and_commits_alone() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 1, "timers": "manual", "network": "manual",
        "steps": [{"timeout": 1}, {"client": {"node": 1, "command": "set x 1"}}]}"#,
    );
    assert_eq!(role(&r.final_state, 1), "leader");
    assert_eq!(commit_index(&r.final_state, 1), 1);
    assert_eq!(node(&r.final_state, 1)["kv"]["x"], "1");
    assert_eq!(r.linearizable, Some(true));
}

#[test]
fn a_timeout_on_a_crashed_node_changes_nothing() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
        "steps": [{"crash": 1}, {"timeout": 1}]}"#,
    );
    assert_eq!(term(&r.final_state, 1), 0);
    assert!(r.final_state["in_flight"].as_array().unwrap().is_empty());
}

#[test]
fn a_leader_has_no_election_timer_only_a_heartbeat() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
        "steps": [{"timeout": 1}, {"stabilize": true}]}"#,
    );
    let timers: Vec<(u64, String)> = r.final_state["timers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["node"].as_u64().unwrap(), t["name"].as_str().unwrap().to_string()))
        .collect();
    assert!(timers.contains(&(1, "heartbeat".into())));
    assert!(!timers.contains(&(1, "election".into())));
}

#[test]
fn a_timers_step_hands_manual_timers_over_to_the_clock_and_back() {
    let r = run(r#"{"protocol": "raft", "nodes": 3, "seed": 5, "timers": "manual",
        "steps": [{"run_ms": 2000}, {"snapshot": "held"}, {"timers": "auto"}, {"run_ms": 1000},
                  {"snapshot": "elected"}, {"timers": "manual"}, {"crash": 1}, {"crash": 2}, {"crash": 3},
                  {"restart": 1}, {"run_ms": 3000}]}"#);
    assert!(
        leaders(&r.snapshots["held"]).is_empty(),
        "manual timers never fire by themselves"
    );
    assert_eq!(
        leaders(&r.snapshots["elected"]).len(),
        1,
        "once automatic, an election timer fires"
    );
    assert!(trace_has(&r, "timers now fire by themselves when they are due"));
    assert!(trace_has(&r, "timers now fire only when a step fires them"));
    let last_fired = r
        .trace
        .as_ref()
        .unwrap()
        .iter()
        .filter(|l| l.text.contains("timer fired"))
        .map(|l| l.time_ms)
        .max()
        .unwrap();
    assert!(
        last_fired <= 3000,
        "no timer fired after timers became manual again (last at {last_fired} ms)"
    );
}

#[test]
fn a_candidate_is_shown_with_its_vote_count_in_words() {
    let scenario = consensus_core::scenario::parse(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual", "steps": [{"timeout": 1}]}"#,
    )
    .unwrap();
    let mut run = consensus_core::run::AnyRun::new(scenario).unwrap();
    run.seek(u64::MAX);
    assert_eq!(run.display().nodes[0].role, "candidate (1 vote)");
}

#[test]
fn messages_and_nodes_show_their_fields_in_figure_2_names() {
    let scenario = consensus_core::scenario::parse(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
            "steps": [{"timeout": 1}, {"deliver": [1, 2]}]}"#,
    )
    .unwrap();
    let mut run = consensus_core::run::AnyRun::new(scenario).unwrap();
    run.seek(u64::MAX);
    let state = run.display();
    let contents: Vec<(&str, String)> = state
        .in_flight
        .iter()
        .map(|m| (m.kind, run.message_contents(m.id).unwrap()))
        .collect();
    let has = |kind: &str, text: &str| contents.iter().any(|(k, c)| *k == kind && c == text);
    assert!(
        has("RequestVote", "term=1 lastLogIndex=0 lastLogTerm=0"),
        "{contents:?}"
    );
    assert!(has("RequestVoteReply", "term=1 voteGranted=true"), "{contents:?}");
    assert_eq!(
        state.nodes[1].facts,
        "follower currentTerm=1 votedFor=1 commitIndex=0 log=0 entries configuration={1, 2, 3}"
    );
}

#[test]
fn a_snapshot_in_the_run_output_carries_every_message_s_contents() {
    let r =
        run(r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual", "steps": [{"timeout": 1}]}"#);
    let in_flight = field(&r.final_state, "in_flight").as_array().unwrap();
    assert_eq!(in_flight.len(), 2);
    for m in in_flight {
        assert_eq!(field(m, "contents"), "term=1 lastLogIndex=0 lastLogTerm=0");
    }
}
