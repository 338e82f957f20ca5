//! Where things are on the cluster canvas, and what is under the pointer.

use consensus_core::sim::InFlightView;
use consensus_core::types::NodeId;

/// A point in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// Horizontal.
    pub x: f64,
    /// Vertical.
    pub y: f64,
}

/// A canvas's size in CSS pixels, measured by the page and handed to the app with the
/// pointer events that need it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Size {
    /// Across.
    pub width: f64,
    /// Down.
    pub height: f64,
}

/// How far below (and above) a node's rim its labels' middles are.
pub const LABEL_OFFSET: f64 = 14.0;

/// How much longer than the other a ring's width or height may be.
pub const MAX_STRETCH: f64 = 1.35;

/// The positions of the nodes on their ring.
#[derive(Clone, Debug)]
pub struct Layout {
    /// `centres[i]` is node `i + 1`.
    pub centres: Vec<Point>,
    /// Every node's radius.
    pub radius: f64,
}

impl Layout {
    /// `nodes` nodes on a ring that fills a `width` × `height` box (node 1 at the top). In a
    /// box much taller or wider than square (a narrow pane side by side) the ring stretches
    /// into an ellipse, at most [`MAX_STRETCH`] times longer one way, so the nodes use the
    /// room instead of crowding its middle.
    pub fn ring(nodes: u32, width: f64, height: f64) -> Self {
        let n = nodes.max(1) as f64;
        let centre = Point {
            x: width / 2.0,
            y: height / 2.0,
        };
        let half_width = (width / 2.0 - 8.0).max(20.0);
        let half_height = (height / 2.0 - 8.0).max(20.0);
        let room = half_width.min(half_height);
        // Nodes shrink with the box and with their number, leaving room for the labels
        // above and below each node and for messages between neighbours.
        let radius = (room * 0.22 * (5.0 / n).min(1.0)).clamp(10.0, 36.0);
        let (across, down) = if nodes == 1 {
            (0.0, 0.0)
        } else {
            (
                half_width.min(room * MAX_STRETCH) - radius - 16.0,
                half_height.min(room * MAX_STRETCH) - radius - 16.0,
            )
        };
        let centres = (0..nodes)
            .map(|i| {
                let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n;
                Point {
                    x: centre.x + across * crate::math::cos(angle),
                    y: centre.y + down * crate::math::sin(angle),
                }
            })
            .collect();
        Self { centres, radius }
    }

    /// How wide a label under node `id` (or above it, `above`) may be without running into
    /// a neighbour's labels: the least horizontal distance to a node whose labels or circle
    /// share that label's line, less a small gap; no such node: any width.
    pub fn label_room(&self, id: NodeId, above: bool) -> f64 {
        let me = self.centre(id);
        // A neighbour that far below (above) has its upper (lower) label on this one's line.
        let reach = 2.0 * self.radius + 2.0 * LABEL_OFFSET;
        let on_the_line = |dy: f64| {
            let dy = if above { -dy } else { dy };
            dy > -LABEL_OFFSET && dy < reach
        };
        self.centres
            .iter()
            .filter(|c| **c != me && on_the_line(c.y - me.y))
            .map(|c| (c.x - me.x).abs() - 6.0)
            .fold(f64::INFINITY, f64::min)
    }

    /// The centre of node `id`.
    pub fn centre(&self, id: NodeId) -> Point {
        self.centres[id as usize - 1]
    }

    /// The node under `p`, if any.
    pub fn node_at(&self, p: Point) -> Option<NodeId> {
        self.centres
            .iter()
            .position(|c| distance(*c, p) <= self.radius + 4.0)
            .map(|i| i as NodeId + 1)
    }

    /// Where message `m` is drawn at `display_time`. Automatic messages move from sender
    /// to receiver over their flight time; waiting (manual) ones queue near the middle.
    pub fn message_position(&self, m: &InFlightView, display_time: f64, queue_index: usize) -> Point {
        let (from, to) = (self.centre(m.from), self.centre(m.to));
        let fraction = match m.deliver_ms {
            Some(deliver) if deliver > m.sent_ms => {
                ((display_time - m.sent_ms as f64) / (deliver - m.sent_ms) as f64).clamp(0.0, 1.0)
            }
            Some(_) => 1.0,
            None => (0.5 - 0.09 * queue_index as f64).max(0.15),
        };
        // Start and end at the rims, and keep the two directions of a link apart.
        let length = distance(from, to).max(1.0);
        let (ux, uy) = ((to.x - from.x) / length, (to.y - from.y) / length);
        let usable = (length - 2.0 * self.radius).max(0.0);
        let along = self.radius + usable * fraction;
        let side = 5.0;
        Point {
            x: from.x + ux * along - uy * side,
            y: from.y + uy * along + ux * side,
        }
    }

