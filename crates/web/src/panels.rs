//! The page's text panels: status line, key-value table, invariant checker, event log,
//! time controls. Text from scenarios and links is always set as text, never as HTML.

use consensus_core::check::Violation;
use consensus_core::raft::{RaftNote, RaftView};
use consensus_core::sim::{ClusterState, TraceEntry, TraceEvent};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

use crate::dom::{by_id, document, element_with_text};

/// The status line under the canvas, e.g. "t = 1234 ms · leader 2 (term 3)".
pub fn status_text(state: &ClusterState<RaftView>, position: u64, end: u64) -> String {
    let leaders: Vec<String> = state
        .nodes
        .iter()
        .filter(|n| n.up && n.role == "leader")
        .map(|n| format!("{} (term {})", n.id, n.term))
        .collect();
    let leader = match leaders.len() {
        0 => "no leader".to_string(),
        1 => format!("leader {}", leaders[0]),
        _ => format!("leaders {}", leaders.join(", ")),
    };
    let down = state.nodes.iter().filter(|n| !n.up).count();
    let crashed = if down > 0 {
        format!(" · {down} crashed")
    } else {
        String::new()
    };
    let where_ = if position < end {
        format!(" · replaying {position}/{end}")
    } else {
        String::new()
    };
    format!(
        "t = {} ms · {leader}{crashed} · {} in flight{where_}",
        state.time_ms,
        state.in_flight.len()
    )
}

/// Fills the key-value table: one column per node, one row per key.
pub fn render_kv(table: &HtmlElement, state: &ClusterState<RaftView>) {
    table.set_text_content(None);
    let nodes: Vec<&RaftView> = if state.nodes.len() <= 9 {
        state.nodes.iter().collect()
    } else {
        state.nodes.iter().filter(|n| n.up && n.role == "leader").collect()
    };
    let mut keys: Vec<&str> = state.nodes.iter().flat_map(|n| n.kv.keys().map(|k| &**k)).collect();
    keys.sort_unstable();
    keys.dedup();
    if keys.is_empty() {
        let row = append(table, "tr", "");
        append(&row, "td", "No command has been applied yet.");
        return;
    }
    let header = append(table, "tr", "");
    append(&header, "th", "key");
    for node in &nodes {
        append(&header, "th", &format!("node {}", node.id));
    }
    for key in keys {
        let row = append(table, "tr", "");
        append(&row, "th", key);
        for node in &nodes {
            append(&row, "td", node.kv.get(key).map_or("–", |v| &**v));
        }
    }
}

/// The invariant panel: green while everything holds, red with each violation otherwise.
pub fn render_checker(panel: &HtmlElement, violations: &[Violation], linearizable: Option<bool>) {
    panel.set_text_content(None);
    let ok = violations.is_empty() && linearizable != Some(false);
    panel.set_class_name(if ok { "checker ok" } else { "checker broken" });
    if ok {
        append(
            panel,
            "p",
            "✓ All of Raft's safety properties hold after every event so far.",
        );
        let list = append(panel, "ul", "");
        for name in [
            "Election Safety",
            "Leader Append-Only",
            "Log Matching",
            "Leader Completeness",
            "State Machine Safety",
        ] {
            append(&list, "li", name);
        }
    } else {
        append(
            panel,
            "p",
            "✗ An invariant is broken: the run paused where it happened.",
        );
        let list = append(panel, "ul", "");
        for v in violations {
            let item = append(&list, "li", "");
            append(&item, "strong", v.invariant);
            append(&item, "span", &format!(" at {} ms: {}", v.time_ms, v.message));
        }
    }
    let history = match linearizable {
        Some(true) => "The clients' history is linearizable.",
        Some(false) => "✗ The clients' history is not linearizable: some read saw a value it could not have.",
        None => "No client request has completed yet.",
    };
    append(panel, "p", history);
}

/// Whether an event belongs in the log when message traffic is hidden.
pub fn is_shown(event: &TraceEvent<RaftNote>, show_traffic: bool) -> bool {
    show_traffic || !matches!(event, TraceEvent::Sent { .. } | TraceEvent::Delivered { .. })
}

/// Appends one trace entry to the event log list.
pub fn append_event(list: &HtmlElement, entry: &TraceEntry<RaftNote>) {
    let item = element_with_text("li", "");
    let time = element_with_text("span", &format!("{} ms", entry.time));
    time.set_class_name("t");
    let _ = item.append_child(&time);
    let _ = item.append_child(&document().create_text_node(&format!(" {}", entry.event)));
    let nodes: Vec<String> = entry.event.nodes().iter().map(ToString::to_string).collect();
    let _ = item.set_attribute("data-moment", &entry.moment.to_string());
    let _ = item.set_attribute("data-nodes", &nodes.join(" "));
    if let Some(id) = entry.event.message() {
        let _ = item.set_attribute("data-message", &id.to_string());
    }
    let class = match &entry.event {
        TraceEvent::Note { .. } => "note",
        TraceEvent::Dropped { .. } | TraceEvent::Crashed(_) | TraceEvent::LinkCut(..) | TraceEvent::Partitioned(_) => {
            "fault"
        }
        TraceEvent::ClientSent { .. } | TraceEvent::ClientAnswered { .. } => "client",
        _ => "traffic",
    };
    item.set_class_name(class);
    let _ = list.append_child(&item);
}

/// The `<output>` next to an input.
pub fn set_output(id: &str, text: &str) {
    by_id::<HtmlElement>(id).set_text_content(Some(text));
}

/// Sets a range input's bounds and value.
pub fn set_range(input: &HtmlInputElement, max: u64, value: u64) {
    input.set_max(&max.to_string());
    input.set_value(&value.to_string());
}

/// The element an event came from, as an `Element`.
pub fn event_element(event: &web_sys::Event) -> Option<Element> {
    event.target().and_then(|t| t.dyn_into::<Element>().ok())
}

fn append(parent: &Element, tag: &str, text: &str) -> Element {
    let child = element_with_text(tag, text);
    let _ = parent.append_child(&child);
    child
}
