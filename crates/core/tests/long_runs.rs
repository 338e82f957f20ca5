//! Runs that last: a timeline played for virtual hours holds a bounded trace and a bounded
//! number of checkpoints, and still shows exactly what happened at any moment of it.
//!
//! The tests that compare against a whole replayed trace hold 70–130 MB of it at once;
//! compiled to wasm32-wasip1, Node 20's WASI crashes now and then as such a test returns
//! (a segmentation fault after it passed), so those run natively only. What they check is
//! memory and replay, not platform-dependent arithmetic, which the other wasm runs cover.

use consensus_core::diagram::{Diagram, MAX_ARROWS};
use consensus_core::raft::RaftNode;
use consensus_core::run::AnyRun;
use consensus_core::scenario;
use consensus_core::scenario::runner::{build_on, run_with_trace};
use consensus_core::scenario::streaming::{StreamOptions, run_streaming};
use consensus_core::timeline::{AHEAD_MOMENTS, CONTEXT_MOMENTS, Timeline};

/// The page's default cluster: five Raft nodes, no client load.
const DEFAULT: &str = r#"{"protocol": "raft", "nodes": 5, "steps": []}"#;

/// A busier cluster: writes, a crash, a partition healed, then quiet.
const FAULTY: &str = r#"{"protocol": "raft", "nodes": 5, "seed": 3, "config": {"loss": 0.02},
    "steps": [{"run_ms": 700}, {"client": {"node": 2, "command": "set x 1"}}, {"run_ms": 300},
              {"crash": 3}, {"events": 25}, {"client": {"node": 4, "command": "set y 2"}}, {"run_ms": 900},
              {"partition": [[1, 2], [3, 4, 5]]}, {"run_ms": 400}, {"heal": true}, {"restart": 3}]}"#;

fn timeline(text: &str) -> Timeline<RaftNode> {
    let scenario = scenario::parse(text).unwrap();
    let booted = build_on::<consensus_core::raft::RaftNode>(&scenario).unwrap();
    Timeline::new(scenario, booted).unwrap()
}

/// Plays `t` at the page's fastest speed (1.6 virtual s a frame) for `ms` of virtual time.
fn play_fast(t: &mut Timeline<RaftNode>, ms: u64) {
    let end = t.sim().time() + ms;
    while t.sim().time() < end {
        t.play(1_600.min(end - t.sim().time())).unwrap();
    }
}

fn texts(
    entries: &[consensus_core::sim::TraceEntry<<RaftNode as consensus_core::protocol::Protocol>::Note>],
) -> Vec<String> {
    entries
        .iter()
        .map(|e| format!("{} ms · moment {} · {}", e.time, e.moment, e.event))
        .collect()
}

#[test]
fn three_virtual_hours_of_play_hold_a_bounded_trace_and_few_checkpoints() {
    let mut t = timeline(DEFAULT);
    let mut largest_window = 0;
    for _ in 0..3 * 60 {
        play_fast(&mut t, 60_000);
        largest_window = largest_window.max(t.window().entries().len());
    }
    assert_eq!(t.sim().time(), 3 * 3_600_000);
    let made = t.trace_len();
    assert!(
        made > 1_000_000,
        "three hours of heartbeats make over a million trace entries: {made}"
    );
    assert!(
        largest_window <= consensus_core::timeline::window::HELD,
        "the trace held stays bounded: {largest_window} entries of {made}"
    );
    assert!(t.checkpoint_count() <= 64, "{} checkpoints", t.checkpoint_count());
    assert!(
        t.recording().steps.len() <= 200,
        "{} recorded steps",
        t.recording().steps.len()
    );
}

