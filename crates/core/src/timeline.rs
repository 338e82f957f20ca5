//! A recorded run that a view can play back, scrub, step back and branch from.
//!
//! The recording is an ordinary scenario: its steps are everything that happened, the
//! story's own steps and the user's actions alike, with time advances recorded as
//! `run_ms` (a played stretch) or `events` (single steps). A position on the timeline is a
//! *moment* ([`Simulation::moments`]): one scheduled event handled or one action applied.
//! Seeking replays from the nearest checkpoint; acting anywhere but at the end cuts the
//! recording there and continues from the current state, so the recording always replays
//! to exactly what the user sees.

use crate::protocol::Protocol;
use crate::scenario::runner::apply_step;
use crate::scenario::{MessagePick, Scenario, ScenarioError, Step};
use crate::sim::{Simulation, TraceEntry, TraceEvent};
use crate::types::Time;

/// Where a recorded step starts and ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    /// Moments before the step.
    start: u64,
    /// Virtual time before the step.
    start_time: Time,
    /// Moments after the step.
    end: u64,
}

/// A simulation state saved between two recorded steps.
#[derive(Clone, Debug)]
struct Checkpoint<P: Protocol> {
    /// How many recorded steps it has applied completely.
    applied: usize,
    /// The state then (with an empty trace).
    sim: Simulation<P>,
}

/// Fewest moments between two checkpoints; long recordings space them wider so that
/// there are about [`CHECKPOINTS`] of them.
const MIN_CHECKPOINT_SPACING: u64 = 1_000;
/// About how many checkpoints a long recording keeps.
const CHECKPOINTS: u64 = 32;

/// A recorded run with a cursor.
#[derive(Clone, Debug)]
pub struct Timeline<P: Protocol> {
    /// Settings and initial state; `steps` is the recording.
    scenario: Scenario,
    /// Invariant: `spans.len() == scenario.steps.len()`, and spans tile the moments in order.
    spans: Vec<Span>,
    /// The state at the cursor.
    sim: Simulation<P>,
    /// How many recorded steps `sim` has applied completely. Invariant: when less than the
    /// number of steps, `sim` is inside step `applied` (possibly at its very start).
    applied: usize,
    /// Invariant: at least one (the booted cluster); increasing in `applied`.
    checkpoints: Vec<Checkpoint<P>>,
    /// The whole recording's trace, in moment order.
    trace: Vec<TraceEntry<P::Note>>,
    /// The virtual time at the end of the recording.
    end_time: Time,
}

impl<P: Protocol> Timeline<P> {
    /// Records `scenario`'s steps on `booted` (the cluster built from the same scenario)
    /// and leaves the cursor at the end.
    pub fn new(mut scenario: Scenario, mut booted: Simulation<P>) -> Result<Self, ScenarioError> {
        booted.set_record_trace(true);
        let steps = std::mem::take(&mut scenario.steps);
        let trace = booted.take_trace();
        let mut timeline = Self {
            scenario,
            spans: Vec::new(),
            checkpoints: vec![Checkpoint {
                applied: 0,
                sim: booted.clone(),
            }],
            end_time: booted.time(),
            sim: booted,
            applied: 0,
            trace,
        };
        for (index, step) in steps.into_iter().enumerate() {
            timeline
                .append(step)
                .map_err(|message| ScenarioError::Step { index, message })?;
        }
        Ok(timeline)
    }

    /// The state at the cursor.
    pub fn sim(&self) -> &Simulation<P> {
        &self.sim
    }

    /// The recording: settings, initial state and every step.
    pub fn recording(&self) -> &Scenario {
        &self.scenario
    }

    /// The cursor: moments passed.
    pub fn position(&self) -> u64 {
        self.sim.moments()
    }

    /// The last moment of the recording.
    pub fn end(&self) -> u64 {
        self.spans.last().map_or(self.checkpoints[0].sim.moments(), |s| s.end)
    }

    /// The virtual time at the end of the recording.
    pub fn end_time(&self) -> Time {
        self.end_time
    }

    /// When the next live scheduled event at the cursor is due, if any.
    pub fn next_live_due(&mut self) -> Option<Time> {
        self.sim.next_live_due()
    }

    /// For each recorded step, the moment at which it ends (where a tour stops).
    pub fn step_ends(&self) -> Vec<u64> {
        self.spans.iter().map(|s| s.end).collect()
    }

