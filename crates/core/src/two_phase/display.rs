//! Two-phase commit drawn the common way: the coordinator leads; a participant holding a
//! prepared transaction it cannot decide alone is blocked. One cell per transaction.

use crate::display::{Display, NodeDisplay, Tone};
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
        let open = crate::commit::display::open_transactions(&self.transactions);
        shown.detail = if self.blocked.is_empty() {
            format!("{} txns, {open} open", self.transactions.len())
        } else {
            format!("{} blocked", self.blocked.len())
        };
        shown.cells = crate::commit::display::transaction_cells(&self.transactions);
        shown.kv = self.kv.clone();
        shown.facts = crate::commit::display::transaction_facts(self.role, &self.transactions, |s| match s {
            "prepared" => Some("waits for the coordinator's decision"),
            "init" => Some("undecided: waits for votes"),
            _ => None,
        });
        shown
    }
}
