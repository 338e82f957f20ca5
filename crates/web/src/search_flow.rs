//! The app's side of the counterexample search: starting it, taking in what its worker
//! reports, and loading what it found as a tour.

use consensus_core::explore::search::SearchReport;
use consensus_core::explore::{Counterexample, ExploreOptions};

use crate::app::App;
use crate::hunt::Hunt;

impl App {
    /// Starts a counterexample search with the focused pane's protocol, size, seed and bugs.
    pub(crate) fn start_hunt(&mut self) -> Result<(), String> {
        let pane = self.session.pane(self.view.focus);
        let recording = pane.recording();
        let mut options = ExploreOptions::new(pane.protocol(), recording.nodes.max(3), recording.seed);
        options.bugs = recording.config.bugs.clone();
        self.hunt = Some(Hunt::new(options));
        Ok(())
    }

    /// Takes in a report from the worker that runs share `share` of the search.
    pub(crate) fn take_hunt_report(&mut self, share: usize, report: SearchReport) -> Result<(), String> {
        let Some(hunt) = &mut self.hunt else {
            return Ok(());
        };
        if !hunt.running {
            // Cancelled: what a worker says after that is not wanted.
            return Ok(());
        }
        let found = hunt.take_report(share, report)?;
        self.load_counterexample(found)
    }

    /// Loads what the search found, if anything, as a tour.
    pub(crate) fn load_counterexample(&mut self, found: Option<Counterexample>) -> Result<(), String> {
        if let Some(found) = found {
            if let Some(hunt) = &mut self.hunt {
                hunt.settle(&found);
            }
            let mut scenario = found.scenario;
            scenario.name = Some(format!(
                "Counterexample: {}",
                found.violations.first().map_or("an invariant", |v| v.invariant)
            ));
            scenario.description = Some(format!(
                "Found by random search (schedule {}) and shrunk to {} steps. Step through it: the checker pauses where the invariant breaks.",
                found.schedule,
                scenario.steps.len()
            ));
            self.replace_session(scenario, true)?;
            self.start_tour(None);
            self.view.violations_seen = 0;
        }
        Ok(())
    }
}
