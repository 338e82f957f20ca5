//! The page's one `App`: it owns the session and the view state and changes only through
//! [`App::update`], one [`UiEvent`] at a time. It never touches the DOM: what it needs
//! to know of the page (a canvas's size, the clipboard's answer) arrives inside events,
//! and drawing ([`crate::page`]) only reads it. So it is tested natively, without a browser.

use consensus_core::diagram::Diagram;
use consensus_core::scenario::{self, ClientStep, MessagePick, NetworkStep, ProtocolName, Scenario, Step};
use consensus_core::types::NodeId;

pub use crate::events::{
    BrowserEvent, DiagramEvent, NetworkEvent, PlaybackEvent, PointerEvent, SearchEvent, SetupEvent, TourEvent, UiEvent,
};

mod browser;
mod diagram;
mod network;
mod playback;
mod pointer;
mod search;
mod setup;
mod tour;

use crate::geometry::Hover;
use crate::geometry::layout::{Layout, Point, Size};
use crate::hunt::Hunt;
use crate::session::{Session, default_scenario};
use crate::share::{Opening, SharedRun};
use crate::stories::{STORIES, story};
use crate::tour::Tour;

pub use crate::beside::PartingMark;
use crate::view::{DiagramView, Menu, View};

/// A fresh seed for the default cluster (from the browser's random source).
pub use consensus_shell::plain::fresh_seed;

/// The page.
pub struct App {
    /// The run on screen.
    pub session: Session,
    /// How the run is shown.
    pub view: View,
    /// What Reset goes back to.
    origin: Scenario,
    /// The guided tour, while one is under way.
    pub tour: Option<Tour>,
    /// The counterexample search, while one runs or has just finished.
    pub hunt: Option<Hunt>,
    /// The focused pane's space-time diagram, brought up to date after every event and
    /// frame. Invariant: it shows exactly the focused pane's recording.
    pub diagram: Diagram,
}

/// What the app takes from its surroundings when it opens.
#[derive(Clone, Copy, Debug)]
pub struct Environment {
    /// The seed of the default cluster.
    pub seed: u64,
    /// Whether the reader prefers less motion.
    pub reduced_motion: bool,
}

impl App {
    /// The app for what the URL asks to open; a link that cannot be read opens the default
    /// cluster and says why.
    pub fn open(opening: Result<Opening, String>, env: Environment) -> Self {
        let default = || default_scenario(&[ProtocolName::Raft], 5, env.seed);
        let mut tour_at = None;
        let mut beside = false;
        let (scenario, cursor, error) = match opening {
            Ok(Opening::Default) => (default(), None, None),
            Ok(Opening::Story(slug, stop)) => match story(&slug).map(|s| scenario::parse(s.text)) {
                Some(Ok(scenario)) => {
                    tour_at = Some((slug, stop));
                    (scenario, None, None)
                }
                _ => (
                    default(),
                    None,
                    Some(format!(
                        "There is no built-in story called “{slug}”; showing the default cluster."
                    )),
                ),
            },
            Ok(Opening::Run(run)) => {
                let SharedRun {
                    scenario,
                    cursor,
                    time,
                    beside_correct,
                } = *run;
                beside = beside_correct;
                (scenario, Some((cursor, time)), None)
            }
            Err(e) => (
                default(),
                None,
                Some(format!(
                    "This link could not be opened: {e}. Showing the default cluster instead."
                )),
            ),
        };
        let opened = if beside {
            Session::beside_correct(&scenario)
        } else {
            Session::new(&scenario)
        };
        let (session, origin, error) = match opened {
            Ok(session) => (session, scenario, error),
            Err(e) => (
                Session::new(&default()).expect("the default cluster runs"),
                default(),
                Some(format!(
                    "This run could not be replayed: {e}. Showing the default cluster instead."
                )),
            ),
        };
        let mut app = Self {
            origin,
            diagram: Diagram::new(session.first().nodes()),
            session,
            view: View::new(env.reduced_motion),
            tour: None,
            hunt: None,
        };
        if let Some((moment, time)) = cursor {
            if app.session.side_by_side() {
                app.session.panes.seek_time(time);
            } else {
                app.session.panes.panes[0].seek_to(moment, time);
            }
        }
        if let Some((slug, stop)) = tour_at {
            let mut tour = Tour::of(&app.session, Some(slug));
            tour.go(&mut app.session, stop);
            app.tour = Some(tour);
        }
        app.view.violations_seen = app.session.violation_count();
        if let Some(message) = error {
            app.view.banner = Some((message, true));
        }
        app.sync_diagram();
        app
    }

