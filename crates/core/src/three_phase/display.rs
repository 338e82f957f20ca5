//! Three-phase commit drawn as two-phase commit is: the coordinator leads; a participant
//! running the termination protocol leads it for a while (drawn seeking). One cell per
//! transaction.

use crate::display::{Cell, Display, Hue, NodeDisplay, Tone};
use crate::three_phase::ThreePcView;

/// What the page's log panel draws for this protocol, in one line under the panel.
pub const LEGEND: &str = "One cell per transaction, numbered on top: C committed, A aborted (solid: decided) · P prepared (uncertain), R precommitted (ready), ? undecided (pale) · the coordinator's row holds its decisions · ★ coordinator, ✕ crashed · hover a cell for its state";

impl Display for ThreePcView {
    fn display(&self) -> NodeDisplay {
        let coordinator = self.role == "coordinator";
        let tone = if coordinator {
            Tone::Leading
        } else if !self.terminating.is_empty() {
            Tone::Seeking
        } else {
            Tone::Following
        };
        let mut shown = NodeDisplay::new(self.id, self.up, tone, "transactions");
        if self.up {
            shown.role = if coordinator {
                "coordinator".into()
            } else if !self.terminating.is_empty() {
                "terminating".into()
            } else {
                String::new()
            };
        }
        let open = self
            .transactions
            .values()
            .filter(|s| matches!(**s, "init" | "working" | "prepared" | "precommitted"))
            .count();
        shown.detail = match self.terminating.first() {
            Some(txn) => format!("termination of txn {txn}"),
            None => format!("{} txns, {open} open", self.transactions.len()),
        };
        shown.cells = self
            .transactions
            .iter()
            .map(|(&t, &state)| {
                let (label, colour, settled) = match state {
                    "committed" => ("C", Hue::Good, true),
                    "aborted" => ("A", Hue::Bad, true),
                    "prepared" => ("P", Hue::Open, false),
                    "precommitted" => ("R", Hue::Open, false),
                    _ => ("?", Hue::Open, false),
                };
                Cell {
                    label: label.into(),
                    colour,
                    settled,
                    title: format!("transaction {t}: {state}"),
                    replaced_by: None,
                }
            })
            .collect();
        shown.kv = self.kv.clone();
        let states: Vec<String> = self
            .transactions
            .iter()
            .map(|(t, s)| match *s {
                "prepared" => format!("txn {t}=prepared (uncertain: voted Yes, outcome unknown)"),
                "precommitted" => format!("txn {t}=precommitted (every vote was Yes; commit comes next)"),
                "init" => format!("txn {t}=undecided (waits for votes)"),
                _ => format!("txn {t}={s}"),
            })
            .collect();
        shown.facts = if states.is_empty() {
            format!("{}: no transaction yet", self.role)
        } else {
            format!("{}: {}", self.role, states.join(" "))
        };
        shown
    }
}
