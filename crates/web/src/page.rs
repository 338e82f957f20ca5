//! Puts the app's state on the page: the panes' canvases, the rows, the diagram, the
//! chart, the panels and the controls.

use consensus_core::display::NodeDisplay;
use consensus_core::run::bug_switches;
use consensus_core::scenario::ProtocolName;
use consensus_core::sim::ClusterState;
use wasm_bindgen::JsCast;
use web_sys::{HtmlButtonElement, HtmlCanvasElement, HtmlElement, HtmlInputElement, HtmlSelectElement};

use crate::app::App;
use crate::dom::{by_id, document, element_with_text, set_hidden};
use crate::draw_cache::DrawCache;
use crate::panels::{self, protocol_title};
use crate::render::cluster::{self, ClusterScene, Hover};
use crate::render::layout::Size;
use crate::render::{chart, diagram, logs, prepare};
use crate::view::Menu;

/// The most entries the event log keeps on the page.
const EVENT_LOG_LIMIT: usize = 300;

/// Every pane's state at the cursor, drawn the common way.
fn states(app: &App) -> Vec<ClusterState<NodeDisplay>> {
    app.session.panes.panes.iter().map(|p| p.display()).collect()
}

/// Redraws everything.
pub fn render(app: &App, cache: &mut DrawCache) {
    ensure_panes(app);
    render_frame(app, cache, true);
    render_menus(app, cache);
}

/// Redraws what an animation frame needs (canvases, diagram, chart, status) and, when
/// `with_panels`, the text panels, the controls and the banner too.
pub fn render_frame(app: &App, cache: &mut DrawCache, with_panels: bool) {
    let states = states(app);
    render_canvases(app, cache, &states);
    if with_panels {
        render_panels(app, cache, &states);
        render_controls(app);
        render_banner(app);
    }
}

/// Shows the banner, if any.
fn render_banner(app: &App) {
    let banner: HtmlElement = by_id("banner");
    match &app.view.banner {
        Some((text, is_error)) => {
            by_id::<HtmlElement>("banner-text").set_text_content(Some(text));
            banner.set_class_name(if *is_error { "banner error" } else { "banner info" });
            set_hidden(&banner, false);
        }
        None => set_hidden(&banner, true),
    }
}

/// A canvas's size in CSS pixels, as pointer events report it to the app.
pub fn canvas_size(canvas: &web_sys::Element) -> Size {
    let rect = canvas.get_bounding_client_rect();
    Size {
        width: rect.width().max(1.0),
        height: rect.height().max(1.0),
    }
}

/// Makes `#panes` hold one pane (title, parting mark, canvas, status) per pane on screen.
fn ensure_panes(app: &App) {
    let container: HtmlElement = by_id("panes");
    let names = app.pane_names();
    let wanted = names.join("|");
    let current = container.get_attribute("data-panes").unwrap_or_default();
    let class = match (names.len() > 1, app.session.beside_correct) {
        (true, true) => "panes side-by-side beside-correct",
        (true, false) => "panes side-by-side",
        _ => "panes",
    };
    container.set_class_name(class);
    if current == wanted {
        return;
    }
    container.set_text_content(None);
    let bugs = app.bug_sentences().join("; ");
    for (i, name) in names.iter().enumerate() {
        let pane = element_with_text("div", "");
        pane.set_class_name("pane");
        let _ = pane.set_attribute("data-pane", &i.to_string());
        let title = element_with_text("button", name);
        title.set_class_name("pane-title");
        title.set_id(&format!("pane-title-{i}"));
        let _ = title.set_attribute("data-pane", &i.to_string());
        let _ = title.set_attribute("type", "button");
        let tooltip = match (app.session.beside_correct, i) {
            (true, 0) => format!("The bug switch is on: {bugs}. Show this pane's logs, values, events and diagram"),
            (true, _) => {
                "The same scenario and seed with no bug switch. Show this pane's logs, values, events and diagram"
                    .to_string()
            }
            _ => "Show this pane's logs, values, events and diagram".to_string(),
        };
        let _ = title.set_attribute("title", &tooltip);
        let parting = element_with_text("p", "");
        parting.set_class_name("pane-parting");
        parting.set_id(&format!("parting-{i}"));
        if !app.session.beside_correct {
            let _ = parting.set_attribute("hidden", "");
        }
        let canvas = element_with_text("canvas", "");
        canvas.set_id(&format!("cluster-{i}"));
        let _ = canvas.set_attribute("data-pane", &i.to_string());
        let _ = canvas.set_attribute("role", "img");
        let status = element_with_text("p", "");
        status.set_class_name("pane-status");
        status.set_id(&format!("status-{i}"));
        for child in [&title, &parting, &canvas, &status] {
            let _ = pane.append_child(child);
        }
        let _ = container.append_child(&pane);
    }
    let _ = container.set_attribute("data-panes", &wanted);
}

