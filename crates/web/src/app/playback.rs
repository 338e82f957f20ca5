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

    /// Plays `ms` of virtual time; in free play at the end of the recording, with the
    /// client load on, a write is sent every `1000 / load` ms of virtual time, each to the
    /// node where the protocols on screen take requests (two-phase commit's coordinator)
    /// or else to the nodes in turn, on keys `k0`–`k3`.
    pub(super) fn play_with_load(&mut self, ms: u64) -> Result<(), String> {
        let load = u64::from(self.view.load_per_second);
        if load == 0 || self.tour.is_some() || !self.session.panes.at_end() {
            return self.session.play(ms);
        }
        let period = (1000 / load).max(1);
        let end = self.session.time() + ms;
        loop {
            let now = self.session.time();
            let due = (now / period + 1) * period;
            if due > end {
                return self.session.play(end - now);
            }
            self.session.play(due - now)?;
            let n = self.view.load_sent;
            self.view.load_sent += 1;
            let settings = self.session.first().recording().config.protocol_settings();
            let entry = self.protocols().iter().find_map(|p| p.client_entry(&settings));
            let node = entry.unwrap_or((n % u64::from(self.nodes())) as u32 + 1);
            let command = format!("set k{} {n}", n % 4);
            self.act(Step::Client(ClientStep { node, command }))?;
        }
    }
}
