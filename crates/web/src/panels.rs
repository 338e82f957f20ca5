//! The page's text panels: status lines, key-value table, invariant checker, metrics,
//! event log, tour captions, time controls. Text from scenarios and links is always set
//! as text, never as HTML.

use consensus_core::display::{NodeDisplay, Tone};
use consensus_core::metrics::Metrics;
use consensus_core::run::{
    AnyRun, EventClass, EventLine, ProgressState, invariants, is_progress_property, progress_properties,
};
use consensus_core::sim::ClusterState;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

use crate::dom::{by_id, document, element_with_text};

/// A protocol's name as a reader knows it.
pub fn protocol_title(protocol: consensus_core::scenario::ProtocolName) -> &'static str {
    protocol.title()
}

/// A pane's status line, e.g. "t = 1234 ms · leader 2 · 1 crashed · 3 in flight".
pub fn status_text(state: &ClusterState<NodeDisplay>, position: u64, end: u64) -> String {
    let leading: Vec<String> = state
        .nodes
        .iter()
        .filter(|n| n.up && n.tone == Tone::Leading)
        .map(|n| {
            let role = n.role.split(' ').next().unwrap_or("leader");
            format!("{role} {} ({})", n.id, n.detail)
        })
        .collect();
    let nobody = match state.nodes.first().map(|n| n.row_name) {
        Some("transactions") => "coordinator down",
        Some("slots") => "no proposer at work",
        _ => "no leader",
    };
    let leader = match leading.len() {
        0 => nobody.to_string(),
        1 => leading[0].clone(),
        _ => leading.join(", "),
    };
    let blocked = state.nodes.iter().filter(|n| n.tone == Tone::Blocked).count();
    let blocked = match blocked {
        0 => String::new(),
        1 => " · 1 participant prepared and blocked, holding its locks".to_string(),
        n => format!(" · {n} participants prepared and blocked, holding their locks"),
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
        "t = {} ms · {leader}{blocked}{crashed} · {} in flight{where_}",
        state.time_ms,
        state.in_flight.len()
    )
}