    /// Every message's position, in the order given (oldest first).
    pub fn message_positions(&self, in_flight: &[InFlightView], display_time: f64) -> Vec<Point> {
        let mut queued: consensus_core::vec_map::VecMap<(NodeId, NodeId), usize> = Default::default();
        in_flight
            .iter()
            .map(|m| {
                let slot = queued.get_or_insert_with((m.from, m.to), || 0);
                let p = self.message_position(m, display_time, *slot);
                *slot += 1;
                p
            })
            .collect()
    }

    /// The link (pair of nodes) whose line passes within a few pixels of `p`, away from the nodes.
    pub fn link_at(&self, p: Point) -> Option<(NodeId, NodeId)> {
        let n = self.centres.len() as NodeId;
        let mut best: Option<((NodeId, NodeId), f64)> = None;
        for a in 1..=n {
            for b in a + 1..=n {
                let (pa, pb) = (self.centre(a), self.centre(b));
                let (d, t) = distance_to_segment(p, pa, pb);
                let length = distance(pa, pb);
                let away_from_nodes = t * length > self.radius + 4.0 && (1.0 - t) * length > self.radius + 4.0;
                if d <= 6.0 && away_from_nodes && best.is_none_or(|(_, bd)| d < bd) {
                    best = Some(((a, b), d));
                }
            }
        }
        best.map(|(link, _)| link)
    }
}

/// The distance between two points.
pub fn distance(a: Point, b: Point) -> f64 {
    ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
}

/// The distance from `p` to the segment `a`–`b`, and where along it (0 to 1) the nearest point is.
fn distance_to_segment(p: Point, a: Point, b: Point) -> (f64, f64) {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length2 = (dx * dx + dy * dy).max(1e-9);
    let t = (((p.x - a.x) * dx + (p.y - a.y) * dy) / length2).clamp(0.0, 1.0);
    let nearest = Point {
        x: a.x + t * dx,
        y: a.y + t * dy,
    };
    (distance(p, nearest), t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_sit_on_a_ring_with_node_1_at_the_top() {
        let layout = Layout::ring(5, 400.0, 400.0);
        let top = layout.centre(1);
        assert!((top.x - 200.0).abs() < 1e-9);
        assert!(layout.centres.iter().all(|c| c.y >= top.y - 1e-9));
        assert_eq!(layout.node_at(top), Some(1));
    }

    #[test]
    fn a_click_between_two_nodes_finds_their_link() {
        let layout = Layout::ring(4, 400.0, 400.0);
        let (a, b) = (layout.centre(1), layout.centre(3));
        let middle = Point {
            x: (a.x + b.x) / 2.0 + 2.0,
            y: (a.y + b.y) / 2.0 + 11.0,
        };
        assert_eq!(layout.link_at(middle), Some((1, 3)));
        assert_eq!(layout.link_at(a), None, "on a node there is no link");
    }

    #[test]
    fn a_narrow_pane_stretches_the_ring_to_use_its_height_within_a_limit() {
        let square = Layout::ring(5, 150.0, 150.0);
        let tall = Layout::ring(5, 150.0, 260.0);
        let height = |l: &Layout| l.centre(3).y - l.centre(1).y;
        assert!(height(&tall) > height(&square) * 1.3, "taller than in a square box");
        let very_tall = Layout::ring(5, 150.0, 1000.0);
        let width = very_tall.centre(2).x - very_tall.centre(5).x;
        assert!(height(&very_tall) < width * MAX_STRETCH * 1.6, "not a thin stripe");
    }

    #[test]
    fn a_label_may_be_as_wide_as_the_gap_to_a_node_on_its_line() {
        let layout = Layout::ring(5, 400.0, 400.0);
        // Nodes 3 and 4 sit side by side at the bottom.
        let gap = layout.centre(3).x - layout.centre(4).x;
        assert!((layout.label_room(3, false) - (gap - 6.0)).abs() < 1e-9);
        // Nothing is above node 1 at the top: its role fits whatever its length.
        assert_eq!(layout.label_room(1, true), f64::INFINITY);
        let small = Layout::ring(5, 150.0, 150.0);
        assert!(
            small.label_room(3, false) < 60.0,
            "'0 txns, 0 open' would run into node 4's label"
        );
        assert_eq!(
            small.label_room(1, true),
            f64::INFINITY,
            "'coordinator' still fits above node 1"
        );
        assert_eq!(Layout::ring(1, 400.0, 400.0).label_room(1, false), f64::INFINITY);
    }

    #[test]
    fn twenty_five_nodes_stay_readable() {
        let layout = Layout::ring(25, 600.0, 600.0);
        assert!(layout.radius >= 11.0);
        for i in 1..25 {
            let gap = distance(layout.centre(i), layout.centre(i + 1));
            assert!(gap > 2.0 * layout.radius, "nodes {i} and {} overlap", i + 1);
        }
    }
}
