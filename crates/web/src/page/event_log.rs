//! The event log: the trace around the cursor, one line per event.

use web_sys::HtmlElement;

use super::*;
use crate::app::App;
use crate::dom::by_id;
use crate::draw_cache::DrawCache;
use crate::panels::{self};

/// Brings the event log up to the cursor: appends what is new, or rebuilds the list when
/// the cursor went back or the app asked for a fresh start. The list scrolls to its end
/// only when entries were added, so a reader who scrolled up to point at an older entry
/// keeps it under the pointer.
pub(super) fn render_event_log(app: &App, cache: &mut DrawCache) {
    let log = &mut cache.event_log;
    let list: HtmlElement = by_id("events");
    let pane = app.session.pane(app.view.focus);
    let count = pane.trace_len();
    let position = pane.position();
    let generation = app.view.event_log_generation;
    let trace_generation = pane.trace_generation();
    let rebuild = log.generation != Some(generation)
        || log.trace_generation != trace_generation
        || position < log.position
        || log.seen > count;
    if !rebuild && log.seen == count {
        return;
    }
    let show_traffic = app.view.show_traffic;
    if rebuild {
        list.set_text_content(None);
        // Look back far enough to fill the list with shown entries, not the whole trace.
        let back = if show_traffic {
            EVENT_LOG_LIMIT
        } else {
            EVENT_LOG_LIMIT * 8
        };
        let lines = pane.lines(count.saturating_sub(back)..count);
        let shown: Vec<_> = lines.iter().filter(|l| panels::is_shown(l, show_traffic)).collect();
        let start = shown.len().saturating_sub(EVENT_LOG_LIMIT);
        for line in &shown[start..] {
            panels::append_event(&list, line);
        }
        log.generation = Some(generation);
        log.trace_generation = trace_generation;
    } else {
        let from = log.seen.max(count.saturating_sub(EVENT_LOG_LIMIT * 8));
        for line in pane.lines(from..count) {
            if panels::is_shown(&line, show_traffic) {
                panels::append_event(&list, &line);
            }
        }
        while list.child_element_count() as usize > EVENT_LOG_LIMIT {
            if let Some(first) = list.first_element_child() {
                first.remove();
            }
        }
    }
    log.seen = count;
    log.position = position;
    list.set_scroll_top(list.scroll_height());
}
