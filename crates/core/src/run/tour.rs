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
use crate::parting::Parting;
use crate::scenario::Step;

/// How many messages a stop lists when no node explained anything (a stop that only
/// moves messages); a pane of a comparison lists half as many.
const EVENTS_PER_STOP: usize = 6;
/// A stop lists every event a node explained, up to this many at [`EVENTS_PER_STOP`]
/// (proportionally fewer in a pane of a comparison). Past it (a liveness bug that repeats
/// the same round for seconds) it lists the decisive events and the first of each kind,
/// and folds the repeats.
const LISTED_PER_STOP: usize = 24;
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
    /// Whether this is where a run with a bug switch parts from the correct run beside it
    /// ([`tour_beside_correct`]): until here both did exactly the same.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub parting: bool,
}

/// Whether a step is a stop of its own (a `snapshot` or `caption` step changes nothing).
fn is_stop(step: &Step) -> bool {
    !matches!(step, Step::Snapshot(_) | Step::Caption(_))
}

/// The tour of `run`'s recording.
pub fn tour(run: &AnyRun) -> Vec<TourStop> {
    tour_listing(run, &run.all_lines(), EVENTS_PER_STOP, None)
}

/// The tour of `run`'s recording, whose lines are `lines`, listing about `events_per_stop`
/// events a stop. With `split`, the step during which moment `split` happens is cut
/// there: a stop marked [`TourStop::parting`] ends at that moment (or the step's own stop
/// is marked, when it ends right there), and the step's stop lists only what came after.
fn tour_listing(run: &AnyRun, lines: &[EventLine], events_per_stop: usize, split: Option<u64>) -> Vec<TourStop> {
    let steps = &run.recording().steps;
    let mut stops: Vec<TourStop> = Vec::new();
    let mut pending_caption: Option<String> = None;
    let mut start = 0;
    let mut split = split;
    // The stop of step `index` at `moment`, listing `lines[range]`.
    let stop = |index: usize, step: &Step, moment: u64, range: std::ops::Range<usize>, caption, parting| {
        let (happened, more) = pick(lines, range, events_per_stop);
        TourStop {
            moment,
            step: index,
            action: step.describe(),
            caption,
            rules: rules_of(&happened),
            happened,
            more,
            parting,
        }
    };
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
        let mut parting = false;
        if let Some(at) = split.filter(|&at| at <= end) {
            split = None;
            if at == end {
                parting = true;
            } else {
                let cut = lines.partition_point(|l| l.moment <= at).clamp(start, upto);
                stops.push(stop(index, step, at, start..cut, None, true));
                start = cut;
            }
        }
        stops.push(stop(index, step, end, start..upto, pending_caption.take(), parting));
        start = upto;
    }
    stops
}

/// The rules `happened` followed, first seen first, at most [`RULES_PER_STOP`].
fn rules_of(happened: &[EventLine]) -> Vec<&'static Rule> {
    let mut rules: Vec<&'static Rule> = Vec::new();
    for rule in happened.iter().filter_map(|l| l.rule) {
        if rules.len() < RULES_PER_STOP && !rules.contains(&rule) {
            rules.push(rule);
        }
    }
    rules
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
/// A line's kind: its words with every number left out ("node 2 starts an election in
/// term 7" and "… term 8" are of one kind).
fn kind_of(text: &str) -> String {
    text.chars().filter(|c| !c.is_ascii_digit()).collect()
}

