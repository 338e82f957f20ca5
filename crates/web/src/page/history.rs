//! The clients' history panel: per key, each operation as a bar from its invocation to its
//! answer, numbered in the order the checker found for them to take effect, and the
//! operation that cannot be placed marked, when there is one (Porcupine's view).

use consensus_core::check::history::KeyHistory;
use consensus_core::types::Time;
use web_sys::Element;

use crate::panels::append;

/// The most recent operations shown per key (older ones are summed up in a line).
const SHOWN_PER_KEY: usize = 24;

/// Fills `panel` with `keys`' histories up to virtual time `now`, and `summary` with one
/// line on them.
pub(super) fn render_history(panel: &Element, summary: &Element, keys: &[KeyHistory], now: Time) {
    panel.set_text_content(None);
    let ops: usize = keys.iter().map(|k| k.ops.len()).sum();
    summary.set_text_content(Some(&format!(
        "Clients' history: {ops} {} on {} {}",
        if ops == 1 { "operation" } else { "operations" },
        keys.len(),
        if keys.len() == 1 { "key" } else { "keys" }
    )));
    if keys.is_empty() {
        append(panel, "p", "No client has sent a read or a write yet.");
        return;
    }
    append(
        panel,
        "p",
        "Each bar runs from a request to its answer on the key's time line; the number is the operation's place in the order the checker found for them to take effect (✗: the one no order can place).",
    );
    for key in keys {
        let verdict = match key.linearizable {
            Some(true) => "linearizable",
            Some(false) => "not linearizable",
            None => "undecided",
        };
        let heading = append(panel, "h4", &format!("{} — {verdict}", key.key));
        if key.linearizable == Some(false) {
            let _ = heading.set_attribute("class", "broken");
        }
        let hidden = key.ops.len().saturating_sub(SHOWN_PER_KEY);
        if hidden > 0 {
            append(panel, "p", &format!("…{hidden} earlier operations not shown"));
        }
        let shown = &key.ops[hidden..];
        let from = shown.first().map_or(0, |op| op.invoked_ms);
        let to = shown
            .iter()
            .map(|op| op.answered_ms.unwrap_or(now))
            .max()
            .unwrap_or(now)
            .max(from + 1);
        let span = (to - from) as f64;
        // One row per operation: its words, then its bar on the key's time line, so that
        // overlapping operations are seen to overlap and every label can be read.
        for op in shown {
            let end = op.answered_ms.unwrap_or(now);
            let left = (op.invoked_ms - from) as f64 * 100.0 / span;
            let width = ((end - op.invoked_ms) as f64 * 100.0 / span).max(1.0);
            let row = append(panel, "div", "");
            let mut class = "history-op".to_string();
            if op.answered_ms.is_none() {
                class.push_str(" open");
            }
            if op.cannot_be_placed {
                class.push_str(" unplaceable");
            }
            row.set_class_name(&class);
            let text = match op.order {
                Some(place) => format!("{place}. {}", op.label),
                None if op.cannot_be_placed => format!("✗ {}", op.label),
                None => op.label.clone(),
            };
            append(&row, "span", &text).set_class_name("history-label");
            let track = append(&row, "span", "");
            track.set_class_name("history-track");
            let bar = append(&track, "span", "");
            bar.set_class_name("history-bar");
            let _ = bar.set_attribute("style", &format!("left:{left:.2}%;width:{width:.2}%"));
            let when = match op.answered_ms {
                Some(at) => format!("{} ms to {at} ms", op.invoked_ms),
                None => format!("from {} ms, not answered yet", op.invoked_ms),
            };
            let note = if op.cannot_be_placed {
                " — cannot be placed: no order of the operations before it explains this answer"
            } else {
                ""
            };
            let _ = row.set_attribute("title", &format!("request {}: {} ({when}){note}", op.id, op.label));
        }
    }
}
