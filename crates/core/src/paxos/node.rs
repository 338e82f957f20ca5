//! A Paxos node: its state, its timers and what survives a crash; the protocol's entry
//! points, which hand each message to the proposer (`proposer.rs`), the acceptor
//! (`acceptor.rs`) or the learner (`learner.rs`).

use std::collections::VecDeque;

use crate::command::{Command, CommandOutput, KvStore};
use crate::paxos::acceptor::AcceptorState;
use crate::paxos::config::{PaxosConfig, parse_command};
use crate::paxos::message::{Ballot, PaxosMessage, Proposal, Slot};
use crate::paxos::note::PaxosNote;
use crate::paxos::proposer::Attempt;
use crate::paxos::view::PaxosView;
use crate::protocol::{ClientReply, ClientRequest, NodeSlot, Out, Protocol};
use crate::types::{NodeId, RequestId};
use crate::vec_map::{VecMap, VecSet};

/// What survives a crash.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PaxosPersistent {
    /// Acceptor state per slot.
    pub acceptor: VecMap<Slot, AcceptorState>,
    /// Learned (chosen) values per slot.
    pub decided: VecMap<Slot, Proposal>,
    /// The highest round this node has seen, so its next ballot is higher.
    pub max_round: u64,
}

/// A Paxos node's timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PaxosTimer {
    /// The proposer's: start phase 1 again with a higher ballot (after a loss, or after
    /// backing off from a refusal).
    Retry,
    /// The learners' keeper: send the decisions not yet acknowledged again.
    Remind,
}

impl std::fmt::Display for PaxosTimer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PaxosTimer::Retry => "retry",
            PaxosTimer::Remind => "remind",
        })
    }
}

/// One Paxos node.
#[derive(Clone, Debug)]
pub struct PaxosNode {
    pub(super) id: NodeId,
    pub(super) nodes: u32,
    pub(super) config: PaxosConfig,
    pub(super) persistent: PaxosPersistent,
    /// Client proposals waiting to be chosen, oldest first (volatile: clients retry).
    pub(super) queue: VecDeque<Proposal>,
    /// Boxed: an attempt is the largest part of a node and most nodes have none, while
    /// every node of the one engine is as large as the largest protocol's.
    pub(super) attempt: Option<Box<Attempt>>,
    /// Own proposals known to be chosen, waiting for their slot to be applied to answer the client.
    pub(super) awaiting: VecSet<RequestId>,
    /// The output of every request applied, so a request chosen twice (a client retried it
    /// elsewhere) is applied once.
    pub(super) applied_requests: VecMap<RequestId, CommandOutput>,
    /// The state machine over the decided prefix of the log.
    pub(super) kv: KvStore,
    /// Slots `1..=applied` are applied to `kv`. Invariant: they are the whole decided
    /// prefix (slot `applied + 1` is not decided), since every decision is followed by
    /// `apply_decided`.
    pub(super) applied: Slot,
    /// Decided slots whose decision this node is still telling: per slot, the learners
    /// that have not acknowledged it. Volatile: after a restart every decision this node
    /// knows is told again. Invariant: no empty set; every slot is in `decided`.
    pub(super) unacknowledged: VecMap<Slot, VecSet<NodeId>>,
    /// Reminders sent in a row with no acknowledgement since (the reminder backs off).
    pub(super) unanswered_reminders: u32,
    /// Per learner being caught up: the highest slot of the last batch of decisions sent
    /// to it. Once it has acknowledged the whole batch, the next batch goes out at once.
    /// Volatile.
    pub(super) batch_upto: VecMap<NodeId, Slot>,
    /// Volatile: what changed since the checker last looked, so that it reads only that.
    /// Invariant: holds everything changed since the last [`Protocol::checked`]; after a
    /// boot, every slot the node knows.
    pub(super) changes: Changes,
}

/// What a Paxos node's handlers changed since the checker last looked.
#[derive(Clone, Debug, Default)]
pub struct Changes {
    /// The slots whose acceptor state or decision changed, in order.
    pub slots: VecSet<Slot>,
    /// The client values this node was handed, in order.
    pub proposed: Vec<Proposal>,
}

impl PaxosNode {
    /// The durable state.
    pub fn durable(&self) -> &PaxosPersistent {
        &self.persistent
    }

    /// The proposals clients handed this node that are not chosen yet.
    pub fn pending(&self) -> impl Iterator<Item = &Proposal> {
        self.queue.iter()
    }

    /// What this node's handlers changed since the checker last looked.
    pub fn changes(&self) -> &Changes {
        &self.changes
    }

    /// The slot and ballot this node is proposing with now, if it is proposing.
    pub fn proposing(&self) -> Option<(Slot, Ballot)> {
        self.attempt.as_ref().map(|a| (a.slot, a.ballot))
    }

    /// Every slot up to this one is decided (and applied) on this node; the next is not.
    pub fn decided_prefix(&self) -> Slot {
        self.applied
    }
}