#[test]
#[cfg_attr(target_family = "wasm", ignore = "holds a whole replayed trace: native only")]
fn what_the_window_held_while_playing_is_what_a_replay_of_the_recording_traces() {
    let mut t = timeline(FAULTY);
    let mut seen = Vec::new();
    for _ in 0..40 {
        play_fast(&mut t, 15_000);
        let w = t.window();
        seen.push((w.first(), texts(w.entries())));
    }
    let whole = texts(&t.whole_trace());
    for (first, held) in seen {
        let first = first as usize;
        assert_eq!(held, whole[first..first + held.len()], "entries from index {first}");
    }
    // The whole trace replayed is the trace `consensus run --trace` prints for the recording.
    let report = run_with_trace(t.recording(), true).unwrap();
    let printed: Vec<String> = report.trace.unwrap().into_iter().map(|l| l.text).collect();
    let replayed: Vec<String> = t.whole_trace().iter().map(|e| e.event.to_string()).collect();
    assert_eq!(printed.len(), replayed.len());
    assert!(printed == replayed, "the CLI and the timeline trace the same run");
}

#[test]
#[cfg_attr(target_family = "wasm", ignore = "holds a whole replayed trace: native only")]
fn scrubbing_back_a_long_run_shows_exactly_the_events_of_that_moment() {
    let mut t = timeline(FAULTY);
    play_fast(&mut t, 10 * 60_000);
    let whole = texts(&t.whole_trace());
    assert!(
        whole.len() > 2 * consensus_core::timeline::window::HELD,
        "{} entries",
        whole.len()
    );
    let end = t.end();
    for target in [0, 1, 40, 2_000, end / 3, end / 2, end - 5, end] {
        t.seek(target);
        assert_eq!(t.position(), target);
        let held = t.trace();
        let first = t.window().first() as usize;
        assert_eq!(
            texts(held),
            whole[first..first + held.len()],
            "scrubbed to moment {target}"
        );
        assert!(held.iter().all(|e| e.moment <= target));
        assert!(
            held.first()
                .is_none_or(|e| e.moment + CONTEXT_MOMENTS <= target || first == 0),
            "at least {CONTEXT_MOMENTS} moments before the cursor are held at {target}"
        );
        assert_eq!(t.trace_len() as usize, first + held.len());
        // A little past the cursor is held too (what the diagram shows below it), as it happened.
        let w = t.window();
        assert_eq!(
            texts(w.entries()),
            whole[first..first + w.entries().len()],
            "window at {target}"
        );
        if target >= 2_000 {
            assert!(
                w.to_moment() >= (target + AHEAD_MOMENTS).min(end),
                "ahead of {target}: {}",
                w.to_moment()
            );
        }
    }
    for time in [0, 1_234, 5 * 60_000, 9 * 60_000] {
        t.seek_time(time);
        let held = t.trace();
        let first = t.window().first() as usize;
        assert_eq!(texts(held), whole[first..first + held.len()], "scrubbed to {time} ms");
        assert!(held.last().is_none_or(|e| e.time <= time));
    }
    // Back at the end, playing on extends the same recording.
    t.seek(end);
    play_fast(&mut t, 5_000);
    let whole = texts(&t.whole_trace());
    let held = t.trace();
    let first = t.window().first() as usize;
    assert_eq!(texts(held), whole[first..first + held.len()]);
}

#[test]
fn playing_back_from_the_middle_of_a_recording_holds_each_entry_once() {
    let mut t = timeline(FAULTY);
    play_fast(&mut t, 60_000);
    let whole = texts(&t.whole_trace());
    let end = t.end();
    for start in [0, 3, end / 3, end - 2_000] {
        t.seek(start);
        let mut plays = 0;
        while !t.at_end() {
            t.play(7).unwrap();
            plays += 1;
            if plays % 300 != 1 && !t.at_end() {
                continue;
            }
            let w = t.window();
            let first = w.first() as usize;
            assert_eq!(
                texts(w.entries()),
                whole[first..first + w.entries().len()],
                "played back from {start}"
            );
        }
        assert_eq!(t.position(), end);
    }
    // Stepping moment by moment too.
    t.seek(end / 2);
    for _ in 0..500 {
        t.seek(t.position() + 1);
    }
    let w = t.window();
    let first = w.first() as usize;
    assert_eq!(texts(w.entries()), whole[first..first + w.entries().len()]);
}

