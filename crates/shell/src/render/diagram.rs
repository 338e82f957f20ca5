//! The space-time diagram on its canvas: one vertical line per node, one row per moment,
//! messages as arrows, drops crossed out, crashes and role changes marked, the cursor as
//! a horizontal line. Only the rows on screen are drawn, so long runs stay fast.

use consensus_core::diagram::{Diagram, Fate, MarkKind};
use consensus_core::types::NodeId;
use web_sys::CanvasRenderingContext2d;

use crate::geometry::diagram::GUTTER;
pub use crate::geometry::diagram::{Geometry, HEADER, HEIGHT};
use crate::geometry::layout::Point;
use crate::render::cross;
use crate::render::theme::Theme;

/// What the diagram marks besides the run: the cursor, the selected and the hovered message.
#[derive(Clone, Copy, Debug)]
pub struct Marked {
    /// The moment on screen.
    pub cursor: u64,
    /// The message selected everywhere.
    pub selected: Option<u64>,
    /// The message under the pointer (labelled).
    pub hovered: Option<u64>,
    /// The moment where the run parts from the correct run beside it.
    pub parting: Option<u64>,
}

/// Draws the diagram with the cursor, the selected and the hovered message marked.
pub fn draw(ctx: &CanvasRenderingContext2d, diagram: &Diagram, geometry: &Geometry, theme: &Theme, marked: Marked) {
    let Marked {
        cursor,
        selected,
        hovered,
        parting,
    } = marked;
    let (from, to) = geometry.visible();
    draw_future(ctx, geometry, theme, cursor);
    draw_node_lines(ctx, diagram, geometry, theme);
    draw_time_labels(ctx, diagram, geometry, theme, from, to);
    for i in diagram.arrows_between(from, to) {
        let a = &diagram.arrows[i];
        let end = a.ended.unwrap_or(diagram.last_moment.max(to));
        let (start, stop) = geometry.ends(a.from, a.sent, a.to, end);
        let emphasised = selected == Some(a.id) || hovered == Some(a.id);
        let dropped = !matches!(a.fate, Fate::Delivered | Fate::InFlight);
        let stop = if dropped {
            Point {
                x: (start.x + stop.x) / 2.0,
                y: (start.y + stop.y) / 2.0,
            }
        } else {
            stop
        };
        ctx.begin_path();
        ctx.move_to(start.x, start.y);
        ctx.line_to(stop.x, stop.y);
        let colour = if emphasised {
            &theme.accent
        } else if dropped {
            &theme.danger
        } else {
            &theme.fg
        };
        ctx.set_stroke_style_str(colour);
        ctx.set_line_width(if emphasised { 3.0 } else { 1.0 });
        ctx.set_global_alpha(if emphasised { 1.0 } else { 0.7 });
        ctx.stroke();
        ctx.set_global_alpha(1.0);
        if dropped {
            cross(ctx, stop, 4.0, &theme.danger, 2.0);
        } else if a.ended.is_some() && geometry.row_px >= 2.0 {
            arrow_head(ctx, start, stop, colour);
        }
        if geometry.row_px >= LABELLED_ROW_PX && !emphasised {
            // Zoomed in far enough, every arrow names its message and fields.
            ctx.set_fill_style_str(&theme.muted);
            ctx.set_font("9px system-ui, sans-serif");
            ctx.set_text_align("center");
            ctx.set_text_baseline("bottom");
            let text = shortened(&format!("{} {}", a.kind, a.contents), 48);
            let _ = ctx.fill_text(&text, (start.x + stop.x) / 2.0, (start.y + stop.y) / 2.0 - 2.0);
        }
    }
    for mark in diagram.marks_between(from, to) {
        draw_mark(ctx, geometry, theme, mark.node, mark.moment, mark.kind, mark.label);
    }
    if let Some(moment) = parting.filter(|&m| m >= from && m <= to) {
        draw_parting(ctx, geometry, theme, moment, diagram.time_of(moment));
    }
    let y = geometry.y(cursor);
    ctx.set_fill_style_str(&theme.accent);
    ctx.fill_rect(GUTTER - 6.0, y - 1.0, geometry.width - GUTTER + 6.0, 2.0);
    if let Some(a) = hovered.and_then(|id| diagram.arrow(id)) {
        let end = a.ended.unwrap_or(to);
        let (start, stop) = geometry.ends(a.from, a.sent, a.to, end);
        let label = arrow_label(diagram, a.id, 90).unwrap_or_default();
        let middle = Point {
            x: (start.x + stop.x) / 2.0,
            y: (start.y + stop.y) / 2.0,
        };
        label_box(ctx, theme, middle, geometry.width, &label);
    }
}

/// What message `id` is, in words: "AppendEntries 1 → 3 · term=4 … · sent at 120 ms", its
/// fields cut to `max` characters.
pub fn arrow_label(diagram: &Diagram, id: u64, max: usize) -> Option<String> {
    let a = diagram.arrow(id)?;
    Some(format!(
        "{} {} → {} · {} · sent at {} ms",
        a.kind,
        a.from,
        a.to,
        shortened(&a.contents, max),
        diagram.time_of(a.sent)
    ))
}

/// Zoom (CSS pixels per row) from which every arrow carries its label.
const LABELLED_ROW_PX: f64 = 20.0;

