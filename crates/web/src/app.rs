//! The page's one `App`: it owns the session and the view state, handles every
//! [`UiEvent`] in one place, and redraws.

use consensus_core::raft::RaftBug;
use consensus_core::scenario::{self, ClientStep, MessagePick, NetworkStep, Scenario, Step};
use consensus_core::types::NodeId;
use web_sys::HtmlElement;

use crate::dom::{by_id, media_matches, now_ms, set_hidden};
use crate::render::cluster::Hover;
use crate::render::layout::{Layout, Point};
use crate::render::theme::Theme;
use crate::session::{Session, default_scenario};
use crate::share::{Opening, SharedRun};
use crate::stories::{STORIES, story};
use crate::view::{Menu, View};

/// Everything a user can do, as data.
#[derive(Clone, Debug, PartialEq)]
pub enum UiEvent {
    /// Play or pause.
    TogglePlay,
    /// One moment forward.
    StepForward,
    /// One moment back.
    StepBack,
    /// Start the scenario again from its beginning.
    Reset,
    /// Speed slider moved (log10 of the speed).
    Speed(f64),
    /// Timeline scrubber moved.
    Scrub(u64),
    /// The pointer moved over the canvas.
    PointerMove(Point),
    /// The pointer left the canvas.
    PointerLeave,
    /// A click or tap on the canvas.
    CanvasClick(Point),
    /// Node menu: crash or restart.
    MenuCrashOrRestart,
    /// Node menu: fire the election timer now.
    MenuTimeout,
    /// Node menu: send this client command.
    MenuClient(String),
    /// Message menu: deliver now.
    MenuDeliver,
    /// Message menu: drop.
    MenuDrop,
    /// Escape: close menus and dialogs.
    Escape,
    /// Manual delivery on or off.
    Manual(bool),
    /// Latency slider (ms).
    Latency(u64),
    /// Loss slider.
    Loss(f64),
    /// Duplication slider.
    Duplicate(f64),
    /// Open or close the partition editor.
    SplitToggle,
    /// Apply the partition being edited.
    SplitApply,
    /// Heal the network.
    Heal,
    /// A new cluster of this many nodes.
    Nodes(u32),
    /// A bug switch.
    Bug(RaftBug, bool),
    /// A built-in story chosen from the menu.
    Story(String),
    /// A scenario file's text, loaded by the user.
    LoadText(String),
    /// Download the run as a scenario file.
    Save,
    /// Copy a link to this exact state.
    CopyLink,
    /// Copy an iframe snippet.
    CopyEmbed,
    /// Show or hide the help overlay.
    Help(bool),
    /// Show every message in the event log, or only what matters.
    ShowTraffic(bool),
    /// The pointer is over an event log entry (its nodes, its message).
    EventHover(Vec<NodeId>, Option<u64>),
    /// An event log entry was clicked: go to its moment.
    EventClick(u64),
    /// The canvas changed size.
    Resize,
    /// Close the message banner.
    DismissBanner,
}

/// The page.
pub struct App {
    /// The run on screen.
    pub session: Session,
    /// How the run is shown.
    pub view: View,
    /// What Reset goes back to.
    origin: Scenario,
    /// Colours (re-read when the colour scheme changes).
    pub theme: Theme,
    /// Node positions at the last draw.
    pub layout: Layout,
}

impl App {
    /// The app for what the URL asks to open; a link that cannot be read opens the default
    /// cluster and says why.
    pub fn open(opening: Result<Opening, String>, fresh_seed: u64) -> Self {
        let (scenario, cursor, error) = match opening {
            Ok(Opening::Default) => (default_scenario(5, fresh_seed), None, None),
            Ok(Opening::Story(slug)) => match story(&slug).map(|s| scenario::parse(s.text)) {
                Some(Ok(scenario)) => (scenario, Some((0, 0)), None),
                _ => (
                    default_scenario(5, fresh_seed),
                    None,
                    Some(format!(
                        "There is no built-in story called “{slug}”; showing the default cluster."
                    )),
                ),
            },
            Ok(Opening::Run(run)) => {
                let SharedRun { scenario, cursor, time } = *run;
                (scenario, Some((cursor, time)), None)
            }
            Err(e) => (
                default_scenario(5, fresh_seed),
                None,
                Some(format!(
                    "This link could not be opened: {e}. Showing the default cluster instead."
                )),
            ),
        };
        let (session, error) = match Session::new(scenario.clone()) {
            Ok(session) => (session, error),
            Err(e) => (
                Session::new(default_scenario(5, fresh_seed)).expect("the default cluster runs"),
                Some(format!(
                    "This run could not be replayed: {e}. Showing the default cluster instead."
                )),
            ),
        };
        let mut app = Self {
            origin: if error.is_none() {
                scenario
            } else {
                default_scenario(5, fresh_seed)
            },
            layout: Layout::ring(session.timeline.sim().settings().nodes, 400.0, 400.0),
            session,
            view: View::new(media_matches("(prefers-reduced-motion: reduce)")),
            theme: Theme::from_css(),
        };
        if let Some((moment, time)) = cursor {
            app.session.timeline.seek_to(moment, time);
        }
        app.view.violations_seen = app.session.timeline.sim().violations().len();
        if let Some(message) = error {
            app.view.banner = Some((message, true));
        }
        app
    }

