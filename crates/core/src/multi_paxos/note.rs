//! What a Multi-Paxos node did and why.

use crate::command::Command;
use crate::multi_paxos::message::{Ballot, Slot, Value};
use crate::types::NodeId;

/// One explained step of a Multi-Paxos node (its sentence is in `narration.rs`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MultiPaxosNote {
    /// No leader heard: phase 1 for every slot from `from_slot` on.
    Phase1Started {
        /// The node.
        node: NodeId,
        /// Its ballot.
        ballot: Ballot,
        /// Its first undecided slot.
        from_slot: Slot,
    },
    /// An acceptor promised a ballot for every slot from `from_slot` on.
    Promised {
        /// The acceptor.
        node: NodeId,
        /// The candidate.
        to: NodeId,
        /// The ballot.
        ballot: Ballot,
        /// The first slot covered.
        from_slot: Slot,
        /// How many accepted values it reported.
        reported: usize,
    },
    /// An acceptor refused a ballot below its promise.
    Refused {
        /// The acceptor.
        node: NodeId,
        /// The refused ballot.
        ballot: Ballot,
        /// Its promise.
        promised: Ballot,
    },
    /// Promises from a majority: the node leads.
    BecameLeader {
        /// The node.
        node: NodeId,
        /// Its ballot.
        ballot: Ballot,
        /// Who promised (itself included).
        promised_by: Vec<NodeId>,
        /// Undecided slots where a promise reported a value.
        recovered: usize,
        /// Holes: undecided slots below the highest reported one that no promise reported.
        holes: usize,
    },
    /// A new leader proposes a value a promise reported (the highest ballot's).
    Reproposed {
        /// The leader.
        node: NodeId,
        /// The slot.
        slot: Slot,
        /// The value.
        value: Value,
    },
    /// A new leader fills a hole with a no-op.
    FilledHole {
        /// The leader.
        node: NodeId,
        /// The slot.
        slot: Slot,
    },
    /// With the bug switch: a new leader proposed its own value where a promise reported one.
    IgnoredPromisedValue {
        /// The leader.
        node: NodeId,
        /// The slot.
        slot: Slot,
        /// What it proposed instead.
        value: Value,
    },
    /// The leader put a client's command in a new slot (phase 2 only).
    Proposed {
        /// The leader.
        node: NodeId,
        /// The slot.
        slot: Slot,
        /// The command.
        command: Command,
    },
    /// An acceptor accepted a value.
    AcceptedValue {
        /// The acceptor.
        node: NodeId,
        /// The slot.
        slot: Slot,
        /// The ballot.
        ballot: Ballot,
    },
    /// The leader saw a value chosen.
    Chosen {
        /// The leader.
        node: NodeId,
        /// The slot.
        slot: Slot,
        /// The value.
        value: Value,
        /// The acceptors that accepted it.
        accepted_by: Vec<NodeId>,
        /// Counted with one fewer than a majority (only with the bug switch on).
        short: bool,
    },
    /// A learner learned a decision.
    Learned {
        /// The learner.
        node: NodeId,
        /// Who told it.
        from: NodeId,
        /// The slot.
        slot: Slot,
        /// The value.
        value: Value,
    },
    /// A leader or candidate heard of a higher ballot from an acceptor and stepped down.
    Preempted {
        /// The node.
        node: NodeId,
        /// The acceptor.
        by: NodeId,
        /// Its ballot.
        ours: Ballot,
        /// The acceptor's promise.
        promised: Ballot,
    },
    /// A leader or candidate heard from a node with a higher ballot and follows it.
    SteppedDown {
        /// The node.
        node: NodeId,
        /// `leader` or `candidate`.
        was: &'static str,
        /// Its ballot.
        ours: Ballot,
        /// The higher ballot.
        theirs: Ballot,
    },
    /// A follower learned what was chosen from the leader's decided prefix: the values it
    /// accepted in the leader's ballot.
    LearnedPrefix {
        /// The follower.
        node: NodeId,
        /// The leader.
        leader: NodeId,
        /// The first slot learned.
        from: Slot,
        /// The last slot learned.
        upto: Slot,
    },
    /// The leader sends a learner decisions it missed.
    CatchingUp {
        /// The leader.
        node: NodeId,
        /// The learner.
        learner: NodeId,
        /// The first slot sent.
        from: Slot,
        /// The last slot sent.
        upto: Slot,
    },
    /// A node that does not lead pointed a client elsewhere.
    Redirected {
        /// The node.
        node: NodeId,
        /// The leader it knows of.
        leader: Option<NodeId>,
    },
}
