//! The controls: buttons, sliders and menus set from the app, the bug switches, and the
//! menus that open over a pane.

use consensus_core::run::bug_switches;
use consensus_core::scenario::ProtocolName;
use wasm_bindgen::JsCast;
use web_sys::{HtmlButtonElement, HtmlDialogElement, HtmlElement, HtmlInputElement, HtmlSelectElement};

use crate::app::App;
use crate::dom::{by_id, document, element_with_text, set_hidden};
use crate::draw_cache::DrawCache;
use crate::panels::{self, protocol_title};
use crate::view::Menu;

/// Updates buttons, sliders and checkboxes to match the state.
pub(super) fn render_controls(app: &App) {
    let play: HtmlButtonElement = by_id("play");
    play.set_text_content(Some(if app.view.playing { "Pause" } else { "Play" }));
    let _ = play.set_attribute("aria-pressed", if app.view.playing { "true" } else { "false" });
    let (max, value) = app.session.scrubber();
    panels::set_range(&by_id("scrub"), max, value);
    let scrub_text = if app.session.side_by_side() {
        format!("{value} of {max} ms")
    } else {
        format!("event {value} of {max}")
    };
    panels::set_output("scrub-out", &scrub_text);
    by_id::<HtmlInputElement>("speed").set_value(&format!("{:.2}", app.view.speed_log10));
    panels::set_output("speed-out", &speed_label(app.view.speed_log10));
    let network = &app.session.first().settings().network;
    by_id::<HtmlInputElement>("manual").set_checked(network.manual);
    by_id::<HtmlInputElement>("latency").set_value(&network.latency.0.to_string());
    panels::set_output(
        "latency-out",
        &format!("{}–{} ms", network.latency.0, network.latency.1),
    );
    by_id::<HtmlInputElement>("loss").set_value(&network.loss.to_string());
    panels::set_output("loss-out", &format!("{:.0} %", network.loss * 100.0));
    by_id::<HtmlInputElement>("duplicate").set_value(&network.duplicate.to_string());
    let load = app.view.load_per_second;
    by_id::<HtmlInputElement>("client-load").set_value(&load.to_string());
    panels::set_output(
        "client-load-out",
        &if load == 0 {
            "off".to_string()
        } else {
            format!("{load} writes/s")
        },
    );
    panels::set_output("duplicate-out", &format!("{:.0} %", network.duplicate * 100.0));
    by_id::<HtmlInputElement>("nodes").set_value(&app.nodes().to_string());
    let protocols: Vec<&str> = app.pane_protocols().iter().map(|p| p.as_str()).collect();
    let menu: HtmlSelectElement = by_id("protocols");
    if menu.get_attribute("data-filled").is_none() {
        // The protocols and comparisons the core offers, filled once (the page holds the
        // first frame's protocol alone until this module arrives).
        menu.set_text_content(None);
        let _ = menu.set_attribute("data-filled", "");
        for (value, label) in ProtocolName::menu() {
            let option = element_with_text("option", &label);
            let _ = option.set_attribute("value", &value);
            let _ = menu.append_child(&option);
        }
    }
    menu.set_value(&protocols.join(","));
    // The story under way, or "Choose a story…" once the run is the reader's own.
    let touring = app.tour.as_ref().and_then(|t| t.slug.as_deref()).unwrap_or("");
    by_id::<HtmlSelectElement>("story").set_value(touring);
    render_bug_switches(app);
    for id in ["beside-correct", "beside-correct-bugs"] {
        let button: HtmlButtonElement = by_id(id);
        set_hidden(&button, !app.can_compare_with_correct());
        let open = app.session.beside_correct;
        button.set_text_content(Some(if open {
            "Show the bug alone"
        } else {
            "Compare with the correct protocol"
        }));
        let _ = button.set_attribute("aria-pressed", if open { "true" } else { "false" });
    }
    let split_open = app.view.split.is_some();
    let split: HtmlButtonElement = by_id("split");
    split.set_text_content(Some(if split_open {
        "Cancel split"
    } else {
        "Split the network…"
    }));
    let _ = split.set_attribute("aria-pressed", if split_open { "true" } else { "false" });
    set_hidden(&by_id("split-help"), !split_open);
    set_hidden(&by_id("split-apply"), !split_open);
    // The editor's help and buttons over the canvas, where the nodes are clicked.
    set_hidden(&by_id("split-bar"), !split_open);
    let follow: HtmlButtonElement = by_id("diagram-follow");
    follow.set_disabled(app.view.diagram.follow);
}

