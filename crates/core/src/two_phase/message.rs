//! Two-phase commit's messages.

use crate::command::Command;
use crate::protocol::MessageKind;

pub use crate::commit::TxnId;

/// A two-phase commit message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TwoPcMessage {
    /// Coordinator → participant: can you commit this transaction's write?
    Prepare(Prepare),
    /// Participant → coordinator: Yes (prepared) or No (aborted).
    Vote(Vote),
    /// Coordinator → participant: the transaction commits.
    Commit(Commit),
    /// Coordinator → participant: the transaction aborts.
    Abort(Abort),
    /// Participant → coordinator: the decision was received.
    Ack(Ack),
    /// A blocked participant → coordinator: what was decided?
    StatusQuery(StatusQuery),
}

/// Coordinator → participant: can you commit this transaction's write?
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prepare {
    /// The transaction.
    pub txn: TxnId,
    /// Its write.
    pub command: Command,
}

/// Participant → coordinator: Yes (prepared) or No (aborted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vote {
    /// The transaction.
    pub txn: TxnId,
    /// Yes or No.
    pub yes: bool,
}

/// Coordinator → participant: the transaction commits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    /// The transaction.
    pub txn: TxnId,
}

/// Coordinator → participant: the transaction aborts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Abort {
    /// The transaction.
    pub txn: TxnId,
}

/// Participant → coordinator: the decision was received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ack {
    /// The transaction.
    pub txn: TxnId,
}

/// A blocked participant → coordinator: what was decided?
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusQuery {
    /// The transaction.
    pub txn: TxnId,
}

impl MessageKind for TwoPcMessage {
    fn contents(&self) -> String {
        match self {
            TwoPcMessage::Prepare(Prepare { txn, command }) => format!("txn={txn} write=`{command}`"),
            TwoPcMessage::Vote(Vote { txn, yes }) => format!("txn={txn} vote={}", if *yes { "Yes" } else { "No" }),
            TwoPcMessage::Commit(Commit { txn })
            | TwoPcMessage::Abort(Abort { txn })
            | TwoPcMessage::Ack(Ack { txn })
            | TwoPcMessage::StatusQuery(StatusQuery { txn }) => format!("txn={txn}"),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            TwoPcMessage::Prepare(Prepare { .. }) => "Prepare",
            TwoPcMessage::Vote(Vote { .. }) => "Vote",
            TwoPcMessage::Commit(Commit { .. }) => "Commit",
            TwoPcMessage::Abort(Abort { .. }) => "Abort",
            TwoPcMessage::Ack(Ack { .. }) => "Ack",
            TwoPcMessage::StatusQuery(StatusQuery { .. }) => "StatusQuery",
        }
    }
}
