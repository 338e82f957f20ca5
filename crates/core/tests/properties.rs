//! Properties over random schedules with random faults: correct Raft never breaks an
//! invariant or linearizability, and every recorded schedule replays to the same state.
#![cfg(not(target_family = "wasm"))]

use consensus_core::explore::{ExploreOptions, replay, run_schedule};
use consensus_core::scenario::ProtocolName;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn correct_raft_breaks_no_invariant_under_random_faults(seed in any::<u64>(), nodes in 1u32..=7) {
        let outcome = run_schedule(&ExploreOptions::raft(nodes, seed), 0).unwrap();
        if let Some(found) = outcome.counterexample {
            let scenario = serde_json::to_string(&found.scenario).unwrap();
            prop_assert!(false, "{:?}\nreplay: {scenario}", found.violations);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn correct_two_phase_commit_and_paxos_break_no_invariant_under_random_faults(seed in any::<u64>(), nodes in 2u32..=6, paxos in any::<bool>()) {
        let protocol = if paxos { ProtocolName::Paxos } else { ProtocolName::TwoPhaseCommit };
        let outcome = run_schedule(&ExploreOptions::new(protocol, nodes, seed), 0).unwrap();
        if let Some(found) = outcome.counterexample {
            let scenario = serde_json::to_string(&found.scenario).unwrap();
            prop_assert!(false, "{:?}\nreplay: {scenario}", found.violations);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn a_counterexample_replays_to_the_same_violation(seed in 0u64..1000) {
        let mut options = ExploreOptions::raft(3, seed);
        options.bugs = vec!["skip_up_to_date_check".into()];
        if let Some(found) = run_schedule(&options, 0).unwrap().counterexample {
            let text = serde_json::to_string(&found.scenario).unwrap();
            let reread = consensus_core::scenario::parse(&text).unwrap();
            prop_assert_eq!(replay(&reread), found.violations);
        }
    }
}

#[test]
fn random_schedules_produce_answered_histories_that_the_checker_decides() {
    let mut answered = 0;
    for schedule in 0..50 {
        let outcome = run_schedule(&ExploreOptions::raft(5, 3), schedule).unwrap();
        let report = consensus_core::scenario::run(&outcome.scenario).unwrap();
        answered += report.clients.iter().filter(|c| c.answer.is_some()).count();
        assert_eq!(report.linearizable, Some(true), "schedule {schedule}");
        assert!(
            report.clients.iter().all(|c| c.answer.is_some()),
            "after recovery every request is answered"
        );
    }
    assert!(answered > 500, "{answered} answered operations");
}
