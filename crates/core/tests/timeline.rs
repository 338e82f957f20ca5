//! The timeline a view plays, scrubs and branches: whatever the user sees, the recording
//! replays to exactly that.

use consensus_core::raft::RaftNode;
use consensus_core::scenario::runner::build_on;
use consensus_core::scenario::{self, ClientStep, Scenario, Step};
use consensus_core::sim::Simulation;
use consensus_core::timeline::Timeline;

const BUSY: &str = r#"{"protocol": "raft", "nodes": 5, "seed": 77, "config": {"loss": 0.05, "duplicate": 0.05},
    "steps": [{"run_ms": 700}, {"client": {"node": 2, "command": "set x 1"}}, {"run_ms": 300},
              {"crash": 3}, {"events": 25}, {"client": {"node": 4, "command": "set y 2"}}, {"run_ms": 900},
              {"partition": [[1, 2], [3, 4, 5]]}, {"run_ms": 400}, {"heal": true}, {"restart": 3}, {"run_ms": 1500}]}"#;

const MANUAL: &str = r#"{"protocol": "raft", "nodes": 3, "timers": "manual", "network": "manual",
    "steps": [{"timeout": 1}, {"stabilize": true}, {"client": {"node": 1, "command": "set x 1"}}, {"stabilize": true}]}"#;

fn timeline(text: &str) -> Timeline<RaftNode> {
    let scenario = scenario::parse(text).unwrap();
    let booted = build_on::<consensus_core::raft::RaftNode>(&scenario).unwrap();
    Timeline::new(scenario, booted).unwrap()
}

/// Everything a view shows of a state, as one comparable value.
fn state(sim: &Simulation<RaftNode>) -> serde_json::Value {
    serde_json::json!({
        "snapshot": sim.snapshot(),
        "time": sim.time(),
        "moments": sim.moments(),
        "clients": sim.clients().ops(),
        "violations": sim.violations(),
    })
}

/// The recording, replayed from scratch.
fn replayed(t: &Timeline<RaftNode>) -> serde_json::Value {
    let text = serde_json::to_string(t.recording()).unwrap();
    state(timeline(&text).sim())
}

#[test]
fn seeking_back_and_forth_reaches_the_same_state_for_every_moment_sampled() {
    let mut t = timeline(BUSY);
    let end = t.end();
    assert!(end > 500, "{end} moments");
    let end_state = state(t.sim());
    for target in (0..=end).step_by(97) {
        t.seek(target);
        assert_eq!(t.position(), target);
        let there = state(t.sim());
        t.seek(end);
        assert_eq!(state(t.sim()), end_state, "back at the end after visiting {target}");
        t.seek(0);
        t.seek(target);
        assert_eq!(state(t.sim()), there, "moment {target} reached from the start");
    }
}

#[test]
fn stepping_back_one_moment_and_forward_again_restores_the_state() {
    let mut t = timeline(MANUAL);
    let end = t.end();
    for p in (1..=end).rev() {
        t.seek(p);
        let here = state(t.sim());
        t.seek(p - 1);
        assert_eq!(t.position(), p - 1);
        t.seek(p);
        assert_eq!(state(t.sim()), here, "moment {p}");
    }
}

#[test]
fn the_trace_shown_is_the_trace_up_to_the_cursor() {
    let mut t = timeline(MANUAL);
    let all = t.whole_trace().len();
    t.seek(1);
    assert!(t.trace().len() < all);
    assert!(t.trace().iter().all(|e| e.moment <= 1));
    assert!(
        t.trace()
            .iter()
            .any(|e| e.event.to_string().contains("became a candidate for term 1"))
    );
}

#[test]
fn acting_in_the_middle_of_a_stretch_of_time_records_steps_that_replay_exactly() {
    for target in [3, 40, 111, 260] {
        let mut t = timeline(BUSY);
        t.seek(target);
        t.record(Step::Crash(1)).unwrap();
        t.record(Step::RunMs(500)).unwrap();
        assert!(t.at_end());
        assert_eq!(replayed(&t), state(t.sim()), "acting after moment {target}");
    }
}

#[test]
fn acting_while_playing_back_a_stretch_of_time_records_steps_that_replay_exactly() {
    let mut t = timeline(BUSY);
    t.seek(0);
    for _ in 0..37 {
        t.play(17).unwrap();
    }
    assert!(!t.at_end());
    let shown_time = t.sim().time();
    t.record(Step::Client(ClientStep {
        node: 5,
        command: "set z 9".into(),
    }))
    .unwrap();
    assert_eq!(t.sim().time(), shown_time, "the action happens at the time on screen");
    t.record(Step::RunMs(800)).unwrap();
    assert_eq!(replayed(&t), state(t.sim()));
}

