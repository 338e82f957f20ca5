//! What the atomic commit protocols share (two-phase commit, three-phase commit): a
//! transaction's number and outcome, and the safety properties every one of them keeps,
//! checked by one checker ([`invariants::CommitChecker`]) so that the invariants carry
//! the same names and mean the same thing side by side.

pub mod display;
pub mod invariants;
pub mod progress;

use crate::command::Command;
use crate::types::NodeId;

/// Why a client's transaction sent to `node` is refused: it starts at the `coordinator`.
pub fn check_client_node(coordinator: NodeId, node: NodeId) -> Result<(), String> {
    if node == coordinator {
        return Ok(());
    }
    Err(format!(
        "transactions start at the coordinator ({coordinator}), not at participant {node}"
    ))
}

/// Why `node` cannot be told to vote No: the `coordinator` does not vote.
pub fn check_vote_no(coordinator: NodeId, node: NodeId) -> Result<(), String> {
    if node == coordinator {
        return Err(format!("{node} is the coordinator; only participants vote"));
    }
    Ok(())
}

/// A coordinator's record of a transaction as views name it: `init` until it is decided,
/// then `committed` or `aborted`.
pub fn coordinator_state(decision: Option<Decision>) -> &'static str {
    decision.map_or("init", Decision::done)
}

/// Whether every node of a cluster is up and exchanges messages both ways with
/// `coordinator`: what a commit protocol needs to collect every vote. `nodes` gives each
/// node's id and whether it is up.
pub fn coordinator_reaches_all(
    mut nodes: impl Iterator<Item = (NodeId, bool)>,
    coordinator: NodeId,
    connected: &dyn Fn(NodeId, NodeId) -> bool,
) -> bool {
    nodes.all(|(id, up)| up && (id == coordinator || (connected(coordinator, id) && connected(id, coordinator))))
}

/// What the client that began a transaction is told of `decision`.
pub fn reply_for(decision: Decision) -> crate::protocol::ClientReply {
    match decision {
        Decision::Commit => crate::protocol::ClientReply::Done(crate::command::CommandOutput::Written),
        Decision::Abort => crate::protocol::ClientReply::Aborted,
    }
}

/// Reads a client's transaction: a commit protocol's transactions only write (`set K V`).
pub fn parse_write(text: &str) -> Result<Command, String> {
    match Command::parse(text) {
        Ok(command @ Command::Set { .. }) => Ok(command),
        _ => Err(format!("a transaction writes: expected `set KEY VALUE`, got {text:?}")),
    }
}

/// A transaction's number: 1, 2, … in the order clients start them.
pub type TxnId = u64;

/// What a transaction came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Every participant voted Yes, and it commits.
    Commit,
    /// It aborts (a No, a vote missing past its timeout, a termination that found no one
    /// precommitted).
    Abort,
}

impl Decision {
    /// "committed" or "aborted".
    pub fn done(self) -> &'static str {
        match self {
            Decision::Commit => "committed",
            Decision::Abort => "aborted",
        }
    }
}

impl std::fmt::Display for Decision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Decision::Commit => "commit",
            Decision::Abort => "abort",
        })
    }
}

/// What a commit node's durable records say about one transaction, as the shared
/// invariants read them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Record {
    /// The coordinator's log: the decision it recorded, if any.
    Coordinator(Option<Decision>),
    /// A participant's state: whether it voted Yes (prepared, precommitted or
    /// committed), and its outcome once it has one.
    Participant {
        /// It voted Yes.
        yes: bool,
        /// Committed or aborted, once it is.
        outcome: Option<Decision>,
    },
}

/// A node of a commit protocol as the shared invariants read it.
pub trait CommitRecords {
    /// Its id.
    fn node_id(&self) -> NodeId;
    /// The transactions whose durable record changed since the checker last looked, in
    /// order (the protocol clears them in `Protocol::checked`).
    fn changed_transactions(&self) -> Vec<TxnId>;
    /// What its durable records say about `txn`, if it holds any.
    fn record(&self, txn: TxnId) -> Option<Record>;
}

/// Why a commit protocol refuses a leadership transfer or a compaction: its coordinator is
/// set by the scenario, not elected, and it keeps no replicated log.
pub const RAFT_ONLY: &str = "leadership transfer, log compaction and membership changes are Raft's (thesis §3.10, ch. 5, ch. 4): this protocol's coordinator is fixed by the scenario, and it keeps no replicated log";
