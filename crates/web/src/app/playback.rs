//! The app's side of one flow of events. Time: play, pause, step, scrub, speed, and whether
//! the page is in view.

use super::*;

impl App {
    /// Handles one event of this flow.
    pub(super) fn on_playback(&mut self, event: PlaybackEvent) -> Result<(), String> {
        match event {
            PlaybackEvent::TogglePlay => {
                self.view.play_when_visible = false;
                self.set_playing(!self.view.playing);
            }
            PlaybackEvent::Visible(false) if self.view.playing => {
                self.set_playing(false);
                self.view.play_when_visible = true;
            }
            PlaybackEvent::Visible(true) if self.view.play_when_visible => {
                self.view.play_when_visible = false;
                self.set_playing(true);
            }
            PlaybackEvent::Visible(_) => {}
            PlaybackEvent::Frame(now) => self.frame(now)?,
            PlaybackEvent::StepForward => {
                self.set_playing(false);
                self.session.step_forward()?;
            }
            PlaybackEvent::StepBack => {
                self.set_playing(false);
                self.session.step_back();
            }
            PlaybackEvent::Reset => {
                self.set_playing(false);
                let touring = self.tour.as_ref().map(|t| t.slug.clone());
                let beside = self.session.beside_correct;
                self.replace_session(self.origin.clone(), true)?;
                if beside {
                    self.session = Session::beside_correct(&self.origin)?;
                    self.session.seek_moment(0, 0);
                }
                if let Some(slug) = touring {
                    self.start_tour(slug);
                }
            }
            PlaybackEvent::Speed(log10) => self.view.speed_log10 = log10.clamp(-3.0, 2.0),
            PlaybackEvent::Load(per_second) => self.view.load_per_second = per_second.min(MOST_LOAD_PER_SECOND),
            PlaybackEvent::Scrub(value) => {
                self.set_playing(false);
                self.session.scrub(value);
            }
        }
        Ok(())
    }
}
