//! The panes: their canvases (the cluster, each pane's title and status line), the
//! space-time diagram and the chart of commits.

use consensus_core::display::NodeDisplay;
use consensus_core::sim::ClusterState;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlElement};

use crate::app::App;
use crate::dom::{by_id, document};
use crate::draw_cache::DrawCache;
use crate::geometry::layout::Size;
use crate::panels::{self};
use crate::render::cluster::{self, ClusterScene, Hover};
use crate::render::{chart, diagram, logs, prepare};
use consensus_shell::panes::{self, PaneLabels};

use super::targets;

/// A canvas's size in CSS pixels, as pointer events report it to the app.
pub fn canvas_size(canvas: &web_sys::Element) -> Size {
    let rect = canvas.get_bounding_client_rect();
    Size {
        width: rect.width().max(1.0),
        height: rect.height().max(1.0),
    }
}

/// Makes `#panes` hold one pane (title, parting mark, canvas, status) per pane on screen.
pub(super) fn ensure_panes(app: &App) {
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
        let run = app.session.panes.panes.get(i).filter(|_| !app.session.beside_correct);
        let short = run.map(|run| run.short_heading());
        let tooltip = match (app.session.beside_correct, i) {
            (true, 0) => format!("The bug switch is on: {bugs}. {}", panes::TITLE_TOOLTIP),
            (true, _) => format!(
                "The same scenario and seed with no bug switch. {}",
                panes::TITLE_TOOLTIP
            ),
            _ => panes::TITLE_TOOLTIP.to_string(),
        };
        let labels = PaneLabels {
            index: i,
            name,
            short: short.as_deref(),
            tooltip: &tooltip,
            parting: app.session.beside_correct,
        };
        let options = pane_options(app, i);
        let _ = container.append_child(&panes::pane(&labels, options.as_ref()).pane);
    }
    let _ = container.set_attribute("data-panes", &wanted);
}

/// The row of pane `i`'s options (Raft: PreVote, CheckQuorum, reads), each set as the
/// pane's run has it; `None` for a protocol without options and beside the correct run.
fn pane_options(app: &App, i: usize) -> Option<web_sys::Element> {
    let run = app.session.panes.panes.get(i).filter(|_| !app.session.beside_correct)?;
    let config = &run.recording().config;
    // A choice the pane's other settings refuse (lease reads without CheckQuorum) is
    // shown, greyed, with the reason.
    let refused = |option: &consensus_core::protocol::PaneOption, choice: &str| {
        option
            .set(config, choice)
            .and_then(|c| {
                let mut s = run.recording().clone();
                s.config = c;
                consensus_core::scenario::validate(&s).map_err(|e| e.to_string())
            })
            .err()
    };
    panes::options_row(i, run.protocol().options(), |option| option.value(config), refused)
}

/// Redraws what a frame needs (canvases, diagram, chart, status) from `states`.
pub(super) fn render_canvases(app: &App, cache: &mut DrawCache, states: &[ClusterState<NodeDisplay>]) {
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
        // Messages get keyboard buttons while time stands still (playing, they move every frame).
        let messages = (!app.view.playing).then(|| layout.message_positions(&state.in_flight, scene.display_time));
        targets::sync_targets(i, &canvas, &layout, state, messages.as_deref());
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
    let (start, last) = logs::columns(&states[focus]);
    let needed = logs::width_for((last + 1).saturating_sub(start) as usize);
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
pub(super) fn render_status(app: &App, first: &ClusterState<NodeDisplay>) {
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
pub(super) fn render_diagram(app: &App, cache: &DrawCache) {
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

pub(super) fn render_chart(app: &App, cache: &DrawCache) {
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
                (_, _, protocol) => cache.theme.colour(protocol.chart_colour()),
            },
        })
        .collect();
    chart::draw(&ctx, &cache.theme, width, app.session.time(), &series);
}
