//! The counterexample search in the page: random schedules run in slices of a few
//! milliseconds between frames, so the page never freezes, until the checker finds a
//! violation (shrunk to a short scenario) or the user cancels.

use consensus_core::explore::{Counterexample, ExploreOptions, run_schedule};

/// Real milliseconds of work per slice.
pub const SLICE_MS: f64 = 40.0;
/// Schedules tried before giving up.
pub const MAX_SCHEDULES: u64 = 200_000;

/// A search under way or finished.
#[derive(Clone, Debug)]
pub struct Hunt {
    /// What is explored (protocol, size, seed, bug switches).
    pub options: ExploreOptions,
    /// Schedules tried so far.
    pub tried: u64,
    /// Simulation events they took.
    pub events: u64,
    /// Real milliseconds spent working (in slices).
    pub busy_ms: f64,
    /// Whether it is still looking.
    pub running: bool,
    /// What it found.
    pub found: Option<Counterexample>,
}

impl Hunt {
    /// A search with `options` that has tried nothing yet.
    pub fn new(options: ExploreOptions) -> Self {
        Self {
            options,
            tried: 0,
            events: 0,
            busy_ms: 0.0,
            running: true,
            found: None,
        }
    }

    /// Runs schedules until `budget_ms` of real time (measured by `now`) has passed or a
    /// counterexample is found; returns it when found.
    pub fn slice(&mut self, budget_ms: f64, now: impl Fn() -> f64) -> Result<Option<Counterexample>, String> {
        let start = now();
        while self.running && now() - start < budget_ms {
            let outcome = run_schedule(&self.options, self.tried).map_err(|e| e.to_string())?;
            self.tried += 1;
            self.events += outcome.events;
            if let Some(found) = outcome.counterexample {
                self.running = false;
                self.found = Some(found.clone());
                self.busy_ms += now() - start;
                return Ok(Some(found));
            }
            if self.tried >= MAX_SCHEDULES {
                self.running = false;
            }
        }
        self.busy_ms += now() - start;
        Ok(None)
    }

    /// Progress in words.
    pub fn progress(&self) -> String {
        let seconds = self.busy_ms / 1000.0;
        let rate = if seconds > 0.0 {
            self.tried as f64 / seconds
        } else {
            0.0
        };
        match (&self.found, self.running) {
            (Some(found), _) => format!(
                "Found after {} schedules ({seconds:.1} s): schedule {} broke {}; shrunk to {} steps.",
                self.tried,
                found.schedule,
                found.violations.first().map_or("an invariant", |v| v.invariant),
                found.scenario.steps.len()
            ),
            (None, true) => format!(
                "Searching… {} schedules tried in {seconds:.1} s ({rate:.0}/s).",
                self.tried
            ),
            (None, false) => format!(
                "Stopped after {} schedules ({seconds:.1} s): no invariant broke.",
                self.tried
            ),
        }
    }
}