/// Opens the help as a modal dialog (focus moves into it, the page behind is inert) or
/// closes it, handing focus back to where it was before it opened.
pub(super) fn render_help(app: &App, cache: &mut DrawCache) {
    let dialog: HtmlDialogElement = by_id("help-dialog");
    if app.view.help && !dialog.open() {
        cache.focus_before_help = document()
            .active_element()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok());
        if dialog.show_modal().is_ok() {
            let _ = by_id::<HtmlElement>("help-close").focus();
        }
    } else if !app.view.help && dialog.open() {
        dialog.close();
    }
    if !app.view.help
        && let Some(before) = cache.focus_before_help.take()
    {
        let _ = before.focus();
    }
}

/// Brings the canvas into view when the partition editor opens: its nodes are what the
/// reader clicks next, and the button that opened it sits in the side panel, often far
/// below them.
pub(super) fn follow_split(app: &App, cache: &mut DrawCache) {
    let open = app.view.split.is_some();
    if open && !cache.split_open {
        by_id::<HtmlElement>("canvas-box").scroll_into_view();
    }
    cache.split_open = open;
}

/// One checkbox per bug switch of the protocols on screen (rebuilt when they change).
pub(super) fn render_bug_switches(app: &App) {
    let container: HtmlElement = by_id("bugs");
    let protocols: Vec<&str> = app.protocols().iter().map(|p| p.as_str()).collect();
    if container.get_attribute("data-protocols").as_deref() != Some(&protocols.join(",")) {
        container.set_text_content(None);
        for protocol in app.protocols() {
            for bug in bug_switches(protocol) {
                let label = element_with_text("label", "");
                label.set_class_name("check");
                let input: HtmlInputElement = document().create_element("input").expect("input").unchecked_into();
                input.set_type("checkbox");
                input.set_id(&format!("bug-{}", bug.name));
                let _ = input.set_attribute("data-bug", bug.name);
                let _ = label.append_child(&input);
                let text = format!(" {}: {}", protocol_title(protocol), bug.title);
                let _ = label.append_child(&document().create_text_node(&text));
                let _ = label.set_attribute("title", &format!("Breaks the rule {}", bug.breaks));
                let _ = container.append_child(&label);
            }
        }
        let _ = container.set_attribute("data-protocols", &protocols.join(","));
    }
    for protocol in app.protocols() {
        for bug in bug_switches(protocol) {
            if let Some(input) = document().get_element_by_id(&format!("bug-{}", bug.name))
                && let Ok(input) = input.dyn_into::<HtmlInputElement>()
            {
                input.set_checked(app.session.has_bug(bug.name));
            }
        }
    }
}

/// The speed as a reader sees it: "1/50×", "2×".
pub fn speed_label(log10: f64) -> String {
    let speed = crate::math::exp10(log10);
    if speed >= 1.0 {
        format!("{speed:.1}×")
    } else {
        format!("1/{:.0}×", 1.0 / speed)
    }
}

