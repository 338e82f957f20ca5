//! Everything a user (or the page's own timers) can do, as data. What the app needs to
//! know of the page arrives inside the event: a canvas's size with a pointer event, the
//! diagram's width with a click on it, the clipboard's answer after a copy.

use consensus_core::scenario::ProtocolName;
use consensus_core::types::NodeId;

use crate::geometry::Hover;
use crate::geometry::layout::{Point, Size};

/// One thing that happened on the page, by the flow it belongs to (each flow is handled in
/// its own file of `app/`).
#[derive(Clone, Debug, PartialEq)]
pub enum UiEvent {
    /// Time: play, pause, step, scrub, speed, and whether the page is in view.
    Playback(PlaybackEvent),
    /// The pointer over the panes' canvases and the logs, and the node and message menus it opens.
    Pointer(PointerEvent),
    /// The network controls: manual delivery, latency, loss, duplication, splitting and healing.
    Network(NetworkEvent),
    /// The space-time diagram and the event log, which share the cursor, and the focused pane.
    Diagram(DiagramEvent),
    /// A guided tour: its stops, and taking it over.
    Tour(TourEvent),
    /// The counterexample search: start, cancel, and its workers' reports.
    Search(SearchEvent),
    /// What runs: the cluster's size, the protocols, bug switches, stories and loaded files, and the correct run beside.
    Setup(SetupEvent),
    /// What goes through the browser: downloads, the clipboard, files, help, the banner, resizing.
    Browser(BrowserEvent),
}

/// Time: play, pause, step, scrub, speed, and whether the page is in view.
#[derive(Clone, Debug, PartialEq)]
pub enum PlaybackEvent {
    /// Play or pause.
    TogglePlay,
    /// The page came into view (`true`) or left it: scrolled out of an embedding page's
    /// viewport, or its tab hidden.
    Visible(bool),
    /// An animation frame at this real time (ms) while playing.
    Frame(f64),
    /// One step forward.
    StepForward,
    /// One step back.
    StepBack,
    /// Start the scenario again from its beginning.
    Reset,
    /// Speed slider moved (log10 of the speed).
    Speed(f64),
    /// Timeline scrubber moved.
    Scrub(u64),
    /// The client load slider moved: writes per second of virtual time while playing freely.
    Load(u32),
}

/// The pointer over the panes' canvases and the logs, and the node and message menus it opens.
#[derive(Clone, Debug, PartialEq)]
pub enum PointerEvent {
    /// The pointer moved over pane `.0`'s canvas, of size `.2`.
    PointerMove(usize, Point, Size),
    /// The pointer left a canvas.
    PointerLeave,
    /// A click or tap on pane `.0`'s canvas, of size `.2`.
    CanvasClick(usize, Point, Size),
    /// The keyboard pressed the button over a thing drawn on pane `.0`'s canvas: what a
    /// click on exactly that thing does, with no hit-testing (a message passing over a
    /// link's middle does not take the press).
    Activate(usize, Hover),
    /// Node menu: crash or restart.
    MenuCrashOrRestart,
    /// Node menu: fire the node's timer now.
    MenuTimeout,
    /// Node menu: send this client command.
    MenuClient(String),
    /// Message menu: deliver now.
    MenuDeliver,
    /// Message menu: drop.
    MenuDrop,
    /// Link menu: cut the link both ways, or restore it.
    MenuCutBoth,
    /// Link menu: cut (or restore) one direction: from the smaller id to the larger
    /// (`true`) or back (`false`).
    MenuCutOneWay(bool),
    /// Node menu: the leader hands its leadership to this node.
    MenuTransfer,
    /// Node menu: the node compacts its log into a snapshot.
    MenuCompact,
    /// Node menu: the leader adds this node to the voters (`true`) or removes it (`false`).
    MenuMembership(bool),
    /// Escape: close menus and dialogs.
    Escape,
    /// The pointer moved over the logs canvas (or left it: `None`).
    LogsPointer(Option<Point>),
}

