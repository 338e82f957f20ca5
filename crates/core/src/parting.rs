//! The bug beside the rule: a scenario run with its bug switches on and again with none,
//! on the same seed, and the first moment the two runs part. Until then both did exactly
//! the same; the first differing line is where a broken rule first changed what a node did,
//! and every violation of the buggy run happened at or after it.

use serde::Serialize;

use crate::check::Violation;
use crate::scenario::runner::{apply_step, build};
use crate::scenario::{Scenario, ScenarioError, TraceLine};

use crate::types::Time;

/// A run's trace in words and its violations (no snapshots: nothing else is needed, and
/// the page's download stays free of the JSON snapshot code).
struct Traced {
    trace: Vec<TraceLine>,
    /// The moment of each line of `trace`.
    moments: Vec<u64>,
    violations: Vec<Violation>,
}

fn traced(scenario: &Scenario) -> Result<Traced, ScenarioError> {
    let mut sim = build(scenario)?;
    sim.set_record_trace(true);
    for (i, step) in scenario.steps.iter().enumerate() {
        apply_step(&mut sim, step, &mut |_, _| {}).map_err(|e| ScenarioError::invalid(format!("steps[{i}]"), e))?;
    }
    let trace = sim
        .trace()
        .iter()
        .map(|entry| TraceLine {
            time_ms: entry.time,
            text: entry.event.to_string(),
        })
        .collect();
    let moments = sim.trace().iter().map(|entry| entry.moment).collect();
    Ok(Traced {
        trace,
        moments,
        violations: sim.violations().to_vec(),
    })
}

/// Where a run with bug switches on first parts from the correct run of the same scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Parting {
    /// The bug switches that were on.
    pub bugs: Vec<String>,
    /// When the runs part (the earlier of the two differing lines).
    pub time_ms: Time,
    /// The moment the runs part at: the moment of the first differing line, in the run
    /// that has it (the buggy one when both do; both runs count moments alike until then).
    pub moment: u64,
    /// How many trace lines the runs shared before parting.
    pub shared_lines: usize,
    /// The buggy run's line there (`None`: it ended first).
    pub with_bug: Option<TraceLine>,
    /// The correct run's line there (`None`: it ended first).
    pub correct: Option<TraceLine>,
    /// What the correct protocol does instead, in words: its own line when it did
    /// something else at that time; otherwise that it does not do what the buggy run did
    /// (the rule the switch breaks) and what it did next.
    pub correct_instead: String,
    /// What the buggy run broke.
    pub violations: Vec<Violation>,
    /// What the correct run broke (nothing, for a correct protocol).
    pub correct_violations: Vec<Violation>,
    /// All of it in words.
    pub summary: String,
}

/// Runs `scenario` as it is and without its bug switches, and finds where the runs part.
/// `None` when they never do. An error when no bug switch is on or the scenario fails.
pub fn against_correct(scenario: &Scenario) -> Result<Option<Parting>, ScenarioError> {
    if scenario.config.bugs.is_empty() {
        return Err(ScenarioError::invalid(
            "config.bugs",
            "no bug switch is on, so there is no correct run to set it beside",
        ));
    }
    let mut correct = scenario.clone();
    correct.config.bugs.clear();
    let buggy_report = traced(scenario)?;
    let correct_report = traced(&correct)?;
    let buggy_trace = buggy_report.trace;
    let correct_trace = correct_report.trace;
    let shared = buggy_trace
        .iter()
        .zip(&correct_trace)
        .take_while(|(a, b)| a == b)
        .count();
    if shared == buggy_trace.len() && shared == correct_trace.len() {
        return Ok(None);
    }
    let moment = buggy_report
        .moments
        .get(shared)
        .or(correct_report.moments.get(shared))
        .copied()
        .unwrap_or(0);
    let with_bug = buggy_trace.get(shared).cloned();
    let correct_line = correct_trace.get(shared).cloned();
    let time_ms = match (&with_bug, &correct_line) {
        (Some(a), Some(b)) => a.time_ms.min(b.time_ms),
        (Some(a), None) => a.time_ms,
        (None, Some(b)) => b.time_ms,
        (None, None) => 0,
    };
    let protocol = scenario.protocol.title();
    let said = |line: &Option<TraceLine>| {
        line.as_ref().map_or("nothing more happens".to_string(), |l| {
            format!("{} ms: {}", l.time_ms, l.text)
        })
    };
    let rules: Vec<&str> = scenario
        .config
        .bugs
        .iter()
        .filter_map(|name| crate::any::bugs::find(name))
        .map(|bug| bug.breaks)
        .collect();
    // What correct Raft (or the other protocol) does there, and how the summary joins it:
    // "correct Raft does not do this (…)" or "correct Raft instead: 12 ms: …".
    let (correct_instead, joined) = match (&with_bug, &correct_line) {
        (Some(bug), Some(line)) if line.time_ms > bug.time_ms => {
            let instead = format!(
                "does not do this ({}); its next event comes at {} ms: {}",
                rules.join("; "),
                line.time_ms,
                line.text
            );
            (instead.clone(), instead)
        }
        (Some(_), None) => {
            let instead = format!("does not do this ({}); nothing more happens", rules.join("; "));
            (instead.clone(), instead)
        }
        _ => {
            let instead = said(&correct_line);
            let joined = format!("instead: {instead}");
            (instead, joined)
        }
    };
    let mut summary = format!(
        "Here the runs part, at {time_ms} ms: with the bug, {}; correct {protocol} {joined}.",
        said(&with_bug)
    );
    for v in &buggy_report.violations {
        summary.push_str(&format!(
            " With the bug, {} breaks at {} ms, {} ms after the runs parted.",
            v.invariant,
            v.time_ms,
            v.time_ms.saturating_sub(time_ms)
        ));
    }
    if correct_report.violations.is_empty() {
        summary.push_str(&format!(" Correct {protocol} breaks nothing."));
    }
    Ok(Some(Parting {
        bugs: scenario.config.bugs.clone(),
        time_ms,
        moment,
        shared_lines: shared,
        with_bug,
        correct: correct_line,
        correct_instead,
        violations: buggy_report.violations,
        correct_violations: correct_report.violations,
        summary,
    }))
}
