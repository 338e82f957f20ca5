//! Puts the app's state on the page: both canvases, the panels and the controls.

use consensus_core::raft::{RaftBug, RaftView};
use consensus_core::sim::ClusterState;
use wasm_bindgen::JsCast;
use web_sys::{HtmlButtonElement, HtmlCanvasElement, HtmlElement, HtmlInputElement};

use crate::app::App;
use crate::dom::{by_id, document, set_hidden};
use crate::panels;
use crate::render::cluster::{self, ClusterScene};
use crate::render::layout::Layout;
use crate::render::{logs, prepare};
use crate::view::Menu;

/// What the event log list currently shows.
#[derive(Default)]
pub struct EventLogState {
    /// How many trace entries (of the timeline's trace up to the cursor) were looked at.
    pub seen: usize,
    /// The cursor when the list was last updated.
    pub position: u64,
}

/// The most entries the event log keeps on the page.
const EVENT_LOG_LIMIT: usize = 300;

/// Redraws everything.
pub fn render(app: &mut App, log: &mut EventLogState) {
    let state = app.session.timeline.sim().snapshot();
    render_canvases(app, &state);
    render_panels(app, log, &state);
    render_controls(app);
    render_menus(app);
    app.render_banner();
}

/// Redraws the two canvases (what a frame needs) from `state`, the simulation's snapshot.
pub fn render_canvases(app: &mut App, state: &ClusterState<RaftView>) {
    let sim = app.session.timeline.sim();
    let canvas: HtmlCanvasElement = by_id("cluster");
    let (ctx, width, height) = prepare(&canvas, None);
    app.layout = Layout::ring(state.nodes.len() as u32, width, height);
    let scene = ClusterScene {
        state,
        display_time: app.view.display_time(sim.time()),
        layout: &app.layout,
        theme: &app.theme,
        highlight: &app.view.highlight,
        highlight_message: app.view.highlight_message,
        hover: app.view.hover,
        split_sides: app.view.split.as_deref(),
    };
    cluster::draw(&ctx, &scene);
    let logs_canvas: HtmlCanvasElement = by_id("logs");
    let (ctx, width, _) = prepare(&logs_canvas, Some(logs::height_for(state.nodes.len())));
    logs::draw(&ctx, state, &app.theme, width, &app.view.highlight);
    let status = panels::status_text(state, app.session.timeline.position(), app.session.timeline.end());
    by_id::<HtmlElement>("status").set_text_content(Some(&status));
}

/// Updates the text panels (they change only when the cursor moves) from `state`.
pub fn render_panels(app: &mut App, log: &mut EventLogState, state: &ClusterState<RaftView>) {
    let sim = app.session.timeline.sim();
    panels::render_kv(&by_id("kv"), state);
    let linearizable = consensus_core::check::linearizability::check_history(sim.clients().ops());
    panels::render_checker(&by_id("checker"), sim.violations(), linearizable);
    render_event_log(app, log);
    render_caption(app);
    let summary = format!(
        "{} nodes. {}",
        state.nodes.len(),
        panels::status_text(state, app.session.timeline.position(), app.session.timeline.end())
    );
    let _ = by_id::<HtmlElement>("cluster").set_attribute("aria-label", &summary);
}

/// The latest thing that happened, in words, under the canvas; and the embed title bar.
fn render_caption(app: &App) {
    let trace = app.session.timeline.trace();
    let latest = trace.iter().rev().find(|e| panels::is_shown(&e.event, false));
    let text = latest.map_or_else(
        || "Press Play to start the cluster, or Step to go one event at a time.".to_string(),
        |e| format!("{} ms: {}", e.time, e.event),
    );
    by_id::<HtmlElement>("caption").set_text_content(Some(&text));
    let recording = app.session.timeline.recording();
    let name = recording.name.clone().unwrap_or_else(|| "Raft, live".into());
    by_id::<HtmlElement>("embed-name").set_text_content(Some(&name));
    let story_box: HtmlElement = by_id("story-box");
    match &recording.description {
        Some(description) => {
            by_id::<HtmlElement>("story-name").set_text_content(Some(&name));
            by_id::<HtmlElement>("story-description").set_text_content(Some(description));
            set_hidden(&story_box, false);
        }
        None => set_hidden(&story_box, true),
    }
    let location = crate::dom::window().location();
    let full = format!(
        "{}#{}",
        location.pathname().unwrap_or_default(),
        crate::share::fragment(&app.shared_run())
    );
    let _ = by_id::<HtmlElement>("embed-open").set_attribute("href", &full);
}

fn render_event_log(app: &mut App, log: &mut EventLogState) {
    let list: HtmlElement = by_id("events");
    let trace = app.session.timeline.trace();
    let position = app.session.timeline.position();
    let rebuild = app.view.event_log_dirty || position < log.position || log.seen > trace.len();
    if rebuild {
        list.set_text_content(None);
        let shown: Vec<_> = trace
            .iter()
            .filter(|e| panels::is_shown(&e.event, app.view.show_traffic))
            .collect();
        let start = shown.len().saturating_sub(EVENT_LOG_LIMIT);
        for entry in &shown[start..] {
            panels::append_event(&list, entry);
        }
        app.view.event_log_dirty = false;
    } else {
        for entry in &trace[log.seen..] {
            if panels::is_shown(&entry.event, app.view.show_traffic) {
                panels::append_event(&list, entry);
            }
        }
        while list.child_element_count() as usize > EVENT_LOG_LIMIT {
            if let Some(first) = list.first_element_child() {
                first.remove();
            }
        }
    }
    log.seen = trace.len();
    log.position = position;
    list.set_scroll_top(list.scroll_height());
}

