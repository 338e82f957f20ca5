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

/// The positions of the nodes on their ring.
#[derive(Clone, Debug)]
pub struct Layout {
    /// `centres[i]` is node `i + 1`.
    pub centres: Vec<Point>,
    /// Every node's radius.
    pub radius: f64,
}

impl Layout {
    /// `nodes` nodes on a ring that fills a `width` × `height` box (node 1 at the top).
    pub fn ring(nodes: u32, width: f64, height: f64) -> Self {
        let n = nodes.max(1) as f64;
        let centre = Point {
            x: width / 2.0,
            y: height / 2.0,
        };
        let room = (width.min(height) / 2.0 - 8.0).max(20.0);
        // Nodes shrink with the box and with their number, leaving room for the labels
        // above and below each node and for messages between neighbours.
        let radius = (room * 0.22 * (5.0 / n).min(1.0)).clamp(10.0, 36.0);
        let ring = if nodes == 1 { 0.0 } else { room - radius - 16.0 };
        let centres = (0..nodes)
            .map(|i| {
                let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n;
                Point {
                    x: centre.x + ring * crate::math::cos(angle),
                    y: centre.y + ring * crate::math::sin(angle),
                }
            })
            .collect();
        Self { centres, radius }
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
    fn twenty_five_nodes_stay_readable() {
        let layout = Layout::ring(25, 600.0, 600.0);
        assert!(layout.radius >= 11.0);
        for i in 1..25 {
            let gap = distance(layout.centre(i), layout.centre(i + 1));
            assert!(gap > 2.0 * layout.radius, "nodes {i} and {} overlap", i + 1);
        }
    }
}
