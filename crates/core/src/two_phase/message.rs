//! Two-phase commit's messages.

use crate::command::Command;
use crate::protocol::MessageKind;

/// A transaction's number: 1, 2, … in the order clients start them.
pub type TxnId = u64;

/// A two-phase commit message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TwoPcMessage {
    /// Coordinator → participant: can you commit this transaction's write?
    Prepare {
        /// The transaction.
        txn: TxnId,
        /// Its write.
        command: Command,
    },
    /// Participant → coordinator: Yes (prepared) or No (aborted).
    Vote {
        /// The transaction.
        txn: TxnId,
        /// Yes or No.
        yes: bool,
    },
    /// Coordinator → participant: the transaction commits.
    Commit {
        /// The transaction.
        txn: TxnId,
    },
    /// Coordinator → participant: the transaction aborts.
    Abort {
        /// The transaction.
        txn: TxnId,
    },
    /// Participant → coordinator: the decision was received.
    Ack {
        /// The transaction.
        txn: TxnId,
    },
    /// A blocked participant → coordinator: what was decided?
    StatusQuery {
        /// The transaction.
        txn: TxnId,
    },
}

impl MessageKind for TwoPcMessage {
    fn contents(&self) -> String {
        match self {
            TwoPcMessage::Prepare { txn, command } => format!("txn={txn} write=`{command}`"),
            TwoPcMessage::Vote { txn, yes } => format!("txn={txn} vote={}", if *yes { "Yes" } else { "No" }),
            TwoPcMessage::Commit { txn }
            | TwoPcMessage::Abort { txn }
            | TwoPcMessage::Ack { txn }
            | TwoPcMessage::StatusQuery { txn } => format!("txn={txn}"),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            TwoPcMessage::Prepare { .. } => "Prepare",
            TwoPcMessage::Vote { .. } => "Vote",
            TwoPcMessage::Commit { .. } => "Commit",
            TwoPcMessage::Abort { .. } => "Abort",
            TwoPcMessage::Ack { .. } => "Ack",
            TwoPcMessage::StatusQuery { .. } => "StatusQuery",
        }
    }
}
