//! The app's side of one flow of events. A guided tour: its stops, and taking it over.

use super::*;

impl App {
    /// Handles one event of this flow.
    pub(super) fn on_tour(&mut self, event: TourEvent) -> Result<(), String> {
        match event {
            TourEvent::TourNext | TourEvent::TourPrevious => {
                self.set_playing(false);
                if let Some(tour) = &mut self.tour {
                    if event == TourEvent::TourNext {
                        tour.next(&mut self.session);
                    } else {
                        tour.previous(&mut self.session);
                    }
                }
            }
            TourEvent::TakeOver => {
                self.tour = None;
                self.forget_diagram();
                self.session.panes.truncate();
                // A story told step by step holds its timers and messages for its steps;
                // the reader's run plays by itself, so Play shows progress at once.
                let settings = self.session.first().settings();
                let (manual_timers, manual_network) = (settings.manual_timers, settings.network.manual);
                if manual_timers {
                    self.act(Step::Timers(scenario::Mode::Auto))?;
                }
                if manual_network {
                    self.network(NetworkStep {
                        manual: Some(false),
                        ..no_change()
                    })?;
                }
                let freed = if manual_timers || manual_network {
                    " Timers and messages now run by themselves: press Play (tick “Deliver messages by hand” to pick messages yourself)."
                } else {
                    ""
                };
                self.view.banner = Some((
                    format!(
                        "You have taken over: the run is yours from here. Whatever you do now branches off the story.{freed}"
                    ),
                    false,
                ));
            }
        }
        Ok(())
    }
}
