//! Log replication and commitment, as Figure 2 and §5.3 / §5.4.2 of the Raft paper state them.

mod common;
use common::*;

/// Three nodes, 1 elected leader of term 1 and everything delivered.
const ELECTED: &str = r#"{"timeout": 1}, {"stabilize": true}"#;

fn manual(nodes: u32, initial: &str, steps: &str) -> consensus_core::scenario::RunReport {
    run(&format!(
        r#"{{"protocol": "raft", "nodes": {nodes}, "timers": "manual", "network": "manual",
            "initial": [{initial}], "steps": [{steps}]}}"#
    ))
}

#[test]
fn a_client_command_is_answered_only_after_it_commits() {
    let r = manual(
        3,
        "",
        &format!(
            r#"{ELECTED}, {{"client": {{"node": 1, "command": "set x 1"}}}},
        {{"deliver": [1, 2]}}, {{"snapshot": "appended"}}, {{"deliver": [2, 1]}}"#
        ),
    );
    let appended = &r.snapshots["appended"];
    assert_eq!(terms(appended, 2), vec![1]);
    assert_eq!(commit_index(appended, 1), 0);
    assert_eq!(commit_index(&r.final_state, 1), 1, "leader + 2 are a majority of 3");
    let lines: Vec<&str> = r.trace.as_ref().unwrap().iter().map(|l| l.text.as_str()).collect();
    let committed = lines
        .iter()
        .position(|l| l.contains("1 committed entry 1: 2 of 3 nodes store it, a majority"))
        .unwrap();
    let answered = lines
        .iter()
        .position(|l| l.contains("1 answered request #1: done"))
        .unwrap();
    assert!(
        committed < answered,
        "answered at line {answered}, committed at line {committed}"
    );
}

#[test]
fn an_unanswered_command_stays_open_while_no_majority_stores_it() {
    let r = manual(
        3,
        "",
        &format!(
            r#"{ELECTED}, {{"client": {{"node": 1, "command": "set x 1"}}}},
        {{"drop": [1, 2]}}, {{"drop": [1, 3]}}"#
        ),
    );
    assert!(r.clients[0].answer.is_none());
    assert_eq!(commit_index(&r.final_state, 1), 0);
}

#[test]
fn followers_learn_the_commit_index_from_the_next_append_entries() {
    let r = manual(
        3,
        "",
        &format!(
            r#"{ELECTED}, {{"client": {{"node": 1, "command": "set x 1"}}}},
        {{"stabilize": true}}, {{"snapshot": "leader-committed"}}, {{"timeout": 1}}, {{"stabilize": true}}"#
        ),
    );
    let before = &r.snapshots["leader-committed"];
    assert_eq!((commit_index(before, 1), commit_index(before, 2)), (1, 0));
    assert_eq!(
        (commit_index(&r.final_state, 2), commit_index(&r.final_state, 3)),
        (1, 1)
    );
    assert_eq!(node(&r.final_state, 3)["kv"]["x"], "1");
}

