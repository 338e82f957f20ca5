//! Guided tours show the decisive moment: role changes, commits, overwrites, crashes and
//! decisions are never collapsed into "more", a `snapshot` or `caption` step is not a stop,
//! a story's captions land on the stop they explain, and a comparison's tour tells every
//! protocol's side.

mod common;
use consensus_core::run::{AnyRun, Lockstep, TourStop, tour, tour_of_panes};
use consensus_core::scenario;

fn story(name: &str) -> scenario::Scenario {
    scenario::parse(&std::fs::read_to_string(common::story_path(name)).unwrap()).unwrap()
}

fn texts(stop: &TourStop) -> Vec<&str> {
    stop.happened.iter().map(|l| l.text.as_str()).collect()
}

#[test]
fn a_tour_never_hides_a_decisive_event_behind_more_events() {
    for entry in std::fs::read_dir(common::story_path("")).unwrap() {
        let path = entry.unwrap().path();
        let scenario = scenario::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let run = AnyRun::new(scenario).unwrap();
        let lines = run.all_lines();
        let stops = tour(&run);
        let mut from = 0;
        for stop in &stops {
            let upto = lines.partition_point(|l| l.moment <= stop.moment);
            let decisive: std::collections::BTreeSet<&str> = lines[from..upto]
                .iter()
                .filter(|l| l.decisive)
                .map(|l| l.text.as_str())
                .collect();
            let shown: std::collections::BTreeSet<&str> = texts(stop).into_iter().collect();
            if decisive.len() <= 10 {
                assert!(
                    decisive.is_subset(&shown),
                    "{path:?}, stop “{}”: {decisive:?} not all in {shown:?}",
                    stop.action
                );
            }
            from = upto;
        }
    }
}

#[test]
fn figure_8s_overwrite_and_new_leader_are_listed_at_their_stop_with_the_authors_caption() {
    let run = AnyRun::new(story("raft-figure-8.json")).unwrap();
    let stops = tour(&run);
    let overwrite = stops
        .iter()
        .find(|s| texts(s).iter().any(|t| t.contains("deleted 1 conflicting entry")))
        .expect("a stop shows the overwrite");
    let shown = texts(overwrite);
    assert!(
        shown.contains(&"5 became leader for term 5 with votes from 2, 3, 5"),
        "{shown:?}"
    );
    for node in [2, 3, 4] {
        assert!(
            shown.contains(&format!("{node} deleted 1 conflicting entry from index 2 on").as_str()),
            "{shown:?}"
        );
    }
    let caption = overwrite
        .caption
        .as_deref()
        .expect("the overwrite has the author's caption");
    assert!(
        caption.contains("overwrites index 2") && caption.contains("§5.4.1"),
        "{caption}"
    );
    let majority = stops
        .iter()
        .find(|s| s.caption.as_deref().is_some_and(|c| c.contains("majority of five")))
        .expect("the stop where a majority stores (2, 2) says why it is not committed");
    assert!(majority.caption.as_deref().unwrap().contains("§5.4.2"));
    assert!(
        stops.iter().all(|s| !s.action.contains("recorded as")),
        "snapshot steps are not stops"
    );
}

#[test]
fn a_step_that_only_moves_messages_lists_them_with_their_contents() {
    let run = AnyRun::new(story("raft-figure-8.json")).unwrap();
    let stops = tour(&run);
    let reply = &stops[5];
    assert_eq!(reply.action, "The message from 2 to 1 is delivered now.");
    assert_eq!(
        texts(reply),
        vec!["1 received RequestVoteReply from 2 (term=4 voteGranted=true)"]
    );
}

#[test]
fn the_comparison_tour_tells_raft_electing_a_new_leader_and_two_phase_commit_waiting() {
    let scenario = story("compare-coordinator-crash.json");
    let panes = Lockstep::new(&scenario).unwrap().panes;
    let stops = tour_of_panes(&panes);
    let crash = stops.iter().position(|s| s.action == "Node 1 crashes.").unwrap();
    let before: Vec<&str> = stops[..crash].iter().flat_map(texts).collect();
    assert!(
        before.iter().any(|t| t.starts_with("Raft: 1 became leader for term 1")),
        "node 1 is Raft's leader when it crashes: {before:?}"
    );
    assert!(
        stops[crash]
            .caption
            .as_deref()
            .unwrap()
            .contains("Raft's leader and two-phase commit's coordinator")
    );
    let after: Vec<&str> = stops[crash..].iter().flat_map(texts).collect();
    assert!(
        after
            .iter()
            .any(|t| t.starts_with("Raft: ") && t.contains("became leader for term 2")),
        "{after:?}"
    );
    assert!(
        after
            .iter()
            .any(|t| t.starts_with("Two-phase commit: ") && t.contains("not the leader, try 1")),
        "two-phase commit sends its clients back to the dead coordinator: {after:?}"
    );
    assert!(
        after
            .iter()
            .any(|t| t.starts_with("Paxos: ") && t.contains("is chosen"))
    );
}
