//! The app's side of one flow of events. What runs: the cluster's size, the protocols, bug
//! switches, stories and loaded files, and the correct run beside.

use super::*;

impl App {
    /// Handles one event of this flow.
    pub(super) fn on_setup(&mut self, event: SetupEvent) -> Result<(), String> {
        match event {
            SetupEvent::Nodes(n) => {
                let n = n.clamp(1, 25);
                let seed = self.session.first().recording().seed;
                self.replace_session(default_scenario(&self.pane_protocols(), n, seed), false)?;
            }
            SetupEvent::Protocols(protocols) => {
                let seed = self.session.first().recording().seed;
                let smallest = protocols.iter().map(|p| p.smallest_cluster()).max().unwrap_or(1);
                let nodes = self.nodes().max(smallest);
                self.replace_session(default_scenario(&protocols, nodes, seed), false)?;
            }
            SetupEvent::Bug(name, on) => {
                // Beside the correct run, changing a switch closes the comparison (the run
                // with the bug goes on alone: `Session::with_bug`).
                let session = self.session.with_bug(&name, on)?;
                if self.session.beside_correct {
                    self.show_panes(session);
                } else {
                    self.session = session;
                }
                self.view.violations_seen = 0;
            }
            SetupEvent::PaneOption(pane, field, value) => {
                self.session = self.session.with_pane_option(pane, &field, &value)?;
                self.view.violations_seen = self.session.violation_count();
            }
            SetupEvent::BesideCorrect(on) => self.set_beside_correct(on)?,
            SetupEvent::Story(slug) => {
                let story = story(&slug).ok_or_else(|| format!("no story called {slug}"))?;
                let scenario = scenario::parse(story.text).map_err(|e| e.to_string())?;
                self.replace_session(scenario, false)?;
                self.start_tour(Some(slug));
            }
            SetupEvent::LoadText(text) => {
                let scenario = scenario::parse(&text).map_err(|e| format!("This file could not be loaded: {e}"))?;
                self.replace_session(scenario, true)?;
            }
        }
        Ok(())
    }
}
