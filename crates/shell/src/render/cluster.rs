//! The cluster canvas: nodes on a ring, their roles, terms and election timers, the links
//! (cut ones marked), and the messages in flight.

use std::f64::consts::{FRAC_PI_2, TAU};

use consensus_core::display::NodeDisplay;
use consensus_core::display::{Standing, Tone};
use consensus_core::sim::ClusterState;
use consensus_core::types::NodeId;
use web_sys::CanvasRenderingContext2d;

use crate::geometry::layout::{LABEL_OFFSET, Layout, Point, Size};
use crate::math::within;
use crate::render::theme::Theme;
use crate::render::{cross, dash};

pub use crate::geometry::Hover;

/// Everything the cluster drawing depends on.
pub struct ClusterScene<'a> {
    /// The state to draw.
    pub state: &'a ClusterState<NodeDisplay>,
    /// The virtual time to draw messages at (between two whole milliseconds while playing).
    pub display_time: f64,
    /// Node positions.
    pub layout: &'a Layout,
    /// The canvas's size (tooltips stay inside it).
    pub size: Size,
    /// Colours.
    pub theme: &'a Theme,
    /// Nodes to emphasise (hovered event log entry).
    pub highlight: &'a [NodeId],
    /// A message to emphasise.
    pub highlight_message: Option<u64>,
    /// What the pointer is over.
    pub hover: Hover,
    /// The hovered message's fields, when the pointer is over a message.
    pub hover_contents: Option<String>,
    /// In the partition editor: which side each node is on.
    pub split_sides: Option<&'a [bool]>,
    /// Nodes named by a broken invariant (ringed in the danger colour).
    pub broken: &'a [NodeId],
}

/// Draws the scene on `ctx` (CSS pixels).
pub fn draw(ctx: &CanvasRenderingContext2d, scene: &ClusterScene) {
    draw_partition(ctx, scene);
    draw_links(ctx, scene);
    draw_one_way_cuts(ctx, scene);
    let positions = scene
        .layout
        .message_positions(&scene.state.in_flight, scene.display_time);
    for node in &scene.state.nodes {
        draw_node(ctx, scene, node);
    }
    for (message, p) in scene.state.in_flight.iter().zip(&positions) {
        draw_message(ctx, scene, message, *p);
    }
    if let Hover::Message(id) = scene.hover
        && let Some(i) = scene.state.in_flight.iter().position(|m| m.id == id)
    {
        let m = &scene.state.in_flight[i];
        let contents = scene.hover_contents.as_deref().unwrap_or(&m.contents);
        let label = format!("{} {} → {}\n{contents}", m.kind, m.from, m.to);
        draw_tooltip(ctx, scene, positions[i], &label);
    }
    if let Hover::Node(id) = scene.hover
        && let Some(node) = scene.state.nodes.iter().find(|n| n.id == id && !n.facts.is_empty())
    {
        let label = format!("Node {id}\n{}", node.facts);
        let above = Point {
            y: scene.layout.centre(id).y - scene.layout.radius + 8.0,
            ..scene.layout.centre(id)
        };
        draw_tooltip(ctx, scene, above, &label);
    }
    if let Hover::Link(a, b) = scene.hover {
        let (pa, pb) = (scene.layout.centre(a), scene.layout.centre(b));
        let middle = Point {
            x: (pa.x + pb.x) / 2.0,
            y: (pa.y + pb.y) / 2.0,
        };
        let cut = link_is_cut(scene.state, a, b);
        let label = if cut {
            format!("restore link {a}–{b}")
        } else {
            format!("cut link {a}–{b}")
        };
        draw_tooltip(ctx, scene, middle, &label);
    }
}

/// Whether the link between `a` and `b` cannot carry messages (cut, or across partition groups).
/// (A link cut in one direction only is not: it is drawn half cut, by `draw_one_way_cuts`.)
pub fn link_is_cut(state: &ClusterState<NodeDisplay>, a: NodeId, b: NodeId) -> bool {
    let cut = state.cut_links.contains(&[a.min(b), a.max(b)]);
    let group = |n: NodeId| state.partition.iter().position(|g| g.contains(&n));
    cut || (!state.partition.is_empty() && group(a) != group(b))
}

