//! Paxos Commit drawn as the other commit protocols: the coordinator leads, a node taking
//! over is drawn seeking; a participant that is also an acceptor is labelled so, and every
//! acceptor's promises and accepted values are in its facts. One cell per transaction.

use crate::display::{Display, NodeDisplay, Tone};
use crate::paxos_commit::PaxosCommitView;

/// What the page's log panel draws for this protocol, in one line under the panel.
pub const LEGEND: &str = "One cell per transaction, numbered on top: C committed, A aborted (solid: decided) · P prepared (its vote sent to the acceptors), ? undecided (pale) · the coordinator's row holds its decisions · ★ coordinator, ✕ crashed · the acceptors are nodes 1 to 3 unless the scenario says otherwise (labelled acceptor; the coordinator is one too) · hover a node for what it accepted";

impl Display for PaxosCommitView {
    fn display(&self) -> NodeDisplay {
        let coordinator = self.role == "coordinator";
        let tone = if !self.taking_over.is_empty() {
            Tone::Seeking
        } else if coordinator {
            Tone::Leading
        } else {
            Tone::Following
        };
        let mut shown = NodeDisplay::new(self.id, self.up, tone, "transactions");
        if self.up {
            shown.role = match (coordinator, self.taking_over.is_empty()) {
                (_, false) => "taking over".into(),
                (true, true) => "coordinator".into(),
                (false, true) if self.is_acceptor => "acceptor".into(),
                (false, true) => String::new(),
            };
        }
        let open = crate::commit::display::open_transactions(&self.transactions);
        shown.detail = match self.taking_over.first() {
            Some(txn) => format!("taking over txn {txn}"),
            None => format!("{} txns, {open} open", self.transactions.len()),
        };
        shown.cells = crate::commit::display::transaction_cells(&self.transactions);
        shown.kv = self.kv.clone();
        let accepted: Vec<String> = self
            .acceptor
            .iter()
            .flat_map(|(t, a)| {
                a.accepted
                    .iter()
                    .map(move |(p, v)| format!("txn {t}/{p}={}@({}, {})", v.value, v.ballot[0], v.ballot[1]))
            })
            .collect();
        let mut facts = crate::commit::display::transaction_facts(self.role, &self.transactions, |s| match s {
            "prepared" => Some("its vote is with the acceptors"),
            "init" => Some("undecided: learning the votes"),
            _ => None,
        });
        if self.is_acceptor {
            facts.push_str(&format!(
                "; acceptor: {}",
                if accepted.is_empty() {
                    "nothing accepted".to_string()
                } else {
                    accepted.join(" ")
                }
            ));
        }
        shown.facts = facts;
        shown
    }
}