/// Fills the key-value table: one column per node, one row per key.
pub fn render_kv(table: &HtmlElement, state: &ClusterState<NodeDisplay>) {
    table.set_text_content(None);
    let nodes: Vec<&NodeDisplay> = if state.nodes.len() <= 9 {
        state.nodes.iter().collect()
    } else {
        state.nodes.iter().filter(|n| n.up && n.tone == Tone::Leading).collect()
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

/// The invariant panel: per pane, green while everything holds, red with each violation.
pub fn render_checker(panel: &HtmlElement, panes: &[AnyRun], names: &[String]) {
    panel.set_text_content(None);
    // Each pane's history is searched once per draw, whatever reads the answer.
    let verdicts: Vec<Option<bool>> = panes.iter().map(AnyRun::linearizable).collect();
    let broken = panes
        .iter()
        .zip(&verdicts)
        .any(|(p, &linearizable)| !p.violations().is_empty() || linearizable == Some(false));
    panel.set_class_name(if broken { "checker broken" } else { "checker ok" });
    for ((pane, name), &linearizable) in panes.iter().zip(names).zip(&verdicts) {
        let violations: Vec<_> = pane
            .violations()
            .iter()
            .filter(|v| !is_progress_property(pane.protocol(), v.invariant))
            .collect();
        if violations.is_empty() && linearizable != Some(false) {
            let holds = append(
                panel,
                "p",
                &format!("✓ {name}: every safety property holds after every event so far:"),
            );
            holds.set_class_name("holds");
            let list = append(panel, "ul", "");
            list.set_class_name("inline");
            for invariant in invariants(pane.protocol()) {
                append(&list, "li", invariant);
            }
        } else {
            append(
                panel,
                "p",
                &format!("✗ {name}: an invariant is broken; the run paused where it happened."),
            );
            let list = append(panel, "ul", "");
            for v in violations {
                let item = append(&list, "li", "");
                append(&item, "strong", v.invariant);
                append(&item, "span", &format!(" at {} ms: {}", v.time_ms, v.message));
            }
        }
        append(panel, "p", pane.history_verdict(linearizable));
        render_progress(panel, pane, name);
    }
}

/// The progress part of a pane's checker: progressing, stuck (and why), or a progress
/// property violated; the properties, with what each demands, as tooltips.
fn render_progress(panel: &HtmlElement, pane: &AnyRun, name: &str) {
    let part = append(panel, "div", "");
    part.set_class_name("progress");
    append(&part, "h3", "Progress");
    let window = pane.settings().liveness_window_ms;
    let state = pane.progress();
    let (class, text) = match &state {
        ProgressState::Progressing { .. } | ProgressState::Stuck { .. } if window == 0 => (
            "off",
            format!("{name}: progress checks are off for this run (config.liveness_window_ms is 0)."),
        ),
        ProgressState::Progressing {
            quiet_since: Some(since),
        } if window > 0 => (
            "progressing",
            format!(
                "✓ Nothing stands in {name}'s way: every node is up and the network whole since {since} ms. Its progress properties are judged every {window} ms of such quiet."
            ),
        ),
        ProgressState::Progressing { .. } => (
            "progressing",
            format!(
                "✓ {name} could commit now. Progress is judged only while every node is up and the network is whole."
            ),
        ),
        ProgressState::Stuck {
            why,
            quiet_since: Some(since),
        } if window > 0 => (
            "waiting",
            format!(
                "‖ {name} cannot progress yet: {why}. Every node is up and the network whole since {since} ms, so this must end by {} ms.",
                since + window
            ),
        ),
        ProgressState::Stuck { why, quiet_since } => (
            "stuck",
            if quiet_since.is_some() {
                format!("‖ {name} cannot progress yet: {why}.")
            } else if pane.protocol().judged_with_crashes() {
                format!(
                    "‖ {name} cannot take new work: {why}. Not a violation of its other properties, which are judged only while every node is up; but while the network is whole, the participants that are up must still decide (Live Participants Decide)."
                )
            } else {
                format!(
                    "‖ {name} is stuck: {why}. Not a violation: progress is judged only while every node is up, the network is whole and messages and timers run by themselves."
                )
            },
        ),
        ProgressState::Violated => (
            "violated",
            format!("✗ {name} stopped making progress with nothing in its way; the run paused where that was found."),
        ),
    };
    let line = append(&part, "p", &text);
    line.set_class_name(class);
    let _ = part.set_attribute("data-progress", class);
    if state == ProgressState::Violated {
        let list = append(&part, "ul", "");
        for v in pane
            .violations()
            .iter()
            .filter(|v| is_progress_property(pane.protocol(), v.invariant))
        {
            let item = append(&list, "li", "");
            append(&item, "strong", v.invariant);
            append(&item, "span", &format!(" at {} ms: {}", v.time_ms, v.message));
        }
    } else {
        let list = append(&part, "ul", "");
        list.set_class_name("inline");
        for (property, demand) in progress_properties(pane.protocol()) {
            let item = append(&list, "li", property);
            let _ = item.set_attribute("title", demand);
        }
    }
}

/// The comparison table: one column per pane, one row per metric.
pub fn render_metrics(table: &HtmlElement, panes: &[AnyRun], names: &[String]) {
    table.set_text_content(None);
    let metrics: Vec<Metrics> = panes.iter().map(AnyRun::metrics).collect();
    let header = append(table, "tr", "");
    append(&header, "th", "");
    for name in names {
        append(&header, "th", name);
    }
    let columns: Vec<[(&str, &str, String); 12]> = metrics.iter().map(metric_cells).collect();
    for row_index in 0..columns[0].len() {
        let (name, help, _) = &columns[0][row_index];
        let row = append(table, "tr", "");
        let th = append(&row, "th", name);
        let _ = th.set_attribute("title", help);
        for column in &columns {
            let cell = append(&row, "td", &column[row_index].2);
            let _ = cell.set_attribute("data-metric", name);
        }
    }
}

/// Each metric of `m` as (name, explanation, value).
fn metric_cells(m: &Metrics) -> [(&'static str, &'static str, String); 12] {
    let ms = |v: Option<u64>| v.map_or("–".to_string(), |v| format!("{v} ms"));
    [
        ("committed", "Client commands that took effect", m.committed.to_string()),
        (
            "aborted",
            "Commands refused for good (2PC aborts)",
            m.aborted.to_string(),
        ),
        ("open", "Commands still waiting for an answer", m.open.to_string()),
        (
            "latency p50",
            "Median time from request to answer",
            ms(m.latency_p50_ms),
        ),
        ("latency p99", "99th percentile of the same", ms(m.latency_p99_ms)),
        (
            "messages / commit",
            "Messages sent per committed command, heartbeats aside: what commits needed",
            m.messages_per_commit.map_or("–".into(), |v| format!("{v:.1}")),
        ),
        (
            "heartbeats / s",
            "Heartbeats (AppendEntries with no entries) and their replies, per second",
            m.heartbeats_per_second.map_or("–".into(), |v| format!("{v:.0}")),
        ),
        (
            "unable to commit",
            "Time during which no command could have committed",
            format!("{} ms", m.unable_to_commit_ms),
        ),
        (
            "time blocked",
            "Participant-time spent prepared, waiting for a decision",
            format!("{} ms", m.blocked_ms),
        ),
        (
            "progress resumed",
            "Time from the last fault (crash, restart, split, heal…) to the first answer after it",
            ms(m.resumed_after_fault_ms),
        ),
        (
            "leader changes",
            "How many times a node began to lead (Raft: elections won, the first included)",
            m.leader_changes.to_string(),
        ),
        (
            "highest term",
            "The highest term any node reached (protocols with terms)",
            m.max_term.map_or("–".into(), |t| t.to_string()),
        ),
    ]
}

/// Whether an event belongs in the log when message traffic is hidden.
pub fn is_shown(line: &EventLine, show_traffic: bool) -> bool {
    show_traffic || line.class != EventClass::Traffic
}

/// Appends one event to the event log list.
pub fn append_event(list: &HtmlElement, line: &EventLine) {
    let item = element_with_text("li", "");
    let time = element_with_text("span", &format!("{} ms", line.time));
    time.set_class_name("t");
    let _ = item.append_child(&time);
    let _ = item.append_child(&document().create_text_node(&format!(" {}", line.text)));
    let nodes: Vec<String> = line.nodes.iter().map(ToString::to_string).collect();
    let _ = item.set_attribute("data-moment", &line.moment.to_string());
    let _ = item.set_attribute("data-nodes", &nodes.join(" "));
    if let Some(id) = line.message {
        let _ = item.set_attribute("data-message", &id.to_string());
    }
    if let Some(rule) = line.rule {
        let _ = item.set_attribute("title", &format!("{}: {}", rule.name, rule.text));
    }
    let class = match line.class {
        EventClass::Note => "note",
        EventClass::Fault => "fault",
        EventClass::Client => "client",
        EventClass::Traffic | EventClass::Timer | EventClass::Other => "traffic",
    };
    item.set_class_name(class);
    let _ = list.append_child(&item);
}

/// Appends a link to a protocol rule's source, with the rule's name.
pub fn append_rule(parent: &Element, rule: &consensus_core::explain::Rule) {
    let item = append(parent, "li", "");
    let link = element_with_text("a", rule.name);
    let _ = link.set_attribute("href", rule.source);
    let _ = link.set_attribute("target", "_blank");
    let _ = link.set_attribute("rel", "noopener");
    let _ = item.append_child(&link);
    append(&item, "span", &format!(" — {}", rule.text));
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

/// Appends a `tag` element with `text` to `parent`.
pub fn append(parent: &Element, tag: &str, text: &str) -> Element {
    let child = element_with_text(tag, text);
    let _ = parent.append_child(&child);
    child
}
