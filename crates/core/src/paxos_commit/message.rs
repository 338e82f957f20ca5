//! Paxos Commit's messages, named as Gray & Lamport and `PaxosCommit.tla` name them.

use crate::command::Command;
use crate::commit::TxnId;
use crate::protocol::MessageKind;
use crate::types::NodeId;

/// A ballot: round 0 is a participant's own (its vote); a node that takes over uses a
/// higher round, with its id to keep ballots of different nodes apart. Ordered by round,
/// then node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ballot {
    /// The round: 0 for a participant's own vote.
    pub round: u32,
    /// The node whose ballot it is (the participant, for round 0).
    pub node: NodeId,
}

impl Ballot {
    /// The participant's own ballot 0.
    pub fn zero(participant: NodeId) -> Self {
        Self {
            round: 0,
            node: participant,
        }
    }
}

impl std::fmt::Display for Ballot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "({}, {})", self.round, self.node)
    }
}

/// The value an instance decides: the participant is prepared, or aborted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Vote {
    /// The participant can commit.
    Prepared,
    /// The participant (or a leader on its behalf) aborts.
    Aborted,
}

impl Vote {
    /// "prepared" or "aborted".
    pub fn name(self) -> &'static str {
        match self {
            Vote::Prepared => "prepared",
            Vote::Aborted => "aborted",
        }
    }
}

/// What an acceptor accepted in one instance: (participant, ballot, value).
pub type Accepted = (NodeId, Ballot, Vote);

/// A Paxos Commit message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaxosCommitMessage {
    /// Leader → participant: prepare this transaction's write.
    Prepare {
        /// The transaction.
        txn: TxnId,
        /// Its write.
        command: Command,
    },
    /// A node taking over → acceptors: promise ballot `ballot` in every instance of `txn`.
    Phase1a {
        /// The transaction.
        txn: TxnId,
        /// The ballot.
        ballot: Ballot,
    },
    /// Acceptor → the node taking over: a promise (with every value accepted so far in the
    /// transaction's instances), or a refusal naming the higher ballot promised.
    Phase1b {
        /// The transaction.
        txn: TxnId,
        /// The ballot promised (or, refused, the higher one already promised).
        ballot: Ballot,
        /// Whether it promised.
        promised: bool,
        /// What it accepted, per instance.
        accepted: Vec<Accepted>,
    },
    /// Participant (ballot 0) or leader → acceptors: accept `vote` in `participant`'s instance.
    Phase2a {
        /// The transaction.
        txn: TxnId,
        /// Whose instance.
        participant: NodeId,
        /// The ballot.
        ballot: Ballot,
        /// The value.
        vote: Vote,
    },
    /// Acceptor → the ballot's leader: accepted.
    Phase2b {
        /// The transaction.
        txn: TxnId,
        /// Whose instance.
        participant: NodeId,
        /// The ballot.
        ballot: Ballot,
        /// The value.
        vote: Vote,
    },
    /// Leader → participants (and the coordinator): the transaction commits.
    Commit {
        /// The transaction.
        txn: TxnId,
    },
    /// Leader → participants (and the coordinator): the transaction aborts.
    Abort {
        /// The transaction.
        txn: TxnId,
    },
    /// Participant (or coordinator) → the leader that told it the decision: received. The
    /// leader tells it again until it acknowledges, so a participant cut off when the
    /// decision was sent learns it once it can be reached.
    Ack {
        /// The transaction.
        txn: TxnId,
    },
}

impl PaxosCommitMessage {
    /// The transaction it is about.
    pub fn txn(&self) -> TxnId {
        match self {
            PaxosCommitMessage::Prepare { txn, .. }
            | PaxosCommitMessage::Phase1a { txn, .. }
            | PaxosCommitMessage::Phase1b { txn, .. }
            | PaxosCommitMessage::Phase2a { txn, .. }
            | PaxosCommitMessage::Phase2b { txn, .. }
            | PaxosCommitMessage::Commit { txn }
            | PaxosCommitMessage::Abort { txn }
            | PaxosCommitMessage::Ack { txn } => *txn,
        }
    }
}

impl MessageKind for PaxosCommitMessage {
    fn contents(&self) -> String {
        let txn = self.txn();
        match self {
            PaxosCommitMessage::Prepare { command, .. } => format!("txn={txn} write=`{command}`"),
            PaxosCommitMessage::Phase1a { ballot, .. } => format!("txn={txn} ballot={ballot}"),
            PaxosCommitMessage::Phase1b {
                ballot,
                promised,
                accepted,
                ..
            } => {
                let values: Vec<String> = accepted
                    .iter()
                    .map(|(p, b, v)| format!("{p}:{}@{b}", v.name()))
                    .collect();
                format!(
                    "txn={txn} ballot={ballot} promised={promised} accepted=[{}]",
                    values.join(" ")
                )
            }
            PaxosCommitMessage::Phase2a {
                participant,
                ballot,
                vote,
                ..
            }
            | PaxosCommitMessage::Phase2b {
                participant,
                ballot,
                vote,
                ..
            } => format!("txn={txn} instance={participant} ballot={ballot} value={}", vote.name()),
            PaxosCommitMessage::Commit { .. } | PaxosCommitMessage::Abort { .. } | PaxosCommitMessage::Ack { .. } => {
                format!("txn={txn}")
            }
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            PaxosCommitMessage::Prepare { .. } => "Prepare",
            PaxosCommitMessage::Phase1a { .. } => "Phase1a",
            PaxosCommitMessage::Phase1b { .. } => "Phase1b",
            PaxosCommitMessage::Phase2a { .. } => "Phase2a",
            PaxosCommitMessage::Phase2b { .. } => "Phase2b",
            PaxosCommitMessage::Commit { .. } => "Commit",
            PaxosCommitMessage::Abort { .. } => "Abort",
            PaxosCommitMessage::Ack { .. } => "Ack",
        }
    }
}