    /// Moves the cursor to virtual time `time` (clamped to the recording): after every
    /// moment that happened at or before it.
    pub fn seek_time(&mut self, time: Time) {
        let time = time.min(self.end_time);
        let index = self.checkpoints.iter().rposition(|c| c.sim.time() <= time).unwrap_or(0);
        if self.sim.time() > time || self.checkpoints[index].sim.moments() > self.position() {
            self.sim = self.checkpoints[index].sim.clone();
            self.applied = self.checkpoints[index].applied;
        }
        while self.applied < self.scenario.steps.len() {
            if self.step_end_time(self.applied) <= time {
                self.finish_step();
                self.applied += 1;
                continue;
            }
            let span = self.spans[self.applied];
            match &self.scenario.steps[self.applied] {
                Step::RunMs(_) => self.sim.run_for(time - self.sim.time()),
                _ => {
                    while self.sim.moments() < span.end && self.sim.next_live_due().is_some_and(|due| due <= time) {
                        self.sim.step();
                    }
                }
            }
            break;
        }
        self.sim.take_trace();
    }

    /// The virtual time at which recorded step `i` ends.
    fn step_end_time(&self, i: usize) -> Time {
        self.spans.get(i + 1).map_or(self.end_time, |s| s.start_time)
    }

    /// Whether the cursor is at the end, where new steps extend the recording.
    pub fn at_end(&self) -> bool {
        self.applied == self.scenario.steps.len()
    }

    /// The trace up to the cursor.
    pub fn trace(&self) -> &[TraceEntry<P::Note>] {
        let upto = self.trace.partition_point(|e| e.moment <= self.position());
        &self.trace[..upto]
    }

    /// The trace of the whole recording, beyond the cursor too.
    pub fn full_trace(&self) -> &[TraceEntry<P::Note>] {
        &self.trace
    }

    /// Whether the next recorded step is a stretch of time (played smoothly) rather than
    /// single moments (shown one at a time).
    pub fn next_is_timed(&self) -> bool {
        matches!(self.scenario.steps.get(self.applied), Some(Step::RunMs(_)))
    }

    /// Moves the cursor to moment `target` (clamped to the recording): the state right
    /// after that moment.
    pub fn seek(&mut self, target: u64) {
        let target = target.min(self.end());
        if target <= self.position() {
            self.restore_before(target);
        }
        self.forward_to(target);
    }

    /// Moves the cursor to moment `target` and then, inside a stretch of time, on to `time`.
    pub fn seek_to(&mut self, target: u64, time: Time) {
        self.seek(target);
        if let Some(Step::RunMs(ms)) = self.scenario.steps.get(self.applied) {
            let end_time = self.spans[self.applied].start_time + ms;
            let next_moment = self.sim.next_live_due().unwrap_or(Time::MAX);
            let until = time.min(end_time).min(next_moment.saturating_sub(1));
            if until > self.sim.time() {
                self.sim.run_for(until - self.sim.time());
            }
        }
    }

    /// Plays the recording forward by `ms` of virtual time inside a stretch of time, or
    /// by one moment otherwise. At the end, `ms` extends the recording instead.
    pub fn play(&mut self, ms: Time) -> Result<(), String> {
        if self.at_end() {
            return self.record(Step::RunMs(ms));
        }
        if let Some(Step::RunMs(step_ms)) = self.scenario.steps.get(self.applied) {
            let end_time = self.spans[self.applied].start_time + step_ms;
            let advance = ms.min(end_time - self.sim.time());
            self.sim.run_for(advance);
            self.sim.take_trace();
            if self.sim.time() == end_time {
                self.applied += 1;
            }
        } else {
            self.forward_to(self.position() + 1);
        }
        Ok(())
    }

    /// Drops the recording after the cursor, so that what follows is no longer scripted:
    /// playing on runs freely from exactly this state.
    pub fn truncate(&mut self) {
        if !self.at_end() {
            self.cut_here();
        }
    }

    /// Applies `step` at the cursor and records it. Anywhere but at the end this first
    /// cuts the recording at the cursor (the rest of the old recording is dropped).
    pub fn record(&mut self, step: Step) -> Result<(), String> {
        if !self.at_end() {
            self.cut_here();
        }
        self.append(step)
    }

    /// Applies `step` at the end of the recording and appends it.
    fn append(&mut self, step: Step) -> Result<(), String> {
        let start = Span {
            start: self.sim.moments(),
            start_time: self.sim.time(),
            end: 0,
        };
        apply_step(&mut self.sim, &step, &mut |_, _| {})?;
        self.trace.extend(self.sim.take_trace());
        let end = self.sim.moments();
        let last = self.scenario.steps.len();
        let mergeable = self.checkpoints.last().is_some_and(|c| c.applied < last);
        match (self.scenario.steps.last_mut(), &step) {
            (Some(Step::RunMs(a)), Step::RunMs(b)) if mergeable => *a += b,
            (Some(Step::Events(a)), Step::Events(b)) if mergeable => *a += b,
            _ => {
                self.scenario.steps.push(step);
                self.spans.push(start);
            }
        }
        self.spans.last_mut().expect("just pushed or merged").end = end;
        self.applied = self.scenario.steps.len();
        self.end_time = self.sim.time();
        self.maybe_checkpoint();
        Ok(())
    }