#[test]
fn a_client_request_to_a_follower_is_redirected_to_the_leader() {
    let r = manual(
        3,
        "",
        &format!(r#"{ELECTED}, {{"client": {{"node": 3, "command": "set x 1"}}}}, {{"stabilize": true}}"#),
    );
    assert!(trace_has(&r, "3 is not the leader: it pointed the client to 1"));
    assert!(trace_has(&r, "1 appended `set x 1` at index 1 (term 1)"));
    assert_eq!(r.clients[0].attempts, 2);
    assert!(r.clients[0].answer.is_some());
}

#[test]
fn a_client_that_finds_no_leader_retries_later_until_the_command_commits() {
    let r = run(r#"{"protocol": "raft", "nodes": 3, "seed": 4,
        "steps": [{"client": {"node": 2, "command": "set x 1"}}, {"run_ms": 2000}]}"#);
    assert!(trace_has(
        &r,
        "2 is not the leader and knows no leader: the client will retry"
    ));
    assert!(r.clients[0].answer.is_some());
    assert_eq!(r.linearizable, Some(true));
}

#[test]
fn append_entries_is_refused_when_the_log_has_no_entry_matching_prev_log_index_and_term() {
    // 2 has (2, term 1) but 1 says (2, term 2): refused; 1 backs up and repairs.
    let r = manual(
        3,
        r#"{"node": 1, "log": [1, 2]}, {"node": 2, "log": [1, 1]}, {"node": 3, "log": [1, 2]}"#,
        r#"{"timeout": 1}, {"stabilize": true}"#,
    );
    assert!(trace_has(
        &r,
        "2 refused AppendEntries from 1: its entry at index 2 has term 1, not 2"
    ));
    assert!(trace_has(&r, "1 moved 2's nextIndex back to 2"));
    assert_eq!(terms(&r.final_state, 2), vec![1, 2]);
}

#[test]
fn a_follower_deletes_a_conflicting_entry_and_everything_after_it() {
    let r = manual(
        3,
        r#"{"node": 1, "term": 2, "log": [1, 2]}, {"node": 2, "term": 1, "log": [1, 1, 1, 1]}"#,
        r#"{"timeout": 1}, {"stabilize": true}"#,
    );
    assert!(trace_has(&r, "2 deleted 3 conflicting entries from index 2 on"));
    assert_eq!(terms(&r.final_state, 2), terms(&r.final_state, 1));
}

#[test]
fn a_late_shorter_append_entries_does_not_truncate_matching_entries() {
    // Two AppendEntries to 2: the first carries entry 1, the second entries 1 and 2.
    // Delivered in reverse order, the older one must not remove entry 2.
    let r = manual(
        3,
        "",
        &format!(
            r#"{ELECTED},
        {{"client": {{"node": 1, "command": "set x 1"}}}},
        {{"client": {{"node": 1, "command": "set x 2"}}}},
        {{"deliver": [1, 2, 2]}}, {{"deliver": [1, 2]}}"#
        ),
    );
    assert_eq!(terms(&r.final_state, 2), vec![1, 1]);
}

#[test]
fn the_commit_index_a_follower_adopts_is_capped_at_the_last_new_entry() {
    // 3 missed everything; the leader's first AppendEntries to it after the repair carries
    // leaderCommit 2 but only the entries it has confirmed matching.
    let r = manual(
        3,
        "",
        &format!(
            r#"{ELECTED},
        {{"client": {{"node": 1, "command": "set x 1"}}}}, {{"drop": [1, 3]}},
        {{"deliver": [1, 2]}}, {{"deliver": [2, 1]}},
        {{"client": {{"node": 1, "command": "set x 2"}}}}, {{"drop": [1, 3]}},
        {{"deliver": [1, 2]}}, {{"deliver": [2, 1]}},
        {{"timeout": 1}}, {{"stabilize": true}}"#
        ),
    );
    assert_eq!(commit_index(&r.final_state, 3), 2);
    assert!(r.violations.is_empty());
}

#[test]
fn figure_7_every_follower_log_is_repaired_to_the_leaders_once_it_appends_in_its_term() {
    // The leader (node 1) and followers (a) to (f) of Figure 7.
    let r = manual(
        7,
        r#"
        {"node": 1, "term": 7, "log": [1,1,1,4,4,5,5,6,6,6]},
        {"node": 2, "term": 6, "log": [1,1,1,4,4,5,5,6,6]},
        {"node": 3, "term": 4, "log": [1,1,1,4]},
        {"node": 4, "term": 6, "log": [1,1,1,4,4,5,5,6,6,6,6]},
        {"node": 5, "term": 7, "log": [1,1,1,4,4,5,5,6,6,6,7,7]},
        {"node": 6, "term": 4, "log": [1,1,1,4,4,4,4]},
        {"node": 7, "term": 3, "log": [1,1,1,2,2,2,3,3,3,3,3]}"#,
        r#"{"timeout": 1}, {"stabilize": true}, {"snapshot": "elected"},
           {"client": {"node": 1, "command": "set x 8"}}, {"stabilize": true},
           {"timeout": 1}, {"stabilize": true}"#,
    );
    let elected = &r.snapshots["elected"];
    assert_eq!(role(elected, 1), "leader");
    assert_eq!(term(elected, 1), 8);
    let leader_log = terms(&r.final_state, 1);
    assert_eq!(leader_log, vec![1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 8]);
    for id in 2..=7 {
        assert_eq!(terms(&r.final_state, id), leader_log, "follower {id}");
        assert_eq!(commit_index(&r.final_state, id), 11, "follower {id}");
    }
    assert!(r.violations.is_empty());
}

#[test]
fn a_lagging_follower_is_repaired_by_moving_next_index_back_one_entry_at_a_time() {
    let r = run_story("raft-lagging-follower.json");
    let repaired = &r.snapshots["repaired"];
    assert_eq!(terms(repaired, 3), terms(repaired, 1));
    let backups = r
        .trace
        .as_ref()
        .unwrap()
        .iter()
        .filter(|l| l.text.contains("moved 3's nextIndex back"))
        .count();
    assert_eq!(backups, 4, "nextIndex 6 -> 5 -> 4 -> 3 -> 2");
    assert_eq!(commit_index(&r.final_state, 3), 6);
    assert_eq!(node(&r.final_state, 3)["kv"]["z"], "4");
}

#[test]
fn figure_8_an_earlier_term_entry_stored_on_a_majority_is_not_committed_and_may_be_overwritten() {
    let r = run_story("raft-figure-8.json");
    let stored = &r.snapshots["majority-stores-term-2-entry"];
    for id in [1, 2, 3] {
        assert_eq!(terms(stored, id), vec![1, 2], "node {id}");
    }
    assert_eq!(
        commit_index(stored, 1),
        0,
        "a term-2 entry is not committed by a term-4 leader"
    );
    let overwritten = &r.snapshots["overwritten"];
    assert_eq!(leaders(overwritten), vec![5]);
    for id in [2, 3] {
        assert_eq!(terms(overwritten, id), vec![1, 3], "node {id}");
    }
    assert!(r.violations.is_empty(), "{:?}", r.violations);
    assert_eq!(node(&r.final_state, 2)["kv"]["x"], "5");
}

#[test]
fn figure_8_with_the_previous_term_counting_bug_loses_a_committed_entry_and_the_checker_says_so() {
    let mut scenario: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(story_path("raft-figure-8.json")).unwrap()).unwrap();
    scenario["config"] = serde_json::json!({"bugs": ["count_previous_term_entries"]});
    let r = run(&scenario.to_string());
    assert_eq!(commit_index(&r.snapshots["majority-stores-term-2-entry"], 1), 2);
    assert_eq!(broken(&r), vec!["Leader Completeness", "State Machine Safety"]);
    assert_eq!(
        r.violations[0].message,
        "5 became leader of term 5 without the entry at index 2 (term 2) that 1 committed in term 4"
    );
}

