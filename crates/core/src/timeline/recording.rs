//! The recording: acting appends a step (cutting the future first when the cursor is not at
//! the end), and a cut turns what was played of a step into steps that replay it exactly.

use super::*;
use crate::protocol::Protocol;
use crate::scenario::runner::{apply_step, apply_step_only};
use crate::scenario::{MessagePick, Step};
use replay::{Recorded, Span};

impl<P: Protocol> Timeline<P> {
    /// Applies `step` at the cursor and records it. Anywhere but at the end this first
    /// cuts the recording at the cursor (the rest of the old recording is dropped).
    pub fn record(&mut self, step: Step) -> Result<(), String> {
        if !self.at_end() {
            self.cut_here();
        }
        self.append(step)
    }

    /// Applies `step` at the end of the recording and appends it. A stretch of time
    /// (`run_ms`, `events`) merges into the stretch before it and says whether the
    /// protocol can progress only when it ends, as a replay of the merged step does.
    pub(super) fn append(&mut self, step: Step) -> Result<(), String> {
        let span = Span {
            start: self.position(),
            start_time: self.cursor.sim.time(),
            end: 0,
        };
        let first = self.cursor.sim.traced();
        let last = self.scenario.steps.len();
        let mergeable = self.checkpoints.last().is_some_and(|c| c.applied < last);
        let merges = mergeable
            && matches!(
                (self.scenario.steps.last(), &step),
                (Some(Step::RunMs(_)), Step::RunMs(_)) | (Some(Step::Events(_)), Step::Events(_))
            );
        let stretch = matches!(step, Step::RunMs(_) | Step::Events(_));
        if !merges && matches!(self.scenario.steps.last(), Some(Step::RunMs(_) | Step::Events(_))) {
            self.cursor.sim.record_progress();
        }
        if stretch {
            apply_step_only(&mut self.cursor.sim, &step, &mut |_, _| {})?;
        } else {
            apply_step(&mut self.cursor.sim, &step, &mut |_, _| {})?;
        }
        let end = self.position();
        match (self.scenario.steps.last_mut(), &step) {
            (Some(Step::RunMs(a)), Step::RunMs(b)) if merges => *a += b,
            (Some(Step::Events(a)), Step::Events(b)) if merges => *a += b,
            _ => {
                self.scenario.steps.push(step);
                self.spans.push(span);
            }
        }
        self.spans.last_mut().expect("just pushed or merged").end = end;
        self.cursor.applied = self.scenario.steps.len();
        self.end_time = self.cursor.sim.time();
        self.keep_trace(span.start, first);
        self.maybe_checkpoint();
        Ok(())
    }

    /// Cuts the recording at the cursor: the step the cursor is inside becomes the steps
    /// that reproduce exactly the current state, and everything after it is dropped.
    pub(super) fn cut_here(&mut self) {
        let i = self.cursor.applied;
        let span = self.spans[i];
        let replacement = self.partial_as_steps(i, span);
        self.scenario.steps.truncate(i);
        self.spans.truncate(i);
        let position = self.position();
        self.window.cut_after(position);
        // What the cursor traces from now on happens after everything the window holds.
        self.continues_window = true;
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
        self.cursor.applied = self.scenario.steps.len();
        self.end_time = self.cursor.sim.time();
    }

    /// The steps that take the state from the start of step `i` to where it is now.
    pub(super) fn partial_as_steps(&mut self, i: usize, span: Span) -> Vec<Step> {
        let done = self.position() - span.start;
        match &self.scenario.steps[i] {
            Step::Stabilize(_) => self
                .delivered_since(span.start)
                .into_iter()
                .map(Step::Deliver)
                .collect(),
            Step::RunMs(_) | Step::Events(_) => {
                let time_moved = self.cursor.sim.time() - span.start_time;
                let now = self.cursor.sim.time();
                let all_due_done = self.cursor.sim.next_live_due().is_none_or(|due| due > now);
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

    /// The messages a stabilizing step delivered (or dropped on arrival) after moment
    /// `start`, one a moment, as picks: found by replaying a copy from `start` to the
    /// cursor, as stabilizing does (always the oldest message in flight).
    pub(super) fn delivered_since(&self, start: u64) -> Vec<MessagePick> {
        let mut copy = self.checkpoint_before(start).clone();
        copy.skip_to(&recorded!(self), start);
        copy.sim.set_record_trace(false);
        let mut picks = Vec::new();
        while copy.sim.moments() < self.position() {
            let Some((id, from, to)) = copy.sim.in_flight().next().map(|m| (m.id, m.from, m.to)) else {
                break;
            };
            copy.sim.deliver(id).expect("the oldest message is in flight");
            picks.push(MessagePick { from, to, nth: 1 });
        }
        picks
    }
}
