//! Running a scenario with its trace handed out a stretch at a time, so that a long run's
//! trace and diagram are written as they happen and never held whole (`consensus run
//! --trace` and `--diagram`), and a long run can say how far it has got.

use std::collections::BTreeMap;

use crate::diagram::Diagram;
use crate::protocol::Protocol;
use crate::scenario::error::ScenarioError;
use crate::scenario::format::{Scenario, Step};
use crate::scenario::runner::{RunReport, TraceLine, apply_step, build, report};
use crate::sim::Simulation;
use crate::types::Time;

/// Virtual time run at once inside a long `run_ms` step before what it traced is handed out.
pub const STRETCH_MS: Time = 10_000;

/// What a streamed run hands out: asked for with [`StreamOptions`].
#[derive(Clone, Copy, Debug, Default)]
pub struct StreamOptions {
    /// Hand out the trace in words.
    pub lines: bool,
    /// Keep a diagram that takes in each stretch (its finished arrows may be written and
    /// forgotten by whoever receives it, see [`crate::diagram::svg::SvgStream`]).
    pub diagram: bool,
}

/// One stretch of a streamed run.
pub struct Stretch<'a> {
    /// The trace of the stretch in words (empty unless asked for).
    pub lines: &'a [TraceLine],
    /// The diagram, having taken in the stretch (when asked for).
    pub diagram: Option<&'a mut Diagram>,
    /// The virtual time reached.
    pub time_ms: Time,
}

/// Runs `scenario` to its end as [`crate::scenario::run_with_trace`] does, handing each
/// stretch (a step, or [`STRETCH_MS`] of a long `run_ms`) to `on_stretch`. The report's
/// `trace` is left out: it was handed out instead. Also gives the diagram when asked for,
/// holding what was not handed out finished (the arrows still in flight at the end).
pub fn run_streaming(
    scenario: &Scenario,
    options: StreamOptions,
    on_stretch: &mut dyn FnMut(Stretch),
) -> Result<(RunReport, Option<Diagram>), ScenarioError> {
    stream(build(scenario)?, scenario, options, on_stretch)
}

/// How many moments `scenario`'s run has (the rows of its diagram), run without a trace.
pub fn moments_of(scenario: &Scenario) -> Result<u64, ScenarioError> {
    count(build(scenario)?, scenario)
}

fn count<P: Protocol>(mut sim: Simulation<P>, scenario: &Scenario) -> Result<u64, ScenarioError> {
    sim.set_record_trace(false);
    for (index, step) in scenario.steps.iter().enumerate() {
        apply_step(&mut sim, step, &mut |_, _| {}).map_err(|message| ScenarioError::Step { index, message })?;
    }
    Ok(sim.moments())
}

fn stream<P: Protocol>(
    mut sim: Simulation<P>,
    scenario: &Scenario,
    options: StreamOptions,
    on_stretch: &mut dyn FnMut(Stretch),
) -> Result<(RunReport, Option<Diagram>), ScenarioError> {
    sim.set_record_trace(options.lines || options.diagram);
    let mut diagram = options.diagram.then(|| Diagram::new(scenario.nodes));
    let mut snapshots = BTreeMap::new();
    hand_out(&mut sim, options, &mut diagram, on_stretch);
    for (index, step) in scenario.steps.iter().enumerate() {
        if let Step::RunMs(ms) = step {
            // The same as one `run_for(ms)`: a run's course does not depend on where it pauses.
            let end = sim.time() + ms;
            while end - sim.time() > STRETCH_MS {
                sim.run_for(STRETCH_MS);
                hand_out(&mut sim, options, &mut diagram, on_stretch);
            }
            sim.run_for(end - sim.time());
            sim.record_progress();
        } else {
            let mut record = |label: &str, sim: &Simulation<P>| {
                let value = serde_json::to_value(sim.snapshot()).expect("snapshots serialize");
                snapshots.insert(label.to_string(), value);
            };
            apply_step(&mut sim, step, &mut record).map_err(|message| ScenarioError::Step { index, message })?;
        }
        hand_out(&mut sim, options, &mut diagram, on_stretch);
    }
    let mut report = report(&sim, snapshots);
    report.trace = None;
    Ok((report, diagram))
}

/// Hands what `sim` traced since the last time to `on_stretch`.
fn hand_out<P: Protocol>(
    sim: &mut Simulation<P>,
    options: StreamOptions,
    diagram: &mut Option<Diagram>,
    on_stretch: &mut dyn FnMut(Stretch),
) {
    let entries = sim.take_trace();
    let lines: Vec<TraceLine> = if options.lines {
        entries
            .iter()
            .map(|e| TraceLine {
                time_ms: e.time,
                text: e.event.to_string(),
            })
            .collect()
    } else {
        Vec::new()
    };
    if let Some(d) = diagram.as_mut() {
        d.update(&entries);
        d.last_moment = d.last_moment.max(sim.moments());
    }
    on_stretch(Stretch {
        lines: &lines,
        diagram: diagram.as_mut(),
        time_ms: sim.time(),
    });
}
