//! The description of what is on screen that end-to-end tests and embedding pages read
//! (`playgroundState()`): the same state the page draws, as JSON.

use consensus_core::display::NodeDisplay;
use consensus_core::sim::ClusterState;

use crate::app::App;
use crate::draw_cache::DrawCache;

/// What is on screen as JSON: every pane's state, layout, metrics and violations, the
/// cursor, the tour, the search and the diagram's window.
pub fn describe(app: &App, cache: &DrawCache) -> String {
    let panes: Vec<PaneDescription> = app
        .session
        .panes
        .panes
        .iter()
        .enumerate()
        .map(|(i, run)| {
            let mut state = run.display();
            for m in &mut state.in_flight {
                m.contents = run.message_contents(m.id).unwrap_or_default();
            }
            let layout = cache.layouts.get(i);
            let positions = layout.map_or_else(Vec::new, |l| {
                l.message_positions(&state.in_flight, app.view.display_time(run.time()))
            });
            let messages = state
                .in_flight
                .iter()
                .zip(&positions)
                .map(|(m, p)| MessageSpot {
                    id: m.id,
                    x: p.x,
                    y: p.y,
                    kind: m.kind,
                    from: m.from,
                    to: m.to,
                })
                .collect();
            PaneDescription {
                protocol: run.protocol().as_str(),
                title: run.heading(),
                position: run.position(),
                end: run.end(),
                violations: run.violations().to_vec(),
                metrics: run.metrics(),
                layout: Spots {
                    radius: layout.map_or(0.0, |l| l.radius),
                    nodes: layout.map_or_else(Vec::new, |l| l.centres.iter().map(|p| [p.x, p.y]).collect()),
                    messages,
                },
                state,
            }
        })
        .collect();
    let width = crate::dom::element_width("diagram");
    let geometry = app.diagram_geometry(width);
    let (from, to) = geometry.visible();
    let description = Description {
        position: app.session.first().position(),
        end: app.session.first().end(),
        time: app.session.time(),
        side_by_side: app.session.side_by_side(),
        beside_correct: app.session.beside_correct.then(|| BesideDescription {
            names: app.pane_names(),
            parting: app.session.parting.as_ref().map(|p| PartingDescription {
                time_ms: p.time_ms,
                moment: p.moment,
                shown: p.moment >= from && p.moment <= to,
                y: geometry.y(p.moment),
            }),
        }),
        focus: app.view.focus,
        playing: app.view.playing,
        banner: app.view.banner.as_ref().map(|(text, _)| text.as_str()),
        highlight: Highlight {
            nodes: &app.view.highlight,
            message: app.view.highlight_message,
        },
        tour: app.tour.as_ref().map(|t| TourDescription {
            stop: t.index,
            stops: t.stops.len(),
            slug: t.slug.as_deref(),
        }),
        hunt: app.hunt.as_ref().map(|h| HuntDescription {
            running: h.running,
            tried: h.tried(),
            events: h.events(),
            busy_ms: h.busy_ms(),
            in_worker: h.in_worker,
            workers: h.shares.count(),
            found: h
                .found
                .as_ref()
                .map(|f| f.violations.first().map_or("", |v| v.invariant)),
        }),
        diagram: DiagramDescription {
            arrows: app.diagram.arrows.len(),
            from,
            to,
            row_px: app.view.diagram.row_px,
            follow: app.view.diagram.follow,
            hovered: app.view.diagram.hover,
            spots: geometry_spots(app, &geometry, from, to),
        },
        state: panes[0].state.clone(),
        layout: panes[0].layout.clone(),
        violations: app.session.first().violations().to_vec(),
        panes,
    };
    serde_json::to_string(&description).expect("descriptions serialize")
}