pub(super) fn render_menus(app: &App, cache: &DrawCache) {
    let node_menu: HtmlElement = by_id("node-menu");
    let message_menu: HtmlElement = by_id("message-menu");
    set_hidden(&node_menu, !matches!(app.view.menu, Menu::Node(..)));
    set_hidden(&message_menu, !matches!(app.view.menu, Menu::Message(..)));
    let link_menu: HtmlElement = by_id("link-menu");
    set_hidden(&link_menu, !matches!(app.view.menu, Menu::Link(..)));
    match app.view.menu {
        Menu::Node(pane, id) => {
            let run = app.session.pane(pane);
            let state = run.display();
            let Some(node) = state.nodes.get(id as usize - 1) else {
                return;
            };
            let role = if node.role.is_empty() { "follower" } else { &node.role };
            let title = if app.session.side_by_side() {
                format!("Node {id} (in every pane)")
            } else {
                format!("Node {id}: {role}, {}. {}", node.detail, node.facts)
            };
            by_id::<HtmlElement>("node-menu-title").set_text_content(Some(&title));
            by_id::<HtmlElement>("menu-crash").set_text_content(Some(if node.up { "Crash" } else { "Restart" }));
            let timeout: HtmlButtonElement = by_id("menu-timeout");
            set_hidden(&timeout, app.session.side_by_side());
            timeout.set_disabled(!node.up || !state.timers.iter().any(|t| t.node == id));
            // Leadership transfer (Raft, thesis §3.10): offered on a node that does not lead
            // while some node leads.
            let transfer: HtmlButtonElement = by_id("menu-transfer");
            let leads = |n: &consensus_core::display::NodeDisplay| n.up && n.role == "leader";
            let offered = run.protocol().takes_transfer() && node.up && !leads(node) && state.nodes.iter().any(leads);
            set_hidden(&transfer, !offered);
            // Compaction (Raft, thesis ch. 5): offered on an up node of a protocol with a log.
            let compact: HtmlButtonElement = by_id("menu-compact");
            set_hidden(&compact, !(run.protocol().takes_compact() && node.up));
            // Membership changes (Raft, thesis ch. 4): asked of the leader, so offered while
            // some node leads; add a node that does not vote, remove one that does.
            let changes = run.protocol().takes_membership() && state.nodes.iter().any(leads);
            let voter = node.standing == consensus_core::display::Standing::Voter;
            set_hidden(&by_id::<HtmlButtonElement>("menu-add-server"), !changes || voter);
            set_hidden(&by_id::<HtmlButtonElement>("menu-remove-server"), !(changes && voter));
            let command: HtmlInputElement = by_id("menu-command");
            if document().active_element().is_none_or(|e| e.id() != "menu-command") {
                command.set_value(&format!("set x {}", app.view.next_command));
            }
            if let Some(layout) = cache.layouts.get(pane) {
                place(&node_menu, pane, layout.centre(id), layout.radius);
            }
        }
        Menu::Message(pane, id) => {
            let run = app.session.pane(pane);
            let in_flight = run.in_flight();
            if let (Some(i), Some(layout)) = (in_flight.iter().position(|m| m.id == id), cache.layouts.get(pane)) {
                let m = &in_flight[i];
                let contents = run.message_contents(id).unwrap_or_default();
                let title = format!("{} from {} to {}: {contents}", m.kind, m.from, m.to);
                by_id::<HtmlElement>("message-menu-title").set_text_content(Some(&title));
                let positions = layout.message_positions(&in_flight, app.view.display_time(run.time()));
                place(&message_menu, pane, positions[i], 6.0);
            }
        }
        Menu::Link(pane, a, b) => {
            let run = app.session.pane(pane);
            let both = run.is_cut(a, b);
            let (forward, back) = (run.is_cut_one_way(a, b), run.is_cut_one_way(b, a));
            let how = match (both, forward, back) {
                (true, ..) => "cut both ways".to_string(),
                (_, true, true) => "cut both ways, one direction at a time".to_string(),
                (_, true, false) => format!("{a} → {b} cut, {b} → {a} open"),
                (_, false, true) => format!("{b} → {a} cut, {a} → {b} open"),
                _ => "open both ways".to_string(),
            };
            by_id::<HtmlElement>("link-menu-title").set_text_content(Some(&format!("Link {a}–{b}: {how}")));
            by_id::<HtmlElement>("menu-cut").set_text_content(Some(if both {
                "Restore both ways"
            } else {
                "Cut both ways"
            }));
            let one_way = |from: consensus_core::types::NodeId, to: consensus_core::types::NodeId, cut: bool| {
                if cut {
                    format!("Restore {from} → {to}")
                } else {
                    format!("Cut {from} → {to} only ({to}'s messages to {from} still arrive)")
                }
            };
            let forward_button: HtmlButtonElement = by_id("menu-cut-forward");
            forward_button.set_text_content(Some(&one_way(a, b, forward)));
            let back_button: HtmlButtonElement = by_id("menu-cut-back");
            back_button.set_text_content(Some(&one_way(b, a, back)));
            // Under a link cut both ways a one-way cut changes nothing a reader can see.
            forward_button.set_disabled(both);
            back_button.set_disabled(both);
            if let Some(layout) = cache.layouts.get(pane) {
                let (pa, pb) = (layout.centre(a), layout.centre(b));
                let middle = crate::geometry::layout::Point {
                    x: (pa.x + pb.x) / 2.0,
                    y: (pa.y + pb.y) / 2.0,
                };
                place(&link_menu, pane, middle, 6.0);
            }
        }
        Menu::Closed => {}
    }
}

/// Positions a popover next to a point of pane `pane`'s canvas, inside the canvas box.
pub(super) fn place(menu: &HtmlElement, pane: usize, at: crate::geometry::layout::Point, clearance: f64) {
    let canvas_box: HtmlElement = by_id("canvas-box");
    let canvas: HtmlElement = by_id(&format!("cluster-{pane}"));
    let (dx, dy) = {
        let outer = canvas_box.get_bounding_client_rect();
        let inner = canvas.get_bounding_client_rect();
        (inner.left() - outer.left(), inner.top() - outer.top())
    };
    let (box_w, box_h) = (canvas_box.client_width() as f64, canvas_box.client_height() as f64);
    let (w, h) = (menu.offset_width() as f64, menu.offset_height() as f64);
    let (ax, ay) = (at.x + dx, at.y + dy);
    let mut x = ax + clearance + 8.0;
    if x + w > box_w {
        x = (ax - clearance - 8.0 - w).max(0.0);
    }
    let y = (ay - h / 2.0).clamp(0.0, (box_h - h).max(0.0));
    let style = menu.style();
    let _ = style.set_property("left", &format!("{x}px"));
    let _ = style.set_property("top", &format!("{y}px"));
}
