//! Three-phase commit drawn as two-phase commit is: the coordinator leads; a participant
//! running the termination protocol leads it for a while (drawn seeking). One cell per
//! transaction.

use crate::display::{Display, NodeDisplay, Tone};
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
        let open = crate::commit::display::open_transactions(&self.transactions);
        shown.detail = match self.terminating.first() {
            Some(txn) => format!("termination of txn {txn}"),
            None => format!("{} txns, {open} open", self.transactions.len()),
        };
        shown.cells = crate::commit::display::transaction_cells(&self.transactions);
        shown.kv = self.kv.clone();
        shown.facts = crate::commit::display::transaction_facts(self.role, &self.transactions, |s| match s {
            "prepared" => Some("uncertain: voted Yes, outcome unknown"),
            "precommitted" => Some("every vote was Yes; commit comes next"),
            "init" => Some("undecided: waits for votes"),
            _ => None,
        });
        shown
    }
}
