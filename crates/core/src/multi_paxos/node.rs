//! A Multi-Paxos node: its state, its timers and what survives a crash; the protocol's
//! entry points, which hand each message to the acceptor (`acceptor.rs`), the leader
//! (`leader.rs`) or the learner (`learner.rs`).

use crate::command::{Command, CommandOutput, KvStore};
use crate::multi_paxos::config::MultiPaxosConfig;
use crate::multi_paxos::message::{AcceptedEntry, Ballot, MultiPaxosMessage, Proposal, Slot, Value};
use crate::multi_paxos::note::MultiPaxosNote;
use crate::multi_paxos::view::MultiPaxosView;
use crate::protocol::{ClientReply, ClientRequest, NodeSlot, Out, Protocol};
use crate::types::{NodeId, RequestId};
use crate::vec_map::{VecMap, VecSet};

/// What survives a crash: the acceptor's promise and accepted values, the decisions
/// learned, and the highest round seen (so a new ballot is higher).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MultiPaxosPersistent {
    /// The ballot promised for every slot. Invariant: never decreases.
    pub promised: Option<Ballot>,
    /// Per slot: the highest-ballot value accepted. Invariant: every ballot ≤ `promised`.
    pub accepted: VecMap<Slot, (Ballot, Value)>,
    /// Per slot: the value learned chosen.
    pub decided: VecMap<Slot, Value>,
    /// The highest round seen in any ballot.
    pub max_round: u64,
}

/// Multi-Paxos's timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MultiPaxosTimer {
    /// Followers and candidates: no leader heard for a while, run phase 1.
    Leader,
    /// The leader: send heartbeats.
    Heartbeat,
}

impl std::fmt::Display for MultiPaxosTimer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MultiPaxosTimer::Leader => "leader timeout",
            MultiPaxosTimer::Heartbeat => "heartbeat",
        })
    }
}

/// A slot the leader proposed in and has not seen chosen yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InFlight {
    /// The value proposed.
    pub value: Value,
    /// The acceptors that accepted it in this ballot (the leader included).
    pub accepted_by: VecSet<NodeId>,
    /// When Accept was last sent for it: a heartbeat a full interval later sends it again
    /// to the acceptors that have not answered (messages can be lost).
    pub sent_at: crate::types::Time,
}

/// What the node is doing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// Follows the leader it last heard from (`None`: none yet).
    Follower {
        /// The leader, if known.
        leader: Option<NodeId>,
    },
    /// Runs phase 1 for every slot from `from_slot` on.
    Candidate {
        /// Its ballot.
        ballot: Ballot,
        /// Its first undecided slot when it began.
        from_slot: Slot,
        /// Per acceptor that promised (itself included): what it reported accepted.
        promises: VecMap<NodeId, Vec<AcceptedEntry>>,
    },
    /// Leads: phase 1 is done for every slot from its first undecided one on.
    Leader {
        /// Its ballot.
        ballot: Ballot,
        /// The next slot for a client command. Invariant: above every slot it proposed in.
        next_slot: Slot,
        /// The slots proposed in this ballot and not yet seen chosen.
        in_flight: VecMap<Slot, InFlight>,
    },
}

impl Role {
    /// The role's name as views spell it.
    pub fn name(&self) -> &'static str {
        match self {
            Role::Follower { .. } => "follower",
            Role::Candidate { .. } => "candidate",
            Role::Leader { .. } => "leader",
        }
    }
}

