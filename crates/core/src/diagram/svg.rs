//! The space-time diagram as a standalone SVG document.

use std::fmt::Write;

use super::{Arrow, Diagram, Fate, Mark, MarkKind};
use crate::types::Time;

/// Horizontal room per node line.
const COLUMN: f64 = 90.0;
/// Vertical room per moment.
const ROW: f64 = 14.0;
/// Room above the first moment for the node names.
const HEADER: f64 = 36.0;
/// Room left of the first line for the time labels.
const GUTTER: f64 = 70.0;

/// How moments and nodes map to the drawing.
struct Canvas {
    /// The first and last moments drawn.
    from: u64,
    to: u64,
    /// Node lines.
    nodes: u32,
}

impl Canvas {
    fn width(&self) -> f64 {
        GUTTER + COLUMN * f64::from(self.nodes.max(1))
    }

    fn height(&self) -> f64 {
        HEADER + ROW * (self.to - self.from + 1) as f64 + 20.0
    }

    fn x(&self, node: u32) -> f64 {
        GUTTER + COLUMN * (f64::from(node) - 0.5)
    }

    fn y(&self, moment: u64) -> f64 {
        HEADER + ROW * (moment.clamp(self.from, self.to) - self.from) as f64 + ROW / 2.0
    }

    /// The document's start: size, arrow head, node names and lines.
    fn header(&self, out: &mut String) {
        let (width, height) = (self.width(), self.height());
        let _ = writeln!(
            out,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="system-ui, sans-serif" font-size="11">"##
        );
        let _ = writeln!(out, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
        let _ = writeln!(
            out,
            r##"<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#334155"/></marker></defs>"##
        );
        for node in 1..=self.nodes {
            let x = self.x(node);
            let _ = writeln!(
                out,
                r##"<text x="{x:.1}" y="20" text-anchor="middle" font-weight="700">node {node}</text><line x1="{x:.1}" y1="{HEADER}" x2="{x:.1}" y2="{:.1}" stroke="#94a3b8"/>"##,
                height - 10.0
            );
        }
    }

    /// The time labels of moments `from..=to` (every fifth row, when the time moved).
    fn labels(&self, out: &mut String, diagram: &Diagram, from: u64, to: u64, last_label: &mut Option<Time>) {
        for moment in from..=to {
            let time = diagram.time_of(moment);
            if (moment - self.from).is_multiple_of(5) && *last_label != Some(time) {
                let _ = writeln!(
                    out,
                    r##"<text x="4" y="{:.1}" fill="#64748b">{time} ms</text>"##,
                    self.y(moment) + 4.0
                );
                *last_label = Some(time);
            }
        }
    }

    /// One message's arrow; a message lost on the way stops halfway in a cross.
    fn arrow(&self, out: &mut String, a: &Arrow) {
        let end = a.ended.unwrap_or(self.to);
        let (colour, dash, head) = match a.fate {
            Fate::Delivered => ("#334155", "", r#" marker-end="url(#head)""#),
            Fate::InFlight => ("#64748b", r#" stroke-dasharray="2 3""#, ""),
            _ => ("#dc2626", r#" stroke-dasharray="5 3""#, ""),
        };
        let (x1, y1, x2, y2) = (self.x(a.from), self.y(a.sent), self.x(a.to), self.y(end));
        let arrived = matches!(a.fate, Fate::Delivered | Fate::InFlight);
        let (x2, y2) = if arrived {
            (x2, y2)
        } else {
            ((x1 + x2) / 2.0, (y1 + y2) / 2.0)
        };
        let _ = writeln!(
            out,
            r##"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{colour}" stroke-width="1.2"{dash}{head}><title>{} {} → {} (message {})</title></line>"##,
            a.kind, a.from, a.to, a.id
        );
        if !arrived {
            let _ = writeln!(
                out,
                r##"<path d="M{:.1},{:.1} l8,8 m0,-8 l-8,8" stroke="#dc2626" stroke-width="2"/>"##,
                x2 - 4.0,
                y2 - 4.0
            );
        }
    }

    /// A crash, restart or milestone on a node's line.
    fn mark(&self, out: &mut String, mark: &Mark) {
        let colour = match mark.kind {
            MarkKind::Crash => "#dc2626",
            MarkKind::Restart => "#16a34a",
            MarkKind::Milestone => "#7c3aed",
        };
        let (cx, cy) = (self.x(mark.node), self.y(mark.moment));
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
}

/// The diagram as SVG text (moments `from..=to`), readable without the page.
pub fn to_svg(diagram: &Diagram, from: u64, to: u64) -> String {
    let canvas = Canvas {
        from,
        to: to.max(from),
        nodes: diagram.nodes,
    };
    let mut out = String::new();
    canvas.header(&mut out);
    canvas.labels(&mut out, diagram, canvas.from, canvas.to, &mut None);
    for i in diagram.arrows_between(canvas.from, canvas.to) {
        canvas.arrow(&mut out, &diagram.arrows[i]);
    }
    for mark in diagram.marks_between(canvas.from, canvas.to) {
        canvas.mark(&mut out, mark);
    }
    out.push_str("</svg>\n");
    out
}

/// The SVG of a whole run written as the run goes (`consensus run --diagram`): each
/// arrow is written once it ended and then forgotten, so that the diagram of a long run is
/// never held whole. Feed it a [`Diagram`] that takes in the trace a stretch at a time.
pub struct SvgStream {
    canvas: Canvas,
    /// The next moment whose time label is not written yet.
    next_label: u64,
    last_label: Option<Time>,
}

impl SvgStream {
    /// A stream for a run of `moments` moments on `nodes` nodes, and the document's start.
    pub fn new(nodes: u32, moments: u64) -> (Self, String) {
        let stream = Self {
            canvas: Canvas {
                from: 0,
                to: moments,
                nodes,
            },
            next_label: 0,
            last_label: None,
        };
        let mut out = String::new();
        stream.canvas.header(&mut out);
        (stream, out)
    }

    /// Writes what `diagram` holds that is finished (ended arrows, marks, the time labels
    /// of moments it has passed) and forgets it there.
    pub fn drain(&mut self, diagram: &mut Diagram) -> String {
        let mut out = String::new();
        if diagram.last_moment > self.next_label {
            let upto = diagram.last_moment - 1;
            self.canvas
                .labels(&mut out, diagram, self.next_label, upto, &mut self.last_label);
            self.next_label = upto + 1;
        }
        for arrow in diagram.arrows.iter().filter(|a| a.ended.is_some()) {
            self.canvas.arrow(&mut out, arrow);
        }
        for mark in &diagram.marks {
            self.canvas.mark(&mut out, mark);
        }
        diagram.arrows.retain(|a| a.ended.is_none());
        diagram.marks.clear();
        let keep = diagram.times.len().saturating_sub(1);
        diagram.times.drain(..keep);
        out
    }

    /// Writes the rest (arrows still in flight at the end) and the document's end.
    pub fn finish(mut self, diagram: &mut Diagram) -> String {
        let mut out = self.drain(diagram);
        let (from, to) = (self.next_label, self.canvas.to);
        if from <= to {
            self.canvas.labels(&mut out, diagram, from, to, &mut self.last_label);
        }
        for arrow in &diagram.arrows {
            self.canvas.arrow(&mut out, arrow);
        }
        out.push_str("</svg>\n");
        out
    }
}
