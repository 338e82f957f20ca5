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
            .contains("Node 1, Raft's leader and two-phase commit's coordinator, crashed")
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
            .any(|t| t.starts_with("Two-phase commit: ") && t.contains("sent on to node 1")),
        "two-phase commit sends its clients back to the dead coordinator: {after:?}"
    );
    assert!(
        after
            .iter()
            .any(|t| t.starts_with("Paxos: ") && t.contains("is chosen"))
    );
}

/// Each pane as a run of the scenario's first `steps` steps alone shows it at its end.
fn prefix_display(
    run: &AnyRun,
    steps: usize,
) -> consensus_core::sim::ClusterState<consensus_core::display::NodeDisplay> {
    let mut prefix = run.recording().clone();
    prefix.steps.truncate(steps);
    let mut alone = AnyRun::new(prefix).unwrap();
    alone.seek(alone.end());
    alone.display()
}

/// A stop shows the moment after its step and before the next, in every pane: the
/// comparison's stop for a stretch of time does not already show the crash or client
/// request that follows it at the same virtual time (seeking by time did).
#[test]
fn every_stop_of_the_comparison_shows_each_pane_after_its_step_and_before_the_next() {
    let scenario = story("compare-coordinator-crash.json");
    let mut panes = Lockstep::new(&scenario).unwrap();
    let stops = tour_of_panes(&panes.panes);
    assert!(stops.len() > 10);
    for stop in &stops {
        panes.seek_step_end(stop.step);
        for run in &panes.panes {
            assert_eq!(
                run.display().nodes,
                prefix_display(run, stop.step + 1).nodes,
                "{}, stop “{}” (step {})",
                run.protocol().title(),
                stop.action,
                stop.step
            );
        }
    }
    // The crash is seen at its own stop, not at the stop of the time before it.
    let crash = stops.iter().position(|s| s.action.contains("crashes")).unwrap();
    panes.seek_step_end(stops[crash - 1].step);
    assert!(panes.panes.iter().all(|run| run.is_up(1)));
    panes.seek_step_end(stops[crash].step);
    assert!(panes.panes.iter().all(|run| !run.is_up(1)));
}

/// A stop lists every event a node explained (a role, term, log, nextIndex or commit
/// change, a decision, a fault, a client's request): it folds only messages and timers,
/// and repeats of a kind of line only past 24 lines, in a liveness bug's endless rounds.
#[test]
fn a_stop_folds_no_explained_event_below_its_limit() {
    use consensus_core::run::EventClass;
    for entry in std::fs::read_dir(common::story_path("")).unwrap() {
        let path = entry.unwrap().path();
        let scenario = scenario::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if !scenario.protocols.is_empty() {
            continue;
        }
        let run = AnyRun::new(scenario).unwrap();
        let lines = run.all_lines();
        let mut from = 0;
        for stop in &tour(&run) {
            let upto = lines.partition_point(|l| l.moment <= stop.moment).max(from);
            let explained: std::collections::BTreeSet<&str> = lines[from..upto]
                .iter()
                .filter(|l| !matches!(l.class, EventClass::Traffic | EventClass::Timer))
                .map(|l| l.text.as_str())
                .collect();
            let shown: std::collections::BTreeSet<&str> = texts(stop).into_iter().collect();
            if explained.len() <= 24 {
                assert!(
                    explained.is_subset(&shown),
                    "{path:?}, stop “{}” folds {:?}",
                    stop.action,
                    explained.difference(&shown).collect::<Vec<_>>()
                );
            } else {
                assert!(shown.len() >= 24 || stop.more > 0, "{path:?}, stop “{}”", stop.action);
            }
            from = upto;
        }
    }
}

/// The lagging follower's story is the nextIndex backtracking: every refusal and every
/// step back is listed at its stop, none folded into "more".
#[test]
fn the_lagging_followers_backtracking_is_listed_step_by_step() {
    let run = AnyRun::new(story("raft-lagging-follower.json")).unwrap();
    let listed: Vec<String> = tour(&run)
        .iter()
        .flat_map(|s| s.happened.iter().map(|l| l.text.clone()))
        .collect();
    for index in 2..=5 {
        let refused = format!("3 refused AppendEntries from 1: it has no entry at index {index}");
        let back = format!("1 moved 3's nextIndex back to {index} and tries again from there");
        assert!(listed.iter().any(|l| l.starts_with(&refused)), "{refused}");
        assert!(listed.contains(&back), "{back}");
    }
}
