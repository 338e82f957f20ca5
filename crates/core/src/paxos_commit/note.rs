//! What a Paxos Commit node did and why, in words.

use std::fmt;

use crate::command::Command;
use crate::commit::{Decision, TxnId};
use crate::paxos_commit::message::{Ballot, Vote};
use crate::types::NodeId;

/// One explained step of a Paxos Commit node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaxosCommitNote {
    /// The coordinator began a transaction and asks every participant to prepare.
    Began {
        /// The coordinator.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// Its write.
        command: Command,
    },
    /// A participant voted in its own instance with ballot 0.
    Voted {
        /// The participant.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// Its vote.
        vote: Vote,
    },
    /// An acceptor promised a ballot for every instance of a transaction.
    Promised {
        /// The acceptor.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// The ballot.
        ballot: Ballot,
    },
    /// A leader learned that a majority of acceptors accepted a value in an instance.
    Chosen {
        /// The leader.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// Whose instance.
        participant: NodeId,
        /// The value chosen.
        vote: Vote,
        /// In which ballot.
        ballot: Ballot,
    },
    /// A leader decided: every instance prepared, or one aborted.
    Decided {
        /// The leader.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// The decision.
        decision: Decision,
        /// The ballot of its takeover, if it took over.
        ballot: Option<Ballot>,
    },
    /// A node was told the decision.
    Told {
        /// The node.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// The decision.
        decision: Decision,
        /// Who told it.
        from: NodeId,
    },
    /// A node takes over a transaction left undecided, with a new ballot.
    TakingOver {
        /// The node.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// Its ballot.
        ballot: Ballot,
        /// Whether its earlier takeover did not finish.
        retry: bool,
        /// Whether it is the coordinator (missing votes) rather than a participant.
        coordinator: bool,
    },
    /// A node taking over proposes in every instance (value, whether one was accepted).
    Proposing {
        /// The node.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// Its ballot.
        ballot: Ballot,
        /// Per instance: the participant, the value proposed, whether a promise reported
        /// an accepted value for it.
        proposals: Vec<(NodeId, Vote, bool)>,
    },
    /// A node taking over ignored prepared votes the promises reported (a bug switch).
    IgnoredAccepted {
        /// The node.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// Its ballot.
        ballot: Ballot,
    },
    /// A participant was asked to begin a transaction: it points the client to the coordinator.
    NotCoordinator {
        /// The participant.
        node: NodeId,
        /// The coordinator.
        coordinator: NodeId,
    },
}

impl fmt::Display for PaxosCommitNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaxosCommitNote::Began { node, txn, command } => write!(
                f,
                "coordinator {node} began transaction {txn} (`{command}`) and asks every participant to prepare"
            ),
            PaxosCommitNote::Voted {
                node,
                txn,
                vote: Vote::Prepared,
            } => write!(
                f,
                "{node} is prepared for transaction {txn}: it sends its vote in its own Paxos instance, ballot 0, straight to the acceptors"
            ),
            PaxosCommitNote::Voted {
                node,
                txn,
                vote: Vote::Aborted,
            } => write!(
                f,
                "{node} cannot commit transaction {txn}: it aborts at once and sends aborted in its own instance, ballot 0, to the acceptors"
            ),
            PaxosCommitNote::Promised { node, txn, ballot } => write!(
                f,
                "acceptor {node} promises ballot {ballot} for every instance of transaction {txn}, and reports what it accepted"
            ),
            PaxosCommitNote::Chosen {
                node,
                txn,
                participant,
                vote,
                ballot,
            } => write!(
                f,
                "{node} learns that a majority of acceptors accepted {} in {participant}'s instance of transaction {txn} (ballot {ballot}): that value is chosen",
                vote.name()
            ),
            PaxosCommitNote::Decided {
                node,
                txn,
                decision: Decision::Commit,
                ballot,
            } => write!(
                f,
                "{node}{} knows every instance of transaction {txn} chose prepared: it commits and tells everyone",
                taken(ballot)
            ),
            PaxosCommitNote::Decided {
                node,
                txn,
                decision: Decision::Abort,
                ballot,
            } => write!(
                f,
                "{node}{} knows an instance of transaction {txn} chose aborted: it aborts and tells everyone",
                taken(ballot)
            ),
            PaxosCommitNote::Told {
                node,
                txn,
                decision,
                from,
            } => write!(f, "{node} {} transaction {txn} (told by {from})", decision.done()),
            PaxosCommitNote::TakingOver {
                node,
                txn,
                ballot,
                retry,
                coordinator,
            } => {
                let why = match (retry, coordinator) {
                    (true, _) => "its earlier takeover did not finish",
                    (false, true) => "it has not learned every participant's vote",
                    (false, false) => "it is prepared and has heard no decision",
                };
                write!(
                    f,
                    "{node} takes over transaction {txn} ({why}): it asks the acceptors to promise ballot {ballot} for every instance — any node may, since only a majority of acceptors decides"
                )
            }
            PaxosCommitNote::Proposing {
                node,
                txn,
                ballot,
                proposals,
            } => {
                let parts: Vec<String> = proposals
                    .iter()
                    .map(|(p, v, had)| {
                        let from = if *had { "as accepted" } else { "none accepted" };
                        format!("{p}: {} ({from})", v.name())
                    })
                    .collect();
                write!(
                    f,
                    "{node} has promises from a majority for transaction {txn} (ballot {ballot}): in each instance it proposes the value of the highest ballot reported, or aborted where none was accepted — {}",
                    parts.join(", ")
                )
            }
            PaxosCommitNote::IgnoredAccepted { node, txn, ballot } => write!(
                f,
                "{node} proposes aborted in every instance of transaction {txn} (ballot {ballot}), although the promises report prepared votes accepted — the bug switch is on; Paxos Commit requires proposing the value of the highest ballot among the promises"
            ),
            PaxosCommitNote::NotCoordinator { node, coordinator } => write!(
                f,
                "{node} is a participant: transactions start at coordinator {coordinator}"
            ),
        }
    }
}

/// " (taking over with ballot (2, 3))" for a takeover's decision, "" for the coordinator's.
fn taken(ballot: &Option<Ballot>) -> String {
    ballot.map_or(String::new(), |b| format!(" (taking over with ballot {b})"))
}