    /// Handles one event: the only way the app changes. An error is shown in the banner
    /// and changes nothing else.
    pub fn update(&mut self, event: UiEvent) {
        let frame = matches!(event, UiEvent::Playback(PlaybackEvent::Frame(_)));
        let result = self.apply(event);
        if !frame {
            // Not while playing: looking replays both runs whole.
            self.session.look_for_parting(false);
        }
        if let Err(message) = result {
            self.view.banner = Some((message, true));
        }
        self.check_new_violations();
        self.sync_diagram();
    }

    /// Brings the focused pane's diagram up to date for the rows it shows.
    fn sync_diagram(&mut self) {
        let pane = self.session.pane(self.view.focus);
        let shown = self.view.diagram.shown(pane.position());
        let rows = (crate::geometry::diagram::HEIGHT - crate::geometry::diagram::HEADER) / shown.row_px;
        let from = shown.top.max(0.0) as u64;
        pane.update_diagram(&mut self.diagram, from, from + rows.ceil() as u64);
    }

    /// Routes an event to its flow's handler (`app/<flow>.rs`).
    fn apply(&mut self, event: UiEvent) -> Result<(), String> {
        let by_the_tour = matches!(event, UiEvent::Tour(_));
        let result = self.apply_only(event);
        if !by_the_tour {
            let moment = self.session.first().position();
            if let Some(tour) = self.tour.as_mut() {
                tour.follow(moment);
            }
        }
        result
    }

    /// [`Self::apply`] without keeping the tour in step.
    fn apply_only(&mut self, event: UiEvent) -> Result<(), String> {
        match event {
            UiEvent::Playback(event) => self.on_playback(event),
            UiEvent::Pointer(event) => self.on_pointer(event),
            UiEvent::Network(event) => self.on_network(event),
            UiEvent::Diagram(event) => self.on_diagram(event),
            UiEvent::Tour(event) => self.on_tour(event),
            UiEvent::Search(event) => self.on_search(event),
            UiEvent::Setup(event) => self.on_setup(event),
            UiEvent::Browser(event) => self.on_browser(event),
        }
    }

    /// Records a user action in every pane. A tour that is acted on is taken over.
    fn act(&mut self, step: Step) -> Result<(), String> {
        if !self.session.panes.at_end() {
            // The recording is cut here: the diagram's later arrows no longer happened.
            self.forget_diagram();
        }
        self.session.act(step)?;
        self.tour = None;
        Ok(())
    }

    /// Starts the focused pane's diagram over (its recording was cut, or another pane shows).
    pub(crate) fn forget_diagram(&mut self) {
        self.diagram = Diagram::new(self.nodes());
    }

    /// Starts or stops playing.
    pub fn set_playing(&mut self, playing: bool) {
        self.view.playing = playing;
        self.view.last_frame = None;
        self.view.carry_ms = 0.0;
    }

    /// The cluster size.
    pub fn nodes(&self) -> u32 {
        self.session.first().nodes()
    }

    /// The protocol of every pane, in order (Raft twice for Raft | Raft; beside the correct
    /// run, the one protocol compared with itself): what the Run menu shows and a new
    /// cluster size keeps.
    pub fn pane_protocols(&self) -> Vec<ProtocolName> {
        let panes = if self.session.beside_correct {
            1
        } else {
            self.session.panes.panes.len()
        };
        self.session
            .panes
            .panes
            .iter()
            .take(panes)
            .map(|p| p.protocol())
            .collect()
    }

    /// The protocols on screen, in pane order, each once (beside the correct run both
    /// panes run the same protocol).
    pub fn protocols(&self) -> Vec<ProtocolName> {
        let mut protocols: Vec<ProtocolName> = Vec::new();
        for protocol in self.session.panes.panes.iter().map(|p| p.protocol()) {
            if !protocols.contains(&protocol) {
                protocols.push(protocol);
            }
        }
        protocols
    }