/// Where the arrows on screen are drawn (a few, for tests to click).
fn geometry_spots(app: &App, geometry: &crate::geometry::diagram::Geometry, from: u64, to: u64) -> Vec<ArrowSpot> {
    app.diagram
        .arrows_between(from, to)
        .map(|i| &app.diagram.arrows[i])
        .filter(|a| a.ended.is_some_and(|e| e <= to) && a.sent >= from)
        .take(50)
        .map(|a| {
            let end = a.ended.unwrap_or(to);
            ArrowSpot {
                id: a.id,
                sent: a.sent,
                ended: a.ended,
                x: (geometry.x(a.from) + geometry.x(a.to)) / 2.0,
                y: (geometry.y(a.sent) + geometry.y(end)) / 2.0,
            }
        })
        .collect()
}

/// What [`describe`] reports.
#[derive(serde::Serialize)]
struct Description<'a> {
    position: u64,
    end: u64,
    time: u64,
    side_by_side: bool,
    /// Set when the run is beside the same run without its bug switches.
    beside_correct: Option<BesideDescription>,
    focus: usize,
    playing: bool,
    /// The first pane's state, layout and violations (the only pane outside side by side).
    state: ClusterState<NodeDisplay>,
    layout: Spots,
    violations: Vec<consensus_core::check::Violation>,
    panes: Vec<PaneDescription>,
    banner: Option<&'a str>,
    highlight: Highlight<'a>,
    tour: Option<TourDescription<'a>>,
    hunt: Option<HuntDescription<'a>>,
    diagram: DiagramDescription,
}

/// The bug beside the rule.
#[derive(serde::Serialize)]
struct BesideDescription {
    /// The panes' names.
    names: Vec<String>,
    /// Where the runs part, if they do.
    parting: Option<PartingDescription>,
}

/// Where the runs part, and where the diagram draws it.
#[derive(serde::Serialize)]
struct PartingDescription {
    time_ms: u64,
    moment: u64,
    /// Whether its row is among the diagram's rows on screen.
    shown: bool,
    /// The row's height on the diagram canvas (CSS px).
    y: f64,
}

/// One pane.
#[derive(serde::Serialize)]
struct PaneDescription {
    protocol: &'static str,
    /// The pane's heading: its title, or its protocol's with the options on.
    title: String,
    position: u64,
    end: u64,
    state: ClusterState<NodeDisplay>,
    violations: Vec<consensus_core::check::Violation>,
    metrics: consensus_core::metrics::Metrics,
    layout: Spots,
}

/// Where nodes and messages are drawn, in canvas CSS pixels.
#[derive(Clone, serde::Serialize)]
struct Spots {
    radius: f64,
    nodes: Vec<[f64; 2]>,
    messages: Vec<MessageSpot>,
}

/// A message's place on the canvas.
#[derive(Clone, serde::Serialize)]
struct MessageSpot {
    id: u64,
    x: f64,
    y: f64,
    #[serde(rename = "type")]
    kind: &'static str,
    from: u32,
    to: u32,
}

/// What the event log emphasises on the canvas.
#[derive(serde::Serialize)]
struct Highlight<'a> {
    nodes: &'a [consensus_core::types::NodeId],
    message: Option<u64>,
}

/// The tour under way.
#[derive(serde::Serialize)]
struct TourDescription<'a> {
    stop: Option<usize>,
    stops: usize,
    slug: Option<&'a str>,
}

/// The counterexample search.
#[derive(serde::Serialize)]
struct HuntDescription<'a> {
    running: bool,
    tried: u64,
    events: u64,
    busy_ms: f64,
    /// Whether Web Workers run it.
    in_worker: bool,
    /// How many (each on its share of the schedules).
    workers: usize,
    found: Option<&'a str>,
}

/// The diagram's window.
#[derive(serde::Serialize)]
struct DiagramDescription {
    arrows: usize,
    from: u64,
    to: u64,
    row_px: f64,
    follow: bool,
    hovered: Option<u64>,
    spots: Vec<ArrowSpot>,
}

/// Where an arrow's middle is on the diagram canvas.
#[derive(serde::Serialize)]
struct ArrowSpot {
    id: u64,
    sent: u64,
    /// The moment it arrived or was dropped, as far as the diagram knows.
    ended: Option<u64>,
    x: f64,
    y: f64,
}
