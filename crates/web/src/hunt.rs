//! The counterexample search in the page: random schedules run in slices of a few
//! milliseconds between frames, so the page never freezes, until the checker finds a
//! violation (shrunk to a short scenario) or the user cancels.

use consensus_core::explore::{Counterexample, ExploreOptions, run_schedule};

/// Real milliseconds of work per slice.
pub const SLICE_MS: f64 = 40.0;
/// Schedules tried before giving up, with a bug switch on.
pub const MAX_SCHEDULES: u64 = 200_000;
/// Schedules tried with no bug switch on: the correct protocol cannot be broken, so the
/// search is bounded and then says what it showed.
pub const CORRECT_SCHEDULES: u64 = 10_000;

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
    /// How many schedules it tries at most.
    pub limit: u64,
    /// Where the counterexample parts from the same scenario without the bug, in words.
    pub parting: Option<String>,
}

impl Hunt {
    /// A search with `options` that has tried nothing yet.
    pub fn new(options: ExploreOptions) -> Self {
        let limit = if options.bugs.is_empty() {
            CORRECT_SCHEDULES
        } else {
            MAX_SCHEDULES
        };
        Self {
            limit,
            parting: None,
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
            let outcome = match run_schedule(&self.options, self.tried) {
                Ok(outcome) => outcome,
                Err(e) => {
                    self.running = false;
                    return Err(format!("The search cannot run here: {e}"));
                }
            };
            self.tried += 1;
            self.events += outcome.events;
            if let Some(found) = outcome.counterexample {
                self.running = false;
                self.parting = consensus_core::parting::against_correct(&found.scenario)
                    .ok()
                    .flatten()
                    .map(|p| p.summary);
                self.found = Some(found.clone());
                self.busy_ms += now() - start;
                return Ok(Some(found));
            }
            if self.tried >= self.limit {
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
            (None, false) if self.options.bugs.is_empty() && self.tried >= self.limit => format!(
                "{} random schedules with crashes, partitions, loss and duplication ({seconds:.1} s): no violation — correct {} held every safety and progress property. Switch a bug on to see one break.",
                thousands(self.tried),
                self.options.protocol.title()
            ),
            (None, false) => format!(
                "Stopped after {} schedules ({seconds:.1} s): no invariant broke.",
                thousands(self.tried)
            ),
        }
    }
}

/// "10,000".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A clock that moves 1 ms each time it is read.
    fn ticking() -> impl Fn() -> f64 {
        let now = Cell::new(0.0);
        move || {
            now.set(now.get() + 1.0);
            now.get()
        }
    }

    #[test]
    fn a_slice_stops_when_its_budget_is_spent_and_the_next_one_goes_on() {
        let mut hunt = Hunt::new(ExploreOptions::raft(3, 1));
        hunt.slice(6.0, ticking()).unwrap();
        let first = hunt.tried;
        assert!(first >= 1 && hunt.running);
        hunt.slice(6.0, ticking()).unwrap();
        assert!(
            hunt.tried > first,
            "schedules are numbered on from where the last slice stopped"
        );
    }

    #[test]
    fn the_search_finds_a_bug_and_stops() {
        let mut options = ExploreOptions::raft(5, 1);
        options.bugs = vec!["skip_up_to_date_check".into()];
        let mut hunt = Hunt::new(options);
        let mut found = None;
        while hunt.running && found.is_none() {
            found = hunt.slice(1_000.0, ticking()).unwrap();
        }
        let found = found.expect("the bug is caught within a few schedules");
        assert!(!hunt.running);
        let parting = hunt.parting.as_deref().expect("set beside the correct run");
        assert!(parting.starts_with("Here the runs part, at "), "{parting}");
        assert!(!found.violations.is_empty());
        assert!(hunt.progress().starts_with("Found after"));
    }

    #[test]
    fn without_a_bug_the_search_is_bounded_and_says_what_it_showed() {
        let mut hunt = Hunt::new(ExploreOptions::raft(3, 1));
        assert_eq!(hunt.limit, CORRECT_SCHEDULES);
        hunt.limit = 30;
        while hunt.running {
            assert!(hunt.slice(1_000.0, ticking()).unwrap().is_none());
        }
        assert_eq!(hunt.tried, 30);
        assert!(
            hunt.progress().starts_with("30 random schedules with crashes"),
            "{}",
            hunt.progress()
        );
        assert!(
            hunt.progress()
                .contains("correct Raft held every safety and progress property")
        );
        assert_eq!(thousands(10_000), "10,000");
    }

    #[test]
    fn a_search_that_cannot_run_says_why_and_stops() {
        let mut hunt = Hunt::new(ExploreOptions::new(consensus_core::scenario::ProtocolName::Raft, 0, 1));
        assert!(hunt.slice(10.0, ticking()).is_err());
        assert!(!hunt.running, "no endless retries");
    }
}
