//! The story's side: the caption under the panes, the tour's stop and the search's report.

use web_sys::{HtmlButtonElement, HtmlElement};

use crate::app::App;
use crate::dom::{by_id, set_hidden};
use crate::draw_cache::DrawCache;
use crate::panels::{self, protocol_title};

/// The latest thing that happened, in words, under the panes; and the embed title bar.
pub(super) fn render_caption(app: &App) {
    let pane = app.session.pane(app.view.focus);
    let count = pane.trace_len();
    let start = count.saturating_sub(60);
    let lines = pane.lines(start..count);
    let latest = lines.iter().rev().find(|l| panels::is_shown(l, false));
    let text = latest.map_or_else(
        || "Press Play to start the cluster, or Step to go one event at a time.".to_string(),
        |l| format!("{} ms: {}", l.time, l.text),
    );
    by_id::<HtmlElement>("caption").set_text_content(Some(&text));
    let recording = app.session.recording();
    let default_name = if app.session.side_by_side() {
        "Side by side, live".to_string()
    } else {
        format!("{}, live", protocol_title(pane.protocol()))
    };
    let name = recording.name.clone().unwrap_or(default_name);
    by_id::<HtmlElement>("embed-name").set_text_content(Some(&name));
    let story_box: HtmlElement = by_id("story-box");
    match (&recording.description, &app.tour) {
        (None, None) => set_hidden(&story_box, true),
        (description, tour) => {
            by_id::<HtmlElement>("story-name").set_text_content(Some(&name));
            // In a tour the description is the introduction's text, inside the caption
            // of fixed height, so the canvas below never moves between stops.
            let description_box: HtmlElement = by_id("story-description");
            description_box.set_text_content(description.as_deref());
            set_hidden(&description_box, tour.is_some() || description.is_none());
            set_hidden(&story_box, false);
        }
    }
    let location = crate::dom::window().location();
    let full = format!(
        "{}#{}",
        location.pathname().unwrap_or_default(),
        crate::share::fragment(&app.shared_run())
    );
    let _ = by_id::<HtmlElement>("embed-open").set_attribute("href", &full);
}

/// The tour's caption: where we are, what the step did, what happened, which rules.
pub(super) fn render_tour(app: &App, cache: &mut DrawCache) {
    let tour_box: HtmlElement = by_id("tour");
    let Some(tour) = &app.tour else {
        set_hidden(&tour_box, true);
        cache.tour_stop = None;
        return;
    };
    set_hidden(&tour_box, false);
    if cache.tour_stop != Some(tour.index) {
        cache.tour_stop = Some(tour.index);
        by_id::<HtmlElement>("tour-text").set_scroll_top(0);
    }
    by_id::<HtmlElement>("tour-position").set_text_content(Some(&tour.position_text()));
    let happened: HtmlElement = by_id("tour-happened");
    let rules: HtmlElement = by_id("tour-rules");
    let tour_caption: HtmlElement = by_id("tour-caption");
    set_hidden(&tour_caption, true);
    happened.set_text_content(None);
    rules.set_text_content(None);
    match tour.index.map(|i| &tour.stops[i]) {
        None => {
            let description = app.session.first().recording().description.clone().unwrap_or_default();
            by_id::<HtmlElement>("tour-action").set_text_content(Some(&format!(
                "{description} Press Next to go through the story one step at a time, or Take over to play with it."
            )));
        }
        Some(stop) => {
            by_id::<HtmlElement>("tour-action").set_text_content(Some(&stop.action));
            tour_caption.set_text_content(stop.caption.as_deref());
            set_hidden(&tour_caption, stop.caption.is_none());
            for line in &stop.happened {
                let item = panels::append(&happened, "li", &tour.line_text(line));
                if line.decisive {
                    let _ = item.class_list().add_1("decisive");
                }
            }
            if stop.more > 0 {
                panels::append(
                    &happened,
                    "li",
                    &format!(
                        "…and {} more routine {} (see What happened).",
                        stop.more,
                        if stop.more == 1 { "event" } else { "events" }
                    ),
                );
            }
            for rule in &stop.rules {
                panels::append_rule(&rules, rule);
            }
        }
    }
    fit_tour_text();
    by_id::<HtmlButtonElement>("tour-prev").set_disabled(tour.index.is_none());
    by_id::<HtmlButtonElement>("tour-next")
        .set_disabled(tour.index.map_or(tour.stops.is_empty(), |i| i + 1 >= tour.stops.len()));
}

/// The counterexample search's buttons and progress line.
pub fn render_hunt(app: &App) {
    let running = app.hunt.as_ref().is_some_and(|h| h.running);
    set_hidden(&by_id("hunt-cancel"), !running);
    by_id::<HtmlButtonElement>("hunt").set_disabled(running);
    let text = app.hunt.as_ref().map(|h| h.progress()).unwrap_or_default();
    by_id::<HtmlElement>("hunt-progress").set_text_content(Some(&text));
    let parting = app.hunt.as_ref().and_then(|h| h.parting.as_deref());
    let parting_box: HtmlElement = by_id("hunt-parting");
    parting_box.set_text_content(parting);
    set_hidden(&parting_box, parting.is_none());
}

/// Says whether the tour's text holds more than its box shows: the "Show all" button
/// appears when it does (or when the box is opened, to close it again), so a caption is
/// never cut with nothing saying there is more.
pub fn fit_tour_text() {
    let text: HtmlElement = by_id("tour-text");
    let more: HtmlButtonElement = by_id("tour-more");
    let opened = text.class_list().contains("opened");
    let overflows = text.scroll_height() > text.client_height() + 1;
    set_hidden(&more, !(opened || overflows));
    more.set_text_content(Some(if opened {
        "Show less ▴"
    } else {
        "More below — show all ▾"
    }));
    let _ = more.set_attribute("aria-expanded", if opened { "true" } else { "false" });
}

/// Opens the tour's text to its full height, or closes it back to its box.
pub fn toggle_tour_text() {
    let text: HtmlElement = by_id("tour-text");
    let _ = text.class_list().toggle("opened");
    fit_tour_text();
}
