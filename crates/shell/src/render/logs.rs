//! The rows canvas: one row per node of its cells (Raft's log entries coloured by term,
//! 2PC's transactions, Paxos' slots), settled cells solid and the rest pale with a dashed
//! outline, Raft's commit index marked, and the leader's nextIndex (▲) and matchIndex (●)
//! under each follower's row.

use consensus_core::display::{Cell, Hue, NodeDisplay, Tone};
use consensus_core::sim::ClusterState;
use consensus_core::types::NodeId;
use web_sys::CanvasRenderingContext2d;

use crate::geometry::layout::Point;
use crate::render::dash;
use crate::render::theme::{Theme, term_colour};

/// Row height in CSS pixels.
pub const ROW: f64 = 36.0;
/// A cell's width and height: large enough to read its label.
const CELL: f64 = 24.0;
const LABEL: f64 = 44.0;
/// The index header above the rows.
const HEADER: f64 = 16.0;

/// The canvas width every cell of a `cells`-long log needs.
pub fn width_for(cells: usize) -> f64 {
    LABEL + CELL * cells as f64 + 8.0
}

/// The canvas height the logs of `nodes` nodes need.
pub fn height_for(nodes: usize) -> f64 {
    HEADER + ROW * nodes as f64 + 8.0
}

/// Draws every node's log in a `width`-wide area, numbering the indexes on top; with the
/// pointer at `pointer`, outlines the cell under it and returns what that cell is.
pub fn draw(
    ctx: &CanvasRenderingContext2d,
    state: &ClusterState<NodeDisplay>,
    theme: &Theme,
    width: f64,
    highlight: &[NodeId],
    pointer: Option<Point>,
) -> Option<String> {
    let leader = state.nodes.iter().find(|n| n.up && !n.marks.is_empty());
    let (start, longest) = columns(state);
    let fits = (((width - LABEL - 8.0) / CELL).floor() as u64).max(1);
    let first = longest.saturating_sub(fits).max(start - 1) + 1;
    draw_header(ctx, theme, first, longest);
    let mut hovered = None;
    for (row, node) in state.nodes.iter().enumerate() {
        let y = HEADER + 4.0 + row as f64 * ROW;
        draw_label(ctx, theme, node, y, highlight.contains(&node.id));
        draw_snapshot(ctx, theme, node, first, y);
        for index in first.max(node.first_index)..=node.last_index() {
            let cell = &node.cells[(index - node.first_index) as usize];
            let x = LABEL + (index - first) as f64 * CELL;
            // The core says which cells a leader will overwrite (Raft: the leader of the
            // highest term).
            draw_entry(ctx, theme, x, y, cell, node.up, cell.replaced_by.is_some());
            if pointer.is_some_and(|p| p.x >= x && p.x < x + CELL && p.y >= y && p.y < y + CELL) {
                ctx.set_stroke_style_str(&theme.accent);
                ctx.set_line_width(2.0);
                ctx.stroke_rect(x, y, CELL, CELL + 1.0);
                hovered = Some(format!("node {}: {}", node.id, cell.title));
            }
        }
        if node.settled_upto >= first {
            let x = LABEL + (node.settled_upto - first + 1) as f64 * CELL - 1.0;
            ctx.set_fill_style_str(&theme.fg);
            ctx.fill_rect(x, y - 1.0, 2.0, CELL + 3.0);
        }
        if let Some(marks) = leader.and_then(|l| l.marks.get(&node.id)) {
            let mark = |index: u64, glyph: &str| {
                if index >= first {
                    let x = LABEL + (index - first) as f64 * CELL + CELL / 2.0;
                    let _ = ctx.fill_text(glyph, x, y + CELL + 6.0);
                }
            };
            ctx.set_fill_style_str(&theme.fg);
            ctx.set_font("9px system-ui, sans-serif");
            ctx.set_text_align("center");
            mark(marks.next, "▲");
            mark(marks.matched, "●");
        }
    }
    hovered
}

/// The columns the rows need: from the first index any row holds or has compacted (a
/// snapshot shows as one block), through the last index any row holds.
pub fn columns(state: &ClusterState<NodeDisplay>) -> (u64, u64) {
    let start = state.nodes.iter().map(|n| n.first_index).min().unwrap_or(1);
    let last = state.nodes.iter().map(NodeDisplay::last_index).max().unwrap_or(0);
    (start.saturating_sub(1).max(1), last)
}

