//! How the run is shown: playing or paused, speed, hover, menus, the partition editor.

use consensus_core::types::{NodeId, Time};

use crate::geometry::Hover;

/// Which popover is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    /// None.
    Closed,
    /// The menu of a node (pane, node).
    Node(usize, NodeId),
    /// The menu of a message waiting for manual delivery (pane, message).
    Message(usize, u64),
    /// The menu of the link between two nodes (pane, smaller id, larger id).
    Link(usize, NodeId, NodeId),
}

/// Where the space-time diagram looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DiagramView {
    /// CSS pixels per moment. Invariant: between `MIN_ROW` and `MAX_ROW`.
    pub row_px: f64,
    /// The moment at the top edge.
    pub top: f64,
    /// Whether it scrolls along with the cursor.
    pub follow: bool,
    /// The message whose arrow the pointer is over.
    pub hover: Option<u64>,
}

impl DiagramView {
    /// The smallest row height (zoomed out).
    pub const MIN_ROW: f64 = 0.05;
    /// The largest row height (zoomed in).
    pub const MAX_ROW: f64 = 40.0;

    /// The view as drawn with the cursor at `cursor`: while following, the top row keeps
    /// the cursor in sight a little above the bottom edge.
    pub fn shown(&self, cursor: u64) -> DiagramView {
        let mut shown = *self;
        if self.follow {
            let rows = (crate::geometry::diagram::HEIGHT - crate::geometry::diagram::HEADER) / self.row_px;
            shown.top = (cursor as f64 - rows * 0.75).max(0.0);
        }
        shown
    }
}

/// The view state (everything on screen that is not the simulation).
#[derive(Clone, Debug)]
pub struct View {
    /// Whether time runs.
    pub playing: bool,
    /// log10 of the speed (virtual ms per real ms).
    pub speed_log10: f64,
    /// Client writes per second of virtual time sent while playing freely (0: none). Each
    /// is recorded as a client step, so a link replays it.
    pub load_per_second: u32,
    /// How many writes the load has sent (names their keys and values).
    pub load_sent: u64,
    /// Fraction of a virtual millisecond played but not yet given to the simulation.
    pub carry_ms: f64,
    /// Real time since the last single moment was shown (when playing moment by moment).
    pub beat_ms: f64,
    /// Real time of the previous animation frame.
    pub last_frame: Option<f64>,
    /// What the pointer is over.
    pub hover: Hover,
    /// The pane the pointer is over.
    pub hover_pane: usize,
    /// Nodes emphasised from the event log.
    pub highlight: Vec<NodeId>,
    /// A message emphasised from the event log.
    pub highlight_message: Option<u64>,
    /// The open popover.
    pub menu: Menu,
    /// The partition editor: each node's side, while it is open.
    pub split: Option<Vec<bool>>,
    /// Whether the event log shows every send and receive.
    pub show_traffic: bool,
    /// Counts the changes that make the event log start over (another pane, another
    /// filter, another run); the page rebuilds its list when this differs from its own.
    pub event_log_generation: u64,
    /// Whether the user prefers less motion: play moment by moment, nothing glides.
    pub reduced_motion: bool,
    /// The help overlay is open.
    pub help: bool,
    /// A message for the user, and whether it is an error.
    pub banner: Option<(String, bool)>,
    /// How many violations the user has already been shown.
    pub violations_seen: usize,
    /// Numbers the default command in the node menu (`set x N`).
    pub next_command: u64,
    /// The pane whose details (logs, values, events, diagram) are shown.
    pub focus: usize,
    /// The space-time diagram's scroll and zoom.
    pub diagram: DiagramView,
    /// Where the pointer is over the logs canvas, in its CSS pixels.
    pub logs_pointer: Option<crate::geometry::layout::Point>,
    /// Play when the page is next in view: it was playing when it left the view, or an
    /// embed asked to play on its own (`autoplay`) and has not been seen yet.
    pub play_when_visible: bool,
}

impl View {
    /// The view a page opens with.
    pub fn new(reduced_motion: bool) -> Self {
        Self {
            playing: false,
            speed_log10: crate::math::log10(crate::app::DEFAULT_SPEED),
            load_per_second: 0,
            load_sent: 0,
            carry_ms: 0.0,
            beat_ms: 0.0,
            last_frame: None,
            hover: Hover::Nothing,
            hover_pane: 0,
            logs_pointer: None,
            play_when_visible: false,
            highlight: Vec::new(),
            highlight_message: None,
            menu: Menu::Closed,
            split: None,
            show_traffic: false,
            event_log_generation: 0,
            reduced_motion,
            help: false,
            banner: None,
            violations_seen: 0,
            next_command: 1,
            focus: 0,
            diagram: DiagramView {
                row_px: 6.0,
                top: 0.0,
                follow: true,
                hover: None,
            },
        }
    }

    /// Forgets what belonged to the previous run.
    pub fn reset_for_new_run(&mut self) {
        self.menu = Menu::Closed;
        self.split = None;
        self.hover = Hover::Nothing;
        self.highlight.clear();
        self.highlight_message = None;
        self.event_log_generation += 1;
        self.carry_ms = 0.0;
        self.focus = 0;
        self.diagram.follow = true;
    }

    /// The virtual time to draw at: between two whole milliseconds while playing smoothly.
    pub fn display_time(&self, sim_time: Time) -> f64 {
        if self.reduced_motion {
            sim_time as f64
        } else {
            sim_time as f64 + self.carry_ms
        }
    }
}