/// One Multi-Paxos node: proposer (when it leads), acceptor and learner.
#[derive(Clone, Debug)]
pub struct MultiPaxosNode {
    pub(super) id: NodeId,
    pub(super) nodes: u32,
    pub(super) config: MultiPaxosConfig,
    pub(super) persistent: MultiPaxosPersistent,
    pub(super) role: Role,
    /// Client requests this node, leading, has not yet put in a slot (volatile: clients retry).
    pub(super) queue: Vec<Proposal>,
    /// The state machine over the decided prefix.
    pub(super) kv: KvStore,
    /// Slots `1..=applied` are decided and applied to `kv`; slot `applied + 1` is not decided.
    pub(super) applied: Slot,
    /// The output of every request applied, so a request chosen twice (its client retried
    /// it at another leader) is applied once.
    pub(super) applied_requests: VecMap<RequestId, CommandOutput>,
    /// Requests this node must answer once applied (it proposed them).
    pub(super) awaiting: VecSet<RequestId>,
    /// What changed since the checker last looked. Invariant: holds every slot whose
    /// acceptor state or decision changed since the last [`Protocol::checked`], and every
    /// client value handed to this node; after a boot, every slot it knows.
    pub(super) changes: Changes,
}

/// What a node's handlers changed since the checker last looked.
#[derive(Clone, Debug, Default)]
pub struct Changes {
    /// The slots whose accepted value or decision changed, in order.
    pub slots: VecSet<Slot>,
    /// Whether the promise changed.
    pub promise: bool,
    /// The client values this node was handed.
    pub proposed: Vec<Proposal>,
}

impl MultiPaxosNode {
    /// The durable state.
    pub fn durable(&self) -> &MultiPaxosPersistent {
        &self.persistent
    }

    /// What this node's handlers changed since the checker last looked.
    pub fn changes(&self) -> &Changes {
        &self.changes
    }

    /// The role.
    pub fn role(&self) -> &Role {
        &self.role
    }

    /// Every slot up to this one is decided (and applied) on this node; the next is not.
    pub fn decided_prefix(&self) -> Slot {
        self.applied
    }

    /// The leader's ballot, while leading.
    pub fn leading_ballot(&self) -> Option<Ballot> {
        match &self.role {
            Role::Leader { ballot, .. } => Some(*ballot),
            _ => None,
        }
    }

    /// The leader this node believes in (itself when leading).
    pub fn known_leader(&self) -> Option<NodeId> {
        match &self.role {
            Role::Follower { leader } => *leader,
            Role::Candidate { .. } => None,
            Role::Leader { .. } => Some(self.id),
        }
    }

    /// Every other node, in id order.
    pub(super) fn others(&self) -> impl Iterator<Item = NodeId> + use<> {
        let me = self.id;
        (1..=self.nodes).filter(move |&n| n != me)
    }

    /// How many acceptors make a majority.
    pub(super) fn majority(&self) -> usize {
        crate::types::majority(self.nodes)
    }

    /// Restarts the leader timeout with a freshly drawn duration.
    pub(super) fn arm_leader_timer(&self, out: &mut Out<Self>) {
        let (min, max) = self.config.timeout;
        out.set_timer(MultiPaxosTimer::Leader, min, max);
    }

    /// Notes that the durable promise changed, for the checker.
    pub(super) fn promise_changed(&mut self) {
        self.changes.promise = true;
    }
}

impl Protocol for MultiPaxosNode {
    type Message = MultiPaxosMessage;
    type Timer = MultiPaxosTimer;
    type Note = MultiPaxosNote;
    type Config = MultiPaxosConfig;
    type Persistent = MultiPaxosPersistent;
    type View = MultiPaxosView;
    type Checker = crate::multi_paxos::check::MultiPaxosChecker;
    type Progress = crate::multi_paxos::progress::MultiPaxosProgress;

    fn boot(id: NodeId, nodes: u32, config: &MultiPaxosConfig, persistent: MultiPaxosPersistent) -> Self {
        let mut node = Self {
            id,
            nodes,
            config: *config,
            persistent,
            role: Role::Follower { leader: None },
            queue: Vec::new(),
            kv: KvStore::default(),
            applied: 0,
            applied_requests: VecMap::new(),
            awaiting: VecSet::new(),
            changes: Changes::default(),
        };
        let durable = &node.persistent;
        node.changes.slots = VecSet::union_of_ascending(durable.accepted.keys(), durable.decided.keys());
        node.changes.promise = durable.promised.is_some();
        node.apply_decided(&mut Out::new());
        node
    }

    fn rebooted(&self) -> Self {
        Self::boot(self.id, self.nodes, &self.config, self.persistent.clone())
    }

