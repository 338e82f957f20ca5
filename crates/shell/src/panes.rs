//! A pane's elements: its title, its parting mark, its options, the cluster canvas and its
//! status line. Both modules make them with this code, so the full page's panes stand
//! exactly where the first module's stood.

use consensus_core::protocol::PaneOption;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement};

use crate::dom::{document, element_with_text};

/// A pane title's tooltip (beside the correct run, the titles say more before it).
pub const TITLE_TOOLTIP: &str = "Show this pane's logs, values, events and diagram";

/// What a pane's elements say.
pub struct PaneLabels<'a> {
    /// The pane's place, from 0 (ids end with it: `cluster-0`).
    pub index: usize,
    /// Its title.
    pub name: &'a str,
    /// Its title where panes are narrow, when shorter.
    pub short: Option<&'a str>,
    /// The title's tooltip.
    pub tooltip: &'a str,
    /// Whether its parting mark shows (beside the correct run).
    pub parting: bool,
}

/// A pane's elements, made and not yet placed.
pub struct PaneElements {
    /// The pane (`div.pane`): title, parting mark, options if any, canvas, status line.
    pub pane: Element,
    /// Its cluster canvas, `cluster-N`.
    pub canvas: HtmlCanvasElement,
}

/// A pane (`div.pane`): title, parting mark, `options` if any, the canvas `cluster-N` and
/// the status line `status-N`.
pub fn pane(labels: &PaneLabels, options: Option<&Element>) -> PaneElements {
    let i = labels.index.to_string();
    let pane = element_with_text("div", "");
    pane.set_class_name("pane");
    let _ = pane.set_attribute("data-pane", &i);
    let title = element_with_text("button", "");
    title.set_class_name("pane-title");
    let long = element_with_text("span", labels.name);
    long.set_class_name("long");
    let _ = title.append_child(&long);
    title.set_id(&format!("pane-title-{i}"));
    let _ = title.set_attribute("data-pane", &i);
    let _ = title.set_attribute("type", "button");
    // Where panes are narrow (side by side on a phone or in an embed), the title shows its
    // short form instead.
    if let Some(short_name) = labels.short.filter(|s| *s != labels.name) {
        let short = element_with_text("span", short_name);
        short.set_class_name("short");
        let _ = short.set_attribute("aria-hidden", "true");
        let _ = title.append_child(&short);
        let _ = long.set_attribute("data-has-short", "");
    }
    let _ = title.set_attribute("title", labels.tooltip);
    let parting = element_with_text("p", "");
    parting.set_class_name("pane-parting");
    parting.set_id(&format!("parting-{i}"));
    if !labels.parting {
        let _ = parting.set_attribute("hidden", "");
    }
    let canvas: HtmlCanvasElement = element_with_text("canvas", "").unchecked_into();
    canvas.set_id(&format!("cluster-{i}"));
    let _ = canvas.set_attribute("data-pane", &i);
    let _ = canvas.set_attribute("role", "img");
    let status = element_with_text("p", "");
    status.set_class_name("pane-status");
    status.set_id(&format!("status-{i}"));
    for child in [&title, &parting].into_iter().chain(options).chain([&canvas, &status]) {
        let _ = pane.append_child(child);
    }
    PaneElements { pane, canvas }
}

/// The row of pane `index`'s options (Raft: PreVote, CheckQuorum, reads), each set as
/// `value` says; a choice that `refused` gives a reason for is shown greyed, with the
/// reason as its tooltip. `None` for a protocol without options.
pub fn options_row(
    index: usize,
    options: &[PaneOption],
    value: impl Fn(&PaneOption) -> &'static str,
    refused: impl Fn(&PaneOption, &str) -> Option<String>,
) -> Option<Element> {
    if options.is_empty() {
        return None;
    }
    let i = index.to_string();
    let row = element_with_text("div", "");
    row.set_class_name("pane-options");
    row.set_id(&format!("pane-options-{i}"));
    for option in options {
        let label = element_with_text("label", "");
        let _ = label.set_attribute("title", option.help);
        let value = value(option);
        if option.choices.is_empty() {
            let input = element_with_text("input", "");
            let _ = input.set_attribute("type", "checkbox");
            let _ = input.set_attribute("data-pane", &i);
            let _ = input.set_attribute("data-option", option.field);
            if value == "true" {
                let _ = input.set_attribute("checked", "");
            }
            let _ = label.append_child(&input);
            let _ = label.append_child(&document().create_text_node(&format!(" {}", option.label)));
        } else {
            let _ = label.append_child(&document().create_text_node(&format!("{} ", option.label)));
            let select = element_with_text("select", "");
            let _ = select.set_attribute("data-pane", &i);
            let _ = select.set_attribute("data-option", option.field);
            for (choice, name, _) in option.choices {
                let item = element_with_text("option", if name.is_empty() { "through the log" } else { name });
                let _ = item.set_attribute("value", choice);
                if value == *choice {
                    let _ = item.set_attribute("selected", "");
                }
                if let Some(why) = refused(option, choice) {
                    let _ = item.set_attribute("disabled", "");
                    let _ = item.set_attribute("title", &why);
                }
                let _ = select.append_child(&item);
            }
            let _ = label.append_child(&select);
        }
        let _ = row.append_child(&label);
    }
    Some(row)
}
