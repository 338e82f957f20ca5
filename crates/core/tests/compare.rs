//! The same scenario under every protocol, and the metrics that tell them apart.

mod common;
use consensus_core::scenario;

#[test]
fn when_the_coordinator_crashes_two_phase_commit_blocks_while_raft_and_paxos_keep_committing() {
    let text = std::fs::read_to_string(common::story_path("compare-coordinator-crash.json")).unwrap();
    let report = scenario::compare(&scenario::parse(&text).unwrap()).unwrap();
    let m = |p: &str| report.protocols[p].metrics.clone();
    let (raft, two_phase, paxos) = (m("raft"), m("two_phase_commit"), m("paxos"));
    assert_eq!(raft.committed, 9, "{raft:?}");
    assert_eq!(paxos.committed, 9, "{paxos:?}");
    assert_eq!(two_phase.committed, 2, "only the transactions decided before the crash");
    assert_eq!(
        two_phase.open, 7,
        "the third, prepared everywhere, and the rest wait for the coordinator"
    );
    // The crash comes after every participant voted Yes on the third write: they are
    // blocked, prepared and holding their locks, to the end.
    let end = &report.protocols["two_phase_commit"].result.final_state;
    for participant in &end["nodes"].as_array().unwrap()[1..] {
        assert_eq!(participant["transactions"]["3"], "prepared", "{participant}");
        assert_eq!(participant["blocked"], serde_json::json!([3]), "{participant}");
    }
    assert!(two_phase.blocked_ms > 0);
    assert!(
        two_phase.unable_to_commit_ms > 10 * raft.unable_to_commit_ms.max(1),
        "{two_phase:?} vs {raft:?}"
    );
    assert_eq!(paxos.unable_to_commit_ms, 0);
    for p in ["raft", "two_phase_commit", "paxos"] {
        assert!(report.protocols[p].result.violations.is_empty(), "{p}");
    }
}

#[test]
fn metrics_count_latency_messages_and_blocking_for_a_known_run() {
    let r = common::run_story("2pc-happy-path.json");
    let m = &r.metrics;
    assert_eq!(m.committed, 2);
    assert_eq!(
        m.messages_sent, 16,
        "Prepare, Vote, Commit, Ack to and from two participants, twice"
    );
    assert_eq!(m.messages_per_commit, Some(8.0));
    let latencies: Vec<u64> = r.clients.iter().filter_map(|c| c.latency()).collect();
    assert_eq!(m.latency_p99_ms, latencies.iter().max().copied());
    assert!(m.blocked_ms > 0, "participants wait between their Yes and the decision");
    assert_eq!(m.unable_to_commit_ms, 0);
}

#[test]
fn vote_no_steps_are_left_out_of_the_protocols_they_do_not_apply_to() {
    let text = r#"{"protocol": "two_phase_commit", "protocols": ["two_phase_commit", "raft"], "nodes": 3,
        "steps": [{"vote_no": 2}, {"client": {"node": 1, "command": "set x 1"}}, {"run_ms": 2000}]}"#;
    let report = scenario::compare(&scenario::parse(text).unwrap()).unwrap();
    assert_eq!(report.protocols["two_phase_commit"].metrics.aborted, 1);
    assert_eq!(report.protocols["raft"].metrics.committed, 1);
}

/// Messages per commit counts what a commit needed: for one write on five Raft nodes, the
/// election's RequestVote and replies (4 + 4) and the entry's AppendEntries and replies
/// (4 + 4) — not the leader's heartbeats, which are counted apart, per second.
#[test]
fn messages_per_commit_leaves_heartbeats_out_and_counts_them_per_second() {
    let r = common::run(
        r#"{"protocol": "raft", "nodes": 5, "seed": 1, "steps": [{"run_ms": 600},
            {"client": {"node": 1, "command": "set a 1"}}, {"run_ms": 1400}]}"#,
    );
    let m = &r.metrics;
    assert_eq!(m.committed, 1);
    assert_eq!(m.messages_per_commit, Some(16.0), "{m:?}");
    assert_eq!(m.messages_sent - m.heartbeats_sent, 16);
    // A leader of five sends 4 heartbeats every 50 ms and gets 4 answers: 160 a second
    // while it leads (here from about 190 ms of the 2 s).
    let per_second = m.heartbeats_per_second.unwrap();
    assert!((130.0..=160.0).contains(&per_second), "{per_second}");
    // Two-phase commit sends no keep-alives.
    let two_phase = common::run_story("2pc-happy-path.json");
    assert_eq!(two_phase.metrics.heartbeats_sent, 0);
    assert_eq!(two_phase.metrics.messages_per_commit, Some(8.0));
}