/// Redraws what a frame needs (canvases, diagram, chart, status) from `states`.
fn render_canvases(app: &App, cache: &mut DrawCache, states: &[ClusterState<NodeDisplay>]) {
    cache.layouts.clear();
    let names = app.pane_names();
    let marks = app.parting_marks();
    for (i, state) in states.iter().enumerate() {
        let mark = marks.as_ref().and_then(|m| m.get(i));
        if let Some(mark) = mark
            && let Some(element) = document().get_element_by_id(&format!("parting-{i}"))
        {
            element.set_text_content(Some(&mark.text));
            element.set_class_name(if mark.parted {
                "pane-parting parted"
            } else {
                "pane-parting"
            });
            let _ = element.set_attribute("title", &mark.text);
        }
        let highlight = match mark {
            Some(mark) if app.view.highlight.is_empty() => &mark.nodes,
            _ => &app.view.highlight,
        };
        let Some(canvas) = document()
            .get_element_by_id(&format!("cluster-{i}"))
            .and_then(|c| c.dyn_into::<HtmlCanvasElement>().ok())
        else {
            continue;
        };
        let (ctx, width, height) = prepare(&canvas, None);
        let layout = app.layout(Size { width, height });
        let pane = app.session.pane(i);
        let broken: Vec<_> = pane.violations().iter().flat_map(|v| v.nodes.iter().copied()).collect();
        let scene = ClusterScene {
            state,
            display_time: app.view.display_time(pane.time()),
            layout: &layout,
            size: Size { width, height },
            theme: &cache.theme,
            highlight,
            highlight_message: app.view.highlight_message.filter(|_| i == app.view.focus),
            hover: if app.view.hover_pane == i {
                app.view.hover
            } else {
                Hover::Nothing
            },
            hover_contents: match app.view.hover {
                Hover::Message(id) if app.view.hover_pane == i => pane.message_contents(id),
                _ => None,
            },
            split_sides: app.view.split.as_deref(),
            broken: &broken,
        };
        cluster::draw(&ctx, &scene);
        cache.layouts.push(layout);
        let mut status = panels::status_text(state, pane.position(), pane.end());
        let waiting = pane.outcomes().open;
        if waiting > 0 {
            status.push_str(&format!(
                " · {waiting} client {} waiting",
                if waiting == 1 { "request" } else { "requests" }
            ));
        }
        by_id::<HtmlElement>(&format!("status-{i}")).set_text_content(Some(&status));
        let _ = canvas.set_attribute(
            "aria-label",
            &format!("{}: {} nodes. {status}", names[i], state.nodes.len()),
        );
    }
    let focus = app.view.focus.min(states.len() - 1);
    let logs_canvas: HtmlCanvasElement = by_id("logs");
    // A log longer than the panel is drawn whole and scrolls sideways; it keeps showing the
    // newest entries while the reader has not scrolled back.
    let scroller: HtmlElement = by_id("logs-scroll");
    let longest = states[focus].nodes.iter().map(|n| n.cells.len()).max().unwrap_or(0);
    let needed = logs::width_for(longest);
    let room = f64::from(scroller.client_width());
    let at_end = scroller.scroll_left() + scroller.client_width() >= scroller.scroll_width() - 4;
    let style = logs_canvas.style();
    if needed > room && room > 0.0 {
        let _ = style.set_property("width", &format!("{needed}px"));
    } else {
        let _ = style.set_property("width", "100%");
    }
    let (ctx, width, _) = prepare(&logs_canvas, Some(logs::height_for(states[focus].nodes.len())));
    if at_end {
        scroller.set_scroll_left(scroller.scroll_width());
    }
    let hovered = logs::draw(
        &ctx,
        &states[focus],
        &cache.theme,
        width,
        &app.view.highlight,
        app.view.logs_pointer,
    );
    let title = hovered.unwrap_or_else(|| "Hover a cell to read it".into());
    let _ = logs_canvas.set_attribute("title", &title);
    let _ = logs_canvas.set_attribute("aria-label", &format!("Every node's log. {title}"));
    render_status(app, &states[0]);
    render_diagram(app, cache);
    render_chart(app, cache);
}

