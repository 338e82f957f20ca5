//! Every scenario in `scenarios/` parses, runs clean, and tells the story its description tells
//! (the Raft stories' detailed outcomes are asserted in raft_*.rs; this file covers them all).

mod common;
use common::*;

fn stories() -> Vec<std::path::PathBuf> {
    let dir = story_path("");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_story_has_a_name_and_a_description_and_runs_without_violations_unless_it_says_why() {
    let files = stories();
    assert!(files.len() >= 6, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let scenario = consensus_core::scenario::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(
            scenario.name.is_some() && scenario.description.is_some(),
            "{}",
            file.display()
        );
        let description = scenario.description.as_deref().unwrap();
        // Every pane tells its part: a story of several panes runs each with its settings.
        for pane in scenario.panes() {
            let variant = scenario.for_pane(&pane);
            let report = consensus_core::scenario::run(&variant).unwrap();
            let at = format!("{} ({})", file.display(), pane.key());
            check_story_pane(&variant, &report, description, &at);
        }
    }
}

/// A pane with no bug switch runs clean (unless the description says why not); one with
/// a bug switch shows the violation its description names (or, for a stale read, a
/// history the description calls not linearizable).
fn check_story_pane(
    scenario: &consensus_core::scenario::Scenario,
    report: &consensus_core::scenario::RunReport,
    description: &str,
    at: &str,
) {
    if scenario.config.bugs.is_empty() {
        // A protocol run outside its assumptions (three-phase commit under a partition)
        // may break what its description says, with no bug switch on; nothing else.
        let outside_assumptions = description.to_lowercase().contains("no bug switch");
        assert!(
            report.violations.is_empty()
                || (outside_assumptions && report.violations.iter().all(|v| description.contains(v.invariant))),
            "{at}: {:?}",
            report.violations
        );
    } else if report.linearizable == Some(false) {
        assert!(description.contains("not linearizable"), "{at}");
        return;
    } else {
        // A story with a bug switch shows the violation its description names.
        assert!(
            report.violations.iter().any(|v| description.contains(v.invariant)),
            "{at}: {:?}",
            report.violations
        );
    }
    assert_ne!(report.linearizable, Some(false), "{at}");
}

#[test]
fn the_first_election_story_ends_with_one_leader_in_term_1() {
    let r = run_story("raft-first-election.json");
    assert_eq!(role(&r.snapshots["candidate"], 1), "candidate");
    assert_eq!(leaders(&r.final_state), vec![1]);
    for id in 2..=5 {
        assert_eq!(node(&r.final_state, id)["leader"], 1, "node {id} knows its leader");
    }
}