/// The network controls: manual delivery, latency, loss, duplication, splitting and healing.
#[derive(Clone, Debug, PartialEq)]
pub enum NetworkEvent {
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
}

/// The space-time diagram and the event log, which share the cursor, and the focused pane.
#[derive(Clone, Debug, PartialEq)]
pub enum DiagramEvent {
    /// The diagram scrolled by this many rows.
    DiagramScroll(f64),
    /// The diagram zoomed by this factor.
    DiagramZoom(f64),
    /// A click on the diagram, whose canvas is `.1` CSS px wide.
    DiagramClick(Point, f64),
    /// The pointer moved over the diagram (or left it: `None`), `.1` CSS px wide.
    DiagramPointer(Option<Point>, f64),
    /// The diagram follows the cursor again.
    DiagramFollow,
    /// The pointer is over an event log entry (its nodes, its message).
    EventHover(Vec<NodeId>, Option<u64>),
    /// An event log entry was clicked: go to its moment (of the focused pane).
    EventClick(u64),
    /// Show every message in the event log, or only what matters.
    ShowTraffic(bool),
    /// Show this pane's details (logs, values, events, diagram).
    Focus(usize),
}

/// A guided tour: its stops, and taking it over.
#[derive(Clone, Debug, PartialEq)]
pub enum TourEvent {
    /// Tour: the next stop.
    TourNext,
    /// Tour: the previous stop.
    TourPrevious,
    /// Tour: leave the tour and play freely from here.
    TakeOver,
}

/// The counterexample search: start, cancel, and its workers' reports.
#[derive(Clone, Debug, PartialEq)]
pub enum SearchEvent {
    /// Start looking for a counterexample.
    HuntStart,
    /// Stop looking.
    HuntCancel,
    /// The search's Web Workers have started, this many, each with its share of the
    /// schedules.
    HuntInWorkers(usize),
    /// What a search worker (by its share) reports after a slice (or why it could not run).
    HuntReport(usize, consensus_core::explore::search::SearchReport),
}

/// What runs: the cluster's size, the protocols, bug switches, stories and loaded files, and the correct run beside.
#[derive(Clone, Debug, PartialEq)]
pub enum SetupEvent {
    /// A new cluster of this many nodes.
    Nodes(u32),
    /// A new cluster running these protocols (several: side by side).
    Protocols(Vec<ProtocolName>),
    /// A bug switch (by name).
    Bug(String, bool),
    /// One pane's option (pane, `config` field, new value as files spell it: `true`, `read_index`).
    PaneOption(usize, String, String),
    /// A built-in story chosen from the menu.
    Story(String),
    /// A scenario file's text, loaded by the user.
    LoadText(String),
    /// Set the run with its bug switches beside the same run without them (`true`), or show
    /// the run with the bug alone again (`false`).
    BesideCorrect(bool),
}

/// What goes through the browser: downloads, the clipboard, files, help, the banner, resizing.
#[derive(Clone, Debug, PartialEq)]
pub enum BrowserEvent {
    /// Download the run as a scenario file.
    Save,
    /// Download the trace as JSON.
    ExportTrace,
    /// Download the space-time diagram as SVG.
    ExportSvg,
    /// Download the space-time diagram as PNG.
    ExportPng,
    /// Copy a link to this exact state.
    CopyLink,
    /// Copy an iframe snippet.
    CopyEmbed,
    /// What came of a copy: `what` was copied (`copied`), or the clipboard refused `text`.
    Copied {
        /// "Link" or "Embed code".
        what: &'static str,
        /// What was to be copied (shown for copying by hand when the clipboard refused).
        text: String,
        /// Whether the clipboard took it.
        copied: bool,
    },
    /// The file chosen with Load… could not be read.
    FileUnreadable,
    /// Show or hide the help overlay.
    Help(bool),
    /// The canvas changed size or the colour scheme changed (the page re-reads both).
    Resize,
    /// Close the message banner.
    DismissBanner,
}
