//! Where the space-time diagram puts things: rows and node lines, and which arrow a point
//! is on. Shared by the app (a click picks a moment or a message) and the drawing.

use consensus_core::diagram::Diagram;
use consensus_core::types::NodeId;

use crate::geometry::layout::Point;

/// Room above the first row for the node names.
pub const HEADER: f64 = 22.0;
/// Room left of the first line for time labels.
pub const GUTTER: f64 = 56.0;
/// The canvas height in CSS pixels.
pub const HEIGHT: f64 = 300.0;

/// Where rows and node lines are on the canvas.
#[derive(Clone, Copy, Debug)]
pub struct Geometry {
    /// CSS pixels per row.
    pub row_px: f64,
    /// The moment at the top edge.
    pub top: f64,
    /// The canvas width in CSS pixels.
    pub width: f64,
    /// How many node lines. Invariant: at least 1.
    pub nodes: u32,
}

impl Geometry {
    /// The geometry for `diagram` on a `width`-wide canvas, `row_px` CSS pixels per row
    /// with moment `top` at the top edge.
    pub fn new(diagram: &Diagram, row_px: f64, top: f64, width: f64) -> Self {
        Self {
            row_px,
            top,
            width,
            nodes: diagram.nodes.max(1),
        }
    }

    /// How many rows fit.
    pub fn rows(&self) -> f64 {
        (HEIGHT - HEADER) / self.row_px
    }

    /// The x of node `node`'s line.
    pub fn x(&self, node: NodeId) -> f64 {
        let column = (self.width - GUTTER) / f64::from(self.nodes);
        GUTTER + column * (f64::from(node) - 0.5)
    }

    /// The y of moment `moment`'s row.
    pub fn y(&self, moment: u64) -> f64 {
        HEADER + (moment as f64 - self.top + 0.5) * self.row_px
    }

    /// The moment of the row at height `y`.
    pub fn moment_at(&self, y: f64) -> u64 {
        ((y - HEADER) / self.row_px + self.top).max(0.0) as u64
    }

    /// The moments on screen.
    pub fn visible(&self) -> (u64, u64) {
        let from = self.top.max(0.0).floor() as u64;
        (from, from + self.rows().ceil() as u64)
    }

    /// The message whose arrow passes within a few pixels of `p`.
    pub fn arrow_at(&self, diagram: &Diagram, p: Point) -> Option<u64> {
        let (from, to) = self.visible();
        diagram
            .arrows_between(from, to)
            .map(|i| &diagram.arrows[i])
            .map(|a| {
                let (start, end) = self.ends(a.from, a.sent, a.to, a.ended.unwrap_or(to));
                (segment_distance(p, start, end), a.id)
            })
            .filter(|(d, _)| *d <= 5.0)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, id)| id)
    }

    /// Where the arrow of a message from `from` at row `sent` to `to` at row `ended` starts and ends.
    pub fn ends(&self, from: NodeId, sent: u64, to: NodeId, ended: u64) -> (Point, Point) {
        (
            Point {
                x: self.x(from),
                y: self.y(sent),
            },
            Point {
                x: self.x(to),
                y: self.y(ended),
            },
        )
    }
}

/// The distance from `p` to the segment `a`–`b`.
pub fn segment_distance(p: Point, a: Point, b: Point) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length = dx * dx + dy * dy;
    let t = if length == 0.0 {
        0.0
    } else {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / length).clamp(0.0, 1.0)
    };
    let (x, y) = (a.x + t * dx, a.y + t * dy);
    ((p.x - x).powi(2) + (p.y - y).powi(2)).sqrt()
}
