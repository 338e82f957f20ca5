//! The bug beside the rule in the page: the run with its bug switches set beside the same
//! run without them, on one clock ("Compare with the correct protocol"), and what each
//! pane says about where the two runs part.

use consensus_core::types::NodeId;

use crate::app::App;
use crate::session::Session;
use crate::tour::Tour;

/// What a pane beside the correct run says about the parting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartingMark {
    /// Whether the cursor is at or past the parting.
    pub parted: bool,
    /// The words under the pane's title.
    pub text: String,
    /// The nodes to mark on the canvas: at the parting itself, the node whose act parts
    /// the runs (the same node in both panes); otherwise none.
    pub nodes: Vec<NodeId>,
}

impl App {
    /// Opens (`on`) or closes the comparison of the run with its bug switches beside the
    /// same run without them, at the same virtual time. Opening it goes to the stop where
    /// the runs part; closing it keeps a tour going at the stop nearest the cursor.
    pub(crate) fn set_beside_correct(&mut self, on: bool) -> Result<(), String> {
        if on == self.session.beside_correct {
            return Ok(());
        }
        self.set_playing(false);
        let touring = self.tour.as_ref().map(|t| t.slug.clone());
        let (moment, time) = (self.session.first().position(), self.session.time());
        if on {
            let scenario = self.session.first().recording().clone();
            let mut session = Session::beside_correct(&scenario)
                .map_err(|e| format!("The correct run cannot be set beside this one: {e}."))?;
            session.panes.seek_time(time);
            self.show_panes(session);
        } else {
            self.show_panes(self.session.alone());
            self.session.panes.panes[0].seek_to(moment, time);
        }
        if on {
            let mut tour = Tour::of(&self.session, touring.flatten());
            let at = tour.parting_stop();
            tour.go(&mut self.session, at);
            self.tour = Some(tour);
            if self.session.parting.is_none() {
                self.view.banner = Some((
                    "The two runs never part: nothing in this recording goes through a rule the bug switch breaks. Play on to see whether they do.".into(),
                    false,
                ));
            }
        } else if let Some(slug) = touring {
            let mut tour = Tour::of(&self.session, slug);
            let at = tour.stops.iter().position(|s| s.moment >= moment);
            tour.go(&mut self.session, at);
            self.tour = Some(tour);
        }
        self.view.violations_seen = self.session.violation_count();
        Ok(())
    }

    /// Puts `session`, whose panes differ from those on screen (the comparison opened or
    /// closed), on screen: the first pane focused, its event log and diagram started over.
    pub(crate) fn show_panes(&mut self, session: Session) {
        self.session = session;
        self.view.focus = 0;
        self.view.event_log_generation += 1;
        self.forget_diagram();
    }

    /// Each pane's name: its protocol, or beside the correct run "Raft with the bug" and
    /// "Correct Raft".
    pub fn pane_names(&self) -> Vec<String> {
        let panes = self.session.panes();
        if self.session.beside_correct {
            let title = panes[0].protocol().title();
            vec![format!("{title} with the bug"), format!("Correct {title}")]
        } else {
            panes.iter().map(|p| p.heading()).collect()
        }
    }

    /// The bug switches on in the first pane, in readers' words.
    pub fn bug_sentences(&self) -> Vec<&'static str> {
        self.session
            .first()
            .recording()
            .config
            .bugs
            .iter()
            .filter_map(|name| consensus_core::any::bugs::find(name))
            .map(|bug| bug.title)
            .collect()
    }

    /// Whether "Compare with the correct protocol" can be offered: one protocol on screen
    /// with a bug switch on, or the comparison already open.
    pub fn can_compare_with_correct(&self) -> bool {
        self.session.beside_correct
            || (!self.session.side_by_side() && !self.session.first().recording().config.bugs.is_empty())
    }

    /// Beside the correct run, what each pane says about the parting at the cursor: before
    /// it, that the runs are the same so far and when they part; from it on, what this
    /// pane's run did there. `None` outside the comparison.
    pub fn parting_marks(&self) -> Option<[PartingMark; 2]> {
        if !self.session.beside_correct {
            return None;
        }
        let Some(parting) = &self.session.parting else {
            let same = PartingMark {
                parted: false,
                text: "Same as the other pane: the runs have not parted in this recording.".into(),
                nodes: Vec::new(),
            };
            return Some([same.clone(), same]);
        };
        let at = parting.time_ms;
        if self.session.time() < at {
            let text = match &parting.first_difference {
                Some(first) if self.session.time() >= first.time_ms => format!(
                    "Differs from the other pane since {} ms, in ways that do not lead to the violation · the runs part where it matters at {at} ms",
                    first.time_ms
                ),
                _ => format!("Same as the other pane so far · the runs part at {at} ms"),
            };
            let before = PartingMark {
                parted: false,
                text,
                nodes: Vec::new(),
            };
            return Some([before.clone(), before]);
        }
        let with_bug = parting
            .with_bug
            .as_ref()
            .map_or("nothing more happens".to_string(), |l| l.text.clone());
        let nodes = if self.session.time() == at {
            let line = parting.bug_line;
            self.session
                .first()
                .lines(line..line + 1)
                .into_iter()
                .flat_map(|l| l.nodes)
                .collect()
        } else {
            Vec::new()
        };
        Some([
            PartingMark {
                parted: true,
                text: format!("Parted at {at} ms: {with_bug}"),
                nodes: nodes.clone(),
            },
            PartingMark {
                parted: true,
                text: format!(
                    "Parted at {at} ms: correct {} {}",
                    self.session.first().protocol().title(),
                    parting.correct_instead
                ),
                nodes,
            },
        ])
    }

    /// The moment where the runs beside each other part, for the diagram.
    pub fn parting_moment(&self) -> Option<u64> {
        self.session
            .parting
            .as_ref()
            .filter(|_| self.session.beside_correct)
            .map(|p| p.moment)
    }
}