#[test]
fn figure_8_once_an_entry_of_the_current_term_commits_the_stale_candidate_cannot_win() {
    let r = manual(
        5,
        r#"
        {"node": 1, "term": 3, "log": [1, 2]}, {"node": 2, "term": 3, "log": [1, 2]},
        {"node": 3, "term": 3, "log": [1]}, {"node": 4, "term": 3, "log": [1]},
        {"node": 5, "term": 3, "log": [1, 3]}"#,
        r#"{"crash": 5}, {"timeout": 1}, {"stabilize": true},
           {"client": {"node": 1, "command": "set x 4"}}, {"stabilize": true},
           {"crash": 1}, {"restart": 5}, {"timeout": 5}, {"stabilize": true}, {"timeout": 5}, {"stabilize": true}"#,
    );
    assert!(trace_has(&r, "1 committed entries 1 to 3"));
    assert!(
        leaders(&r.final_state).is_empty(),
        "5's last term 3 loses to the voters' 4"
    );
    assert!(trace_has(
        &r,
        "refused to vote for 5: its log is more up to date (last term 4 > 3)"
    ));
    assert!(r.violations.is_empty());
}

#[test]
fn a_no_op_entry_on_election_commits_entries_of_earlier_terms() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
        "config": {"noop_on_election": true},
        "initial": [{"node": 1, "term": 2, "log": [1, 2]}, {"node": 2, "term": 2, "log": [1, 2]}],
        "steps": [{"timeout": 1}, {"stabilize": true}]}"#,
    );
    assert_eq!(terms(&r.final_state, 1), vec![1, 2, 3]);
    assert!(field(&field(node(&r.final_state, 1), "log")[2], "command").is_null());
    assert_eq!(commit_index(&r.final_state, 1), 3);
}

#[test]
fn without_a_no_op_earlier_term_entries_wait_for_a_command_of_the_new_term() {
    let r = run(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
        "initial": [{"node": 1, "term": 2, "log": [1, 2]}, {"node": 2, "term": 2, "log": [1, 2]}],
        "steps": [{"timeout": 1}, {"stabilize": true}]}"#,
    );
    assert_eq!(terms(&r.final_state, 1), vec![1, 2]);
    assert_eq!(commit_index(&r.final_state, 1), 0);
}

#[test]
fn a_retried_request_appended_twice_is_applied_once() {
    // `set x 1` reaches 2, then leader 1 crashes without answering. 2 leads term 2 and
    // appends `set x 2`; then the client's timeout makes it retry `set x 1` at 2, which
    // appends it again at index 3. Applying index 3 again would set x back to 1.
    let r = run(
        r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
        "config": {"client_timeout_ms": 50},
        "steps": [{"timeout": 1}, {"stabilize": true},
                  {"client": {"node": 1, "command": "set x 1"}}, {"deliver": [1, 2]}, {"crash": 1},
                  {"timeout": 2}, {"stabilize": true}, {"run_ms": 30},
                  {"client": {"node": 2, "command": "set x 2"}}, {"drop": [2, 3]}, {"run_ms": 30},
                  {"stabilize": true}, {"timeout": 2}, {"stabilize": true}]}"#,
    );
    assert!(
        trace_has(&r, "2 appended `set x 1` at index 3 (term 2)"),
        "the retry was appended again"
    );
    let s = &r.final_state;
    assert_eq!(commit_index(s, 2), 3);
    assert_eq!(node(s, 2)["kv"]["x"], "2");
    assert_eq!(node(s, 3)["kv"]["x"], "2");
    assert!(r.clients.iter().all(|c| c.answer.is_some()));
    assert_eq!(r.linearizable, Some(true));
}
