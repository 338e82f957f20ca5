//! What the drawing remembers between frames, apart from the app: colours read from the
//! CSS, where each pane's nodes were drawn, and what the event log list already holds.
//! The app never reads it; drawing reads the app and updates only this.

use crate::geometry::layout::Layout;
use crate::render::theme::Theme;

/// The page's drawing memory.
pub struct DrawCache {
    /// Colours, re-read when the colour scheme or the size changes.
    pub theme: Theme,
    /// Each pane's node positions at the last draw (for placing menus and for tests).
    pub layouts: Vec<Layout>,
    /// What the event log list shows.
    pub event_log: EventLogState,
    /// The tour stop the caption shows (`Some(None)`: the introduction); a new stop
    /// scrolls the caption back to its top.
    pub tour_stop: Option<Option<usize>>,
    /// What had the keyboard's focus when the help opened, to hand it back on closing.
    pub focus_before_help: Option<web_sys::HtmlElement>,
    /// Whether the partition editor was open at the last draw (opening it brings the
    /// canvas into view once).
    pub split_open: bool,
}

impl DrawCache {
    /// A cache with the page's current colours and nothing drawn yet.
    pub fn new() -> Self {
        Self {
            theme: Theme::from_css(),
            layouts: Vec::new(),
            event_log: EventLogState::default(),
            tour_stop: None,
            focus_before_help: None,
            split_open: false,
        }
    }
}

impl Default for DrawCache {
    fn default() -> Self {
        Self::new()
    }
}

/// What the event log list currently shows.
#[derive(Default)]
pub struct EventLogState {
    /// How many trace entries (up to the cursor, of the focused pane) were looked at.
    pub seen: usize,
    /// The cursor when the list was last updated.
    pub position: u64,
    /// The app's `event_log_generation` the list was built for; `None` before the first build.
    pub generation: Option<u64>,
    /// The focused pane's trace generation the list's entries came from: when the pane
    /// fills its held trace anew (a jump far away), the list starts over.
    pub trace_generation: u64,
}
