//! Multi-Paxos drawn the common way: the leader leads, a candidate seeks; one cell per
//! slot, solid once the node learned the slot's chosen value, coloured by the ballot round
//! it accepted in; a no-op is drawn as `–`.

use crate::display::{Cell, Display, Hue, NodeDisplay, Tone};
use crate::multi_paxos::{MultiPaxosView, Value};

/// What the page's log panel draws for this protocol, in one line under the panel.
pub const LEGEND: &str = "One cell per slot, numbered on top: solid once this node learned the chosen value · pale: accepted, not yet known chosen · number: the ballot round it was accepted in · –: a no-op a new leader put in a hole · dark bar: the decided prefix · ★ leader, ? running phase 1, ✕ crashed · hover a cell for its value";

impl Display for MultiPaxosView {
    fn display(&self) -> NodeDisplay {
        let tone = match self.role {
            "leader" => Tone::Leading,
            "candidate" => Tone::Seeking,
            _ => Tone::Following,
        };
        let mut shown = NodeDisplay::new(self.id, self.up, tone, "slots");
        if self.up {
            shown.role = match self.role {
                "leader" => "leader".into(),
                "candidate" => "phase 1".into(),
                _ => String::new(),
            };
        }
        shown.detail = match (self.ballot, self.promised) {
            (Some(b), _) if self.up => format!("ballot {b}"),
            (_, Some(p)) => format!("promised {p}"),
            (_, None) => "no promise".into(),
        };
        let last = self.instances.keys().last().copied().unwrap_or(0);
        shown.cells = (1..=last)
            .map(|slot| {
                let Some(instance) = self.instances.get(&slot) else {
                    return Cell {
                        label: "·".into(),
                        colour: Hue::Open,
                        settled: false,
                        title: format!("slot {slot}: nothing accepted here yet"),
                        replaced_by: None,
                    };
                };
                let round = instance.accepted.as_ref().map_or(0, |a| a.ballot.0);
                let shown_value = |v: &Value| match v {
                    Value::Noop => "–".to_string(),
                    Value::Command(_) => round.to_string(),
                };
                let (label, title) = match (&instance.decided, &instance.accepted) {
                    (Some(value), _) => (shown_value(value), format!("slot {slot}: chosen {value}")),
                    (None, Some(a)) => (
                        shown_value(&a.value),
                        format!("slot {slot}: accepted {} in ballot {}", a.value, a.ballot),
                    ),
                    (None, None) => ("·".into(), format!("slot {slot}: nothing accepted")),
                };
                Cell {
                    label,
                    colour: Hue::Numbered(round),
                    settled: instance.decided.is_some(),
                    title,
                    replaced_by: None,
                }
            })
            .collect();
        shown.settled_upto = self.decided_prefix;
        shown.kv = self.kv.clone();
        let promised = self.promised.map_or("none".to_string(), |b| b.to_string());
        shown.facts = format!(
            "{} promised={promised} decidedPrefix={} slots known={}",
            self.role,
            self.decided_prefix,
            self.instances.len()
        );
        if let Some(leader) = self.leader.filter(|_| self.role == "follower") {
            shown.facts.push_str(&format!(" leader={leader}"));
        }
        shown
    }
}
