//! Three-phase commit's messages: the three phases, and the termination protocol's two.

use crate::command::Command;
use crate::commit::TxnId;
use crate::protocol::MessageKind;
use crate::three_phase::node::TxnState;

/// A three-phase commit message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ThreePcMessage {
    /// Coordinator → participant (phase 1): can you commit this transaction's write?
    CanCommit {
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
    /// Coordinator, or a participant finishing a termination → participant (phase 2):
    /// every vote was Yes; be ready to commit.
    PreCommit {
        /// The transaction.
        txn: TxnId,
    },
    /// Participant → whoever sent `PreCommit` or a decision: received; this is my state now.
    Ack {
        /// The transaction.
        txn: TxnId,
        /// The participant's state after it.
        state: TxnState,
    },
    /// Coordinator or termination → participant (phase 3): commit.
    DoCommit {
        /// The transaction.
        txn: TxnId,
    },
    /// Coordinator or termination → participant: abort.
    Abort {
        /// The transaction.
        txn: TxnId,
    },
    /// Termination protocol (or a restarted coordinator): what is your state for this
    /// transaction?
    StateRequest {
        /// The transaction.
        txn: TxnId,
    },
    /// The answer to a `StateRequest`.
    StateReply {
        /// The transaction.
        txn: TxnId,
        /// The participant's state.
        state: TxnState,
        /// It restarted while waiting on the transaction: it may not lead a termination.
        recovering: bool,
    },
}

impl ThreePcMessage {
    /// The transaction it is about.
    pub fn txn(&self) -> TxnId {
        match self {
            ThreePcMessage::CanCommit { txn, .. }
            | ThreePcMessage::Vote { txn, .. }
            | ThreePcMessage::PreCommit { txn }
            | ThreePcMessage::Ack { txn, .. }
            | ThreePcMessage::DoCommit { txn }
            | ThreePcMessage::Abort { txn }
            | ThreePcMessage::StateRequest { txn }
            | ThreePcMessage::StateReply { txn, .. } => *txn,
        }
    }
}

impl MessageKind for ThreePcMessage {
    fn contents(&self) -> String {
        let txn = self.txn();
        match self {
            ThreePcMessage::CanCommit { command, .. } => format!("txn={txn} write=`{command}`"),
            ThreePcMessage::Vote { yes, .. } => format!("txn={txn} vote={}", if *yes { "Yes" } else { "No" }),
            ThreePcMessage::Ack { state, .. } => format!("txn={txn} state={}", state.name()),
            ThreePcMessage::StateReply { state, recovering, .. } => format!(
                "txn={txn} state={}{}",
                state.name(),
                if *recovering { " recovering" } else { "" }
            ),
            _ => format!("txn={txn}"),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            ThreePcMessage::CanCommit { .. } => "CanCommit",
            ThreePcMessage::Vote { .. } => "Vote",
            ThreePcMessage::PreCommit { .. } => "PreCommit",
            ThreePcMessage::Ack { .. } => "Ack",
            ThreePcMessage::DoCommit { .. } => "DoCommit",
            ThreePcMessage::Abort { .. } => "Abort",
            ThreePcMessage::StateRequest { .. } => "StateRequest",
            ThreePcMessage::StateReply { .. } => "StateReply",
        }
    }
}