/// The shared status line: the first pane's, or the shared clock side by side.
fn render_status(app: &App, first: &ClusterState<NodeDisplay>) {
    let text = if app.session.side_by_side() {
        let names = app.pane_names();
        let outcomes: Vec<String> = app
            .session
            .panes
            .panes
            .iter()
            .zip(&names)
            .map(|(p, name)| p.outcome_named(name))
            .collect();
        format!("t = {} ms · {}", app.session.time(), outcomes.join(" · "))
    } else {
        let pane = app.session.first();
        panels::status_text(first, pane.position(), pane.end())
    };
    let status: HtmlElement = by_id("status");
    status.set_text_content(Some(&text));
    // Where the line is cut short (a small embed), its whole text is the tooltip.
    let _ = status.set_attribute("title", &text);
}

/// Draws the focused pane's diagram: the rows on screen.
fn render_diagram(app: &App, cache: &DrawCache) {
    let cursor = app.session.pane(app.view.focus).position();
    let canvas: HtmlCanvasElement = by_id("diagram");
    let (ctx, width, _) = prepare(&canvas, Some(diagram::HEIGHT));
    let geometry = app.diagram_geometry(width);
    let marked = diagram::Marked {
        cursor,
        parting: app.parting_moment(),
        selected: app.view.highlight_message,
        hovered: app.view.diagram.hover,
    };
    diagram::draw(&ctx, &app.diagram, &geometry, &cache.theme, marked);
    let tooltip = app
        .view
        .diagram
        .hover
        .and_then(|id| diagram::arrow_label(&app.diagram, id, usize::MAX))
        .unwrap_or_else(|| "Space-time diagram of the run: hover an arrow to read its message".into());
    let _ = canvas.set_attribute("title", &tooltip);
}

fn render_chart(app: &App, cache: &DrawCache) {
    let canvas: HtmlCanvasElement = by_id("chart");
    let (ctx, width, _) = prepare(&canvas, Some(chart::HEIGHT));
    let commits: Vec<Vec<u64>> = app.session.panes.panes.iter().map(|p| p.commit_times()).collect();
    let names = app.pane_names();
    let series: Vec<chart::Series> = app
        .session
        .panes
        .panes
        .iter()
        .zip(&commits)
        .zip(&names)
        .enumerate()
        .map(|(i, ((pane, commits), name))| chart::Series {
            name,
            commits,
            colour: match (app.session.beside_correct, i, pane.protocol()) {
                (true, 0, _) => &cache.theme.danger,
                (true, _, _) => &cache.theme.leader,
                (_, _, ProtocolName::Raft) => &cache.theme.leader,
                (_, _, ProtocolName::TwoPhaseCommit) => &cache.theme.blocked,
                (_, _, ProtocolName::Paxos) => &cache.theme.accent,
            },
        })
        .collect();
    chart::draw(&ctx, &cache.theme, width, app.session.time(), &series);
}