    /// The shared form of the run at the cursor.
    pub fn shared_run(&self) -> SharedRun {
        SharedRun {
            scenario: self.session.recording(),
            cursor: self.session.first().position(),
            time: self.session.time(),
            beside_correct: self.session.beside_correct,
        }
    }

    pub(crate) fn replace_session(&mut self, scenario: Scenario, from_start: bool) -> Result<(), String> {
        let mut session = Session::new(&scenario)?;
        if from_start {
            session.seek_moment(0, 0);
        }
        self.session = session;
        self.origin = scenario;
        self.tour = None;
        self.view.reset_for_new_run();
        self.forget_diagram();
        self.view.violations_seen = self.session.violation_count();
        Ok(())
    }

    /// Starts a tour of the session's recording at its introduction.
    pub(crate) fn start_tour(&mut self, slug: Option<String>) {
        let mut tour = Tour::of(&self.session, slug);
        tour.go(&mut self.session, None);
        self.tour = Some(tour);
    }

    fn network(&mut self, change: NetworkStep) -> Result<(), String> {
        self.act(Step::Network(change))
    }

    /// Pauses when the checker finds something new.
    fn check_new_violations(&mut self) {
        let count = self.session.violation_count();
        if count > self.view.violations_seen {
            self.set_playing(false);
        }
        self.view.violations_seen = count;
    }

    /// Where pane `pane`'s nodes sit on a canvas of `size`, as the page draws them.
    pub fn layout(&self, size: Size) -> Layout {
        Layout::ring(self.nodes(), size.width, size.height)
    }

    /// The diagram's rows and columns on a canvas `width` CSS px wide, as the page draws it.
    pub fn diagram_geometry(&self, width: f64) -> crate::geometry::diagram::Geometry {
        let cursor = self.session.pane(self.view.focus).position();
        let shown = self.view.diagram.shown(cursor);
        crate::geometry::diagram::Geometry::new(&self.diagram, shown.row_px, shown.top, width)
    }

