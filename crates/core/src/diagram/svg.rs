//! The space-time diagram as a standalone SVG document.

use std::fmt::Write;

use super::{Diagram, Fate, MarkKind};

/// Horizontal room per node line.
const COLUMN: f64 = 90.0;
/// Vertical room per moment.
const ROW: f64 = 14.0;
/// Room above the first moment for the node names.
const HEADER: f64 = 36.0;
/// Room left of the first line for the time labels.
const GUTTER: f64 = 70.0;

/// The diagram as SVG text (moments `from..=to`), readable without the page.
pub fn to_svg(diagram: &Diagram, from: u64, to: u64) -> String {
    let to = to.max(from);
    let rows = (to - from + 1) as f64;
    let width = GUTTER + COLUMN * f64::from(diagram.nodes.max(1));
    let height = HEADER + ROW * rows + 20.0;
    let x = |node: u32| GUTTER + COLUMN * (f64::from(node) - 0.5);
    let y = |moment: u64| HEADER + ROW * (moment.clamp(from, to) - from) as f64 + ROW / 2.0;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="system-ui, sans-serif" font-size="11">"##
    );
    let _ = writeln!(out, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    let _ = writeln!(
        out,
        r##"<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#334155"/></marker></defs>"##
    );
    for node in 1..=diagram.nodes {
        let _ = writeln!(
            out,
            r##"<text x="{:.1}" y="20" text-anchor="middle" font-weight="700">node {node}</text><line x1="{:.1}" y1="{HEADER}" x2="{:.1}" y2="{:.1}" stroke="#94a3b8"/>"##,
            x(node),
            x(node),
            x(node),
            height - 10.0
        );
    }
    let mut last_label = None;
    for moment in from..=to {
        let time = diagram.time_of(moment);
        if (moment - from).is_multiple_of(5) && last_label != Some(time) {
            let _ = writeln!(
                out,
                r##"<text x="4" y="{:.1}" fill="#64748b">{time} ms</text>"##,
                y(moment) + 4.0
            );
            last_label = Some(time);
        }
    }
    for i in diagram.arrows_between(from, to) {
        let a = &diagram.arrows[i];
        let end = a.ended.unwrap_or(to);
        let (colour, dash, head) = match a.fate {
            Fate::Delivered => ("#334155", "", r#" marker-end="url(#head)""#),
            Fate::InFlight => ("#64748b", r#" stroke-dasharray="2 3""#, ""),
            _ => ("#dc2626", r#" stroke-dasharray="5 3""#, ""),
        };
        let (x1, y1, x2, y2) = (x(a.from), y(a.sent), x(a.to), y(end));
        let (x2, y2) = if matches!(a.fate, Fate::Delivered | Fate::InFlight) {
            (x2, y2)
        } else {
            // A lost message stops halfway, ending in a cross.
            ((x1 + x2) / 2.0, (y1 + y2) / 2.0)
        };
        let _ = writeln!(
            out,
            r##"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{colour}" stroke-width="1.2"{dash}{head}><title>{} {} → {} (message {})</title></line>"##,
            a.kind, a.from, a.to, a.id
        );
        if !matches!(a.fate, Fate::Delivered | Fate::InFlight) {
            let _ = writeln!(
                out,
                r##"<path d="M{:.1},{:.1} l8,8 m0,-8 l-8,8" stroke="#dc2626" stroke-width="2"/>"##,
                x2 - 4.0,
                y2 - 4.0
            );
        }
    }
    for mark in diagram.marks_between(from, to) {
        let colour = match mark.kind {
            MarkKind::Crash => "#dc2626",
            MarkKind::Restart => "#16a34a",
            MarkKind::Milestone => "#7c3aed",
        };
        let (cx, cy) = (x(mark.node), y(mark.moment));
        let _ = writeln!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="8" height="8" fill="{colour}"/><text x="{:.1}" y="{:.1}" fill="{colour}" font-weight="600">{}</text>"##,
            cx - 4.0,
            cy - 4.0,
            cx + 7.0,
            cy + 4.0,
            mark.label
        );
    }
    out.push_str("</svg>\n");
    out
}
