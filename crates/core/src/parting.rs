//! The bug beside the rule: a scenario run with its bug switches on and again with none,
//! on the same seed, and the moment the two runs part where it matters. Until the first
//! differing line both did exactly the same. That first difference is not always the one
//! that leads to the violation (a restarted node may forget a vote for a term long over),
//! so the parting is found by asking the run itself: the same scenario is run again with
//! the bug switches held back until a moment, and the latest such moment from which the
//! bug still breaks the same invariant is where its decisive effect begins. The parting
//! is the difference that run makes first, found in the buggy run; an earlier, harmless
//! difference is kept apart as [`Parting::first_difference`].

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

impl Traced {
    /// Whether this run breaks `invariant`.
    fn breaks(&self, invariant: &str) -> bool {
        self.violations.iter().any(|v| v.invariant == invariant)
    }
}

/// Runs `scenario` with its trace; with `held_until`, its bug switches act as off for
/// everything before that moment.
#[inline(never)]
fn traced(scenario: &Scenario, held_until: Option<u64>) -> Result<Traced, ScenarioError> {
    let mut sim = build(scenario)?;
    sim.set_record_trace(true);
    if let Some(moment) = held_until {
        sim.hold_bugs_until(moment);
    }
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
        // A stale read breaks no invariant of a node's state, only the clients' history.
        violations: {
            let mut violations = sim.violations().to_vec();
            violations.extend(crate::check::linearizability::violation(sim.clients().ops()));
            violations
        },
    })
}

/// How many lines two traces share before they first differ.
fn shared_lines(a: &[TraceLine], b: &[TraceLine]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// An earlier difference between the runs that does not lead to the violation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FirstDifference {
    /// When the runs first differ.
    pub time_ms: Time,
    /// The moment of the buggy run's first differing line.
    pub moment: u64,
    /// The buggy run's line there (`None`: it ended first).
    pub with_bug: Option<TraceLine>,
    /// The correct run's line there (`None`: it ended first).
    pub correct: Option<TraceLine>,
    /// The bug switches held back (acting as off) until this time, the violation still
    /// happens: what the bug did before it does not lead there.
    pub held_until_ms: Time,
}

/// The difference that leads to the violation: where it is in each run's trace.
struct Decisive {
    /// Index of the line in the buggy run's trace.
    bug_line: usize,
    /// Index of the line in the correct run's trace (the held run's first difference
    /// from it: both share every line before).
    correct_line: usize,
    /// Whether the bug only added the line: the correct run's line there is the held
    /// run's next one.
    inserted: bool,
    /// The time until which the bug was held back in the run that found it.
    held_until_ms: Time,
}

/// Finds the difference that leads to the buggy run's first violation, beginning at its
/// first difference (line `first`) from the correct run. `None`: the first difference
/// is the one (or there is no violation to lead to, or no later one can be told apart).
fn decisive(
    scenario: &Scenario,
    buggy: &Traced,
    correct: &Traced,
    first: usize,
) -> Result<Option<Decisive>, ScenarioError> {
    let Some(violation) = buggy.violations.first() else {
        return Ok(None);
    };
    // The moments from the first difference up to the violation: where the bug could
    // begin to matter.
    let mut candidates: Vec<u64> = (first..buggy.trace.len())
        .take_while(|&i| buggy.trace[i].time_ms <= violation.time_ms)
        .map(|i| buggy.moments[i])
        .collect();
    candidates.dedup();
    let breaks_from = |moment: u64| -> Result<Option<Traced>, ScenarioError> {
        let run = traced(scenario, Some(moment))?;
        Ok(run.breaks(violation.invariant).then_some(run))
    };
    // The latest candidate from which the bug still breaks the invariant (by bisection:
    // holding the bug back longer only takes effects away).
    let (mut low, mut high) = (0, candidates.len());
    let mut found = None;
    while high - low > 1 {
        let middle = (low + high) / 2;
        match breaks_from(candidates[middle])? {
            Some(run) => {
                low = middle;
                found = Some(run);
            }
            None => high = middle,
        }
    }
    let Some(held) = found else {
        return Ok(None);
    };
    let at = shared_lines(&held.trace, &correct.trace);
    let Some(line) = held.trace.get(at) else {
        return Ok(None);
    };
    // The same line, at the same time, in the buggy run.
    let Some(bug_line) = (first..buggy.trace.len())
        .take_while(|&i| buggy.trace[i].time_ms <= line.time_ms)
        .find(|&i| &buggy.trace[i] == line)
    else {
        return Ok(None);
    };
    if bug_line == first {
        return Ok(None);
    }
    let inserted = held.trace.get(at + 1).is_some() && held.trace.get(at + 1) == correct.trace.get(at);
    let held_until_ms = buggy.trace[(first..buggy.trace.len())
        .find(|&i| buggy.moments[i] >= candidates[low])
        .unwrap_or(first)]
    .time_ms;
    Ok(Some(Decisive {
        bug_line,
        correct_line: at,
        inserted,
        held_until_ms,
    }))
}

