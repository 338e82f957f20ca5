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
        let report = consensus_core::scenario::run(&scenario).unwrap();
        let description = scenario.description.as_deref().unwrap();
        if scenario.config.bugs.is_empty() && !description.contains("No bug switch is on") {
            assert!(
                report.violations.is_empty(),
                "{}: {:?}",
                file.display(),
                report.violations
            );
        } else if scenario.config.bugs.is_empty() {
            // A protocol run outside its assumptions (three-phase commit under a partition)
            // breaks what its description says, with no bug switch on.
            assert!(
                !report.violations.is_empty() && report.violations.iter().all(|v| description.contains(v.invariant)),
                "{}: {:?}",
                file.display(),
                report.violations
            );
        } else {
            // A story with a bug switch shows the violation its description names.
            assert!(
                report.violations.iter().any(|v| description.contains(v.invariant)),
                "{}: {:?}",
                file.display(),
                report.violations
            );
        }
        assert_ne!(report.linearizable, Some(false), "{}", file.display());
    }
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