/// Updates the text panels (they change only when the cursor moves) from `states`.
fn render_panels(app: &App, cache: &mut DrawCache, states: &[ClusterState<NodeDisplay>]) {
    let focus = app.view.focus.min(states.len() - 1);
    let pane = app.session.pane(focus);
    let name = app.pane_names().swap_remove(focus);
    let row_name = states[focus].nodes.first().map_or("log", |n| n.row_name);
    let title = if app.session.side_by_side() {
        format!("{name}: {row_name}")
    } else {
        capitalised(row_name)
    };
    by_id::<HtmlElement>("logs-title").set_text_content(Some(&title));
    by_id::<HtmlElement>("logs-legend").set_text_content(Some(consensus_core::any::legend(pane.protocol())));
    panels::render_kv(&by_id("kv"), &states[focus]);
    let names = app.pane_names();
    panels::render_checker(&by_id("checker"), &app.session.panes.panes, &names);
    panels::render_metrics(&by_id("metrics"), &app.session.panes.panes, &names);
    render_event_log(app, cache);
    render_caption(app);
    render_tour(app, cache);
    render_hunt(app);
}

/// `text` with its first letter in capitals. The core's sentences begin with an ASCII
/// letter or digit; ASCII-only case keeps Unicode's case tables (about 3 KB gzipped) out of
/// the page.
fn capitalised(text: &str) -> String {
    let mut text = text.to_string();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

/// The latest thing that happened, in words, under the panes; and the embed title bar.
fn render_caption(app: &App) {
    let pane = app.session.pane(app.view.focus);
    let count = pane.trace_len();
    let start = count.saturating_sub(60);
    let lines = pane.lines(start..count);
    let latest = lines.iter().rev().find(|l| panels::is_shown(l, false));
    let text = latest.map_or_else(
        || "Press Play to start the cluster, or Step to go one event at a time.".to_string(),
        |l| format!("{} ms: {}", l.time, l.text),
    );
    by_id::<HtmlElement>("caption").set_text_content(Some(&text));
    let recording = app.session.recording();
    let default_name = if app.session.side_by_side() {
        "Side by side, live".to_string()
    } else {
        format!("{}, live", protocol_title(pane.protocol()))
    };
    let name = recording.name.clone().unwrap_or(default_name);
    by_id::<HtmlElement>("embed-name").set_text_content(Some(&name));
    let story_box: HtmlElement = by_id("story-box");
    match (&recording.description, &app.tour) {
        (None, None) => set_hidden(&story_box, true),
        (description, tour) => {
            by_id::<HtmlElement>("story-name").set_text_content(Some(&name));
            // In a tour the description is the introduction's text, inside the caption
            // of fixed height, so the canvas below never moves between stops.
            let description_box: HtmlElement = by_id("story-description");
            description_box.set_text_content(description.as_deref());
            set_hidden(&description_box, tour.is_some() || description.is_none());
            set_hidden(&story_box, false);
        }
    }
    let location = crate::dom::window().location();
    let full = format!(
        "{}#{}",
        location.pathname().unwrap_or_default(),
        crate::share::fragment(&app.shared_run())
    );
    let _ = by_id::<HtmlElement>("embed-open").set_attribute("href", &full);
}

/// The tour's caption: where we are, what the step did, what happened, which rules.
fn render_tour(app: &App, cache: &mut DrawCache) {
    let tour_box: HtmlElement = by_id("tour");
    let Some(tour) = &app.tour else {
        set_hidden(&tour_box, true);
        cache.tour_stop = None;
        return;
    };
    set_hidden(&tour_box, false);
    if cache.tour_stop != Some(tour.index) {
        cache.tour_stop = Some(tour.index);
        by_id::<HtmlElement>("tour-text").set_scroll_top(0);
    }
    by_id::<HtmlElement>("tour-position").set_text_content(Some(&tour.position_text()));
    let happened: HtmlElement = by_id("tour-happened");
    let rules: HtmlElement = by_id("tour-rules");
    let tour_caption: HtmlElement = by_id("tour-caption");
    set_hidden(&tour_caption, true);
    happened.set_text_content(None);
    rules.set_text_content(None);
    match tour.index.map(|i| &tour.stops[i]) {
        None => {
            let description = app.session.first().recording().description.clone().unwrap_or_default();
            by_id::<HtmlElement>("tour-action").set_text_content(Some(&format!(
                "{description} Press Next to go through the story one step at a time, or Take over to play with it."
            )));
        }
        Some(stop) => {
            by_id::<HtmlElement>("tour-action").set_text_content(Some(&stop.action));
            tour_caption.set_text_content(stop.caption.as_deref());
            set_hidden(&tour_caption, stop.caption.is_none());
            for line in &stop.happened {
                let item = panels::append(&happened, "li", &tour.line_text(line));
                if line.decisive {
                    let _ = item.class_list().add_1("decisive");
                }
            }
            if stop.more > 0 {
                panels::append(
                    &happened,
                    "li",
                    &format!(
                        "…and {} more routine {} (see What happened).",
                        stop.more,
                        if stop.more == 1 { "event" } else { "events" }
                    ),
                );
            }
            for rule in &stop.rules {
                panels::append_rule(&rules, rule);
            }
        }
    }
    by_id::<HtmlButtonElement>("tour-prev").set_disabled(tour.index.is_none());
    by_id::<HtmlButtonElement>("tour-next")
        .set_disabled(tour.index.map_or(tour.stops.is_empty(), |i| i + 1 >= tour.stops.len()));
}

/// The counterexample search's buttons and progress line.
pub fn render_hunt(app: &App) {
    let running = app.hunt.as_ref().is_some_and(|h| h.running);
    set_hidden(&by_id("hunt-cancel"), !running);
    by_id::<HtmlButtonElement>("hunt").set_disabled(running);
    let text = app.hunt.as_ref().map(|h| h.progress()).unwrap_or_default();
    by_id::<HtmlElement>("hunt-progress").set_text_content(Some(&text));
    let parting = app.hunt.as_ref().and_then(|h| h.parting.as_deref());
    let parting_box: HtmlElement = by_id("hunt-parting");
    parting_box.set_text_content(parting);
    set_hidden(&parting_box, parting.is_none());
}

/// Brings the event log up to the cursor: appends what is new, or rebuilds the list when
/// the cursor went back or the app asked for a fresh start. The list scrolls to its end
/// only when entries were added, so a reader who scrolled up to point at an older entry
/// keeps it under the pointer.
fn render_event_log(app: &App, cache: &mut DrawCache) {
    let log = &mut cache.event_log;
    let list: HtmlElement = by_id("events");
    let pane = app.session.pane(app.view.focus);
    let count = pane.trace_len();
    let position = pane.position();
    let generation = app.view.event_log_generation;
    let trace_generation = pane.trace_generation();
    let rebuild = log.generation != Some(generation)
        || log.trace_generation != trace_generation
        || position < log.position
        || log.seen > count;
    if !rebuild && log.seen == count {
        return;
    }
    let show_traffic = app.view.show_traffic;
    if rebuild {
        list.set_text_content(None);
        // Look back far enough to fill the list with shown entries, not the whole trace.
        let back = if show_traffic {
            EVENT_LOG_LIMIT
        } else {
            EVENT_LOG_LIMIT * 8
        };
        let lines = pane.lines(count.saturating_sub(back)..count);
        let shown: Vec<_> = lines.iter().filter(|l| panels::is_shown(l, show_traffic)).collect();
        let start = shown.len().saturating_sub(EVENT_LOG_LIMIT);
        for line in &shown[start..] {
            panels::append_event(&list, line);
        }
        log.generation = Some(generation);
        log.trace_generation = trace_generation;
    } else {
        let from = log.seen.max(count.saturating_sub(EVENT_LOG_LIMIT * 8));
        for line in pane.lines(from..count) {
            if panels::is_shown(&line, show_traffic) {
                panels::append_event(&list, &line);
            }
        }
        while list.child_element_count() as usize > EVENT_LOG_LIMIT {
            if let Some(first) = list.first_element_child() {
                first.remove();
            }
        }
    }
    log.seen = count;
    log.position = position;
    list.set_scroll_top(list.scroll_height());
}

/// Updates buttons, sliders and checkboxes to match the state.
fn render_controls(app: &App) {
    let play: HtmlButtonElement = by_id("play");
    play.set_text_content(Some(if app.view.playing { "Pause" } else { "Play" }));
    let _ = play.set_attribute("aria-pressed", if app.view.playing { "true" } else { "false" });
    let (max, value) = app.session.scrubber();
    panels::set_range(&by_id("scrub"), max, value);
    let scrub_text = if app.session.side_by_side() {
        format!("{value} of {max} ms")
    } else {
        format!("event {value} of {max}")
    };
    panels::set_output("scrub-out", &scrub_text);
    by_id::<HtmlInputElement>("speed").set_value(&format!("{:.2}", app.view.speed_log10));
    panels::set_output("speed-out", &speed_label(app.view.speed_log10));
    let network = &app.session.first().settings().network;
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
    let protocols: Vec<&str> = app.protocols().iter().map(|p| p.as_str()).collect();
    let menu: HtmlSelectElement = by_id("protocols");
    if menu.length() == 0 {
        // The protocols and comparisons the core offers, filled once.
        for (value, label) in ProtocolName::menu() {
            let option = element_with_text("option", &label);
            let _ = option.set_attribute("value", &value);
            let _ = menu.append_child(&option);
        }
    }
    menu.set_value(&protocols.join(","));
    // The story under way, or "Choose a story…" once the run is the reader's own.
    let touring = app.tour.as_ref().and_then(|t| t.slug.as_deref()).unwrap_or("");
    by_id::<HtmlSelectElement>("story").set_value(touring);
    render_bug_switches(app);
    for id in ["beside-correct", "beside-correct-bugs"] {
        let button: HtmlButtonElement = by_id(id);
        set_hidden(&button, !app.can_compare_with_correct());
        let open = app.session.beside_correct;
        button.set_text_content(Some(if open {
            "Show the bug alone"
        } else {
            "Compare with the correct protocol"
        }));
        let _ = button.set_attribute("aria-pressed", if open { "true" } else { "false" });
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
    let follow: HtmlButtonElement = by_id("diagram-follow");
    follow.set_disabled(app.view.diagram.follow);
}

/// One checkbox per bug switch of the protocols on screen (rebuilt when they change).
fn render_bug_switches(app: &App) {
    let container: HtmlElement = by_id("bugs");
    let protocols: Vec<&str> = app.protocols().iter().map(|p| p.as_str()).collect();
    if container.get_attribute("data-protocols").as_deref() != Some(&protocols.join(",")) {
        container.set_text_content(None);
        for protocol in app.protocols() {
            for bug in bug_switches(protocol) {
                let label = element_with_text("label", "");
                label.set_class_name("check");
                let input: HtmlInputElement = document().create_element("input").expect("input").unchecked_into();
                input.set_type("checkbox");
                input.set_id(&format!("bug-{}", bug.name));
                let _ = input.set_attribute("data-bug", bug.name);
                let _ = label.append_child(&input);
                let text = format!(" {}: {}", protocol_title(protocol), bug.title);
                let _ = label.append_child(&document().create_text_node(&text));
                let _ = label.set_attribute("title", &format!("Breaks the rule {}", bug.breaks));
                let _ = container.append_child(&label);
            }
        }
        let _ = container.set_attribute("data-protocols", &protocols.join(","));
    }
    for protocol in app.protocols() {
        for bug in bug_switches(protocol) {
            if let Some(input) = document().get_element_by_id(&format!("bug-{}", bug.name))
                && let Ok(input) = input.dyn_into::<HtmlInputElement>()
            {
                input.set_checked(app.session.has_bug(bug.name));
            }
        }
    }
}

/// The speed as a reader sees it: "1/50×", "2×".
pub fn speed_label(log10: f64) -> String {
    let speed = crate::math::exp10(log10);
    if speed >= 1.0 {
        format!("{speed:.1}×")
    } else {
        format!("1/{:.0}×", 1.0 / speed)
    }
}

fn render_menus(app: &App, cache: &DrawCache) {
    let node_menu: HtmlElement = by_id("node-menu");
    let message_menu: HtmlElement = by_id("message-menu");
    set_hidden(&node_menu, !matches!(app.view.menu, Menu::Node(..)));
    set_hidden(&message_menu, !matches!(app.view.menu, Menu::Message(..)));
    match app.view.menu {
        Menu::Node(pane, id) => {
            let run = app.session.pane(pane);
            let state = run.display();
            let Some(node) = state.nodes.get(id as usize - 1) else {
                return;
            };
            let role = if node.role.is_empty() { "follower" } else { &node.role };
            let title = if app.session.side_by_side() {
                format!("Node {id} (in every pane)")
            } else {
                format!("Node {id}: {role}, {}. {}", node.detail, node.facts)
            };
            by_id::<HtmlElement>("node-menu-title").set_text_content(Some(&title));
            by_id::<HtmlElement>("menu-crash").set_text_content(Some(if node.up { "Crash" } else { "Restart" }));
            let timeout: HtmlButtonElement = by_id("menu-timeout");
            set_hidden(&timeout, app.session.side_by_side());
            timeout.set_disabled(!node.up || !state.timers.iter().any(|t| t.node == id));
            let command: HtmlInputElement = by_id("menu-command");
            if document().active_element().is_none_or(|e| e.id() != "menu-command") {
                command.set_value(&format!("set x {}", app.view.next_command));
            }
            if let Some(layout) = cache.layouts.get(pane) {
                place(&node_menu, pane, layout.centre(id), layout.radius);
            }
        }
        Menu::Message(pane, id) => {
            let run = app.session.pane(pane);
            let in_flight = run.in_flight();
            if let (Some(i), Some(layout)) = (in_flight.iter().position(|m| m.id == id), cache.layouts.get(pane)) {
                let m = &in_flight[i];
                let contents = run.message_contents(id).unwrap_or_default();
                let title = format!("{} from {} to {}: {contents}", m.kind, m.from, m.to);
                by_id::<HtmlElement>("message-menu-title").set_text_content(Some(&title));
                let positions = layout.message_positions(&in_flight, app.view.display_time(run.time()));
                place(&message_menu, pane, positions[i], 6.0);
            }
        }
        Menu::Closed => {}
    }
}

/// Positions a popover next to a point of pane `pane`'s canvas, inside the canvas box.
fn place(menu: &HtmlElement, pane: usize, at: crate::render::layout::Point, clearance: f64) {
    let canvas_box: HtmlElement = by_id("canvas-box");
    let canvas: HtmlElement = by_id(&format!("cluster-{pane}"));
    let (dx, dy) = {
        let outer = canvas_box.get_bounding_client_rect();
        let inner = canvas.get_bounding_client_rect();
        (inner.left() - outer.left(), inner.top() - outer.top())
    };
    let (box_w, box_h) = (canvas_box.client_width() as f64, canvas_box.client_height() as f64);
    let (w, h) = (menu.offset_width() as f64, menu.offset_height() as f64);
    let (ax, ay) = (at.x + dx, at.y + dy);
    let mut x = ax + clearance + 8.0;
    if x + w > box_w {
        x = (ax - clearance - 8.0 - w).max(0.0);
    }
    let y = (ay - h / 2.0).clamp(0.0, (box_h - h).max(0.0));
    let style = menu.style();
    let _ = style.set_property("left", &format!("{x}px"));
    let _ = style.set_property("top", &format!("{y}px"));
}

#[cfg(test)]
mod tests {
    use super::capitalised;

    #[test]
    fn a_sentence_begins_with_a_capital() {
        assert_eq!(
            capitalised("leader 2 cannot reach a majority"),
            "Leader 2 cannot reach a majority"
        );
        assert_eq!(capitalised("3 nodes"), "3 nodes");
        assert_eq!(capitalised(""), "");
        assert_eq!(capitalised("élan"), "élan");
    }
}