    /// What is under the pointer at `p` on pane `pane`'s canvas of `size`: messages first
    /// (they are drawn on top), then nodes, then links.
    pub fn hit(&self, pane: usize, p: Point, size: Size) -> Hover {
        if pane >= self.session.panes.panes.len() {
            return Hover::Nothing;
        }
        let layout = &self.layout(size);
        let run = self.session.pane(pane);
        let in_flight = run.in_flight();
        let positions = layout.message_positions(&in_flight, self.view.display_time(run.time()));
        let nearest = positions
            .iter()
            .zip(&in_flight)
            .map(|(q, m)| (crate::geometry::layout::distance(*q, p), m.id))
            .filter(|(d, _)| *d <= MESSAGE_HIT_RADIUS)
            .min_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, id)) = nearest {
            return Hover::Message(id);
        }
        if let Some(node) = layout.node_at(p) {
            return Hover::Node(node);
        }
        match layout.link_at(p) {
            Some((a, b)) => Hover::Link(a, b),
            None => Hover::Nothing,
        }
    }

    fn click(&mut self, pane: usize, p: Point, size: Size) -> Result<(), String> {
        let hit = self.hit(pane, p, size);
        self.activate(pane, hit)
    }

    /// What a click on `hit`, drawn on pane `pane`'s canvas, does.
    fn activate(&mut self, pane: usize, hit: Hover) -> Result<(), String> {
        if let Some(sides) = &mut self.view.split {
            if let Hover::Node(id) = hit {
                sides[id as usize - 1] = !sides[id as usize - 1];
            }
            return Ok(());
        }
        self.view.menu = Menu::Closed;
        match hit {
            Hover::Node(id) => self.view.menu = Menu::Node(pane, id),
            Hover::Message(id) if self.session.pane(pane).settings().network.manual => {
                self.view.menu = Menu::Message(pane, id);
            }
            Hover::Message(id) => {
                if self.session.side_by_side() {
                    if let Some(m) = self.session.pane(pane).in_flight().iter().find(|m| m.id == id) {
                        self.act(Step::DropNext([m.from, m.to]))?;
                    }
                } else if let Some(pick) = self.pick(pane, id) {
                    self.act(Step::Drop(pick))?;
                }
            }
            Hover::Link(a, b) => self.view.menu = Menu::Link(pane, a.min(b), a.max(b)),
            Hover::Nothing => {}
        }
        self.view.hover = Hover::Nothing;
        Ok(())
    }

    /// The scenario pick (`[from, to, k]`) of pane `pane`'s in-flight message `id`.
    fn pick(&self, pane: usize, id: u64) -> Option<MessagePick> {
        let in_flight = self.session.pane(pane).in_flight();
        let m = in_flight.iter().find(|m| m.id == id)?;
        let nth = 1 + in_flight
            .iter()
            .filter(|o| o.from == m.from && o.to == m.to && o.id < id)
            .count();
        Some(MessagePick {
            from: m.from,
            to: m.to,
            nth,
        })
    }

    /// A click on the diagram: an arrow selects its message everywhere and moves the
    /// cursor to when it was sent; anywhere else moves the cursor to that row.
    fn diagram_click(&mut self, p: Point, width: f64) {
        self.set_playing(false);
        let geometry = self.diagram_geometry(width);
        if let Some(id) = geometry.arrow_at(&self.diagram, p) {
            self.view.highlight_message = Some(id);
            if let Some(arrow) = self.diagram.arrow(id) {
                self.session.seek_moment(self.view.focus, arrow.sent);
            }
        } else {
            self.view.highlight_message = None;
            let moment = geometry.moment_at(p.y).min(self.session.pane(self.view.focus).end());
            self.session.seek_moment(self.view.focus, moment);
        }
    }

    /// Advances the run for one animation frame at real time `now` (ms). A frame that
    /// arrives after the user paused changes nothing; a step that fails stops playing.
    fn frame(&mut self, now: f64) -> Result<(), String> {
        if !self.view.playing {
            return Ok(());
        }
        let real_dt = self.view.last_frame.map_or(0.0, |last| (now - last).clamp(0.0, 100.0));
        self.view.last_frame = Some(now);
        if matches!(self.view.hover, Hover::Message(_)) {
            // Time holds while the pointer is over a message in flight, so a reader can
            // read it and click it at any speed.
            return Ok(());
        }
        let speed = crate::math::exp10(self.view.speed_log10);
        let result = if self.view.reduced_motion || self.session.plays_by_moments() {
            self.frame_by_moments(real_dt, speed)
        } else {
            self.frame_by_time(real_dt * speed)
        };
        if result.is_err() {
            self.set_playing(false);
        }
        result
    }

    /// Plays a stretch of time smoothly: whole milliseconds go to the simulation, the
    /// fraction only to the drawing.
    fn frame_by_time(&mut self, virtual_dt: f64) -> Result<(), String> {
        let total = self.view.carry_ms + virtual_dt;
        let whole = total.floor();
        self.view.carry_ms = total - whole;
        if whole >= 1.0 {
            self.play_with_load(whole as u64)?;
        }
        Ok(())
    }

    /// Shows single moments (a story's steps, or everything under reduced motion) one per beat.
    fn frame_by_moments(&mut self, real_dt: f64, speed: f64) -> Result<(), String> {
        self.view.carry_ms = 0.0;
        self.view.beat_ms += real_dt;
        let beat = (BEAT_MS / (speed / DEFAULT_SPEED).max(0.05)).clamp(15.0, 4000.0);
        if self.view.beat_ms >= beat {
            self.view.beat_ms = 0.0;
            return self.session.step_forward();
        }
        Ok(())
    }

    /// The built-in stories for the menu, in teaching order: (slug, name, group).
    pub fn story_names() -> Vec<(String, String, &'static str)> {
        STORIES
            .iter()
            .filter_map(|s| {
                let scenario = scenario::parse(s.text).ok()?;
                let name = scenario.name.clone().unwrap_or_else(|| s.slug.to_string());
                Some((s.slug.to_string(), name, crate::stories::group(&scenario)))
            })
            .collect()
    }
}

/// How close (CSS px) a click must be to a message's centre to pick it.
const MESSAGE_HIT_RADIUS: f64 = 12.0;

/// Real time between two single moments at the default speed.
const BEAT_MS: f64 = 450.0;
/// The speed the page opens with.
pub const DEFAULT_SPEED: f64 = 0.04;
/// The most client writes per second the load slider sends.
pub const MOST_LOAD_PER_SECOND: u32 = 20;

fn no_change() -> NetworkStep {
    NetworkStep {
        latency_ms: None,
        loss: None,
        duplicate: None,
        manual: None,
    }
}