    /// Handles one event; an error is shown in the banner and changes nothing else.
    pub fn handle(&mut self, event: UiEvent) {
        let result = self.apply(event);
        if let Err(message) = result {
            self.view.banner = Some((message, true));
        }
        self.check_new_violations();
    }

    fn apply(&mut self, event: UiEvent) -> Result<(), String> {
        match event {
            UiEvent::TogglePlay => self.set_playing(!self.view.playing),
            UiEvent::StepForward => {
                self.set_playing(false);
                self.session.step_forward()?;
            }
            UiEvent::StepBack => {
                self.set_playing(false);
                self.session.step_back();
            }
            UiEvent::Reset => {
                self.set_playing(false);
                self.replace_session(self.origin.clone(), Some(0))?;
            }
            UiEvent::Speed(log10) => self.view.speed_log10 = log10.clamp(-3.0, 2.0),
            UiEvent::Scrub(moment) => {
                self.set_playing(false);
                self.session.timeline.seek(moment);
            }
            UiEvent::PointerMove(p) => self.view.hover = self.hit(p),
            UiEvent::PointerLeave => self.view.hover = Hover::Nothing,
            UiEvent::CanvasClick(p) => self.click(p)?,
            UiEvent::MenuCrashOrRestart => {
                if let Menu::Node(id) = self.view.menu {
                    let up = self.session.timeline.sim().node(id).map_err(|e| e.to_string())?.up;
                    self.session.act(if up { Step::Crash(id) } else { Step::Restart(id) })?;
                }
                self.view.menu = Menu::Closed;
            }
            UiEvent::MenuTimeout => {
                if let Menu::Node(id) = self.view.menu {
                    self.session.act(Step::Timeout(id))?;
                }
                self.view.menu = Menu::Closed;
            }
            UiEvent::MenuClient(command) => {
                if let Menu::Node(node) = self.view.menu {
                    consensus_core::command::Command::parse(&command).map_err(|e| e.to_string())?;
                    self.session.act(Step::Client(ClientStep { node, command }))?;
                    self.view.next_command += 1;
                }
                self.view.menu = Menu::Closed;
            }
            UiEvent::MenuDeliver | UiEvent::MenuDrop => {
                if let Menu::Message(id) = self.view.menu
                    && let Some(pick) = self.pick(id)
                {
                    let deliver = event == UiEvent::MenuDeliver;
                    self.session
                        .act(if deliver { Step::Deliver(pick) } else { Step::Drop(pick) })?;
                }
                self.view.menu = Menu::Closed;
            }
            UiEvent::Escape => {
                self.view.menu = Menu::Closed;
                self.view.help = false;
                self.view.split = None;
            }
            UiEvent::Manual(on) => self.network(NetworkStep {
                manual: Some(on),
                ..no_change()
            })?,
            UiEvent::Latency(ms) => self.network(NetworkStep {
                latency_ms: Some([ms, ms + ms / 3]),
                ..no_change()
            })?,
            UiEvent::Loss(p) => self.network(NetworkStep {
                loss: Some(p),
                ..no_change()
            })?,
            UiEvent::Duplicate(p) => self.network(NetworkStep {
                duplicate: Some(p),
                ..no_change()
            })?,
            UiEvent::SplitToggle => {
                let nodes = self.nodes() as usize;
                self.view.split = match self.view.split {
                    Some(_) => None,
                    None => Some((0..nodes).map(|i| i >= nodes.div_ceil(2)).collect()),
                };
            }
            UiEvent::SplitApply => {
                if let Some(sides) = self.view.split.take() {
                    let group = |side: bool| -> Vec<NodeId> {
                        (1..=sides.len() as NodeId)
                            .filter(|&n| sides[n as usize - 1] == side)
                            .collect()
                    };
                    let groups: Vec<Vec<NodeId>> = [group(false), group(true)]
                        .into_iter()
                        .filter(|g| !g.is_empty())
                        .collect();
                    self.session.act(Step::Partition(groups))?;
                }
            }
            UiEvent::Heal => self.session.act(Step::Heal(true))?,
            UiEvent::Nodes(n) => {
                let n = n.clamp(1, 25);
                let seed = self.session.timeline.recording().seed;
                self.replace_session(default_scenario(n, seed), None)?;
            }
            UiEvent::Bug(bug, on) => {
                self.session = self.session.with_bug(bug, on)?;
                self.view.violations_seen = 0;
            }
            UiEvent::Story(slug) => {
                let story = story(&slug).ok_or_else(|| format!("no story called {slug}"))?;
                let scenario = scenario::parse(story.text).map_err(|e| e.to_string())?;
                self.replace_session(scenario, Some(0))?;
            }
            UiEvent::LoadText(text) => {
                let scenario = scenario::parse(&text).map_err(|e| format!("This file could not be loaded: {e}"))?;
                self.replace_session(scenario, Some(0))?;
            }
            // These need the browser (downloads, clipboard): the page does them after this.
            UiEvent::Save | UiEvent::CopyLink | UiEvent::CopyEmbed => {}
            UiEvent::Help(open) => self.view.help = open,
            UiEvent::ShowTraffic(on) => {
                self.view.show_traffic = on;
                self.view.event_log_dirty = true;
            }
            UiEvent::EventHover(nodes, message) => {
                self.view.highlight = nodes;
                self.view.highlight_message = message;
            }
            UiEvent::EventClick(moment) => {
                self.set_playing(false);
                self.session.timeline.seek(moment);
            }
            UiEvent::Resize => self.theme = Theme::from_css(),
            UiEvent::DismissBanner => self.view.banner = None,
        }
        Ok(())
    }

