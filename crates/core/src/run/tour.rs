//! A guided tour of a recorded run: one stop per recorded step, each with what the step
//! did, what the nodes did in answer (their own explanations) and the rules they followed.

use serde::Serialize;

use super::{AnyRun, EventClass, EventLine};
use crate::explain::Rule;

/// The most events a stop's caption lists.
const EVENTS_PER_STOP: usize = 6;
/// The most rules a stop links to.
const RULES_PER_STOP: usize = 2;

/// One stop of a tour: the state right after one recorded step.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TourStop {
    /// The moment the stop shows.
    pub moment: u64,
    /// The step, in words.
    pub action: String,
    /// What happened because of it (explanations, faults, client requests and answers; no
    /// plain traffic or timer ticks, and each sentence once).
    pub happened: Vec<EventLine>,
    /// Further events not listed in `happened`.
    pub more: usize,
    /// The rules the nodes followed, first seen first.
    pub rules: Vec<&'static Rule>,
}

/// The tour of `run`'s recording (every recorded step is a stop).
pub fn tour(run: &AnyRun) -> Vec<TourStop> {
    let lines = run.all_lines();
    let steps = &run.recording().steps;
    let mut start = 0;
    run.step_ends()
        .into_iter()
        .zip(steps)
        .map(|(end, step)| {
            let upto = lines.partition_point(|l| l.moment <= end);
            let mut seen = std::collections::BTreeSet::new();
            let shown: Vec<&EventLine> = lines[start.min(upto)..upto]
                .iter()
                .filter(|l| !matches!(l.class, EventClass::Traffic | EventClass::Timer))
                .filter(|l| seen.insert(l.text.as_str()))
                .collect();
            start = upto;
            let mut rules: Vec<&'static Rule> = Vec::new();
            for rule in shown.iter().filter_map(|l| l.rule) {
                if rules.len() < RULES_PER_STOP && !rules.contains(&rule) {
                    rules.push(rule);
                }
            }
            TourStop {
                moment: end,
                action: step.describe(),
                happened: shown.iter().take(EVENTS_PER_STOP).map(|l| (*l).clone()).collect(),
                more: shown.len().saturating_sub(EVENTS_PER_STOP),
                rules,
            }
        })
        .collect()
}