#[test]
#[cfg_attr(target_family = "wasm", ignore = "holds a whole replayed trace: native only")]
fn the_diagram_of_a_long_run_stays_bounded_and_shows_any_stretch_exactly() {
    let scenario = scenario::parse(FAULTY).unwrap();
    let mut run = AnyRun::new(scenario).unwrap();
    let mut diagram = Diagram::new(5);
    let mut largest = 0;
    for _ in 0..300 {
        for _ in 0..10 {
            run.play(1_600).unwrap();
        }
        let cursor = run.position();
        run.update_diagram(&mut diagram, cursor.saturating_sub(4_000), cursor);
        largest = largest.max(diagram.arrows.len());
        assert!(diagram.holds(cursor.saturating_sub(4_000), cursor));
    }
    assert!(largest <= MAX_ARROWS + 4_000, "{largest} arrows kept");
    // The same run as `consensus run --diagram` streams it, keeping only the messages sent
    // in the stretch looked at below (the whole diagram would be a million arrows).
    let (from, to) = (1_000, 1_200);
    let (mut arrows, mut sent) = (0, Vec::new());
    let options = StreamOptions {
        lines: false,
        diagram: true,
    };
    run_streaming(run.recording(), options, &mut |stretch| {
        if let Some(d) = stretch.diagram {
            arrows += d.arrows.iter().filter(|a| a.ended.is_some()).count();
            sent.extend(
                d.arrows
                    .iter()
                    .filter(|a| a.ended.is_some() && (from..=to).contains(&a.sent))
                    .cloned(),
            );
            d.arrows.retain(|a| a.ended.is_none());
        }
    })
    .unwrap();
    assert!(arrows > 3 * MAX_ARROWS, "{arrows} arrows in the whole run");
    let mut whole = Diagram::new(5);
    whole.arrows = sent;
    // A stretch far back, looked at without moving the cursor, is drawn as it happened:
    // every message sent in it, with the same ends.
    run.update_diagram(&mut diagram, from, to);
    assert!(diagram.holds(from, to));
    let sent_in = |d: &Diagram| {
        d.arrows
            .iter()
            .filter(|a| (from..=to).contains(&a.sent))
            .map(|a| (a.id, a.from, a.to, a.sent, a.ended, a.fate))
            .collect::<Vec<_>>()
    };
    assert_eq!(sent_in(&diagram), sent_in(&whole));
    assert!(!sent_in(&whole).is_empty());
    // Scrubbing there shows the same stretch, the messages still in flight at the cursor
    // with their ends too (the trace is held a little past the cursor after a jump).
    run.seek(to);
    let mut followed = Diagram::new(5);
    run.update_diagram(&mut followed, from, to);
    assert_eq!(sent_in(&followed), sent_in(&whole));
}

#[test]
#[cfg_attr(target_family = "wasm", ignore = "holds a whole replayed trace: native only")]
fn a_long_runs_trace_export_holds_the_moments_up_to_the_cursor_as_they_happened() {
    let scenario = scenario::parse(DEFAULT).unwrap();
    let mut run = AnyRun::new(scenario).unwrap();
    for _ in 0..1_600 {
        run.play(1_600).unwrap();
    }
    let end = run.end();
    assert!(end > consensus_core::run::EXPORT_MOMENTS, "{end} moments");
    run.seek(end * 3 / 4);
    let moments = run.exported_moments();
    assert_eq!(*moments.end(), end * 3 / 4);
    assert_eq!(moments.end() - moments.start() + 1, consensus_core::run::EXPORT_MOMENTS);
    let lines = run.exported_lines();
    assert!(lines.first().unwrap().moment >= *moments.start());
    assert!(lines.last().unwrap().moment <= end * 3 / 4);
    // Its end is what the page shows before the cursor.
    let held = run.lines(0..run.trace_len());
    let texts = |ls: &[consensus_core::run::EventLine]| {
        ls.iter()
            .map(|l| format!("{} {} {}", l.moment, l.time, l.text))
            .collect::<Vec<_>>()
    };
    assert!(held.len() > 1_000);
    assert_eq!(texts(&lines[lines.len() - held.len()..]), texts(&held));
}
