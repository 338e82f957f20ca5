//! Several protocols' runs under one clock: the same cluster size, seed, workload and
//! fault script, every action applied to every run at the same virtual time.

use super::AnyRun;
use crate::scenario::{Scenario, Step};
use crate::types::Time;

/// Runs side by side. Invariant: every pane has the same cluster size and seed and has
/// recorded the same steps (a `vote_no`, which only two-phase commit knows, excepted),
/// so all panes stand at the same virtual time.
#[derive(Clone, Debug)]
pub struct Lockstep {
    /// One run per protocol, in the scenario's order; or, beside the correct run
    /// ([`Lockstep::beside_correct`]), the run with its bug switches and the run without.
    pub panes: Vec<AnyRun>,
}

impl Lockstep {
    /// One pane per protocol in `scenario.protocols` (or just `scenario.protocol`), each
    /// replaying the scenario's steps, as `consensus compare` does.
    pub fn new(scenario: &Scenario) -> Result<Self, String> {
        let panes = scenario
            .panes()
            .into_iter()
            .map(|pane| {
                AnyRun::new(scenario.for_pane(&pane))
                    .map(|run| run.titled(pane.title.clone()))
                    .map_err(|e| format!("{}: {e}", pane.key()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { panes })
    }

    /// The bug beside the rule: `scenario` (one protocol, bug switches on) in the first
    /// pane and the same scenario and seed with no bug switch in the second, on one clock.
    pub fn beside_correct(scenario: &Scenario) -> Result<Self, String> {
        if scenario.config.bugs.is_empty() {
            return Err("no bug switch is on, so there is no correct run to set beside it".into());
        }
        if scenario.compared_protocols().len() > 1 {
            return Err("the bug is set beside the correct run for one protocol at a time".into());
        }
        let mut correct = scenario.clone();
        correct.config.bugs.clear();
        let with_bug = AnyRun::new(scenario.clone()).map_err(|e| format!("with the bug: {e}"))?;
        let correct = AnyRun::new(correct).map_err(|e| format!("without the bug: {e}"))?;
        Ok(Self {
            panes: vec![with_bug, correct],
        })
    }

    /// The virtual time every pane stands at.
    pub fn time(&self) -> Time {
        self.panes.iter().map(AnyRun::time).min().unwrap_or(0)
    }

    /// The virtual time at which the recordings end.
    pub fn end_time(&self) -> Time {
        self.panes.iter().map(AnyRun::end_time).max().unwrap_or(0)
    }

    /// Whether every pane is at the end of its recording.
    pub fn at_end(&self) -> bool {
        self.panes.iter().all(AnyRun::at_end)
    }

    /// Applies `step` to every pane it concerns at the current time. Either every pane
    /// takes it or none does: a step one pane refuses changes nothing and says why.
    pub fn act(&mut self, step: Step) -> Result<(), String> {
        let concerned = |run: &AnyRun| crate::scenario::takes_step(run.protocol(), &step);
        if !self.panes.iter().any(concerned) {
            return Err("no protocol shown here takes this step".into());
        }
        for run in self.panes.iter().filter(|r| concerned(r)) {
            run.check_step(&step)
                .map_err(|e| format!("{}: {e}", run.protocol().as_str()))?;
        }
        for run in self.panes.iter_mut().filter(|r| concerned(r)) {
            run.record(step.clone())?;
        }
        Ok(())
    }

    /// Drops every pane's recording after the cursor: from here on the run is free.
    pub fn truncate(&mut self) {
        for run in &mut self.panes {
            run.truncate();
        }
    }

    /// Plays `ms` of virtual time in every pane.
    pub fn play(&mut self, ms: Time) -> Result<(), String> {
        if self.at_end() {
            return self.act(Step::RunMs(ms));
        }
        let target = self.time() + ms;
        self.seek_time(target);
        Ok(())
    }

    /// Moves to the next virtual time at which any pane has something to do, and handles
    /// everything due then in every pane.
    pub fn step(&mut self) -> Result<(), String> {
        let now = self.time();
        let next = self.panes.iter_mut().filter_map(AnyRun::next_due).min();
        let Some(next) = next else {
            return Ok(());
        };
        let ms = next.saturating_sub(now);
        if self.at_end() {
            self.act(Step::RunMs(ms))
        } else {
            self.seek_time(next);
            Ok(())
        }
    }

    /// Moves every pane to the end of step `index` of the first pane's recording: each
    /// shows the moment after that step and before the next, as a tour stop tells it.
    /// (Seeking by time would also apply the next steps when they happen at the same
    /// virtual time, a crash or a client request right after a stretch of time.) A pane
    /// whose recording differs from the first's only by the steps it does not take
    /// (`vote_no`) goes to the end of the same step of its own recording, with the
    /// `vote_no` steps that follow it there.
    pub fn seek_step_end(&mut self, index: usize) {
        let shared = crate::scenario::shared_step;
        let first = &self.panes[0].recording().steps;
        let (first_len, index) = (first.len(), index.min(first.len().saturating_sub(1)));
        let shared_before = first.iter().take(index + 1).filter(|s| shared(s)).count();
        for run in &mut self.panes {
            let steps = &run.recording().steps;
            // Panes' recordings differ only by the steps some do not take: the same length
            // is the same recording.
            let own = if steps.len() == first_len {
                Some(index)
            } else {
                // The last step before this pane's next shared step after the same count.
                let mut seen = 0;
                let mut last = None;
                for (j, step) in steps.iter().enumerate() {
                    if shared(step) {
                        if seen == shared_before {
                            break;
                        }
                        seen += 1;
                    }
                    last = Some(j);
                }
                last
            };
            let moment = own.and_then(|j| run.step_ends().get(j).copied()).unwrap_or(0);
            run.seek(moment);
        }
    }

    /// Moves every pane's cursor to virtual time `time`.
    pub fn seek_time(&mut self, time: Time) {
        for run in &mut self.panes {
            run.seek_time(time);
        }
    }

    /// The comparison as one scenario that `consensus compare` replays: the panes'
    /// common recording (the longest: the one with every step some pane does not take)
    /// with the first pane's settings, and every pane listed with its title and the
    /// settings it lays over those.
    pub fn recording(&self) -> Scenario {
        let keeper = self
            .panes
            .iter()
            .max_by_key(|r| (r.recording().steps.len(), std::cmp::Reverse(r.protocol())))
            .unwrap_or(&self.panes[0]);
        let mut scenario = keeper.recording().clone();
        let first = self.panes[0].recording();
        scenario.protocol = first.protocol;
        scenario.config = first.config.clone();
        scenario.protocols = self
            .panes
            .iter()
            .map(|run| {
                crate::scenario::Pane::between(
                    run.protocol(),
                    run.title().map(str::to_string),
                    &first.config,
                    &run.recording().config,
                )
            })
            .collect();
        scenario
    }
}
