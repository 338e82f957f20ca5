//! Puts the app's state on the page: the panes' canvases, the rows, the diagram, the
//! chart, the panels and the controls.

use consensus_core::display::NodeDisplay;
use consensus_core::sim::ClusterState;
use web_sys::HtmlElement;

use crate::app::App;
use crate::dom::{by_id, set_hidden};
use crate::draw_cache::DrawCache;
use crate::panels;

mod canvases;
mod controls;
mod event_log;
mod history;
pub mod story;
mod targets;

pub use canvases::canvas_size;
use canvases::*;
pub use controls::speed_label;
use controls::*;
use event_log::*;
pub use story::render_hunt;
use story::*;
pub use targets::target_of;

/// The most entries the event log keeps on the page.
const EVENT_LOG_LIMIT: usize = 300;

/// Every pane's state at the cursor, drawn the common way.
fn states(app: &App) -> Vec<ClusterState<NodeDisplay>> {
    app.session.panes.panes.iter().map(|p| p.display()).collect()
}

/// Redraws everything.
pub fn render(app: &App, cache: &mut DrawCache) {
    ensure_panes(app);
    render_frame(app, cache, true);
    render_menus(app, cache);
    render_help(app, cache);
    follow_split(app, cache);
}

/// Redraws what an animation frame needs (canvases, diagram, chart, status) and, when
/// `with_panels`, the text panels, the controls and the banner too.
pub fn render_frame(app: &App, cache: &mut DrawCache, with_panels: bool) {
    let states = states(app);
    render_canvases(app, cache, &states);
    if with_panels {
        render_panels(app, cache, &states);
        render_controls(app);
        render_banner(app);
    }
}

/// Shows the banner, if any.
fn render_banner(app: &App) {
    let banner: HtmlElement = by_id("banner");
    match &app.view.banner {
        Some((text, is_error)) => {
            by_id::<HtmlElement>("banner-text").set_text_content(Some(text));
            banner.set_class_name(if *is_error { "banner error" } else { "banner info" });
            set_hidden(&banner, false);
        }
        None => set_hidden(&banner, true),
    }
}

/// Updates the text panels (they change only when the cursor moves) from `states`.
fn render_panels(app: &App, cache: &mut DrawCache, states: &[ClusterState<NodeDisplay>]) {
    let focus = app.view.focus.min(states.len() - 1);
    let pane = app.session.pane(focus);
    let name = app.pane_names().swap_remove(focus);
    let row_name = states[focus].nodes.first().map_or("log", |n| n.row_name);
    let title = if app.session.side_by_side() {
        format!("{name}: {row_name}")
    } else {
        capitalised(row_name)
    };
    by_id::<HtmlElement>("logs-title").set_text_content(Some(&title));
    by_id::<HtmlElement>("logs-legend").set_text_content(Some(pane.protocol().legend()));
    panels::render_kv(&by_id("kv"), &states[focus]);
    let names = app.pane_names();
    panels::render_checker(&by_id("checker"), &app.session.panes.panes, &names);
    panels::render_metrics(&by_id("metrics"), &app.session.panes.panes, &names);
    // The history is searched only while its panel is open.
    if by_id::<HtmlElement>("history").has_attribute("open") {
        history::render_history(
            &by_id("history-rows"),
            &by_id("history-summary"),
            &pane.history(),
            pane.time(),
        );
    }
    render_event_log(app, cache);
    render_caption(app);
    render_tour(app, cache);
    render_hunt(app);
}

/// `text` with its first letter in capitals. The core's sentences begin with an ASCII
/// letter or digit; ASCII-only case keeps Unicode's case tables (about 3 KB gzipped) out of
/// the page.
fn capitalised(text: &str) -> String {
    let mut text = text.to_string();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::capitalised;

    #[test]
    fn a_sentence_begins_with_a_capital() {
        assert_eq!(
            capitalised("leader 2 cannot reach a majority"),
            "Leader 2 cannot reach a majority"
        );
        assert_eq!(capitalised("3 nodes"), "3 nodes");
        assert_eq!(capitalised(""), "");
        assert_eq!(capitalised("élan"), "élan");
    }
}
