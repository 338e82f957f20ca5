//! A recorded run that a view can play back, scrub, step back and branch from.
//!
//! The recording is an ordinary scenario: its steps are everything that happened, the
//! story's own steps and the user's actions alike, with time advances recorded as
//! `run_ms` (a played stretch) or `events` (single steps). A position on the timeline is a
//! *moment* ([`Simulation::moments`]): one scheduled event handled or one action applied.
//! Seeking replays from the nearest checkpoint; acting anywhere but at the end cuts the
//! recording there and continues from the current state, so the recording always replays
//! to exactly what the user sees.
//!
//! Memory grows with what a reader can look at, not with the length of the run: the
//! recording (steps) stays whole, a bounded number of checkpoints are kept, and the trace
//! is held only around the cursor ([`TraceWindow`]). Any other stretch of it is made again
//! on demand by replaying from the nearest checkpoint ([`Timeline::trace_between`]).

mod replay;
pub mod window;

pub use window::TraceWindow;

use crate::protocol::Protocol;
use crate::scenario::{Scenario, ScenarioError, Step};
use crate::sim::{Simulation, TraceEntry};
use crate::types::Time;
use replay::{Cursor, Recorded, Span};

/// Fewest moments between two checkpoints; long recordings space them wider so that
/// there are about [`CHECKPOINTS`] of them.
const MIN_CHECKPOINT_SPACING: u64 = 1_000;
/// About how many checkpoints a long recording keeps (never more than twice as many).
const CHECKPOINTS: usize = 32;
/// How many moments before the cursor the trace is held, at least, after a jump.
pub const CONTEXT_MOMENTS: u64 = 1_500;
/// How many moments past the cursor the trace is held after a jump, so the diagram's rows
/// below the cursor show what comes next, as they do in a recording held whole.
pub const AHEAD_MOMENTS: u64 = 500;
/// The longest move forward in virtual time that [`Timeline::seek_time`] traces on the way
/// (a frame of play back side by side); longer jumps skip ahead without tracing.
const TRACED_STEP_MS: Time = 10_000;

/// A recorded run with a cursor.
#[derive(Clone, Debug)]
pub struct Timeline<P: Protocol> {
    /// Settings and initial state; `steps` is the recording.
    scenario: Scenario,
    /// Invariant: `spans.len() == scenario.steps.len()`, and spans tile the moments in order.
    spans: Vec<Span>,
    /// The state at the cursor.
    cursor: Cursor<P>,
    /// Invariant: at least one (the booted cluster); increasing in moments; at most
    /// `2 * CHECKPOINTS` (older ones are thinned out as the recording grows).
    checkpoints: Vec<Cursor<P>>,
    /// The trace of moment 0 (the nodes starting), which no replay makes again.
    boot_trace: Vec<TraceEntry<P::Note>>,
    /// The trace around the cursor. Invariant: holds the cursor's moment.
    window: TraceWindow<P::Note>,
    /// Whether what the cursor's simulation records next continues the window exactly
    /// (it made the window's last entries itself, or nothing since).
    continues_window: bool,
    /// The virtual time at the end of the recording.
    end_time: Time,
}

/// Gives the recorded steps of timeline `$t` (a borrow of its fields, not of the whole).
macro_rules! recorded {
    ($t:expr) => {
        Recorded {
            steps: &$t.scenario.steps,
            spans: &$t.spans,
            end_time: $t.end_time,
        }
    };
}

// After `recorded!`, which they use.
mod checkpoints;
mod recording;

