//! What a three-phase commit node did and why, in words.

use std::fmt;

use crate::command::Command;
use crate::commit::{Decision, TxnId};
use crate::three_phase::node::{Phase, TxnState};
use crate::types::NodeId;
use crate::words::list;

/// One explained step of a three-phase commit node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ThreePcNote {
    /// The coordinator started a transaction and asks every participant `CanCommit`.
    Began {
        /// The coordinator.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// Its write.
        command: Command,
    },
    /// A participant voted Yes: it is prepared, uncertain of the outcome.
    VotedYes {
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
    /// Every vote was Yes: the coordinator records it and sends `PreCommit`.
    Precommitting {
        /// The coordinator.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
    },
    /// A participant received `PreCommit`.
    Precommitted {
        /// The participant.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// Who sent it (the coordinator, or a participant finishing a termination).
        from: NodeId,
    },
    /// The coordinator's wait for acknowledgements of `PreCommit` ran out.
    SilentTakenForCrashed {
        /// The coordinator.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// The participants that did not acknowledge.
        silent: Vec<NodeId>,
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
    /// An undecided coordinator learned the outcome a termination reached.
    Learned {
        /// The coordinator.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// The outcome.
        decision: Decision,
        /// Who told it.
        from: NodeId,
    },
    /// A participant applied an outcome it was told.
    Applied {
        /// The participant.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// The outcome.
        decision: Decision,
        /// Who told it.
        from: NodeId,
    },
    /// A restarted coordinator found a transaction in its log.
    Recovered {
        /// The coordinator.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// Where its log says the transaction stands.
        phase: Phase,
    },
    /// A participant heard nothing for too long and runs the termination protocol.
    TerminationStarted {
        /// The participant.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// Its state.
        state: TxnState,
        /// The coordinator it takes for crashed.
        coordinator: NodeId,
        /// It restarted while waiting: it only asks, it may not decide.
        recovering: bool,
    },
    /// A recovering participant heard no outcome: it may not decide, so it waits.
    StillRecovering {
        /// The participant.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
    },
    /// A participant leaves the termination to a lower-numbered one that is waiting too.
    LeftToLower {
        /// The participant.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// The lower participant that leads it.
        lower: NodeId,
    },
    /// The termination found someone precommitted and brings the uncertain ones there.
    TerminationPrecommits {
        /// The participant leading the termination.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// The uncertain participants it sends `PreCommit`.
        uncertain: Vec<NodeId>,
    },
    /// The termination aborts although someone is precommitted (a bug switch).
    AbortedPrecommitted {
        /// The participant leading the termination.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
    },
    /// The termination decided.
    TerminationDecided {
        /// The participant leading the termination.
        node: NodeId,
        /// The transaction.
        txn: TxnId,
        /// The outcome.
        decision: Decision,
        /// Why, by Skeen's rule.
        because: &'static str,
        /// The participants whose states it gathered (itself aside).
        heard: Vec<NodeId>,
    },
    /// A participant was asked to start a transaction: it points the client to the coordinator.
    NotCoordinator {
        /// The participant.
        node: NodeId,
        /// The coordinator.
        coordinator: NodeId,
    },
}

impl fmt::Display for ThreePcNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ThreePcNote::Began { node, txn, command } => write!(
                f,
                "coordinator {node} began transaction {txn} (`{command}`), recorded it, and asks every participant CanCommit"
            ),
            ThreePcNote::VotedYes { node, txn } => write!(
                f,
                "{node} votes Yes on transaction {txn}: it is prepared and uncertain of the outcome (it may still be aborted)"
            ),
            ThreePcNote::VotedNo { node, txn } => {
                write!(f, "{node} cannot commit transaction {txn}: it aborts and votes No")
            }
            ThreePcNote::Precommitting { node, txn } => write!(
                f,
                "coordinator {node} has Yes from every participant on transaction {txn}: it records that it is precommitted and sends PreCommit, so that every participant learns the votes before anyone commits"
            ),
            ThreePcNote::Precommitted { node, txn, from } => write!(
                f,
                "{node} is precommitted on transaction {txn} (PreCommit from {from}): it knows every vote was Yes, and acknowledges"
            ),
            ThreePcNote::SilentTakenForCrashed { node, txn, silent } => write!(
                f,
                "coordinator {node} waited for acknowledgements of PreCommit on transaction {txn} in vain from {}: it takes {} for crashed (they will learn the outcome when they recover)",
                list(silent),
                if silent.len() == 1 { "it" } else { "them" }
            ),
            ThreePcNote::Decided {
                node,
                txn,
                decision,
                because,
            } => write!(
                f,
                "coordinator {node} decided to {decision} transaction {txn} ({because}), recorded it, and tells every participant"
            ),
            ThreePcNote::Learned {
                node,
                txn,
                decision,
                from,
            } => write!(
                f,
                "coordinator {node} learns from {from} that transaction {txn} was {} by the termination protocol, and takes that outcome",
                decision.done()
            ),
            ThreePcNote::Applied {
                node,
                txn,
                decision,
                from,
            } => write!(
                f,
                "{node} {} transaction {txn} (told by {from}) and acknowledges",
                decision.done()
            ),
            ThreePcNote::Recovered { node, txn, phase } => match phase {
                Phase::Waiting => write!(
                    f,
                    "coordinator {node} restarted and finds transaction {txn} still waiting for votes in its log: it had sent no PreCommit, so it aborts it"
                ),
                Phase::Precommitted => write!(
                    f,
                    "coordinator {node} restarted and finds transaction {txn} precommitted in its log: the participants may have decided without it, so it asks them before deciding"
                ),
                Phase::Decided(decision) => write!(
                    f,
                    "coordinator {node} restarted and finds the decision to {decision} transaction {txn} in its log: it tells the participants again"
                ),
            },
            ThreePcNote::TerminationStarted {
                node,
                txn,
                state,
                coordinator,
                recovering: true,
            } => write!(
                f,
                "{node} restarted {} on transaction {txn} and has heard nothing since: it failed while the transaction was open, so the others may have decided without it; it may not decide alone, and asks the other participants and coordinator {coordinator} for the outcome",
                state.name()
            ),
            ThreePcNote::StillRecovering { node, txn } => write!(
                f,
                "{node} heard no outcome for transaction {txn}: recovering, it may not decide, so it waits and asks again (three-phase commit cannot end a transaction when every site that might know has failed)"
            ),
            ThreePcNote::TerminationStarted {
                node,
                txn,
                state,
                coordinator,
                recovering: false,
            } => write!(
                f,
                "{node} is {} on transaction {txn} and has heard nothing for three of the coordinator's timeouts: it takes coordinator {coordinator} for crashed (three-phase commit assumes a silent site has crashed) and runs the termination protocol, asking the other participants their states",
                state.name()
            ),
            ThreePcNote::LeftToLower { node, txn, lower } => write!(
                f,
                "{node} leaves the termination of transaction {txn} to {lower}, a lower-numbered participant that is waiting too"
            ),
            ThreePcNote::TerminationPrecommits { node, txn, uncertain } => write!(
                f,
                "{node}'s termination of transaction {txn} finds a participant precommitted: every vote was Yes, so it sends PreCommit to the uncertain {} before committing",
                crate::protocol::progress::nodes_text(uncertain)
            ),
            ThreePcNote::AbortedPrecommitted { node, txn } => write!(
                f,
                "{node}'s termination of transaction {txn} finds a participant precommitted and aborts anyway — the bug switch is on; Skeen's rule commits, since a precommitted participant means the coordinator may already have committed"
            ),
            ThreePcNote::TerminationDecided {
                node,
                txn,
                decision,
                because,
                heard,
            } => {
                let gathered = if heard.is_empty() {
                    "from its own state alone: it reached no other participant. If they are alive but cut off, they run their own termination and may decide otherwise: three-phase commit assumes the network never partitions".to_string()
                } else {
                    format!("from its own state and those of {}", list(heard))
                };
                write!(
                    f,
                    "{node} ends the termination of transaction {txn}: {decision} ({because}), {gathered}; it tells the others"
                )
            }
            ThreePcNote::NotCoordinator { node, coordinator } => write!(
                f,
                "{node} is a participant: transactions start at coordinator {coordinator}"
            ),
        }
    }
}
