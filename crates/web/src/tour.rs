//! A guided tour through a story: a stop after each recorded step, each with a caption
//! saying what happened and which rule applied; "take over" turns it into a free run.

use consensus_core::run::{TourStop, tour_beside_correct, tour_of_panes};

use crate::session::Session;

/// A tour under way.
#[derive(Clone, Debug)]
pub struct Tour {
    /// The story it tours (for links), if a built-in one.
    pub slug: Option<String>,
    /// Its stops (every pane's events; the moments are the first pane's).
    pub stops: Vec<TourStop>,
    /// Whether virtual time moves in it (a story of hand-fired timers and hand-delivered
    /// messages stays at 0 ms throughout: its lines then show no time).
    pub timed: bool,
    /// The stop on screen; `None` before the first (the story's introduction).
    pub index: Option<usize>,
}

impl Tour {
    /// The tour of the session's recording, at its introduction (beside the correct run,
    /// with a stop where the runs part).
    pub fn of(session: &Session, slug: Option<String>) -> Self {
        let stops = if session.beside_correct {
            tour_beside_correct(session.panes(), session.parting.as_ref())
        } else {
            tour_of_panes(session.panes())
        };
        let timed = stops.iter().flat_map(|s| &s.happened).any(|l| l.time > 0);
        Self {
            slug,
            stops,
            timed,
            index: None,
        }
    }

    /// Moves to stop `index` (`None`: the introduction) and puts the session there.
    pub fn go(&mut self, session: &mut Session, index: Option<usize>) {
        let index = index.map(|i| i.min(self.stops.len().saturating_sub(1)));
        self.index = index.filter(|_| !self.stops.is_empty());
        match self.index {
            Some(i) => session.seek_stop(&self.stops[i]),
            None => session.seek_moment(0, 0),
        }
    }

    /// Keeps the tour in step with a cursor moved by other means than the tour (playing,
    /// the timeline, a click in the diagram or the event log): at the first pane's moment
    /// `moment` the tour shows the stop that holds it — the stop whose step is under way
    /// there or ends there — or the introduction before anything happened.
    pub fn follow(&mut self, moment: u64) {
        if self.stops.is_empty() || self.index.is_some_and(|i| self.stops[i].moment == moment) {
            return;
        }
        let holding = self.stops.partition_point(|s| s.moment < moment);
        self.index = (moment > 0).then(|| holding.min(self.stops.len() - 1));
    }

    /// The stop where the runs beside each other part, if the tour has one.
    pub fn parting_stop(&self) -> Option<usize> {
        self.stops.iter().position(|s| s.parting)
    }

    /// The next stop.
    pub fn next(&mut self, session: &mut Session) {
        let next = self.index.map_or(0, |i| i + 1);
        if next < self.stops.len() {
            self.go(session, Some(next));
        }
    }

    /// The previous stop (or the introduction).
    pub fn previous(&mut self, session: &mut Session) {
        let previous = self.index.and_then(|i| i.checked_sub(1));
        self.go(session, previous);
    }

    /// A listed event as the caption shows it: "412 ms: …", or without the time when
    /// time does not move in this tour.
    pub fn line_text(&self, line: &consensus_core::run::EventLine) -> String {
        if self.timed {
            format!("{} ms: {}", line.time, line.text)
        } else {
            line.text.clone()
        }
    }

    /// "Stop 3 of 9".
    pub fn position_text(&self) -> String {
        match self.index {
            None => format!("Introduction · {} stops", self.stops.len()),
            Some(i) => format!("Stop {} of {}", i + 1, self.stops.len()),
        }
    }
}
