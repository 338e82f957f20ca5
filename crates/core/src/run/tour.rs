//! A guided tour of a recorded run: one stop per recorded step, each with what the step
//! did, what the nodes did in answer (their own explanations) and the rules they followed.
//!
//! A stop lists the decisive events of its step first (role changes, commits, overwrites,
//! decisions, blocking, crashes: [`EventLine::decisive`]) and fills the rest with routine
//! ones, in the order they happened; only routine events are ever collapsed into "more".
//! A step that caused nothing but traffic lists the messages with their contents.

use serde::Serialize;

use super::{AnyRun, EventClass, EventLine};
use crate::explain::Rule;
use crate::scenario::Step;

/// How many events a stop lists when few of them are decisive.
const EVENTS_PER_STOP: usize = 6;
/// The most decisive events a stop lists at [`EVENTS_PER_STOP`] (proportionally fewer in
/// a pane of a comparison), so that a caption fits beside the canvas.
const DECISIVE_PER_STOP: usize = 10;
/// The most rules a stop links to.
const RULES_PER_STOP: usize = 2;

/// One stop of a tour: the state right after one recorded step.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TourStop {
    /// The moment the stop shows.
    pub moment: u64,
    /// The recorded step it follows (its index in the recording).
    pub step: usize,
    /// The step, in words.
    pub action: String,
    /// The story author's words on why this step matters (`caption` steps after it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// What happened because of it, in order: every decisive event (up to ten), then
    /// routine explanations, faults and client requests; when there were none of those,
    /// the messages delivered (or else sent), with their contents.
    pub happened: Vec<EventLine>,
    /// Further routine events not listed in `happened`.
    pub more: usize,
    /// The rules the nodes followed, first seen first.
    pub rules: Vec<&'static Rule>,
}

/// Whether a step is a stop of its own (a `snapshot` or `caption` step changes nothing).
fn is_stop(step: &Step) -> bool {
    !matches!(step, Step::Snapshot(_) | Step::Caption(_))
}

/// The tour of `run`'s recording.
pub fn tour(run: &AnyRun) -> Vec<TourStop> {
    tour_listing(run, EVENTS_PER_STOP)
}

/// The tour of `run`'s recording, listing about `events_per_stop` events a stop.
fn tour_listing(run: &AnyRun, events_per_stop: usize) -> Vec<TourStop> {
    let lines = run.all_lines();
    let steps = &run.recording().steps;
    let mut stops: Vec<TourStop> = Vec::new();
    let mut pending_caption: Option<String> = None;
    let mut start = 0;
    for (index, (end, step)) in run.step_ends().into_iter().zip(steps).enumerate() {
        let upto = lines.partition_point(|l| l.moment <= end).max(start);
        if let Step::Caption(text) = step {
            match stops.last_mut() {
                Some(stop) => join_caption(&mut stop.caption, text),
                None => join_caption(&mut pending_caption, text),
            }
        }
        if !is_stop(step) {
            continue;
        }
        let (happened, more) = pick(&lines, start..upto, events_per_stop);
        start = upto;
        let mut rules: Vec<&'static Rule> = Vec::new();
        for rule in happened.iter().filter_map(|l| l.rule) {
            if rules.len() < RULES_PER_STOP && !rules.contains(&rule) {
                rules.push(rule);
            }
        }
        stops.push(TourStop {
            moment: end,
            step: index,
            action: step.describe(),
            caption: pending_caption.take(),
            happened,
            more,
            rules,
        });
    }
    stops
}

fn join_caption(caption: &mut Option<String>, text: &str) {
    match caption {
        Some(existing) => {
            existing.push(' ');
            existing.push_str(text);
        }
        None => *caption = Some(text.to_string()),
    }
}

/// The lines a stop lists from `range` of `lines`, and how many it leaves out.
fn pick(lines: &[EventLine], range: std::ops::Range<usize>, events_per_stop: usize) -> (Vec<EventLine>, usize) {
    let mut seen = std::collections::BTreeSet::new();
    let explained: Vec<usize> = range
        .clone()
        .filter(|&i| !matches!(lines[i].class, EventClass::Traffic | EventClass::Timer))
        .filter(|&i| seen.insert(lines[i].text.as_str()))
        .collect();
    if explained.is_empty() {
        let mut delivered: Vec<EventLine> = range
            .clone()
            .filter(|&i| lines[i].arrival)
            .map(|i| with_contents(lines, i))
            .collect();
        if delivered.is_empty() {
            delivered = range
                .filter_map(|i| {
                    let line = &lines[i];
                    let contents = line.contents.as_ref()?;
                    Some(EventLine {
                        text: format!("{} ({contents})", line.text),
                        ..line.clone()
                    })
                })
                .collect();
        }
        let more = delivered.len().saturating_sub(events_per_stop);
        return (delivered.into_iter().take(events_per_stop).collect(), more);
    }
    let decisive: Vec<usize> = explained
        .iter()
        .copied()
        .filter(|&i| lines[i].decisive)
        .take(DECISIVE_PER_STOP * events_per_stop / EVENTS_PER_STOP)
        .collect();
    let room = events_per_stop.saturating_sub(decisive.len());
    let routine = explained.iter().copied().filter(|&i| !lines[i].decisive).take(room);
    let mut chosen: Vec<usize> = decisive.iter().copied().chain(routine).collect();
    chosen.sort_unstable();
    let more = explained.len() - chosen.len();
    (chosen.into_iter().map(|i| lines[i].clone()).collect(), more)
}

/// Delivery line `i` with the contents its message was sent with.
fn with_contents(lines: &[EventLine], i: usize) -> EventLine {
    let mut line = lines[i].clone();
    let sent = line.message.and_then(|id| {
        lines[..i]
            .iter()
            .rev()
            .find(|l| l.message == Some(id) && l.contents.is_some())
    });
    if let Some(contents) = sent.and_then(|l| l.contents.as_ref()) {
        line.text = format!("{} ({contents})", line.text);
        line.contents = Some(contents.clone());
    }
    line
}

/// The tour of runs side by side (one recording under several protocols): each stop lists
/// what happened in every pane, each line led by its protocol's name ("Two-phase commit:
/// …"), so a comparison's tour tells every side. A single run's tour is [`tour`]'s.
pub fn tour_of_panes(panes: &[AnyRun]) -> Vec<TourStop> {
    let mut tours: Vec<(String, Vec<TourStop>)> = panes
        .iter()
        .map(|run| {
            (
                run.protocol().title().to_string(),
                tour_listing(run, EVENTS_PER_STOP / 2),
            )
        })
        .collect();
    if tours.len() < 2 || tours.iter().any(|(_, t)| t.len() != tours[0].1.len()) {
        return panes.first().map(tour).unwrap_or_default();
    }
    let (_, mut stops) = tours.remove(0);
    let first_title = panes[0].protocol().title();
    for stop in &mut stops {
        for line in &mut stop.happened {
            line.text = format!("{first_title}: {}", line.text);
        }
    }
    for (title, others) in tours {
        for (stop, other) in stops.iter_mut().zip(others) {
            stop.happened.extend(other.happened.into_iter().map(|mut line| {
                line.text = format!("{title}: {}", line.text);
                line
            }));
            stop.more += other.more;
            for rule in other.rules {
                if !stop.rules.contains(&rule) {
                    stop.rules.push(rule);
                }
            }
        }
    }
    stops
}