    fn on_start(&mut self, out: &mut Out<Self>) {
        self.arm_leader_timer(out);
    }

    fn on_message(&mut self, from: NodeId, message: MultiPaxosMessage, out: &mut Out<Self>) {
        match message {
            MultiPaxosMessage::Prepare { ballot, from_slot } => self.on_prepare(from, ballot, from_slot, out),
            MultiPaxosMessage::Promise {
                ballot,
                from_slot,
                accepted,
            } => self.on_promise(from, ballot, from_slot, accepted, out),
            MultiPaxosMessage::Accept {
                ballot,
                slot,
                value,
                decided,
            } => {
                self.on_accept(from, ballot, slot, value, out);
                self.learn_prefix(from, ballot, decided, out);
            }
            MultiPaxosMessage::Accepted { ballot, slot } => self.on_accepted(from, ballot, slot, out),
            MultiPaxosMessage::Nack { ballot, promised } => self.on_nack(from, ballot, promised, out),
            MultiPaxosMessage::Heartbeat { ballot, decided } => self.on_heartbeat(from, ballot, decided, out),
            MultiPaxosMessage::HeartbeatReply {
                ballot,
                decided,
                announced,
            } => self.on_heartbeat_reply(from, ballot, decided, announced, out),
            MultiPaxosMessage::Decided { slot, value } => self.on_decided(from, slot, value, out),
        }
    }

    fn on_timer(&mut self, timer: MultiPaxosTimer, out: &mut Out<Self>) {
        match (timer, &self.role) {
            (MultiPaxosTimer::Leader, Role::Leader { .. }) => {}
            (MultiPaxosTimer::Leader, _) => self.start_phase_1(out),
            (MultiPaxosTimer::Heartbeat, Role::Leader { .. }) => self.heartbeat(out),
            (MultiPaxosTimer::Heartbeat, _) => {}
        }
    }

    fn on_client_request(&mut self, request: ClientRequest, out: &mut Out<Self>) {
        if let Some(output) = self.applied_requests.get(&request.id) {
            out.reply(request.id, ClientReply::Done(output.clone()));
            return;
        }
        if !matches!(self.role, Role::Leader { .. }) {
            let leader = self.known_leader();
            out.note(MultiPaxosNote::Redirected { node: self.id, leader });
            out.reply(request.id, ClientReply::NotLeader { leader });
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
        self.queue.push(proposal);
        self.propose_queued(out);
    }

    fn view(&self, up: bool) -> MultiPaxosView {
        MultiPaxosView::of(self, up)
    }

    fn checked(&mut self) {
        self.changes.slots.clear();
        self.changes.proposed.clear();
        self.changes.promise = false;
    }

    fn parse_command(_config: &MultiPaxosConfig, text: &str) -> Result<Command, String> {
        Ok(Command::parse_or_value(text))
    }

    fn leads(&self) -> bool {
        matches!(self.role, Role::Leader { .. })
    }

    fn term(&self) -> Option<u64> {
        Some(self.persistent.max_round)
    }

    fn hold_bugs(&mut self, held: bool) {
        self.config.bugs.hold(held);
    }

    fn can_commit(nodes: &[NodeSlot<Self>], connected: &dyn Fn(NodeId, NodeId) -> bool) -> bool {
        <Self as crate::protocol::CouldCommit>::could_commit(nodes, connected)
    }
}

impl crate::protocol::CouldCommit for MultiPaxosNode {
    /// Whether a command could be chosen now: an up leader reaches a majority (itself
    /// included) both ways. `P` is the cluster's node type.
    fn could_commit<P: crate::protocol::NodeOf<MultiPaxosNode>>(
        nodes: &[crate::protocol::NodeSlot<P>],
        connected: &dyn Fn(NodeId, NodeId) -> bool,
    ) -> bool {
        nodes
            .iter()
            .filter(|n| n.up && n.state.node().leads())
            .any(|l| crate::protocol::reaches_majority(nodes, l.state.node().id, connected))
    }
}