    fn maybe_checkpoint(&mut self) {
        let last = self.checkpoints.last().expect("never empty").sim.moments();
        let spacing = MIN_CHECKPOINT_SPACING.max(self.end() / CHECKPOINTS);
        if self.sim.moments() - last >= spacing {
            self.checkpoints.push(Checkpoint {
                applied: self.applied,
                sim: self.sim.clone(),
            });
        }
    }

    /// Restores the latest checkpoint at or before `target`.
    fn restore_before(&mut self, target: u64) {
        let index = self
            .checkpoints
            .iter()
            .rposition(|c| c.sim.moments() <= target)
            .expect("the first checkpoint is at moment 0");
        let checkpoint = &self.checkpoints[index];
        self.sim = checkpoint.sim.clone();
        self.applied = checkpoint.applied;
    }

    /// Replays recorded steps from the current state up to moment `target`.
    fn forward_to(&mut self, target: u64) {
        while self.applied < self.scenario.steps.len() {
            let span = self.spans[self.applied];
            if span.end > target {
                self.partial(target);
                break;
            }
            self.finish_step();
            self.applied += 1;
        }
        self.sim.take_trace();
    }

    /// Completes recorded step `applied`, from wherever inside it the state is.
    fn finish_step(&mut self) {
        let span = self.spans[self.applied];
        match &self.scenario.steps[self.applied] {
            Step::RunMs(ms) => self.sim.run_for(span.start_time + ms - self.sim.time()),
            Step::Events(_) | Step::Stabilize(_) => self.partial(span.end),
            step if self.sim.moments() == span.start => {
                let step = step.clone();
                apply_step(&mut self.sim, &step, &mut |_, _| {}).expect("recorded steps replay");
            }
            _ => {}
        }
    }

    /// Advances inside recorded step `applied` until moment `target`.
    fn partial(&mut self, target: u64) {
        match &self.scenario.steps[self.applied] {
            Step::RunMs(_) | Step::Events(_) => while self.sim.moments() < target && self.sim.step() {},
            Step::Stabilize(_) => {
                while self.sim.moments() < target {
                    let Some(oldest) = self.sim.in_flight().next().map(|m| m.id) else {
                        break;
                    };
                    self.sim.deliver(oldest).expect("the oldest message is in flight");
                }
            }
            _ => {}
        }
    }

    /// Cuts the recording at the cursor: the step the cursor is inside becomes the steps
    /// that reproduce exactly the current state, and everything after it is dropped.
    fn cut_here(&mut self) {
        let i = self.applied;
        let span = self.spans[i];
        let replacement = self.partial_as_steps(i, span);
        self.scenario.steps.truncate(i);
        self.spans.truncate(i);
        let position = self.position();
        self.trace
            .truncate(self.trace.partition_point(|e| e.moment <= position));
        self.checkpoints.retain(|c| c.applied <= i);
        let mut start = span;
        for step in replacement {
            let moments = match step {
                Step::Deliver(_) => 1,
                _ => position - start.start,
            };
            self.scenario.steps.push(step);
            self.spans.push(Span {
                end: start.start + moments,
                ..start
            });
            start.start += moments;
        }
        self.applied = self.scenario.steps.len();
        self.end_time = self.sim.time();
    }

    /// The steps that take the state from the start of step `i` to where it is now.
    fn partial_as_steps(&mut self, i: usize, span: Span) -> Vec<Step> {
        let done = self.sim.moments() - span.start;
        match &self.scenario.steps[i] {
            Step::Stabilize(_) => self
                .delivered_since(span.start)
                .into_iter()
                .map(Step::Deliver)
                .collect(),
            Step::RunMs(_) | Step::Events(_) => {
                let time_moved = self.sim.time() - span.start_time;
                let all_due_done = self.sim.next_live_due().is_none_or(|due| due > self.sim.time());
                if all_due_done && time_moved > 0 {
                    vec![Step::RunMs(time_moved)]
                } else if done > 0 {
                    vec![Step::Events(done)]
                } else {
                    Vec::new()
                }
            }
            _ => Vec::new(),
        }
    }

    /// The messages delivered (or dropped on arrival) in each moment after `start`, as picks.
    fn delivered_since(&self, start: u64) -> Vec<MessagePick> {
        let mut picks = Vec::new();
        let mut last_moment = start;
        for entry in self
            .trace
            .iter()
            .filter(|e| e.moment > start && e.moment <= self.position())
        {
            if entry.moment == last_moment {
                continue;
            }
            if let TraceEvent::Delivered { from, to, .. } | TraceEvent::Dropped { from, to, .. } = &entry.event {
                picks.push(MessagePick {
                    from: *from,
                    to: *to,
                    nth: 1,
                });
                last_moment = entry.moment;
            }
        }
        picks
    }
}