/// Where a run with bug switches on parts from the correct run of the same scenario, in
/// the way that leads to its violation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Parting {
    /// The bug switches that were on.
    pub bugs: Vec<String>,
    /// When the runs part (the buggy run's line there; the correct run's, if it ended).
    pub time_ms: Time,
    /// The moment the runs part at: the moment of the buggy run's line there (or the
    /// correct run's, if the buggy run ended first).
    pub moment: u64,
    /// How many trace lines the runs shared before they first differed (at the parting,
    /// or at [`Parting::first_difference`] when there is one).
    pub shared_lines: usize,
    /// The index of the parting's line in the buggy run's trace.
    pub bug_line: usize,
    /// The index of the parting's line in the correct run's trace.
    pub correct_line: usize,
    /// The buggy run's line there (`None`: it ended first).
    pub with_bug: Option<TraceLine>,
    /// The correct run's line there (`None`: it ended first).
    pub correct: Option<TraceLine>,
    /// What the correct protocol does instead, in words: its own line when it did
    /// something else at that time; otherwise that it does not do what the buggy run did
    /// (the rule the switch breaks) and what it did next.
    pub correct_instead: String,
    /// An earlier difference that does not lead to the violation (`None`: the runs first
    /// differ at the parting).
    pub first_difference: Option<FirstDifference>,
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
    let mut without = scenario.clone();
    without.config.bugs.clear();
    let buggy = traced(scenario, None)?;
    let correct = traced(&without, None)?;
    let shared = shared_lines(&buggy.trace, &correct.trace);
    if shared == buggy.trace.len() && shared == correct.trace.len() {
        return Ok(None);
    }
    let found = decisive(scenario, &buggy, &correct, shared)?;
    let inserted_first =
        buggy.trace.get(shared + 1).is_some() && buggy.trace.get(shared + 1) == correct.trace.get(shared);
    let (bug_line, correct_line, inserted) = found.as_ref().map_or((shared, shared, inserted_first), |d| {
        (d.bug_line, d.correct_line, d.inserted)
    });
    let with_bug = buggy.trace.get(bug_line).cloned();
    let correct_said = correct.trace.get(correct_line).cloned();
    let moment = buggy
        .moments
        .get(bug_line)
        .or(correct.moments.get(correct_line))
        .copied()
        .unwrap_or(0);
    let time_ms = with_bug.as_ref().or(correct_said.as_ref()).map_or(0, |l| l.time_ms);
    let first_difference = found.as_ref().map(|d| FirstDifference {
        time_ms: buggy
            .trace
            .get(shared)
            .or(correct.trace.get(shared))
            .map_or(0, |l| l.time_ms),
        moment: buggy
            .moments
            .get(shared)
            .or(correct.moments.get(shared))
            .copied()
            .unwrap_or(0),
        with_bug: buggy.trace.get(shared).cloned(),
        correct: correct.trace.get(shared).cloned(),
        held_until_ms: d.held_until_ms,
    });
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
    let (correct_instead, joined) = match (&with_bug, &correct_said) {
        (Some(bug), Some(line)) if line.time_ms > bug.time_ms || inserted => {
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
            let instead = said(&correct_said);
            let joined = format!("instead: {instead}");
            (instead, joined)
        }
    };
    let mut summary = format!(
        "Here the runs part, at {time_ms} ms: with the bug, {}; correct {protocol} {joined}.",
        said(&with_bug)
    );
    if let (Some(first), Some(v)) = (&first_difference, buggy.violations.first()) {
        summary.push_str(&format!(
            " They differed earlier, at {} ms ({}), but that does not lead to the violation: with the bug switch held off until {} ms, {} still breaks.",
            first.time_ms,
            first.with_bug.as_ref().map_or("the buggy run ended", |l| l.text.as_str()),
            first.held_until_ms,
            v.invariant
        ));
    }
    for v in &buggy.violations {
        summary.push_str(&format!(
            " With the bug, {} breaks at {} ms, {} ms after the runs parted.",
            v.invariant,
            v.time_ms,
            v.time_ms.saturating_sub(time_ms)
        ));
    }
    if correct.violations.is_empty() {
        summary.push_str(&format!(" Correct {protocol} breaks nothing."));
    }
    Ok(Some(Parting {
        bugs: scenario.config.bugs.clone(),
        time_ms,
        moment,
        shared_lines: shared,
        bug_line,
        correct_line,
        with_bug,
        correct: correct_said,
        correct_instead,
        first_difference,
        violations: buggy.violations,
        correct_violations: correct.violations,
        summary,
    }))
}

/// What `scenario` breaks when its bug switches act as off for everything before moment
/// `until` (counted as the run counts them): how the parting search asks whether a bug's
/// effect from some moment on leads to a violation.
pub fn violations_held_until(scenario: &Scenario, until: u64) -> Result<Vec<Violation>, ScenarioError> {
    Ok(traced(scenario, Some(until))?.violations)
}
