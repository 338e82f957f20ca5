//! What a two-phase commit node did and why, in words.

use std::fmt;

use crate::command::Command;
use crate::two_phase::message::TxnId;
use crate::two_phase::node::Decision;
use crate::types::NodeId;

/// One explained step of a two-phase commit node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TwoPcNote {
    /// The coordinator started a transaction.
    Began {
        /// The coordinator.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// Its write.
        command: Command,
    },
    /// A participant prepared and voted Yes.
    Prepared {
        /// The participant.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
    },
    /// A participant aborted and voted No.
    VotedNo {
        /// The participant.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
    },
    /// The coordinator decided.
    Decided {
        /// The coordinator.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// The decision.
        decision: Decision,
        /// Why.
        because: &'static str,
    },
    /// A participant applied the decision.
    Applied {
        /// The participant.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// The decision.
        decision: Decision,
    },
    /// A prepared participant's timeout fired: it may not decide alone.
    StillBlocked {
        /// The participant.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// The coordinator it asks.
        coordinator: NodeId,
    },
    /// A participant decided alone (a bug switch).
    DecidedAlone {
        /// The participant.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
    },
    /// The backup coordinator aborted alone and told the others (a bug switch).
    BackupAborted {
        /// The backup: the lowest-numbered participant.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
    },
    /// A restarted coordinator recovered a transaction from its log.
    Recovered {
        /// The coordinator.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// The decision in its log, if any.
        logged: Option<Decision>,
    },
    /// A restarted coordinator found no decision for a transaction and left it undecided
    /// (the `coordinator_forgets_undecided` bug switch).
    LeftUndecided {
        /// The coordinator.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
    },
    /// A participant was asked to start a transaction: it points the client to the coordinator.
    NotCoordinator {
        /// The participant.
        node: NodeId,
        /// The coordinator.
        coordinator: NodeId,
    },
}

impl fmt::Display for TwoPcNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TwoPcNote::Began { node, txn, command } => write!(
                f,
                "coordinator {node} began transaction {txn} (`{command}`), recorded it, and asks every participant to prepare"
            ),
            TwoPcNote::Prepared { node, txn } => write!(
                f,
                "{node} recorded that it is prepared for transaction {txn} and votes Yes: from now on it may not decide alone"
            ),
            TwoPcNote::VotedNo { node, txn } => {
                write!(f, "{node} cannot commit transaction {txn}: it aborts and votes No")
            }
            TwoPcNote::Decided {
                node,
                txn,
                decision,
                because,
            } => write!(
                f,
                "coordinator {node} decided to {decision} transaction {txn} ({because}), recorded the decision, and tells every participant"
            ),
            TwoPcNote::Applied { node, txn, decision } => {
                let done = if *decision == Decision::Commit {
                    "committed"
                } else {
                    "aborted"
                };
                write!(f, "{node} {done} transaction {txn} and acknowledges")
            }
            TwoPcNote::StillBlocked { node, txn, coordinator } => write!(
                f,
                "{node} is blocked: prepared for transaction {txn}, it may not decide alone, so it asks coordinator {coordinator} again"
            ),
            TwoPcNote::DecidedAlone { node, txn } => {
                write!(
                    f,
                    "{node} lost patience and aborted transaction {txn} alone, although it had voted Yes — the bug switch is on; in TwoPhase a prepared participant learns the outcome only from the coordinator"
                )
            }
            TwoPcNote::BackupAborted { node, txn } => write!(
                f,
                "{node}, as backup coordinator, heard nothing from the coordinator and aborted transaction {txn} alone, telling the other participants — the bug switch is on; in TwoPhase only the coordinator decides, and a coordinator that is slow, not dead, may already have committed"
            ),
            TwoPcNote::Recovered {
                node,
                txn,
                logged: Some(decision),
            } => write!(
                f,
                "coordinator {node} restarted and found the decision to {decision} transaction {txn} in its log: it tells the participants again"
            ),
            TwoPcNote::Recovered {
                node,
                txn,
                logged: None,
            } => write!(
                f,
                "coordinator {node} restarted and found no decision for transaction {txn} in its log, so the transaction aborts"
            ),
            TwoPcNote::LeftUndecided { node, txn } => write!(
                f,
                "coordinator {node} restarted and found no decision for transaction {txn} in its log, and left it undecided — the bug switch is on; on recovery a coordinator must abort what it began and did not decide (presumed abort), or its prepared participants wait for ever"
            ),
            TwoPcNote::NotCoordinator { node, coordinator } => write!(
                f,
                "{node} is a participant: transactions start at coordinator {coordinator}"
            ),
        }
    }
}