    /// Starts or stops playing.
    pub fn set_playing(&mut self, playing: bool) {
        self.view.playing = playing;
        self.view.last_frame = None;
        self.view.carry_ms = 0.0;
    }

    /// The cluster size.
    pub fn nodes(&self) -> u32 {
        self.session.timeline.sim().settings().nodes
    }

    /// The shared form of the run at the cursor.
    pub fn shared_run(&self) -> SharedRun {
        SharedRun {
            scenario: self.session.timeline.recording().clone(),
            cursor: self.session.timeline.position(),
            time: self.session.timeline.sim().time(),
        }
    }

    fn replace_session(&mut self, scenario: Scenario, seek: Option<u64>) -> Result<(), String> {
        let mut session = Session::new(scenario.clone())?;
        if let Some(moment) = seek {
            session.timeline.seek(moment);
        }
        self.session = session;
        self.origin = scenario;
        self.view.reset_for_new_run();
        self.view.violations_seen = self.session.timeline.sim().violations().len();
        Ok(())
    }

    fn network(&mut self, change: NetworkStep) -> Result<(), String> {
        self.session.act(Step::Network(change))
    }

    /// Pauses and says so when the checker finds something new.
    fn check_new_violations(&mut self) {
        let count = self.session.timeline.sim().violations().len();
        if count > self.view.violations_seen {
            self.set_playing(false);
        }
        self.view.violations_seen = count;
    }

