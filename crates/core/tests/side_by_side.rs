//! Runs side by side (`Lockstep`), protocol-free runs (`AnyRun`), the space-time diagram,
//! tours and `drop_next`: what the page's comparison, diagram and stories stand on.

mod common;

use consensus_core::diagram::{Fate, svg::to_svg};
use consensus_core::display::Tone;
use consensus_core::run::{AnyRun, EventClass, Lockstep, tour};
use consensus_core::scenario::{self, ClientStep, ProtocolName, Step, compare};

fn comparison(protocols: &str) -> scenario::Scenario {
    scenario::parse(&format!(
        r#"{{"protocol": "raft", "protocols": {protocols}, "nodes": 5, "seed": 1, "steps": []}}"#
    ))
    .expect("valid")
}

fn client(node: u32, command: &str) -> Step {
    Step::Client(ClientStep {
        node,
        command: command.into(),
    })
}

#[test]
fn a_coordinator_crash_blocks_two_phase_commit_while_raft_keeps_committing() {
    let mut panes = Lockstep::new(&comparison(r#"["raft", "two_phase_commit"]"#)).unwrap();
    panes.play(800).unwrap();
    for i in 0..3 {
        panes.act(client(1, &format!("set a{i} {i}"))).unwrap();
        panes.play(200).unwrap();
    }
    panes.act(Step::Crash(1)).unwrap();
    for i in 0..4 {
        panes.act(client(1, &format!("set b{i} {i}"))).unwrap();
        panes.play(400).unwrap();
    }
    panes.play(2000).unwrap();
    let raft = panes.panes[0].metrics();
    let two_pc = panes.panes[1].metrics();
    assert_eq!(raft.committed, 7, "Raft elects a new leader and commits every write");
    assert!(
        two_pc.committed <= 3,
        "2PC commits nothing once its coordinator is gone"
    );
    assert!(two_pc.open >= 4, "the later transactions stay open");
    assert!(two_pc.unable_to_commit_ms > 3000);
    assert!(raft.unable_to_commit_ms < two_pc.unable_to_commit_ms);
    assert_eq!(panes.panes[0].time(), panes.panes[1].time(), "one clock");
}

#[test]
fn a_fault_applied_side_by_side_reaches_every_pane() {
    let mut panes = Lockstep::new(&comparison(r#"["raft", "two_phase_commit", "paxos"]"#)).unwrap();
    panes.play(300).unwrap();
    panes.act(Step::Crash(2)).unwrap();
    panes.act(Step::Cut([3, 4])).unwrap();
    for pane in &panes.panes {
        assert!(!pane.is_up(2), "{:?}", pane.protocol());
        assert!(pane.is_cut(3, 4), "{:?}", pane.protocol());
        assert_eq!(pane.time(), 300);
        let display = pane.display();
        assert_eq!(display.nodes[1].tone, Tone::Down);
    }
}

#[test]
fn a_step_one_pane_refuses_changes_no_pane() {
    let mut panes = Lockstep::new(&comparison(r#"["raft", "two_phase_commit"]"#)).unwrap();
    panes.play(100).unwrap();
    let before: Vec<u64> = panes.panes.iter().map(AnyRun::position).collect();
    let refused = panes.act(client(2, "get x"));
    assert!(refused.is_err(), "2PC takes only writes");
    let after: Vec<u64> = panes.panes.iter().map(AnyRun::position).collect();
    assert_eq!(before, after);
}

#[test]
fn a_comparison_recording_replays_under_consensus_compare() {
    let mut panes = Lockstep::new(&comparison(r#"["raft", "two_phase_commit"]"#)).unwrap();
    panes.play(500).unwrap();
    panes.act(client(1, "set x 1")).unwrap();
    panes.step().unwrap();
    panes.act(Step::DropNext([1, 2])).unwrap();
    panes.act(Step::VoteNo(3)).unwrap();
    panes.act(client(1, "set y 2")).unwrap();
    panes.play(700).unwrap();
    let recording = panes.recording();
    let text = serde_json::to_string(&recording).unwrap();
    let report = compare(&scenario::parse(&text).unwrap()).unwrap();
    assert_eq!(report.protocols["raft"].metrics, panes.panes[0].metrics());
    assert_eq!(report.protocols["two_phase_commit"].metrics, panes.panes[1].metrics());
}

#[test]
fn stepping_side_by_side_moves_to_the_next_event_of_any_pane() {
    let mut panes = Lockstep::new(&comparison(r#"["raft", "paxos"]"#)).unwrap();
    let before = panes.time();
    panes.step().unwrap();
    let after = panes.time();
    assert!(after >= before);
    assert!(
        panes.panes.iter().any(|p| p.position() > 0),
        "some pane handled an event"
    );
    panes.play(1000).unwrap();
    panes.seek_time(after);
    assert_eq!(panes.time(), after, "seeking back in time moves every pane");
    assert!(panes.panes.iter().all(|p| p.time() == after));
}

#[test]
fn drop_next_drops_a_message_in_flight_or_else_the_next_one_sent() {
    let text = r#"{"protocol": "raft", "nodes": 3, "seed": 4, "network": "manual",
        "steps": [{"timeout": 1}, {"drop_next": [1, 2]}, {"drop_next": [2, 1]}, {"stabilize": true}]}"#;
    let report = common::run(text);
    let trace: Vec<String> = report.trace.unwrap().into_iter().map(|l| l.text).collect();
    assert!(
        trace
            .iter()
            .any(|t| t == "RequestVote from 1 to 2 never arrived: it was dropped"),
        "{trace:#?}"
    );
    assert!(
        trace
            .iter()
            .any(|t| t.contains("the next message from 2 to 1 will be dropped"))
    );
    assert!(
        !trace
            .iter()
            .any(|t| t.starts_with("1 received RequestVoteReply from 2")),
        "{trace:#?}"
    );
}

#[test]
fn the_space_time_diagram_has_an_arrow_per_message_and_marks_crashes_and_leaders() {
    let story = std::fs::read_to_string(common::story_path("raft-leader-crash.json")).unwrap();
    let run = AnyRun::new(scenario::parse(&story).unwrap()).unwrap();
    let diagram = run.whole_diagram();
    let lines = run.all_lines();
    let sent = lines
        .iter()
        .filter(|l| l.class == EventClass::Traffic && !l.text.contains(" received "))
        .count();
    assert_eq!(diagram.arrows.len(), sent);
    assert!(
        diagram
            .arrows
            .iter()
            .all(|a| a.fate == Fate::InFlight || a.ended.unwrap() >= a.sent)
    );
    assert!(diagram.marks.iter().any(|m| m.label == "crashed"));
    assert!(diagram.marks.iter().any(|m| m.label == "leader"));
    let middle = diagram.last_moment / 2;
    for i in diagram.arrows_between(middle, middle + 10) {
        let a = &diagram.arrows[i];
        assert!(a.sent <= middle + 10 && a.ended.is_none_or(|e| e >= middle));
    }
    let svg = to_svg(&diagram, 0, diagram.last_moment);
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert_eq!(svg.matches("<line").count(), sent + run.nodes() as usize);
}

#[test]
fn every_story_is_a_tour_with_a_stop_per_step_and_rules_from_the_sources() {
    for entry in std::fs::read_dir(common::story_path("")).unwrap() {
        let path = entry.unwrap().path();
        let scenario = scenario::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let run = AnyRun::new(scenario).unwrap();
        let acting = run
            .recording()
            .steps
            .iter()
            .filter(|s| !matches!(s, Step::Snapshot(_) | Step::Caption(_)))
            .count();
        let stops = tour(&run);
        assert_eq!(stops.len(), acting, "{path:?}: one stop per step that acts");
        assert!(stops.windows(2).all(|w| w[0].moment <= w[1].moment));
        assert!(stops.iter().any(|s| !s.rules.is_empty()), "{path:?} links no rule");
        for stop in &stops {
            let traffic = stop.happened.iter().filter(|l| l.class == EventClass::Traffic).count();
            assert!(
                traffic == 0 || traffic == stop.happened.len(),
                "{path:?}: traffic is listed only at a stop where nothing else happened"
            );
            assert!(
                stop.happened
                    .iter()
                    .filter(|l| l.class == EventClass::Traffic)
                    .all(|l| l.contents.is_some()),
                "{path:?}: a listed message shows its contents"
            );
        }
    }
}

#[test]
fn every_protocol_is_drawn_the_common_way() {
    for protocol in [ProtocolName::Raft, ProtocolName::TwoPhaseCommit, ProtocolName::Paxos] {
        let mut scenario = comparison("[]");
        scenario.protocol = protocol;
        scenario.steps = vec![Step::RunMs(600), client(1, "set x 1"), Step::RunMs(600)];
        let run = AnyRun::new(scenario).unwrap();
        let display = run.display();
        assert_eq!(display.nodes.len(), 5);
        assert!(
            display.nodes.iter().any(|n| n.cells.iter().any(|c| c.settled)),
            "{protocol:?}"
        );
        assert!(
            display.nodes.iter().any(|n| n.kv.get("x").is_some_and(|v| &**v == "1")),
            "{protocol:?}"
        );
    }
}