/// A row's snapshot: one grey block over the columns its compacted entries take on screen,
/// named `snapshot ≤ N`.
fn draw_snapshot(ctx: &CanvasRenderingContext2d, theme: &Theme, node: &NodeDisplay, first: u64, y: f64) {
    if node.first_index <= 1 || node.first_index <= first {
        if node.first_index > 1 && node.first_index == first {
            // Scrolled past the snapshot: a thin bar says there is one before.
            ctx.set_fill_style_str(&theme.muted);
            ctx.fill_rect(LABEL - 3.0, y, 2.0, CELL);
        }
        return;
    }
    let columns = (node.first_index - first) as f64;
    ctx.set_fill_style_str(&theme.muted);
    ctx.set_global_alpha(0.35);
    ctx.fill_rect(LABEL, y, columns * CELL - 2.0, CELL);
    ctx.set_global_alpha(1.0);
    if columns * CELL >= 40.0 {
        ctx.set_fill_style_str(&theme.fg);
        ctx.set_font("10px system-ui, sans-serif");
        ctx.set_text_align("center");
        ctx.set_text_baseline("middle");
        let label = format!("snapshot ≤ {}", node.first_index - 1);
        let _ = ctx.fill_text(&label, LABEL + columns * CELL / 2.0, y + CELL / 2.0);
    }
}

/// The index of every column, above the rows (every other one when they crowd).
fn draw_header(ctx: &CanvasRenderingContext2d, theme: &Theme, first: u64, last: u64) {
    ctx.set_fill_style_str(&theme.muted);
    ctx.set_font("10px system-ui, sans-serif");
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    let _ = ctx.fill_text("index", LABEL / 2.0, HEADER / 2.0 + 1.0);
    for (offset, index) in (first..=last).enumerate() {
        if index >= 100 && index % 2 == 1 {
            continue;
        }
        let x = LABEL + offset as f64 * CELL + CELL / 2.0;
        let _ = ctx.fill_text(&index.to_string(), x, HEADER / 2.0 + 1.0);
    }
}

fn draw_label(ctx: &CanvasRenderingContext2d, theme: &Theme, node: &NodeDisplay, y: f64, highlighted: bool) {
    ctx.set_text_align("left");
    ctx.set_text_baseline("middle");
    ctx.set_font(if highlighted {
        "700 12px system-ui, sans-serif"
    } else {
        "12px system-ui, sans-serif"
    });
    ctx.set_fill_style_str(if node.up { &theme.fg } else { &theme.muted });
    let role = match node.tone {
        Tone::Down => "✕",
        Tone::Leading => "★",
        Tone::Seeking => "?",
        Tone::Blocked => "‖",
        Tone::Following => "",
    };
    let _ = ctx.fill_text(&format!("{} {role}", node.id), 4.0, y + CELL / 2.0);
}

fn draw_entry(ctx: &CanvasRenderingContext2d, theme: &Theme, x: f64, y: f64, cell: &Cell, up: bool, conflicting: bool) {
    let committed = cell.settled;
    let light = !committed || !up;
    let (fill, alpha) = match cell.colour {
        Hue::Numbered(n) => (term_colour(n, light), 1.0),
        Hue::Good => (theme.leader.clone(), if light { 0.4 } else { 1.0 }),
        Hue::Bad => (theme.danger.clone(), if light { 0.4 } else { 1.0 }),
        Hue::Open => (theme.down.clone(), 0.4),
        Hue::Configuration(_) => (theme.accent.clone(), if light { 0.45 } else { 1.0 }),
    };
    ctx.set_fill_style_str(&fill);
    ctx.set_global_alpha(alpha);
    ctx.fill_rect(x + 1.0, y + 1.0, CELL - 2.0, CELL);
    ctx.set_global_alpha(1.0);
    if !committed {
        let _ = ctx.set_line_dash(&dash(&[3.0, 2.0]));
        ctx.set_stroke_style_str(if conflicting { &theme.danger } else { &theme.muted });
        ctx.set_line_width(if conflicting { 2.0 } else { 1.0 });
        ctx.stroke_rect(x + 1.5, y + 1.5, CELL - 3.0, CELL - 1.0);
        let _ = ctx.set_line_dash(&dash(&[]));
    }
    ctx.set_fill_style_str(if light { &theme.fg } else { "#ffffff" });
    ctx.set_font("600 12px system-ui, sans-serif");
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    let _ = ctx.fill_text(&cell.label, x + CELL / 2.0, y + CELL / 2.0 + 1.0);
}