/// A partition as its groups: each group's nodes on a tinted ground of its own colour,
/// and the groups named in the corner ("split: 1 2 | 3 4 5"), instead of every link
/// between them drawn cut.
fn draw_partition(ctx: &CanvasRenderingContext2d, scene: &ClusterScene) {
    let groups = &scene.state.partition;
    if groups.is_empty() {
        return;
    }
    let theme = &scene.theme;
    let tints = [&theme.accent, &theme.danger, &theme.follower, &theme.candidate];
    let r = scene.layout.radius * 1.8;
    ctx.set_global_alpha(0.13);
    for (i, group) in groups.iter().enumerate() {
        ctx.set_fill_style_str(tints[i % tints.len()]);
        for &id in group {
            circle(ctx, scene.layout.centre(id), r);
            ctx.fill();
        }
    }
    ctx.set_global_alpha(1.0);
    let named: Vec<String> = groups
        .iter()
        .map(|g| g.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "))
        .collect();
    ctx.set_fill_style_str(&theme.danger);
    ctx.set_font("600 12px system-ui, sans-serif");
    ctx.set_text_align("left");
    ctx.set_text_baseline("top");
    let _ = ctx.fill_text(&format!("split: {}", named.join(" | ")), 6.0, 6.0);
}

fn draw_links(ctx: &CanvasRenderingContext2d, scene: &ClusterScene) {
    let n = scene.state.nodes.len() as NodeId;
    let faint_all = n <= 12;
    for a in 1..=n {
        for b in a + 1..=n {
            let cut = link_is_cut(scene.state, a, b);
            let hovered = scene.hover == Hover::Link(a, b);
            // Links between a partition's groups are not drawn one by one: the groups'
            // grounds show the split (a link cut on its own still is).
            let cut_alone = scene.state.cut_links.contains(&[a, b]);
            if cut && !cut_alone && !hovered {
                continue;
            }
            if !(cut || faint_all || hovered) {
                continue;
            }
            // A spare or a removed server takes no part: no faint links to it.
            let apart = |id: NodeId| {
                scene
                    .state
                    .nodes
                    .get(id as usize - 1)
                    .is_some_and(|n| matches!(n.standing, Standing::Spare | Standing::Removed))
            };
            if !(cut || hovered) && (apart(a) || apart(b)) {
                continue;
            }
            let (pa, pb) = (scene.layout.centre(a), scene.layout.centre(b));
            ctx.begin_path();
            ctx.move_to(pa.x, pa.y);
            ctx.line_to(pb.x, pb.y);
            if cut {
                ctx.set_stroke_style_str(&scene.theme.danger);
                ctx.set_line_width(if hovered { 3.0 } else { 1.5 });
                let _ = ctx.set_line_dash(&dash(&[6.0, 5.0]));
            } else {
                ctx.set_stroke_style_str(if hovered {
                    &scene.theme.accent
                } else {
                    &scene.theme.muted
                });
                ctx.set_line_width(if hovered { 3.0 } else { 0.6 });
                ctx.set_global_alpha(if hovered { 0.9 } else { 0.35 });
            }
            ctx.stroke();
            ctx.set_global_alpha(1.0);
            let _ = ctx.set_line_dash(&dash(&[]));
            if cut {
                let middle = Point {
                    x: (pa.x + pb.x) / 2.0,
                    y: (pa.y + pb.y) / 2.0,
                };
                cross(ctx, middle, 5.0, &scene.theme.danger, 2.5);
            }
        }
    }
}

/// A link cut one way, drawn as a half-cut link: from the middle to the receiver whose
/// messages are lost the line is dashed red and crossed, with an arrowhead at the middle
/// pointing the lost way; the half from the sender is drawn whole, since the other way
/// still carries messages.
fn draw_one_way_cuts(ctx: &CanvasRenderingContext2d, scene: &ClusterScene) {
    for &[from, to] in &scene.state.one_way_cuts {
        if link_is_cut(scene.state, from, to) {
            continue;
        }
        let (pa, pb) = (scene.layout.centre(from), scene.layout.centre(to));
        let at = |t: f64| Point {
            x: pa.x + (pb.x - pa.x) * t,
            y: pa.y + (pb.y - pa.y) * t,
        };
        let danger = &scene.theme.danger;
        ctx.set_stroke_style_str(&scene.theme.muted);
        ctx.set_line_width(1.2);
        ctx.begin_path();
        ctx.move_to(pa.x, pa.y);
        ctx.line_to(at(0.5).x, at(0.5).y);
        ctx.stroke();
        ctx.set_stroke_style_str(danger);
        ctx.set_line_width(1.5);
        let _ = ctx.set_line_dash(&dash(&[6.0, 5.0]));
        ctx.begin_path();
        ctx.move_to(at(0.5).x, at(0.5).y);
        ctx.line_to(pb.x, pb.y);
        ctx.stroke();
        let _ = ctx.set_line_dash(&dash(&[]));
        // The arrowhead: the direction whose messages are lost.
        let (dx, dy) = (pb.x - pa.x, pb.y - pa.y);
        let length = (dx * dx + dy * dy).sqrt().max(1.0);
        let (ux, uy) = (dx / length, dy / length);
        let tip = at(0.5);
        let size = 9.0;
        ctx.set_fill_style_str(danger);
        ctx.begin_path();
        ctx.move_to(tip.x + ux * size / 2.0, tip.y + uy * size / 2.0);
        ctx.line_to(
            tip.x - ux * size / 2.0 - uy * size / 2.0,
            tip.y - uy * size / 2.0 + ux * size / 2.0,
        );
        ctx.line_to(
            tip.x - ux * size / 2.0 + uy * size / 2.0,
            tip.y - uy * size / 2.0 - ux * size / 2.0,
        );
        ctx.close_path();
        ctx.fill();
        cross(ctx, at(0.72), 5.0, danger, 2.5);
    }
}

/// Where node `node` is drawn: on its place on the ring, but a spare (outside the
/// configuration, waiting to be added) stands a little outside the ring, towards the edge.
fn drawn_centre(scene: &ClusterScene, node: &NodeDisplay) -> Point {
    let c = scene.layout.centre(node.id);
    if node.standing != Standing::Spare {
        return c;
    }
    let middle = Point {
        x: scene.size.width / 2.0,
        y: scene.size.height / 2.0,
    };
    let (dx, dy) = (c.x - middle.x, c.y - middle.y);
    let length = (dx * dx + dy * dy).sqrt().max(1.0);
    let push = scene.layout.radius * 0.9;
    let margin = scene.layout.radius * 0.7 + 2.0;
    Point {
        x: within(
            c.x + dx / length * push,
            margin,
            (scene.size.width - margin).max(margin),
        ),
        y: within(
            c.y + dy / length * push,
            margin,
            (scene.size.height - margin).max(margin),
        ),
    }
}

fn draw_node(ctx: &CanvasRenderingContext2d, scene: &ClusterScene, node: &NodeDisplay) {
    let theme = scene.theme;
    let c = drawn_centre(scene, node);
    // A spare is drawn smaller and hollow; a removed server fades; a learner wears a
    // dashed ring: none of them counts toward a majority.
    let r = if node.standing == Standing::Spare {
        scene.layout.radius * 0.7
    } else {
        scene.layout.radius
    };
    let faded = node.standing == Standing::Removed;
    if faded {
        ctx.set_global_alpha(0.4);
    }
    let colour = theme.tone(node.tone);
    let emphasised = scene.highlight.contains(&node.id) || scene.hover == Hover::Node(node.id);
    if emphasised {
        circle(ctx, c, r + 9.0);
        ctx.set_fill_style_str(&theme.accent);
        ctx.set_global_alpha(0.25);
        ctx.fill();
        ctx.set_global_alpha(1.0);
    }
    if scene.broken.contains(&node.id) {
        circle(ctx, c, r + 7.0);
        ctx.set_stroke_style_str(&theme.danger);
        ctx.set_line_width(3.0);
        ctx.stroke();
    }
    // A spare's timer leads to no election (§4.1): no arc.
    if node.up && node.standing != Standing::Spare {
        draw_election_arc(ctx, scene, node.id, c, r);
    }
    circle(ctx, c, r);
    if node.standing == Standing::Spare {
        ctx.set_fill_style_str(&theme.bg);
        ctx.fill();
        let _ = ctx.set_line_dash(&dash(&[4.0, 3.0]));
        ctx.set_stroke_style_str(if node.up { colour } else { &theme.muted });
        ctx.set_line_width(2.0);
        ctx.stroke();
        let _ = ctx.set_line_dash(&dash(&[]));
    } else {
        ctx.set_fill_style_str(colour);
        ctx.fill();
    }
    if node.standing == Standing::Learner {
        circle(ctx, c, r + 4.0);
        let _ = ctx.set_line_dash(&dash(&[4.0, 3.0]));
        ctx.set_stroke_style_str(&theme.accent);
        ctx.set_line_width(2.0);
        ctx.stroke();
        let _ = ctx.set_line_dash(&dash(&[]));
    }
    if let Some(sides) = scene.split_sides {
        ctx.set_line_width(4.0);
        let side = sides.get(node.id as usize - 1).copied().unwrap_or(false);
        ctx.set_stroke_style_str(if side { &theme.danger } else { &theme.accent });
        ctx.stroke();
    }
    let small = r < 18.0;
    if !node.up {
        // The cross stays faint behind the number, so a crashed node is still named.
        ctx.set_global_alpha(0.45);
        cross(ctx, c, r * 0.8, &theme.fg, 2.5);
        ctx.set_global_alpha(1.0);
    }
    let hollow = node.standing == Standing::Spare;
    ctx.set_fill_style_str(if node.up && !hollow { "#ffffff" } else { &theme.fg });
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    ctx.set_font(&format!("700 {}px system-ui, sans-serif", if small { 11 } else { 16 }));
    let _ = ctx.fill_text(&node.id.to_string(), c.x, c.y);
    ctx.set_fill_style_str(&theme.fg);
    ctx.set_font(&format!("{}px system-ui, sans-serif", if small { 9 } else { 12 }));
    let below = Point {
        x: c.x,
        y: c.y + r + LABEL_OFFSET,
    };
    // A label that would run into a neighbour's is left out (a small pane side by side):
    // the node's tooltip still says it.
    if fits(ctx, &node.detail, scene.layout.label_room(node.id, false)) {
        let _ = ctx.fill_text(&node.detail, below.x, below.y);
    }
    let important = matches!(node.tone, Tone::Leading | Tone::Blocked | Tone::Down) || node.standing != Standing::Voter;
    if !node.role.is_empty() && (!small || important) {
        ctx.set_font(&format!("600 {}px system-ui, sans-serif", if small { 9 } else { 12 }));
        if fits(ctx, &node.role, scene.layout.label_room(node.id, true)) {
            let _ = ctx.fill_text(&node.role, c.x, c.y - r - LABEL_OFFSET);
        }
    }
    ctx.set_global_alpha(1.0);
}

/// Whether `text` in the current font is at most `room` pixels wide.
fn fits(ctx: &CanvasRenderingContext2d, text: &str, room: f64) -> bool {
    ctx.measure_text(text).is_ok_and(|m| m.width() <= room)
}

/// The node's next timer (Raft's election timeout, 2PC's vote timeout, Paxos' retry) as
/// an arc that shrinks as it approaches.
fn draw_election_arc(ctx: &CanvasRenderingContext2d, scene: &ClusterScene, id: NodeId, c: Point, r: f64) {
    let Some(timer) = scene
        .state
        .timers
        .iter()
        .filter(|t| t.node == id && t.name != "heartbeat")
        .min_by_key(|t| t.fires_ms)
    else {
        return;
    };
    let total = (timer.fires_ms - timer.set_ms).max(1) as f64;
    let left = ((timer.fires_ms as f64 - scene.display_time) / total).clamp(0.0, 1.0);
    ctx.begin_path();
    let _ = ctx.arc(c.x, c.y, r + 4.5, -FRAC_PI_2, -FRAC_PI_2 + TAU * left);
    ctx.set_stroke_style_str(&scene.theme.muted);
    ctx.set_line_width(3.0);
    ctx.stroke();
}

fn draw_message(ctx: &CanvasRenderingContext2d, scene: &ClusterScene, m: &consensus_core::sim::InFlightView, p: Point) {
    let theme = scene.theme;
    let colour = match m.kind {
        "RequestVote" | "RequestVoteReply" | "Prepare" | "Promise" | "Vote" | "Nack" => &theme.candidate,
        "AppendEntries" | "AppendEntriesReply" | "Accept" | "Accepted" | "Commit" | "Ack" => &theme.follower,
        "Abort" => &theme.danger,
        _ => &theme.accent,
    };
    let reply = m.kind.ends_with("Reply") || matches!(m.kind, "Promise" | "Accepted" | "Nack" | "Vote" | "Ack");
    let emphasised = scene.highlight_message == Some(m.id) || scene.hover == Hover::Message(m.id);
    circle(ctx, p, if emphasised { 7.5 } else { 5.5 });
    ctx.set_fill_style_str(if reply { &theme.bg } else { colour });
    ctx.fill();
    ctx.set_stroke_style_str(colour);
    ctx.set_line_width(if emphasised { 3.0 } else { 2.0 });
    ctx.stroke();
}

/// A label above `at`: its first line bold, the rest wrapped to the canvas's width, the
/// box kept inside the canvas (below `at` when there is no room above).
fn draw_tooltip(ctx: &CanvasRenderingContext2d, scene: &ClusterScene, at: Point, text: &str) {
    const LINE: f64 = 16.0;
    const PAD: f64 = 6.0;
    let max_width = (scene.size.width - 8.0).max(60.0);
    let measure = |t: &str| ctx.measure_text(t).map_or(t.len() as f64 * 7.0, |m| m.width());
    let mut lines: Vec<(String, bool)> = Vec::new();
    for (n, paragraph) in text.lines().enumerate() {
        ctx.set_font(if n == 0 {
            "600 12px system-ui, sans-serif"
        } else {
            "12px system-ui, sans-serif"
        });
        let mut line = String::new();
        for word in paragraph.split(' ') {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && measure(&candidate) + 2.0 * PAD > max_width {
                lines.push((std::mem::replace(&mut line, word.to_string()), n == 0));
            } else {
                line = candidate;
            }
        }
        lines.push((line, n == 0));
    }
    let mut width: f64 = 0.0;
    for (line, bold) in &lines {
        ctx.set_font(if *bold {
            "600 12px system-ui, sans-serif"
        } else {
            "12px system-ui, sans-serif"
        });
        width = width.max(measure(line));
    }
    let (w, h) = ((width + 2.0 * PAD).min(max_width), lines.len() as f64 * LINE + PAD);
    let x = within(at.x - w / 2.0, 4.0, (scene.size.width - w - 4.0).max(4.0));
    let mut y = at.y - h - 12.0;
    if y < 4.0 {
        y = (at.y + 12.0).min((scene.size.height - h - 4.0).max(4.0));
    }
    ctx.set_fill_style_str(&scene.theme.fg);
    ctx.set_global_alpha(0.92);
    ctx.fill_rect(x, y, w, h);
    ctx.set_global_alpha(1.0);
    ctx.set_fill_style_str(&scene.theme.bg);
    ctx.set_text_align("left");
    ctx.set_text_baseline("middle");
    for (i, (line, bold)) in lines.iter().enumerate() {
        ctx.set_font(if *bold {
            "600 12px system-ui, sans-serif"
        } else {
            "12px system-ui, sans-serif"
        });
        let _ = ctx.fill_text(line, x + PAD, y + PAD / 2.0 + LINE * (i as f64 + 0.5));
    }
}

fn circle(ctx: &CanvasRenderingContext2d, c: Point, r: f64) {
    ctx.begin_path();
    let _ = ctx.arc(c.x, c.y, r, 0.0, TAU);
}
