//! Two-phase commit drawn the common way: the coordinator leads; a participant holding a
//! prepared transaction it cannot decide alone is blocked. One cell per transaction.

use crate::display::{Cell, Display, Hue, NodeDisplay, Tone};
use crate::two_phase::TwoPcView;

/// What the page's log panel draws for this protocol, in one line under the panel.
pub const LEGEND: &str = "One cell per transaction, numbered on top: C committed, A aborted (solid: decided) · P prepared, ? undecided (pale) · the coordinator's row holds its decisions · ★ coordinator, ‖ blocked, ✕ crashed · hover a cell for its state";

impl Display for TwoPcView {
    fn display(&self) -> NodeDisplay {
        let coordinator = self.role == "coordinator";
        let tone = if coordinator {
            Tone::Leading
        } else if self.blocked.is_empty() {
            Tone::Following
        } else {
            Tone::Blocked
        };
        let mut shown = NodeDisplay::new(self.id, self.up, tone, "transactions");
        if self.up {
            shown.role = if coordinator {
                "coordinator".into()
            } else if !self.blocked.is_empty() {
                "blocked".into()
            } else {
                String::new()
            };
        }
        let open = self
            .transactions
            .values()
            .filter(|s| matches!(**s, "init" | "working" | "prepared"))
            .count();
        shown.detail = if self.blocked.is_empty() {
            format!("{} txns, {open} open", self.transactions.len())
        } else {
            format!("{} blocked", self.blocked.len())
        };
        shown.cells = self
            .transactions
            .iter()
            .map(|(&t, &state)| {
                let (label, colour, settled) = match state {
                    "committed" => ("C", Hue::Good, true),
                    "aborted" => ("A", Hue::Bad, true),
                    "prepared" => ("P", Hue::Open, false),
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
                "prepared" => format!("txn {t}=prepared (waits for the coordinator's decision)"),
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