fn pick(lines: &[EventLine], range: std::ops::Range<usize>, events_per_stop: usize) -> (Vec<EventLine>, usize) {
    let mut seen = crate::vec_map::VecSet::new();
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
    // Every explained event is listed: each changes some node's state (its role, term,
    // log, nextIndex, commit index, a transaction, a slot) or is a fault or a client's
    // request. Messages and timers, whose effects the notes tell, and lines said word for
    // word before in the same stop, are left to "What happened"; so are repeats, where a
    // stop holds more than it can list.
    let cap = LISTED_PER_STOP * events_per_stop / EVENTS_PER_STOP;
    let chosen: Vec<usize> = if explained.len() <= cap {
        explained.clone()
    } else {
        let mut kinds = crate::vec_map::VecSet::new();
        explained
            .iter()
            .copied()
            .filter(|&i| kinds.insert(kind_of(&lines[i].text)) || lines[i].decisive)
            .take(cap)
            .collect()
    };
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
/// what happened in every pane, each line led by its pane's heading ("Two-phase commit:
/// …", "Raft + PreVote: …"), so a comparison's tour tells every side. A single run's tour
/// is [`tour`]'s.
pub fn tour_of_panes(panes: &[AnyRun]) -> Vec<TourStop> {
    let labels: Vec<String> = panes.iter().map(AnyRun::heading).collect();
    merged_tour(panes, &labels)
}

/// The tour of a run with bug switches on beside the same run with none (panes in that
/// order, as [`super::Lockstep::beside_correct`] makes them). Until the runs part, a stop
/// tells once what both did ("Both runs: …"); a stop of its own ends at the moment they
/// part and sets the two differing lines side by side; after it every stop tells both
/// sides ("With the bug: …", "Correct Raft: …"), and the stop where the buggy run breaks
/// an invariant points back to the parting.
pub fn tour_beside_correct(panes: &[AnyRun], parting: Option<&Parting>) -> Vec<TourStop> {
    let (Some(parting), [with_bug, correct]) = (parting, panes) else {
        return tour_of_panes(panes);
    };
    let title = with_bug.protocol().title();
    let labels = [
        "With the bug".to_string(),
        format!("Correct {title}"),
        "Both runs".to_string(),
    ];
    let split = Some(parting.moment);
    let (bug_lines, correct_lines) = (with_bug.all_lines(), correct.all_lines());
    let both = tour_listing(with_bug, &bug_lines, EVENTS_PER_STOP, split);
    let bug_side = tour_listing(with_bug, &bug_lines, EVENTS_PER_STOP / 2, split);
    let correct_side = tour_listing(correct, &correct_lines, EVENTS_PER_STOP / 2, split);
    if bug_side.len() != correct_side.len() || both.len() != bug_side.len() {
        return tour_of_panes(panes);
    }
    let mut stops = Vec::with_capacity(both.len());
    let mut parted = false;
    // Where the runs first differ: from the stop that holds it on, each side tells its own.
    let apart = parting.first_difference.as_ref().map_or(parting.moment, |f| f.moment);
    let mut first_stop = None;
    for ((shared, mine), theirs) in both.into_iter().zip(bug_side).zip(correct_side) {
        if !parted && !shared.parting && shared.moment < apart {
            stops.push(TourStop {
                happened: labelled(&labels[2], shared.happened),
                ..shared
            });
            continue;
        }
        if shared.parting {
            parted = true;
            let before: Vec<EventLine> = shared
                .happened
                .into_iter()
                .filter(|l| l.moment < parting.moment)
                .collect();
            // The two sides first (they are what the stop is about), then what both runs
            // did earlier in the step.
            let mut happened = vec![parting_line(&bug_lines, parting.bug_line, parting, &labels[0])];
            happened.push(EventLine {
                text: format!("{}: {}", labels[1], parting.correct_instead),
                time: parting.time_ms,
                decisive: true,
                rule: None,
                ..parting_line(&correct_lines, parting.correct_line, parting, &labels[1])
            });
            // Past a harmless first difference the lines are the buggy run's alone.
            let before_label = if parting.first_difference.is_some() {
                &labels[0]
            } else {
                &labels[2]
            };
            happened.extend(labelled(before_label, before));
            stops.push(TourStop {
                action: format!("Here the runs part ({} ms), during: {}", parting.time_ms, shared.action),
                caption: Some(parting_caption(parting, title)),
                rules: rules_of(&happened),
                happened,
                more: 0,
                parting: true,
                ..shared
            });
            continue;
        }
        if !parted && first_stop.is_none() {
            first_stop = Some(stops.len());
        }
        let mut happened = labelled(&labels[0], mine.happened);
        happened.extend(labelled(&labels[1], theirs.happened));
        let mut rules = mine.rules;
        add_rules(&mut rules, theirs.rules);
        stops.push(TourStop {
            happened,
            more: mine.more + theirs.more,
            rules,
            ..mine
        });
    }
    if let (Some(first), Some(at)) = (first_stop, stops.iter().position(|s| s.parting)) {
        mark_first_difference(&mut stops, first, at, parting);
    }
    link_violation_back(&mut stops, &bug_lines, parting);
    stops
}

/// Says at stop `first`, where the runs first differ harmlessly, that this difference
/// does not lead to the violation and which stop (`at`) holds the one that does.
fn mark_first_difference(stops: &mut [TourStop], first: usize, at: usize, parting: &Parting) {
    let (Some(difference), Some(v)) = (&parting.first_difference, parting.violations.first()) else {
        return;
    };
    let what = difference
        .with_bug
        .as_ref()
        .map_or("the buggy run ends".to_string(), |l| l.text.clone());
    join_caption(
        &mut stops[first].caption,
        &format!(
            "The runs first differ here, at {} ms: with the bug, {}. That does not lead to the violation: with the bug switch held off until {} ms, {} still breaks. The difference that does comes at {} ms (stop {}).",
            difference.time_ms,
            what.trim_end_matches('.'),
            difference.held_until_ms,
            v.invariant,
            parting.time_ms,
            at + 1
        ),
    );
}

/// `lines`, each led by `label` ("With the bug: …").
fn labelled(label: &str, lines: Vec<EventLine>) -> Vec<EventLine> {
    lines
        .into_iter()
        .map(|line| EventLine {
            text: format!("{label}: {}", line.text),
            ..line
        })
        .collect()
}

/// Adds to `rules` those of `more` it does not hold yet, in order.
fn add_rules(rules: &mut Vec<&'static Rule>, more: Vec<&'static Rule>) {
    for rule in more {
        if !rules.contains(&rule) {
            rules.push(rule);
        }
    }
}

/// The parting stop's caption: what the two runs share, and what comes of the parting.
fn parting_caption(parting: &Parting, title: &str) -> String {
    let mut caption = match &parting.first_difference {
        None => format!(
            "Here the runs part, at {} ms. Until now both did exactly the same; here the bug switch changes what a node does.",
            parting.time_ms
        ),
        Some(first) => format!(
            "Here the runs part in the way that matters, at {} ms: the bug switch changes what a node does, and this difference leads to the violation. The runs first differed at {} ms, but with the bug switch held off until here the same invariant still breaks.",
            parting.time_ms, first.time_ms
        ),
    };
    if let Some(v) = parting.violations.first() {
        caption.push_str(&format!(
            " With the bug, {} breaks {} ms later, at {} ms.",
            v.invariant,
            v.time_ms.saturating_sub(parting.time_ms),
            v.time_ms
        ));
    }
    if parting.correct_violations.is_empty() {
        caption.push_str(&format!(" Correct {title} breaks nothing."));
    }
    caption
}

/// The line of a run (whose lines are `lines`) where the runs part, led by `label` (a run
/// that ended there says so).
fn parting_line(lines: &[EventLine], index: usize, parting: &Parting, label: &str) -> EventLine {
    match lines.get(index) {
        Some(line) => EventLine {
            text: format!("{label}: {}", line.text),
            decisive: true,
            ..line.clone()
        },
        None => ended(label, parting),
    }
}

/// Adds to the first stop at or after the buggy run's first violation that it follows
/// from the parting, and how long after.
fn link_violation_back(stops: &mut [TourStop], lines: &[EventLine], parting: &Parting) {
    let Some(v) = parting.violations.first() else {
        return;
    };
    let Some(at) = stops.iter().position(|s| s.parting) else {
        return;
    };
    // The virtual time a stop shows: that of the last line up to its moment.
    let time_at = |moment: u64| {
        let upto = lines.partition_point(|l| l.moment <= moment);
        upto.checked_sub(1).map_or(0, |i| lines[i].time)
    };
    let found = (at..stops.len()).find(|&i| time_at(stops[i].moment) >= v.time_ms);
    if let Some(i) = found {
        let since = if i == at {
            "right where the runs part".to_string()
        } else {
            format!(
                "from where the runs parted, {} ms earlier (stop {})",
                v.time_ms.saturating_sub(parting.time_ms),
                at + 1
            )
        };
        join_caption(
            &mut stops[i].caption,
            &format!(
                "With the bug, {} breaks here ({} ms): {}. It follows {since}.",
                v.invariant,
                v.time_ms,
                v.message.trim_end_matches('.')
            ),
        );
    }
}

/// The line for a run that ended where the other went on.
fn ended(label: &str, parting: &Parting) -> EventLine {
    EventLine {
        time: parting.time_ms,
        moment: parting.moment,
        text: format!("{label}: nothing more happens"),
        class: EventClass::Other,
        nodes: Vec::new(),
        message: None,
        arrival: false,
        contents: None,
        rule: None,
        decisive: true,
    }
}

/// Every pane's tour merged stop by stop, each line led by its pane's label; a single
/// pane (or panes whose recordings differ in length) gets the first pane's own tour.
fn merged_tour(panes: &[AnyRun], labels: &[String]) -> Vec<TourStop> {
    let mut tours: Vec<(&String, Vec<TourStop>)> = panes
        .iter()
        .zip(labels)
        .map(|(run, label)| (label, tour_listing(run, &run.all_lines(), EVENTS_PER_STOP / 2, None)))
        .collect();
    if tours.len() < 2 || tours.iter().any(|(_, t)| t.len() != tours[0].1.len()) {
        return panes.first().map(tour).unwrap_or_default();
    }
    let (first_label, mut stops) = tours.remove(0);
    for stop in &mut stops {
        stop.happened = labelled(first_label, std::mem::take(&mut stop.happened));
    }
    for (label, others) in tours {
        for (stop, other) in stops.iter_mut().zip(others) {
            stop.happened.extend(labelled(label, other.happened));
            stop.more += other.more;
            add_rules(&mut stop.rules, other.rules);
        }
    }
    stops
}