impl<P: Protocol> Timeline<P> {
    /// Records `scenario`'s steps on `booted` (the cluster built from the same scenario)
    /// and leaves the cursor at the end.
    pub fn new(mut scenario: Scenario, mut booted: Simulation<P>) -> Result<Self, ScenarioError> {
        booted.set_record_trace(true);
        let steps = std::mem::take(&mut scenario.steps);
        let boot_trace = booted.take_trace();
        let cursor = Cursor {
            sim: booted,
            applied: 0,
        };
        let mut timeline = Self {
            scenario,
            spans: Vec::new(),
            checkpoints: vec![cursor.clone()],
            window: TraceWindow::new(0, 0, cursor.sim.moments(), boot_trace.clone(), 0),
            boot_trace,
            continues_window: true,
            end_time: cursor.sim.time(),
            cursor,
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
        &self.cursor.sim
    }

    /// The recording: settings, initial state and every step.
    pub fn recording(&self) -> &Scenario {
        &self.scenario
    }

    /// The cursor: moments passed.
    pub fn position(&self) -> u64 {
        self.cursor.sim.moments()
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
        self.cursor.sim.next_live_due()
    }

    /// For each recorded step, the moment at which it ends (where a tour stops).
    pub fn step_ends(&self) -> Vec<u64> {
        self.spans.iter().map(|s| s.end).collect()
    }

    /// How many checkpoints the timeline keeps (bounded however long the recording).
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    /// Moves the cursor to virtual time `time` (clamped to the recording): after every
    /// moment that happened at or before it. A short step forward from inside the trace
    /// window (playing back side by side) traces on the way and extends the window; any
    /// other move replays without tracing and then fills the window where it lacks.
    pub fn seek_time(&mut self, time: Time) {
        let time = time.min(self.end_time);
        let index = self.checkpoints.iter().rposition(|c| c.sim.time() <= time).unwrap_or(0);
        let now = self.cursor.sim.time();
        let position = self.position();
        if now <= time && time - now <= TRACED_STEP_MS && self.window.holds(position, position) {
            let first = self.cursor.sim.traced();
            self.cursor.forward_to_time(&recorded!(self), time);
            self.keep_trace(position, first);
            return;
        }
        if now > time || self.checkpoints[index].sim.moments() > position {
            self.cursor = self.checkpoints[index].clone();
            self.continues_window = false;
        }
        let before = self.position();
        self.cursor.sim.set_count_trace_only(true);
        self.cursor.forward_to_time(&recorded!(self), time);
        self.cursor.sim.set_count_trace_only(false);
        if self.position() != before {
            self.continues_window = false;
        }
        self.fill_window();
    }

    /// Whether the cursor is at the end, where new steps extend the recording.
    pub fn at_end(&self) -> bool {
        self.cursor.applied == self.scenario.steps.len()
    }

    /// The trace held up to the cursor (at least [`CONTEXT_MOMENTS`] moments of it, or
    /// all of it from the start).
    pub fn trace(&self) -> &[TraceEntry<P::Note>] {
        self.window.slice(self.window.first()..self.trace_len())
    }

    /// The index in the whole trace just past the cursor's last entry: how many entries
    /// the recording has made up to the cursor.
    pub fn trace_len(&self) -> u64 {
        self.window.end_at(self.position())
    }

    /// The trace the timeline holds now, around the cursor (beyond it too).
    pub fn window(&self) -> &TraceWindow<P::Note> {
        &self.window
    }

    /// The whole recording's trace, made again by replaying it (a long run's is long).
    pub fn whole_trace(&self) -> Vec<TraceEntry<P::Note>> {
        self.trace_between(0, self.end()).2
    }

    /// The trace of moments `from..=to` (from the start when `from` is 0), made by
    /// replaying a copy from the nearest checkpoint: `(index of its first entry in the
    /// whole trace, the first moment it holds whole, the entries)`.
    pub fn trace_between(&self, from: u64, to: u64) -> (u64, u64, Vec<TraceEntry<P::Note>>) {
        let mut copy = self.checkpoint_before(from).clone();
        let rec = recorded!(self);
        if from > 0 {
            copy.skip_to(&rec, from);
        }
        let first = copy.sim.traced();
        copy.forward_to(&rec, to);
        let entries = copy.sim.take_trace();
        if from == 0 {
            let mut whole = self.boot_trace.clone();
            whole.extend(entries);
            (0, 0, whole)
        } else {
            (first, from + 1, entries)
        }
    }

    /// The latest virtual time before `time` at which something happened in the recording.
    pub fn previous_event_time(&self, time: Time) -> Option<Time> {
        let latest = |entries: &[TraceEntry<P::Note>]| {
            let before = entries.partition_point(|e| e.time < time);
            before.checked_sub(1).map(|i| entries[i].time)
        };
        let from = self.window.from_moment();
        match latest(self.window.entries()) {
            None if from > 0 => latest(&self.trace_between(from.saturating_sub(CONTEXT_MOMENTS), from).2),
            found => found,
        }
    }

    /// Whether the next recorded step is a stretch of time (played smoothly) rather than
    /// single moments (shown one at a time).
    pub fn next_is_timed(&self) -> bool {
        matches!(self.scenario.steps.get(self.cursor.applied), Some(Step::RunMs(_)))
    }

    /// Moves the cursor to moment `target` (clamped to the recording): the state right
    /// after that moment. Only what the trace window lacks is traced on the way.
    pub fn seek(&mut self, target: u64) {
        let target = target.min(self.end());
        let context = target.saturating_sub(CONTEXT_MOMENTS);
        if self.window.holds(context, target) {
            self.restore_if_nearer(target);
            let before = self.position();
            self.cursor.skip_to(&recorded!(self), target);
            if self.position() != before {
                self.continues_window = false;
            }
            return;
        }
        // Trace from where the window ends if it reaches back far enough, else anew.
        let window_to = self.window.to_moment();
        let from = if self.window.holds(context, context) && window_to < target {
            window_to
        } else {
            // The moment traced from is not held whole: start one before the context.
            context.saturating_sub(1)
        };
        if target <= self.position() {
            self.restore_before(from);
        } else {
            self.restore_if_nearer(from);
        }
        if self.position() < from {
            self.cursor.skip_to(&recorded!(self), from);
            self.continues_window = false;
        }
        let start = self.position();
        let first = self.cursor.sim.traced();
        self.cursor.forward_to(&recorded!(self), target);
        self.keep_trace(start, first);
        self.trace_ahead();
    }

    /// After a jump, when the window ends at the cursor: traces a copy of the cursor up to
    /// [`AHEAD_MOMENTS`] further, into the window.
    fn trace_ahead(&mut self) {
        let to = (self.position() + AHEAD_MOMENTS).min(self.end());
        if self.window.to_moment() != self.position() || to <= self.position() {
            return;
        }
        let mut copy = self.cursor.clone();
        copy.forward_to(&recorded!(self), to);
        let entries = copy.sim.take_trace();
        self.window.extend(entries, to);
        self.continues_window = false;
    }

    /// Moves the cursor to moment `target` and then, inside a stretch of time, on to `time`.
    pub fn seek_to(&mut self, target: u64, time: Time) {
        self.seek(target);
        if let Some(Step::RunMs(ms)) = self.scenario.steps.get(self.cursor.applied) {
            let end_time = self.spans[self.cursor.applied].start_time + ms;
            let next_moment = self.cursor.sim.next_live_due().unwrap_or(Time::MAX);
            let until = time.min(end_time).min(next_moment.saturating_sub(1));
            if until > self.cursor.sim.time() {
                self.cursor.sim.run_for(until - self.cursor.sim.time());
            }
        }
    }

    /// Plays the recording forward by `ms` of virtual time inside a stretch of time, or
    /// by one moment otherwise. At the end, `ms` extends the recording instead.
    pub fn play(&mut self, ms: Time) -> Result<(), String> {
        if self.at_end() {
            return self.record(Step::RunMs(ms));
        }
        let start = self.position();
        let first = self.cursor.sim.traced();
        if self.next_is_timed() {
            self.cursor.play_in_stretch(&recorded!(self), ms);
        } else {
            self.cursor.forward_to(&recorded!(self), start + 1);
        }
        self.keep_trace(start, first);
        Ok(())
    }

    /// Drops the recording after the cursor, so that what follows is no longer scripted:
    /// playing on runs freely from exactly this state.
    pub fn truncate(&mut self) {
        if !self.at_end() {
            self.cut_here();
        }
    }

    /// Puts what the cursor traced since moment `from` (its first entry having index
    /// `first` in the whole trace) into the window: continuing it, or filling it anew
    /// when it does not meet the window. Then trims the window to its bound.
    fn keep_trace(&mut self, from: u64, first: u64) {
        let entries = self.cursor.sim.take_trace();
        let position = self.position();
        if self.continues_window {
            self.window.extend(entries, position);
        } else if from + 1 >= self.window.from_moment() && from <= self.window.to_moment() {
            self.window.extend_after(entries, position);
        } else {
            self.fill_window_with(first, from, entries);
        }
        // Only a cursor at the window's end makes its next entries: inside the window,
        // what it traces next is held already.
        self.continues_window = self.position() >= self.window.to_moment();
        self.window.trim(self.position().saturating_sub(CONTEXT_MOMENTS));
    }

    /// Fills the window anew with the trace from moment `from` on (`first`: the index of
    /// its first entry), the nodes' starts included when `from` is 0.
    fn fill_window_with(&mut self, first: u64, from: u64, entries: Vec<TraceEntry<P::Note>>) {
        let generation = self.window.generation() + 1;
        let to = self.position();
        self.window = if from == 0 {
            let mut whole = self.boot_trace.clone();
            whole.extend(entries);
            TraceWindow::new(0, 0, to, whole, generation)
        } else {
            TraceWindow::new(first, from + 1, to, entries, generation)
        };
    }

    /// After the cursor moved without tracing: makes the window hold the cursor's moment
    /// and [`CONTEXT_MOMENTS`] before it, tracing a copy of the run where it lacks them.
    fn fill_window(&mut self) {
        let position = self.position();
        let context = position.saturating_sub(CONTEXT_MOMENTS);
        if self.window.holds(context, position) {
            return;
        }
        let window_to = self.window.to_moment();
        if self.window.holds(context, context) {
            let (_, _, entries) = self.trace_between(window_to, position);
            self.window.extend_after(entries, position);
        } else {
            let (first, from_moment, entries) = self.trace_between(context.saturating_sub(1), position);
            let generation = self.window.generation() + 1;
            self.window = TraceWindow::new(first, from_moment, position, entries, generation);
        }
        self.continues_window = false;
        self.window.trim(self.position().saturating_sub(CONTEXT_MOMENTS));
        self.trace_ahead();
    }
}