/// Updates buttons, sliders and checkboxes to match the state.
pub fn render_controls(app: &App) {
    let play: HtmlButtonElement = by_id("play");
    play.set_text_content(Some(if app.view.playing { "Pause" } else { "Play" }));
    let _ = play.set_attribute("aria-pressed", if app.view.playing { "true" } else { "false" });
    let timeline = &app.session.timeline;
    panels::set_range(&by_id("scrub"), timeline.end(), timeline.position());
    panels::set_output(
        "scrub-out",
        &format!("event {} of {}", timeline.position(), timeline.end()),
    );
    by_id::<HtmlInputElement>("speed").set_value(&format!("{:.2}", app.view.speed_log10));
    panels::set_output("speed-out", &speed_label(app.view.speed_log10));
    let network = &timeline.sim().settings().network;
    by_id::<HtmlInputElement>("manual").set_checked(network.manual);
    by_id::<HtmlInputElement>("latency").set_value(&network.latency.0.to_string());
    panels::set_output(
        "latency-out",
        &format!("{}–{} ms", network.latency.0, network.latency.1),
    );
    by_id::<HtmlInputElement>("loss").set_value(&network.loss.to_string());
    panels::set_output("loss-out", &format!("{:.0} %", network.loss * 100.0));
    by_id::<HtmlInputElement>("duplicate").set_value(&network.duplicate.to_string());
    panels::set_output("duplicate-out", &format!("{:.0} %", network.duplicate * 100.0));
    by_id::<HtmlInputElement>("nodes").set_value(&app.nodes().to_string());
    for bug in RaftBug::ALL {
        if let Some(input) = document().get_element_by_id(&format!("bug-{}", bug.name()))
            && let Ok(input) = input.dyn_into::<HtmlInputElement>()
        {
            input.set_checked(app.session.has_bug(bug));
        }
    }
    let split_open = app.view.split.is_some();
    let split: HtmlButtonElement = by_id("split");
    split.set_text_content(Some(if split_open {
        "Cancel split"
    } else {
        "Split the network…"
    }));
    let _ = split.set_attribute("aria-pressed", if split_open { "true" } else { "false" });
    set_hidden(&by_id("split-help"), !split_open);
    set_hidden(&by_id("split-apply"), !split_open);
    set_hidden(&by_id("help-dialog"), !app.view.help);
}

/// The speed as a reader sees it: "1/50×", "2×".
pub fn speed_label(log10: f64) -> String {
    let speed = 10f64.powf(log10);
    if speed >= 1.0 {
        format!("{speed:.1}×")
    } else {
        format!("1/{:.0}×", 1.0 / speed)
    }
}

fn render_menus(app: &App) {
    let node_menu: HtmlElement = by_id("node-menu");
    let message_menu: HtmlElement = by_id("message-menu");
    set_hidden(&node_menu, !matches!(app.view.menu, Menu::Node(_)));
    set_hidden(&message_menu, !matches!(app.view.menu, Menu::Message(_)));
    match app.view.menu {
        Menu::Node(id) => {
            let Ok(slot) = app.session.timeline.sim().node(id) else {
                return;
            };
            let state = &slot.state;
            let role = if slot.up { state.role().name() } else { "crashed" };
            let title = format!("Node {id}: {role}, term {}", state.current_term());
            by_id::<HtmlElement>("node-menu-title").set_text_content(Some(&title));
            by_id::<HtmlElement>("menu-crash").set_text_content(Some(if slot.up { "Crash" } else { "Restart" }));
            by_id::<HtmlButtonElement>("menu-timeout").set_disabled(!slot.up || state.is_leader());
            let command: HtmlInputElement = by_id("menu-command");
            if document().active_element().is_none_or(|e| e.id() != "menu-command") {
                command.set_value(&format!("set x {}", app.view.next_command));
            }
            place(&node_menu, app.layout.centre(id), app.layout.radius);
        }
        Menu::Message(id) => {
            let sim = app.session.timeline.sim();
            let in_flight = sim.in_flight_views();
            if let Some(i) = in_flight.iter().position(|m| m.id == id) {
                let m = &in_flight[i];
                let title = format!("{} from {} to {}", m.kind, m.from, m.to);
                by_id::<HtmlElement>("message-menu-title").set_text_content(Some(&title));
                let positions = app
                    .layout
                    .message_positions(&in_flight, app.view.display_time(sim.time()));
                place(&message_menu, positions[i], 6.0);
            }
        }
        Menu::Closed => {}
    }
}

/// Positions a popover next to a point of the canvas, inside the canvas box.
fn place(menu: &HtmlElement, at: crate::render::layout::Point, clearance: f64) {
    let canvas_box: HtmlElement = by_id("canvas-box");
    let (box_w, box_h) = (canvas_box.client_width() as f64, canvas_box.client_height() as f64);
    let (w, h) = (menu.offset_width() as f64, menu.offset_height() as f64);
    let mut x = at.x + clearance + 8.0;
    if x + w > box_w {
        x = (at.x - clearance - 8.0 - w).max(0.0);
    }
    let y = (at.y - h / 2.0).clamp(0.0, (box_h - h).max(0.0));
    let style = menu.style();
    let _ = style.set_property("left", &format!("{x}px"));
    let _ = style.set_property("top", &format!("{y}px"));
}