#[test]
fn acting_in_the_middle_of_a_stabilize_records_the_deliveries_made_so_far() {
    let mut t = timeline(MANUAL);
    t.seek(3);
    t.record(Step::Crash(2)).unwrap();
    t.record(Step::Stabilize(true)).unwrap();
    assert!(t.recording().steps.iter().any(|s| matches!(s, Step::Deliver(_))));
    assert_eq!(replayed(&t), state(t.sim()));
}

#[test]
fn playing_a_recording_to_its_end_gives_the_recorded_state() {
    let mut t = timeline(BUSY);
    let end_state = state(t.sim());
    t.seek(0);
    let mut frames = 0;
    while !t.at_end() {
        t.play(16).unwrap();
        frames += 1;
        assert!(frames < 100_000);
    }
    assert_eq!(state(t.sim()), end_state);
}

#[test]
fn playing_past_the_end_extends_the_recording_and_merges_stretches() {
    let mut t = timeline(MANUAL);
    let steps = t.recording().steps.len();
    for _ in 0..10 {
        t.play(16).unwrap();
    }
    assert_eq!(
        t.recording().steps.len(),
        steps + 1,
        "ten frames become one run_ms step"
    );
    assert_eq!(t.recording().steps.last(), Some(&Step::RunMs(160)));
    assert_eq!(replayed(&t), state(t.sim()));
}

#[test]
fn a_shared_cursor_inside_a_stretch_of_time_reopens_at_the_same_time() {
    let mut sender = timeline(BUSY);
    sender.seek(0);
    for _ in 0..20 {
        sender.play(13).unwrap();
    }
    let (moment, time) = (sender.position(), sender.sim().time());
    let text = serde_json::to_string(sender.recording()).unwrap();
    let mut receiver = timeline(&text);
    receiver.seek_to(moment, time);
    assert_eq!(state(receiver.sim()), state(sender.sim()));
}

#[test]
fn a_long_live_run_keeps_checkpoints_so_seeking_stays_cheap() {
    let scenario: Scenario = scenario::parse(r#"{"protocol": "raft", "nodes": 5, "steps": []}"#).unwrap();
    let booted = build_on::<consensus_core::raft::RaftNode>(&scenario).unwrap();
    let mut t = Timeline::new(scenario, booted).unwrap();
    for i in 0..2000u32 {
        if i % 20 == 0 {
            let command = format!("set k {i}");
            t.record(Step::Client(ClientStep {
                node: i % 5 + 1,
                command,
            }))
            .unwrap();
        }
        t.play(16).unwrap();
    }
    let end = t.end();
    let end_state = state(t.sim());
    t.seek(end / 2);
    t.seek(end);
    assert_eq!(state(t.sim()), end_state);
    assert_eq!(replayed(&t), end_state);
}

#[test]
fn seeking_a_virtual_time_shows_every_moment_up_to_it_and_no_later_one() {
    let mut t = timeline(BUSY);
    let trace = t.whole_trace();
    for time in [0, 350, 700, 1000, 1234, 2000, 2600, t.end_time()] {
        t.seek_time(time);
        assert_eq!(t.sim().time(), time.min(t.end_time()));
        let last_at_or_before = trace
            .iter()
            .filter(|e| e.time <= time)
            .map(|e| e.moment)
            .max()
            .unwrap_or(0);
        assert!(t.position() >= last_at_or_before, "at {time} ms");
        let first_after = trace.iter().find(|e| e.time > time).map(|e| e.moment);
        assert!(first_after.is_none_or(|m| t.position() < m), "at {time} ms");
    }
    t.seek_time(500);
    let there = state(t.sim());
    t.seek_time(3000);
    t.seek_time(500);
    assert_eq!(state(t.sim()), there, "seeking back and forth is exact");
}

#[test]
fn taking_over_drops_the_scripted_future_and_the_recording_still_replays_to_the_screen() {
    let mut t = timeline(BUSY);
    t.seek(t.end() / 2);
    let there = state(t.sim());
    t.truncate();
    assert_eq!(t.end(), t.position());
    assert!(t.at_end());
    assert_eq!(state(t.sim()), there);
    assert_eq!(replayed(&t), there);
}
