//! Every bug switch is caught by the explorer within a bounded number of schedules, and
//! correct Raft runs clean over as many.

use consensus_core::bug::{BugSwitch, registry};
use consensus_core::explore::{ExploreOptions, explore};
use consensus_core::raft::RaftBug;
use consensus_core::scenario::ProtocolName;

/// The most schedules any bug switch may need (the Figure 8 bug, the hardest to hit, needs
/// about 2,000 on 3 nodes from seed 1).
const BOUND: u64 = 10_000;

fn first_violation(bug: RaftBug, nodes: u32) -> (u64, &'static str, usize) {
    let mut options = ExploreOptions::raft(nodes, 1);
    options.bugs = vec![bug.name().to_string()];
    let report = explore(&options, BOUND).unwrap();
    let found = report
        .counterexample
        .unwrap_or_else(|| panic!("{bug} not caught in {BOUND} schedules"));
    (
        report.schedules,
        found.violations[0].invariant,
        found.scenario.steps.len(),
    )
}

#[test]
fn explore_catches_counting_previous_term_entries_toward_commit() {
    let (_, invariant, _) = first_violation(RaftBug::CountPreviousTermEntries, 3);
    assert!(
        ["Leader Completeness", "State Machine Safety"].contains(&invariant),
        "{invariant}"
    );
}

#[test]
fn explore_catches_voting_without_the_up_to_date_check() {
    let (schedules, invariant, _) = first_violation(RaftBug::SkipUpToDateCheck, 5);
    assert!(schedules < 100, "{schedules}");
    assert!(
        ["Leader Completeness", "State Machine Safety"].contains(&invariant),
        "{invariant}"
    );
}

#[test]
fn explore_catches_forgetting_voted_for_on_restart() {
    let (_, invariant, _) = first_violation(RaftBug::ForgetVotedForOnRestart, 5);
    assert_eq!(invariant, "Election Safety");
}

#[test]
fn counterexamples_are_shrunk_to_a_few_dozen_steps() {
    let (_, _, steps) = first_violation(RaftBug::SkipUpToDateCheck, 3);
    assert!(steps <= 40, "{steps} steps");
}

#[test]
fn correct_raft_runs_clean_over_thousands_of_schedules() {
    for nodes in [3, 5] {
        let report = explore(&ExploreOptions::raft(nodes, 99), 2_000).unwrap();
        assert_eq!(report.schedules, 2_000);
        assert!(
            report.counterexample.is_none(),
            "{:?}",
            report.counterexample.map(|c| c.violations)
        );
    }
}

fn first_violation_of(protocol: ProtocolName, bug: &str, nodes: u32) -> &'static str {
    let mut options = ExploreOptions::new(protocol, nodes, 1);
    options.bugs = vec![bug.to_string()];
    let report = explore(&options, BOUND).unwrap();
    report
        .counterexample
        .unwrap_or_else(|| panic!("{bug} not caught in {BOUND} schedules"))
        .violations[0]
        .invariant
}

#[test]
fn explore_catches_a_two_phase_commit_participant_deciding_alone() {
    assert_eq!(
        first_violation_of(ProtocolName::TwoPhaseCommit, "participant_decides_alone", 3),
        "Atomic Commit"
    );
}

#[test]
fn explore_catches_a_paxos_proposer_ignoring_promised_values() {
    assert_eq!(
        first_violation_of(ProtocolName::Paxos, "ignore_promised_values", 3),
        "At Most One Value Chosen"
    );
}

#[test]
fn correct_two_phase_commit_and_paxos_run_clean_over_thousands_of_schedules() {
    for protocol in [ProtocolName::TwoPhaseCommit, ProtocolName::Paxos] {
        for nodes in [3, 5] {
            let report = explore(&ExploreOptions::new(protocol, nodes, 42), 1_500).unwrap();
            assert!(
                report.counterexample.is_none(),
                "{protocol:?}: {:?}",
                report
                    .counterexample
                    .map(|c| (c.violations, serde_json::to_string(&c.scenario).unwrap()))
            );
        }
    }
}

#[test]
fn the_docs_table_lists_every_bug_switch_of_the_registry_exactly() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/scenarios.md")).unwrap();
    let rows: Vec<&str> = docs
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains("| `") && l.ends_with(" |"))
        .collect();
    for bug in registry() {
        let row = format!(
            "| {} | `{}` | {} | {} |",
            bug.protocol.title(),
            bug.name,
            bug.title,
            bug.breaks
        );
        assert!(rows.contains(&row.as_str()), "docs/scenarios.md lacks the row\n{row}");
    }
    let table = docs.split("### Bug switches").nth(1).expect("a bug switch section");
    let listed = table
        .split("\n## ")
        .next()
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains("| `"))
        .count();
    assert_eq!(listed, registry().len(), "one row per switch, no stale ones");
}