    /// What is under the pointer at `p`: messages first (they are drawn on top), then nodes, then links.
    pub fn hit(&self, p: Point) -> Hover {
        let sim = self.session.timeline.sim();
        let in_flight = sim.in_flight_views();
        let positions = self
            .layout
            .message_positions(&in_flight, self.view.display_time(sim.time()));
        let nearest = positions
            .iter()
            .zip(&in_flight)
            .map(|(q, m)| (crate::render::layout::distance(*q, p), m.id))
            .filter(|(d, _)| *d <= MESSAGE_HIT_RADIUS)
            .min_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, id)) = nearest {
            return Hover::Message(id);
        }
        if let Some(node) = self.layout.node_at(p) {
            return Hover::Node(node);
        }
        match self.layout.link_at(p) {
            Some((a, b)) => Hover::Link(a, b),
            None => Hover::Nothing,
        }
    }

    fn click(&mut self, p: Point) -> Result<(), String> {
        let hit = self.hit(p);
        if let Some(sides) = &mut self.view.split {
            if let Hover::Node(id) = hit {
                sides[id as usize - 1] = !sides[id as usize - 1];
            }
            return Ok(());
        }
        self.view.menu = Menu::Closed;
        match hit {
            Hover::Node(id) => self.view.menu = Menu::Node(id),
            Hover::Message(id) if self.session.timeline.sim().settings().network.manual => {
                self.view.menu = Menu::Message(id);
            }
            Hover::Message(id) => {
                if let Some(pick) = self.pick(id) {
                    self.session.act(Step::Drop(pick))?;
                }
            }
            Hover::Link(a, b) => {
                let cut = self.session.timeline.sim().partition().cut_links().contains(&(a, b));
                self.session
                    .act(if cut { Step::Restore([a, b]) } else { Step::Cut([a, b]) })?;
            }
            Hover::Nothing => {}
        }
        self.view.hover = Hover::Nothing;
        Ok(())
    }

    /// The scenario pick (`[from, to, k]`) of in-flight message `id`.
    fn pick(&self, id: u64) -> Option<MessagePick> {
        let in_flight: Vec<_> = self.session.timeline.sim().in_flight().collect();
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

    /// Advances the run for one animation frame at real time `now` (ms). A frame that
    /// arrives after the user paused changes nothing.
    pub fn frame(&mut self, now: f64) {
        if !self.view.playing {
            return;
        }
        let real_dt = self.view.last_frame.map_or(0.0, |last| (now - last).clamp(0.0, 100.0));
        self.view.last_frame = Some(now);
        let speed = 10f64.powf(self.view.speed_log10);
        let result =
            if self.view.reduced_motion || !self.session.timeline.at_end() && !self.session.timeline.next_is_timed() {
                self.frame_by_moments(real_dt, speed)
            } else {
                self.frame_by_time(real_dt * speed)
            };
        if let Err(message) = result {
            self.view.banner = Some((message, true));
            self.set_playing(false);
        }
        self.check_new_violations();
    }

    /// Plays a stretch of time smoothly: whole milliseconds go to the simulation, the
    /// fraction only to the drawing.
    fn frame_by_time(&mut self, virtual_dt: f64) -> Result<(), String> {
        let total = self.view.carry_ms + virtual_dt;
        let whole = total.floor();
        self.view.carry_ms = total - whole;
        if whole >= 1.0 {
            self.session.timeline.play(whole as u64)?;
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

    /// The names of the built-in stories, for the menu.
    pub fn story_names() -> Vec<(String, String)> {
        STORIES
            .iter()
            .map(|s| {
                let name = scenario::parse(s.text)
                    .ok()
                    .and_then(|sc| sc.name)
                    .unwrap_or_else(|| s.slug.to_string());
                (s.slug.to_string(), name)
            })
            .collect()
    }

    /// Shows the banner, if any.
    pub fn render_banner(&self) {
        let banner: HtmlElement = by_id("banner");
        match &self.view.banner {
            Some((text, is_error)) => {
                by_id::<HtmlElement>("banner-text").set_text_content(Some(text));
                banner.set_class_name(if *is_error { "banner error" } else { "banner info" });
                set_hidden(&banner, false);
            }
            None => set_hidden(&banner, true),
        }
    }
}

/// How close (CSS px) a click must be to a message's centre to pick it.
const MESSAGE_HIT_RADIUS: f64 = 8.0;

/// Real time between two single moments at the default speed.
const BEAT_MS: f64 = 450.0;
/// The speed the page opens with.
pub const DEFAULT_SPEED: f64 = 0.04;

fn no_change() -> NetworkStep {
    NetworkStep {
        latency_ms: None,
        loss: None,
        duplicate: None,
        manual: None,
    }
}

/// A fresh seed for the default cluster (from the browser's random source, never the simulation's).
pub fn fresh_seed() -> u64 {
    let mut bytes = [0u8; 4];
    if getrandom::fill(&mut bytes).is_err() {
        return now_ms() as u64;
    }
    u64::from(u32::from_le_bytes(bytes) % 1_000_000)
}
