//! Keyboard access to what a pane's canvas draws: over the canvas lies one button per
//! node, per link between two nodes and, while time stands still, per message in flight.
//! The buttons are invisible to the pointer (the canvas keeps its clicks and hovers) but
//! Tab reaches them in that order, each with a visible focus ring and a label that names
//! what it is; Enter presses one, which does what a click at its spot does (the node's or
//! the message's menu, cutting or restoring the link).

use consensus_core::display::NodeDisplay;
use consensus_core::sim::ClusterState;
use web_sys::{Element, HtmlCanvasElement};

use crate::dom::{document, element_with_text};
use crate::geometry::Hover;
use crate::geometry::layout::{Layout, Point};
use crate::render::cluster::link_is_cut;

/// The most nodes for which every link gets a button (beyond, links are too many to Tab through).
const MOST_NODES_WITH_LINK_TARGETS: usize = 12;

/// One thing on the canvas the keyboard can reach.
struct Target {
    /// Names it among the pane's targets (`n3`, `l1-3`, `m17`).
    key: String,
    /// What a screen reader says of it.
    label: String,
    /// Where on the canvas it is, in CSS pixels.
    at: Point,
    /// Its size on screen, in CSS pixels (the focus ring's diameter).
    size: f64,
}

/// Lays the buttons of pane `pane` over its canvas for `state` as drawn with `layout`;
/// `messages` are the in-flight messages' positions, when they get buttons (time paused).
pub(super) fn sync_targets(
    pane: usize,
    canvas: &HtmlCanvasElement,
    layout: &Layout,
    state: &ClusterState<NodeDisplay>,
    messages: Option<&[Point]>,
) {
    let Some(parent) = canvas.parent_element() else {
        return;
    };
    let id = format!("targets-{pane}");
    let overlay = match document().get_element_by_id(&id) {
        Some(overlay) => overlay,
        None => {
            let overlay = element_with_text("div", "");
            overlay.set_id(&id);
            overlay.set_class_name("canvas-targets");
            let _ = parent.append_child(&overlay);
            overlay
        }
    };
    let _ = overlay.set_attribute(
        "style",
        &format!(
            "left:{}px;top:{}px;width:{}px;height:{}px",
            canvas.offset_left(),
            canvas.offset_top(),
            canvas.offset_width(),
            canvas.offset_height()
        ),
    );
    let targets = targets(layout, state, messages);
    let keys: Vec<&str> = targets.iter().map(|t| t.key.as_str()).collect();
    let wanted = keys.join(" ");
    if overlay.get_attribute("data-keys").as_deref() != Some(wanted.as_str()) {
        overlay.set_text_content(None);
        for target in &targets {
            let button = element_with_text("button", "");
            button.set_class_name("canvas-target");
            let _ = button.set_attribute("type", "button");
            let _ = button.set_attribute("data-key", &target.key);
            let _ = button.set_attribute("data-pane", &pane.to_string());
            let _ = overlay.append_child(&button);
        }
        let _ = overlay.set_attribute("data-keys", &wanted);
    }
    let mut button = overlay.first_element_child();
    for target in &targets {
        let Some(here) = button else { break };
        place(&here, target);
        button = here.next_element_sibling();
    }
}

/// The thing a button's key names (`n3`, `l1-3`, `m17`).
pub fn target_of(key: &str) -> Option<Hover> {
    let (kind, rest) = key.split_at_checked(1)?;
    match kind {
        "n" => Some(Hover::Node(rest.parse().ok()?)),
        "m" => Some(Hover::Message(rest.parse().ok()?)),
        "l" => {
            let (a, b) = rest.split_once('-')?;
            Some(Hover::Link(a.parse().ok()?, b.parse().ok()?))
        }
        _ => None,
    }
}

/// Puts `button` where `target` is drawn and says what it is.
fn place(button: &Element, target: &Target) {
    // Whole pixels: a click there lands on what is drawn (a node is 10 px or more across).
    let (x, y, size) = (target.at.x as i32, target.at.y as i32, target.size as i32);
    let _ = button.set_attribute("aria-label", &target.label);
    let _ = button.set_attribute(
        "style",
        &format!(
            "left:{}px;top:{}px;width:{size}px;height:{size}px",
            x - size / 2,
            y - size / 2
        ),
    );
}

/// Every node, then every link (in small clusters), then every message given, in Tab order.
fn targets(layout: &Layout, state: &ClusterState<NodeDisplay>, messages: Option<&[Point]>) -> Vec<Target> {
    let mut targets = Vec::new();
    for node in &state.nodes {
        let what = if node.up {
            format!("{}, {}", node.role, node.detail)
        } else {
            "crashed".to_string()
        };
        targets.push(Target {
            key: format!("n{}", node.id),
            label: format!("Node {}: {what}. Enter opens its menu.", node.id),
            at: layout.centre(node.id),
            size: layout.radius * 2.0 + 6.0,
        });
    }
    let n = state.nodes.len();
    if n <= MOST_NODES_WITH_LINK_TARGETS {
        for a in 1..=n as u32 {
            for b in a + 1..=n as u32 {
                let (pa, pb) = (layout.centre(a), layout.centre(b));
                let cut = link_is_cut(state, a, b);
                targets.push(Target {
                    key: format!("l{a}-{b}"),
                    label: if cut {
                        format!("Link {a}–{b}, cut. Enter restores it.")
                    } else {
                        format!("Link {a}–{b}. Enter cuts it.")
                    },
                    at: Point {
                        x: (pa.x + pb.x) / 2.0,
                        y: (pa.y + pb.y) / 2.0,
                    },
                    size: 16.0,
                });
            }
        }
    }
    for (message, at) in state.in_flight.iter().zip(messages.unwrap_or_default()) {
        targets.push(Target {
            key: format!("m{}", message.id),
            label: format!(
                "{} from {} to {}: {}. Enter opens its menu.",
                message.kind, message.from, message.to, message.contents
            ),
            at: *at,
            size: 18.0,
        });
    }
    targets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_buttons_key_names_its_node_link_or_message() {
        assert_eq!(target_of("n3"), Some(Hover::Node(3)));
        assert_eq!(target_of("l1-3"), Some(Hover::Link(1, 3)));
        assert_eq!(target_of("m17"), Some(Hover::Message(17)));
        assert_eq!(target_of("x1"), None);
        assert_eq!(target_of(""), None);
        assert_eq!(target_of("l13"), None);
    }
}
