//! The app's side of one flow of events. The counterexample search: start, cancel, and its
//! workers' reports.

use super::*;

impl App {
    /// Handles one event of this flow.
    pub(super) fn on_search(&mut self, event: SearchEvent) -> Result<(), String> {
        match event {
            SearchEvent::HuntStart => self.start_hunt()?,
            SearchEvent::HuntCancel => {
                if let Some(hunt) = &mut self.hunt {
                    hunt.running = false;
                }
            }
            SearchEvent::HuntInWorkers(count) => {
                if let Some(hunt) = &mut self.hunt {
                    hunt.started(count);
                }
            }
            SearchEvent::HuntReport(share, report) => self.take_hunt_report(share, report)?,
        }
        Ok(())
    }
}
