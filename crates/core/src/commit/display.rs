//! How the commit protocols draw a node's transactions, the same way in every pane: one
//! cell per transaction (C committed, A aborted, solid; P prepared, R precommitted, ?
//! undecided, pale), how many are open, and the states in words.

use crate::commit::TxnId;
use crate::display::{Cell, Hue};
use crate::vec_map::VecMap;

/// The cells of a node's transactions, by number, from their states' names.
pub fn transaction_cells(transactions: &VecMap<TxnId, &'static str>) -> Vec<Cell> {
    transactions
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
        .collect()
}

/// How many of a node's transactions are still undecided there.
pub fn open_transactions(transactions: &VecMap<TxnId, &'static str>) -> usize {
    transactions
        .values()
        .filter(|s| matches!(**s, "init" | "working" | "prepared" | "precommitted"))
        .count()
}

/// "participant: txn 1=committed txn 2=prepared (…)", each state explained by `explain`
/// (which returns `None` for a state that needs no words beyond its name).
pub fn transaction_facts(
    role: &str,
    transactions: &VecMap<TxnId, &'static str>,
    explain: impl Fn(&str) -> Option<&'static str>,
) -> String {
    let states: Vec<String> = transactions
        .iter()
        .map(|(t, s)| match explain(s) {
            Some(words) => format!("txn {t}={s} ({words})"),
            None => format!("txn {t}={s}"),
        })
        .collect();
    if states.is_empty() {
        format!("{role}: no transaction yet")
    } else {
        format!("{role}: {}", states.join(" "))
    }
}
