//! Replaying a recording: a simulation part-way through its steps, moved forward exactly
//! as the steps first moved it.

use crate::protocol::Protocol;
use crate::scenario::Step;
use crate::scenario::runner::apply_step;
use crate::sim::Simulation;
use crate::types::Time;

/// Where a recorded step starts and ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Span {
    /// Moments before the step.
    pub start: u64,
    /// Virtual time before the step.
    pub start_time: Time,
    /// Moments after the step.
    pub end: u64,
}

/// The recorded steps and where each starts and ends.
pub(super) struct Recorded<'a> {
    /// The steps. Invariant: as many as `spans`.
    pub steps: &'a [Step],
    /// Where each step starts and ends; they tile the moments in order.
    pub spans: &'a [Span],
    /// The virtual time at the end of the recording.
    pub end_time: Time,
}

impl Recorded<'_> {
    /// The virtual time at which step `i` ends.
    pub fn step_end_time(&self, i: usize) -> Time {
        self.spans.get(i + 1).map_or(self.end_time, |s| s.start_time)
    }
}

/// A simulation part-way through a recording.
#[derive(Clone, Debug)]
pub(super) struct Cursor<P: Protocol> {
    /// The state.
    pub sim: Simulation<P>,
    /// How many recorded steps `sim` has applied completely. Invariant: when less than the
    /// number of steps, `sim` is inside step `applied` (possibly at its very start).
    pub applied: usize,
}

impl<P: Protocol> Cursor<P> {
    /// Replays the recorded steps up to moment `target` (or the end of the recording).
    pub fn forward_to(&mut self, rec: &Recorded, target: u64) {
        while self.applied < rec.steps.len() {
            if rec.spans[self.applied].end > target {
                self.partial(rec, target);
                break;
            }
            self.complete_step(rec);
        }
    }

    /// Replays every moment that happened at or before virtual time `time`.
    pub fn forward_to_time(&mut self, rec: &Recorded, time: Time) {
        while self.applied < rec.steps.len() {
            if rec.step_end_time(self.applied) <= time {
                self.complete_step(rec);
                continue;
            }
            let span = rec.spans[self.applied];
            match &rec.steps[self.applied] {
                Step::RunMs(_) => self.sim.run_for(time - self.sim.time()),
                _ => {
                    while self.sim.moments() < span.end && self.sim.next_live_due().is_some_and(|due| due <= time) {
                        self.sim.step();
                    }
                }
            }
            break;
        }
    }

    /// Plays up to `ms` of virtual time inside the recorded stretch of time the cursor is
    /// in, completing it when its end is reached.
    pub fn play_in_stretch(&mut self, rec: &Recorded, ms: Time) {
        let Some(Step::RunMs(step_ms)) = rec.steps.get(self.applied) else {
            return;
        };
        let end_time = rec.spans[self.applied].start_time + step_ms;
        let advance = ms.min(end_time - self.sim.time());
        self.sim.run_for(advance);
        if self.sim.time() == end_time {
            self.sim.record_progress();
            self.applied += 1;
        }
    }

    /// Completes recorded step `applied`, from wherever inside it the state is. A stretch
    /// (`run_ms`, `events`, `stabilize`) ends with the trace's word on progress, as
    /// [`apply_step`] gives every other step, so that a replay traces what the recording did.
    pub fn complete_step(&mut self, rec: &Recorded) {
        let span = rec.spans[self.applied];
        match &rec.steps[self.applied] {
            Step::RunMs(ms) => {
                self.sim.run_for(span.start_time + ms - self.sim.time());
                self.sim.record_progress();
            }
            Step::Events(_) | Step::Stabilize(_) => {
                self.partial(rec, span.end);
                self.sim.record_progress();
            }
            step if self.sim.moments() == span.start => {
                apply_step(&mut self.sim, step, &mut |_, _| {}).expect("recorded steps replay");
            }
            _ => {}
        }
        self.applied += 1;
    }

    /// Advances inside recorded step `applied` until moment `target`.
    pub fn partial(&mut self, rec: &Recorded, target: u64) {
        match &rec.steps[self.applied] {
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

    /// Replays up to moment `target` counting trace entries without keeping them.
    pub fn skip_to(&mut self, rec: &Recorded, target: u64) {
        self.sim.set_count_trace_only(true);
        self.forward_to(rec, target);
        self.sim.set_count_trace_only(false);
    }
}
