//! `consensus run --trace/--diagram` on long runs: the trace and the diagram are handed out
//! a stretch at a time and never held whole, and say exactly what the whole run says.

mod common;

use consensus_core::diagram::svg::{SvgStream, to_svg};
use consensus_core::run::AnyRun;
use consensus_core::scenario::streaming::{STRETCH_MS, StreamOptions, moments_of, run_streaming};
use consensus_core::scenario::{self, run_with_trace};

fn sorted_lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort_unstable();
    lines
}

#[test]
fn a_streamed_trace_is_the_whole_trace_a_stretch_at_a_time() {
    for story in [
        "raft-leader-crash.json",
        "2pc-coordinator-crash.json",
        "paxos-dueling.json",
    ] {
        let s = scenario::parse(&std::fs::read_to_string(common::story_path(story)).unwrap()).unwrap();
        let whole = run_with_trace(&s, true).unwrap();
        let mut streamed = Vec::new();
        let options = StreamOptions {
            lines: true,
            diagram: false,
        };
        let (report, _) = run_streaming(&s, options, &mut |stretch| {
            streamed.extend(stretch.lines.iter().cloned())
        })
        .unwrap();
        assert_eq!(Some(streamed), whole.trace, "{story}");
        assert_eq!(
            serde_json::to_value(&report.final_state).unwrap(),
            whole.final_state,
            "{story}"
        );
        assert_eq!(report.violations, whole.violations, "{story}");
    }
}

#[test]
fn a_streamed_diagram_draws_every_arrow_and_mark_of_the_whole_diagram() {
    for story in [
        "raft-leader-crash.json",
        "2pc-coordinator-crash.json",
        "raft-partition.json",
    ] {
        let s = scenario::parse(&std::fs::read_to_string(common::story_path(story)).unwrap()).unwrap();
        let whole = AnyRun::new(s.clone()).unwrap().whole_diagram();
        let expected = to_svg(&whole, 0, whole.last_moment);
        let (mut stream, mut svg) = SvgStream::new(s.nodes, moments_of(&s).unwrap());
        let options = StreamOptions {
            lines: false,
            diagram: true,
        };
        let (_, last) = run_streaming(&s, options, &mut |stretch| {
            if let Some(d) = stretch.diagram {
                svg.push_str(&stream.drain(d));
            }
        })
        .unwrap();
        svg.push_str(&stream.finish(&mut last.unwrap()));
        assert!(svg.ends_with("</svg>\n"));
        assert_eq!(sorted_lines(&svg), sorted_lines(&expected), "{story}");
    }
}

#[test]
fn three_virtual_hours_are_handed_out_in_bounded_stretches() {
    let s = scenario::parse(r#"{"protocol": "raft", "nodes": 5, "steps": [{"run_ms": 10800000}]}"#).unwrap();
    let (mut stream, _) = SvgStream::new(5, moments_of(&s).unwrap());
    let (mut total, mut largest, mut held) = (0, 0, 0);
    let options = StreamOptions {
        lines: true,
        diagram: true,
    };
    run_streaming(&s, options, &mut |stretch| {
        total += stretch.lines.len();
        largest = largest.max(stretch.lines.len());
        if let Some(d) = stretch.diagram {
            let _ = stream.drain(d);
            held = held.max(d.arrows.len() + d.marks.len() + d.times.len());
        }
    })
    .unwrap();
    assert!(total > 1_000_000, "{total} lines in three hours");
    // Ten virtual seconds of heartbeats at a time, and only the messages still in flight.
    assert!(
        largest <= 5_000,
        "at most {largest} lines handed out at once ({STRETCH_MS} ms)"
    );
    assert!(held <= 50, "the diagram holds {held} things between stretches");
}