impl Protocol for PaxosNode {
    type Message = PaxosMessage;
    type Timer = PaxosTimer;
    type Note = PaxosNote;
    type Config = PaxosConfig;
    type Persistent = PaxosPersistent;
    type View = PaxosView;
    type Checker = crate::paxos::check::PaxosChecker;
    type Progress = crate::paxos::progress::PaxosProgress;

    fn boot(id: NodeId, nodes: u32, config: &PaxosConfig, persistent: PaxosPersistent) -> Self {
        let mut node = Self {
            id,
            nodes,
            config: *config,
            persistent,
            queue: VecDeque::new(),
            attempt: None,
            awaiting: VecSet::new(),
            applied_requests: VecMap::new(),
            kv: KvStore::default(),
            applied: 0,
            unacknowledged: VecMap::new(),
            unanswered_reminders: 0,
            batch_upto: VecMap::new(),
            changes: Changes::default(),
        };
        let durable = &node.persistent;
        node.changes.slots = VecSet::union_of_ascending(durable.acceptor.keys(), durable.decided.keys());
        node.apply_decided(&mut Out::new());
        node
    }

    fn rebooted(&self) -> Self {
        Self::boot(self.id, self.nodes, &self.config, self.persistent.clone())
    }

    /// A restarted node that accepted a value it never saw decided keeps a timer to finish
    /// it; one that knows decisions tells them again (it no longer knows who lacks them).
    fn on_start(&mut self, out: &mut Out<Self>) {
        if self.unfinished_slot().is_some() {
            self.arm_retry(out);
        }
        let others = self.others();
        if !self.persistent.decided.is_empty() && !others.is_empty() {
            self.unacknowledged = self
                .persistent
                .decided
                .keys()
                .map(|&slot| (slot, others.clone()))
                .collect();
            self.arm_remind(out);
        }
    }

    fn on_message(&mut self, from: NodeId, message: PaxosMessage, out: &mut Out<Self>) {
        match message {
            PaxosMessage::Prepare(m) => self.on_prepare(from, m, out),
            PaxosMessage::Promise(m) => self.on_promise(from, m, out),
            PaxosMessage::Accept(m) => self.on_accept(from, m, out),
            PaxosMessage::Accepted(m) => self.on_accepted(from, m, out),
            PaxosMessage::Nack(m) => self.on_nack(m, out),
            PaxosMessage::Decided(m) => self.on_decided(from, m, out),
            PaxosMessage::Learned(m) => self.on_learned(from, m, out),
        }
    }

    fn on_timer(&mut self, timer: PaxosTimer, out: &mut Out<Self>) {
        match timer {
            PaxosTimer::Retry => self.start_attempt(out),
            PaxosTimer::Remind => self.remind_learners(out),
        }
    }

    fn on_client_request(&mut self, request: ClientRequest, out: &mut Out<Self>) {
        if let Some(output) = self.applied_requests.get(&request.id) {
            out.reply(request.id, ClientReply::Done(output.clone()));
            return;
        }
        if self.queue.iter().any(|p| p.request == request.id) || self.awaiting.contains(&request.id) {
            return;
        }
        let proposal = Proposal {
            request: request.id,
            command: request.command,
        };
        self.changes.proposed.push(proposal.clone());
        self.queue.push_back(proposal);
        if self.attempt.is_none() {
            self.start_attempt(out);
        }
    }

    fn view(&self, up: bool) -> PaxosView {
        PaxosView::of(self, up)
    }

    fn checked(&mut self) {
        self.changes.slots.clear();
        self.changes.proposed.clear();
    }

    fn parse_command(_config: &PaxosConfig, text: &str) -> Result<Command, String> {
        Ok(parse_command(text))
    }

    fn leads(&self) -> bool {
        self.proposing().is_some()
    }

    fn hold_bugs(&mut self, held: bool) {
        self.config.bugs.hold(held);
    }

    /// Some up node reaches a majority (itself included) both ways.
    fn can_commit(nodes: &[NodeSlot<Self>], connected: &dyn Fn(NodeId, NodeId) -> bool) -> bool {
        <Self as crate::protocol::CouldCommit>::could_commit(nodes, connected)
    }
}

impl crate::protocol::CouldCommit for PaxosNode {
    /// Whether a value could be chosen now: some up node reaches a majority (itself included)
    /// both ways. `P` is the cluster's node type ([`PaxosNode`] or one that runs it).
    fn could_commit<P: crate::protocol::NodeOf<PaxosNode>>(
        nodes: &[crate::protocol::NodeSlot<P>],
        connected: &dyn Fn(NodeId, NodeId) -> bool,
    ) -> bool {
        nodes
            .iter()
            .filter(|n| n.up)
            .any(|p| crate::protocol::reaches_majority(nodes, p.state.node().id, connected))
    }
}