/// `text` cut to `max` characters, with an ellipsis when cut.
fn shortened(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

/// A dark label centred above `at`, kept inside `0..right`.
fn label_box(ctx: &CanvasRenderingContext2d, theme: &Theme, at: Point, right: f64, text: &str) {
    let (x, y) = (at.x, at.y);
    ctx.set_font("600 11px system-ui, sans-serif");
    let width = ctx.measure_text(text).map_or(120.0, |m| m.width()) + 10.0;
    let left = (x - width / 2.0).min(right - width).max(0.0);
    ctx.set_fill_style_str(&theme.fg);
    ctx.set_global_alpha(0.9);
    ctx.fill_rect(left, y - 22.0, width, 17.0);
    ctx.set_global_alpha(1.0);
    ctx.set_fill_style_str(&theme.bg);
    ctx.set_text_align("left");
    ctx.set_text_baseline("middle");
    let _ = ctx.fill_text(text, left + 5.0, y - 13.5);
}

/// A dashed line across the row where the runs part, labelled at the right.
fn draw_parting(ctx: &CanvasRenderingContext2d, geometry: &Geometry, theme: &Theme, moment: u64, time: u64) {
    let y = geometry.y(moment);
    ctx.set_stroke_style_str(&theme.danger);
    ctx.set_line_width(2.0);
    let _ = ctx.set_line_dash(&js_sys::Array::of2(&6.0.into(), &4.0.into()));
    ctx.begin_path();
    ctx.move_to(GUTTER - 6.0, y);
    ctx.line_to(geometry.width, y);
    ctx.stroke();
    let _ = ctx.set_line_dash(&js_sys::Array::new());
    ctx.set_line_width(1.0);
    ctx.set_fill_style_str(&theme.danger);
    ctx.set_font("600 11px system-ui, sans-serif");
    ctx.set_text_align("right");
    ctx.set_text_baseline("bottom");
    let _ = ctx.fill_text(
        &format!("the runs part here ({time} ms)"),
        geometry.width - 4.0,
        y - 3.0,
    );
}

fn draw_future(ctx: &CanvasRenderingContext2d, geometry: &Geometry, theme: &Theme, cursor: u64) {
    let y = geometry.y(cursor).max(HEADER);
    if y < HEIGHT {
        ctx.set_fill_style_str(&theme.muted);
        ctx.set_global_alpha(0.08);
        ctx.fill_rect(0.0, y, geometry.width, HEIGHT - y);
        ctx.set_global_alpha(1.0);
    }
}

fn draw_node_lines(ctx: &CanvasRenderingContext2d, diagram: &Diagram, geometry: &Geometry, theme: &Theme) {
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    ctx.set_font("600 11px system-ui, sans-serif");
    for node in 1..=diagram.nodes {
        let x = geometry.x(node);
        ctx.set_fill_style_str(&theme.muted);
        ctx.fill_rect(x - 0.5, HEADER, 1.0, HEIGHT - HEADER);
        ctx.set_fill_style_str(&theme.fg);
        let _ = ctx.fill_text(&format!("node {node}"), x, HEADER / 2.0);
    }
}

fn draw_time_labels(
    ctx: &CanvasRenderingContext2d,
    diagram: &Diagram,
    geometry: &Geometry,
    theme: &Theme,
    from: u64,
    to: u64,
) {
    ctx.set_text_align("left");
    ctx.set_font("10px system-ui, sans-serif");
    ctx.set_fill_style_str(&theme.muted);
    let every = (48.0 / geometry.row_px).ceil().max(1.0) as u64;
    let mut moment = from.div_ceil(every) * every;
    while moment <= to.min(diagram.last_moment) {
        let y = geometry.y(moment);
        if y > HEADER + 4.0 {
            let _ = ctx.fill_text(&format!("{} ms", diagram.time_of(moment)), 2.0, y);
        }
        moment += every;
    }
}

fn draw_mark(
    ctx: &CanvasRenderingContext2d,
    geometry: &Geometry,
    theme: &Theme,
    node: NodeId,
    moment: u64,
    kind: MarkKind,
    label: &str,
) {
    let (x, y) = (geometry.x(node), geometry.y(moment));
    let colour = match kind {
        MarkKind::Crash => &theme.danger,
        MarkKind::Restart => &theme.leader,
        MarkKind::Milestone => &theme.accent,
    };
    ctx.set_fill_style_str(colour);
    ctx.fill_rect(x - 4.0, y - 4.0, 8.0, 8.0);
    if geometry.row_px >= 1.0 {
        ctx.set_text_align("left");
        ctx.set_font("600 10px system-ui, sans-serif");
        let _ = ctx.fill_text(label, x + 7.0, y);
    }
}

fn arrow_head(ctx: &CanvasRenderingContext2d, from: Point, to: Point, colour: &str) {
    let angle = crate::math::atan2(to.y - from.y, to.x - from.x);
    let size = 6.0;
    ctx.begin_path();
    ctx.move_to(to.x, to.y);
    ctx.line_to(
        to.x - size * crate::math::cos(angle - 0.4),
        to.y - size * crate::math::sin(angle - 0.4),
    );
    ctx.line_to(
        to.x - size * crate::math::cos(angle + 0.4),
        to.y - size * crate::math::sin(angle + 0.4),
    );
    ctx.close_path();
    ctx.set_fill_style_str(colour);
    ctx.fill();
}
