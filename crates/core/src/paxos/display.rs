//! Paxos drawn the common way: a node proposing leads; one cell per slot, solid once the
//! node has learned the slot's chosen value, coloured by the ballot round it accepted in.

use crate::display::{Cell, Display, Hue, NodeDisplay, Tone};
use crate::paxos::PaxosView;

/// What the page's log panel draws for this protocol, in one line under the panel.
pub const LEGEND: &str = "One cell per slot, numbered on top: solid once this node learned the chosen value · pale: accepted, not yet known chosen · number: the ballot round it accepted in · ★ proposing, ✕ crashed · hover a cell for its value";

impl Display for PaxosView {
    fn display(&self) -> NodeDisplay {
        let proposing = !self.pending.is_empty();
        let tone = if proposing { Tone::Leading } else { Tone::Following };
        let mut shown = NodeDisplay::new(self.id, self.up, tone, "slots");
        if self.up && proposing {
            shown.role = format!("proposing ({})", self.pending.len());
        }
        let highest = self.instances.values().filter_map(|i| i.promised).max();
        shown.detail = highest.map_or("no promise".into(), |b| format!("promised {}.{}", b.0, b.1));
        shown.cells = self
            .instances
            .iter()
            .map(|(slot, instance)| {
                let round = instance.accepted.as_ref().map_or(0, |a| a.ballot.0);
                let (label, title) = match (&instance.decided, &instance.accepted) {
                    (Some(value), _) => (round.to_string(), format!("slot {slot}: chosen {}", value.command)),
                    (None, Some(a)) => (
                        round.to_string(),
                        format!(
                            "slot {slot}: accepted {} in ballot {}.{}",
                            a.value.command, a.ballot.0, a.ballot.1
                        ),
                    ),
                    (None, None) => ("·".into(), format!("slot {slot}: promised, nothing accepted")),
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
        shown.kv = self.kv.clone();
        let promised = highest.map_or("none".to_string(), |b| format!("{}.{}", b.0, b.1));
        let decided = self.instances.values().filter(|i| i.decided.is_some()).count();
        shown.facts = format!(
            "highest promise={promised} slots decided={decided} of {} known, {} value{} waiting",
            self.instances.len(),
            self.pending.len(),
            if self.pending.len() == 1 { "" } else { "s" }
        );
        for (slot, instance) in &self.instances {
            let promised = instance
                .promised
                .map_or("none".to_string(), |b| format!("{}.{}", b.0, b.1));
            let accepted = instance.accepted.as_ref().map_or("none".to_string(), |a| {
                format!("{}.{} `{}`", a.ballot.0, a.ballot.1, a.value.command)
            });
            let decided = instance
                .decided
                .as_ref()
                .map_or("no".to_string(), |v| format!("`{}`", v.command));
            shown.facts.push_str(&format!(
                "; slot {slot}: promised={promised} accepted={accepted} decided={decided}"
            ));
        }
        shown
    }
}
