//! # consensus-first
//!
//! The page's first module: all a reader downloads before the plain page's first frame.
//! It carries Raft alone and the shell's drawing code, boots the plain page's cluster
//! ([`consensus_shell::plain`]) and draws it, exactly as the full page would. The page's
//! loader (the module script at the end of `index.html`) imports it, calls
//! [`draw_first_frame`], then fetches the full page (`crates/web`), which takes over with
//! the same seed and redraws the same frame. See `docs/architecture.md`, "Two modules".

use consensus_core::protocol::Facts;
use consensus_core::raft::node::RaftNode;
use consensus_core::scenario::options::heading;
use consensus_shell::dom::{by_id, window};
use consensus_shell::geometry::Hover;
use consensus_shell::geometry::layout::{Layout, Size};
use consensus_shell::panes::{self, PaneLabels};
use consensus_shell::render::cluster::{self, ClusterScene};
use consensus_shell::render::{prepare, theme::Theme};
use consensus_shell::{intro, plain};
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

/// Draws the plain page's first frame (its introduction on a first visit, the pane with
/// its options and the cluster at time 0), sets the performance mark `first-frame`, and
/// returns what the full page needs to take over: `{seed}`.
#[wasm_bindgen(js_name = drawFirstFrame)]
pub fn draw_first_frame() -> JsValue {
    let seed = plain::fresh_seed();
    intro::show_if_first_visit(false, false);
    let scenario = plain::scenario(seed);
    let config = &scenario.config;
    let name = heading(RaftNode::TITLE, RaftNode::OPTIONS, config, false);
    let short = heading(RaftNode::SHORT_TITLE, RaftNode::OPTIONS, config, true);
    let labels = PaneLabels {
        index: 0,
        name: &name,
        short: Some(&short),
        tooltip: panes::TITLE_TOOLTIP,
        parting: false,
    };
    // Choices the settings refuse are greyed by the full page, which rebuilds the pane.
    let options = panes::options_row(0, RaftNode::OPTIONS, |option| option.value(config), |_, _| None);
    let container: HtmlElement = by_id("panes");
    container.set_class_name("panes");
    container.set_text_content(None);
    let made = panes::pane(&labels, options.as_ref());
    let _ = container.append_child(&made.pane);
    // Not a list of panes the full page would keep: it builds its own in their place.
    let _ = container.set_attribute("data-panes", "first-frame");

    let (ctx, width, height) = prepare(&made.canvas, None);
    let state = plain::first_state(seed);
    let layout = Layout::ring(plain::NODES, width, height);
    let theme = Theme::from_css();
    cluster::draw(
        &ctx,
        &ClusterScene {
            state: &state,
            display_time: state.time_ms as f64,
            layout: &layout,
            size: Size { width, height },
            theme: &theme,
            highlight: &[],
            highlight_message: None,
            hover: Hover::Nothing,
            hover_contents: None,
            split_sides: None,
            broken: &[],
        },
    );
    let _ = window().performance().map(|p| p.mark("first-frame"));
    let hand_over = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&hand_over, &"seed".into(), &JsValue::from_f64(seed as f64));
    hand_over.into()
}
