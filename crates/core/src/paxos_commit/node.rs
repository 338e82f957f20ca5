//! A Paxos Commit node: its state, timers and what survives a crash, and the protocol's
//! entry points, which hand each message to the leader's rules (`leader.rs`: the
//! coordinator's, and any node's taking over), a participant's (`participant.rs`) or an
//! acceptor's (`acceptor.rs`). A node may be several at once: node 1 is by default the
//! coordinator and an acceptor, nodes 2 and 3 participants and acceptors.

use serde::Serialize;

use crate::command::{Command, KvStore};
use crate::commit::{CommitRecords, Decision, Record, TxnId};
use crate::paxos_commit::config::PaxosCommitConfig;
use crate::paxos_commit::message::{Accepted, Ballot, PaxosCommitMessage, Vote};
use crate::paxos_commit::note::PaxosCommitNote;
use crate::paxos_commit::view::PaxosCommitView;
use crate::protocol::{ClientReply, ClientRequest, NodeFault, NodeSlot, Out, Protocol};
use crate::types::{NodeId, RequestId};
use crate::vec_map::{VecMap, VecSet};

/// A participant's state for one transaction (`PaxosCommit.tla`'s rmState).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum RmState {
    /// Working on it; has not voted.
    Working,
    /// Voted prepared (its ballot-0 `Phase2a`); waits for the decision.
    Prepared,
    /// Committed.
    Committed,
    /// Aborted.
    Aborted,
}

impl RmState {
    /// The state's name in views.
    pub fn name(self) -> &'static str {
        match self {
            RmState::Working => "working",
            RmState::Prepared => "prepared",
            RmState::Committed => "committed",
            RmState::Aborted => "aborted",
        }
    }

    /// Committed or aborted, once it is.
    pub fn outcome(self) -> Option<Decision> {
        match self {
            RmState::Committed => Some(Decision::Commit),
            RmState::Aborted => Some(Decision::Abort),
            _ => None,
        }
    }
}

/// The coordinator's durable record of a transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoordinatorRecord {
    /// The write.
    pub command: Command,
    /// The client request that started it.
    pub request: RequestId,
    /// The decision, once it is known. Invariant: never changes once set.
    pub decision: Option<Decision>,
}

/// An acceptor's durable state for one transaction's instances.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AcceptorTxn {
    /// The highest ballot (round 1 or more) promised in a `Phase1a` or accepted, for every
    /// instance of the transaction; `None`: only ballot-0 votes may be accepted.
    /// Invariant: never decreases.
    pub promised: Option<Ballot>,
    /// Per participant's instance: the ballot and value accepted last.
    /// Invariant: each ballot at least the previous one.
    pub accepted: VecMap<NodeId, (Ballot, Vote)>,
}

/// What survives a crash.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PaxosCommitPersistent {
    /// Coordinator: every transaction it began, by number.
    pub log: VecMap<TxnId, CoordinatorRecord>,
    /// Participant: its state for each transaction, with the write.
    pub participant: VecMap<TxnId, (RmState, Command)>,
    /// Acceptor: its promises and accepted values, per transaction.
    pub acceptor: VecMap<TxnId, AcceptorTxn>,
    /// Participant: the committed writes.
    pub kv: KvStore,
    /// Participant: vote aborted on the next `Prepare` (a `vote_no` step).
    pub vote_no_next: bool,
    /// The highest round this node has used to take over, so that it never uses a ballot
    /// twice. Invariant: never decreases.
    pub last_round: u32,
}

/// Timers, per transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PaxosCommitTimer {
    /// Coordinator: the instances are not all chosen by now; take over with a higher ballot.
    Votes(TxnId),
    /// Participant: prepared and no decision by now; take over.
    Wait(TxnId),
    /// A takeover that has not decided by now tries again with a higher ballot.
    Retry(TxnId),
    /// A leader that decided: tell the decision again to those that have not acknowledged it.
    Resend(TxnId),
}

impl std::fmt::Display for PaxosCommitTimer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PaxosCommitTimer::Votes(t) => write!(f, "votes ({t})"),
            PaxosCommitTimer::Wait(t) => write!(f, "wait ({t})"),
            PaxosCommitTimer::Retry(t) => write!(f, "retry ({t})"),
            PaxosCommitTimer::Resend(t) => write!(f, "re-send ({t})"),
        }
    }
}

/// What a leader (the coordinator for ballot 0, a node for its own ballot) has heard of
/// one transaction's instances.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Tally {
    /// Per (participant, ballot): the value and the acceptors that accepted it.
    pub(super) accepted: VecMap<(NodeId, Ballot), (Vote, VecSet<NodeId>)>,
    /// Per participant: the value chosen in its instance.
    pub(super) chosen: VecMap<NodeId, Vote>,
}

/// A takeover under way (volatile: after a crash the node starts again with a new round).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Takeover {
    /// Its ballot.
    pub(super) ballot: Ballot,
    /// The promises received: acceptor → what it had accepted.
    pub(super) promises: VecMap<NodeId, Vec<Accepted>>,
    /// Whether it has sent its `Phase2a`s.
    pub(super) proposed: bool,
}

/// One node: coordinator or participant, and maybe an acceptor.
#[derive(Clone, Debug)]
pub struct PaxosCommitNode {
    pub(super) id: NodeId,
    pub(super) nodes: u32,
    pub(super) config: PaxosCommitConfig,
    pub(super) persistent: PaxosCommitPersistent,
    /// Volatile: what this node learned of each transaction's instances, as a leader.
    pub(super) tallies: VecMap<TxnId, Tally>,
    /// Volatile: the takeovers this node runs.
    pub(super) takeovers: VecMap<TxnId, Takeover>,
    /// Volatile: per transaction this node decided as a leader, the nodes that
    /// acknowledged the decision.
    pub(super) acks: VecMap<TxnId, VecSet<NodeId>>,
    /// Volatile: the highest round seen in a refusal, so the next takeover goes higher.
    pub(super) highest_seen: u32,
    /// Coordinator (volatile index of `persistent.log`): the transaction each request started.
    pub(super) txn_of_request: VecMap<RequestId, TxnId>,
    /// Volatile: transactions `1..=decided_through` are all decided on this node.
    /// Invariant: the largest such number.
    pub(super) decided_through: TxnId,
    /// Volatile: the transactions whose durable records changed since the checker last
    /// looked. Invariant: every one changed since the last [`Protocol::checked`].
    pub(super) changed: VecSet<TxnId>,
}

impl PaxosCommitNode {
    /// Whether this node is the coordinator.
    pub fn is_coordinator(&self) -> bool {
        self.id == self.config.coordinator
    }

    /// Whether this node is an acceptor.
    pub fn is_acceptor(&self) -> bool {
        self.config.is_acceptor(self.id)
    }

    /// The durable state.
    pub fn durable(&self) -> &PaxosCommitPersistent {
        &self.persistent
    }

    /// The settings.
    pub fn config(&self) -> &PaxosCommitConfig {
        &self.config
    }

    /// Participant: its state for `txn` (working when it has not heard of it).
    pub fn state(&self, txn: TxnId) -> RmState {
        self.persistent
            .participant
            .get(&txn)
            .map_or(RmState::Working, |(s, _)| *s)
    }

    /// The transactions this node is taking over.
    pub fn taking_over(&self) -> impl Iterator<Item = TxnId> + '_ {
        self.takeovers.keys().copied()
    }

    /// The transactions whose durable records changed since the checker last looked.
    pub fn changed_transactions(&self) -> impl Iterator<Item = TxnId> + '_ {
        self.changed.iter().copied()
    }

    /// Every transaction up to this one is decided on this node.
    pub fn decided_through(&self) -> TxnId {
        self.decided_through
    }

    /// Whether this node holds a decision on `txn`.
    pub fn has_decided(&self, txn: TxnId) -> bool {
        self.decision(txn).is_some()
    }

    /// The decision this node holds on `txn` (the coordinator: in its log; a
    /// participant: committed or aborted).
    pub fn decision(&self, txn: TxnId) -> Option<Decision> {
        if self.is_coordinator() {
            self.persistent.log.get(&txn).and_then(|r| r.decision)
        } else {
            self.state(txn).outcome()
        }
    }

    pub(super) fn advance_decided_through(&mut self) {
        while self.has_decided(self.decided_through + 1) {
            self.decided_through += 1;
        }
    }

    /// The participants: every node but the coordinator.
    pub(super) fn participants(&self) -> impl Iterator<Item = NodeId> + use<> {
        let coordinator = self.config.coordinator;
        (1..=self.nodes).filter(move |&n| n != coordinator)
    }

    /// The acceptors: nodes `1..=acceptors`.
    pub(super) fn acceptors(&self) -> impl Iterator<Item = NodeId> + use<> {
        1..=self.config.acceptors
    }

    pub(super) fn set_timer(&self, timer: PaxosCommitTimer, out: &mut Out<Self>) {
        let (min, max) = self.config.timeout;
        match timer {
            // A participant waits longer than the coordinator, so the coordinator, when
            // it is up, finishes first.
            PaxosCommitTimer::Wait(_) => out.set_timer(timer, 2 * min, 2 * max),
            _ => out.set_timer(timer, min, max),
        }
    }
}

impl CommitRecords for PaxosCommitNode {
    fn node_id(&self) -> NodeId {
        self.id
    }

    fn changed_transactions(&self) -> Vec<TxnId> {
        self.changed.iter().copied().collect()
    }

    fn record(&self, txn: TxnId) -> Option<Record> {
        if self.is_coordinator() {
            return self.persistent.log.get(&txn).map(|r| Record::Coordinator(r.decision));
        }
        let (state, _) = self.persistent.participant.get(&txn)?;
        Some(Record::Participant {
            yes: matches!(state, RmState::Prepared | RmState::Committed),
            outcome: state.outcome(),
        })
    }
}

impl crate::protocol::CouldCommit for PaxosCommitNode {
    /// Whether a transaction could commit now: the coordinator up and reaching every
    /// participant, which must be up (each must vote), and a majority of acceptors.
    fn could_commit<P: crate::protocol::NodeOf<PaxosCommitNode>>(
        nodes: &[NodeSlot<P>],
        connected: &dyn Fn(NodeId, NodeId) -> bool,
    ) -> bool {
        let Some(config) = nodes.first().map(|n| *n.state.node().config()) else {
            return false;
        };
        let c = config.coordinator;
        let both = |a: NodeId, b: NodeId| a == b || (connected(a, b) && connected(b, a));
        let all = crate::commit::coordinator_reaches_all(nodes.iter().map(|n| (n.state.node().id, n.up)), c, connected);
        let acceptors = nodes
            .iter()
            .filter(|n| n.up && config.is_acceptor(n.state.node().id) && both(c, n.state.node().id))
            .count();
        all && acceptors >= config.majority()
    }
}

impl Protocol for PaxosCommitNode {
    type Message = PaxosCommitMessage;
    type Timer = PaxosCommitTimer;
    type Note = PaxosCommitNote;
    type Config = PaxosCommitConfig;
    type Persistent = PaxosCommitPersistent;
    type View = PaxosCommitView;
    type Checker = crate::paxos_commit::check::PaxosCommitChecker;
    type Progress = crate::paxos_commit::progress::PaxosCommitProgress;

    fn boot(id: NodeId, nodes: u32, config: &PaxosCommitConfig, persistent: PaxosCommitPersistent) -> Self {
        let txn_of_request = persistent.log.iter().map(|(&txn, r)| (r.request, txn)).collect();
        let mut changed = VecSet::union_of_ascending(persistent.log.keys(), persistent.participant.keys());
        for txn in persistent.acceptor.keys() {
            changed.insert(*txn);
        }
        let mut node = Self {
            id,
            nodes,
            config: *config,
            persistent,
            tallies: VecMap::new(),
            takeovers: VecMap::new(),
            acks: VecMap::new(),
            highest_seen: 0,
            txn_of_request,
            decided_through: 0,
            changed,
        };
        node.advance_decided_through();
        node
    }

    fn rebooted(&self) -> Self {
        Self::boot(self.id, self.nodes, &self.config, self.persistent.clone())
    }

    fn on_start(&mut self, out: &mut Out<Self>) {
        // Whatever this node was waiting to see decided, it waits for again, and takes
        // over if nothing comes.
        if self.is_coordinator() {
            let txns: Vec<(TxnId, bool)> = (self.persistent.log.iter())
                .map(|(&t, r)| (t, r.decision.is_some()))
                .collect();
            for (txn, decided) in txns {
                if decided {
                    // Tell it again: a participant may not have heard it.
                    self.acks.insert(txn, VecSet::new());
                    self.resend(txn, out);
                } else {
                    self.set_timer(PaxosCommitTimer::Votes(txn), out);
                }
            }
        } else {
            let open: Vec<TxnId> = (self.persistent.participant.iter())
                .filter(|(_, (s, _))| *s == RmState::Prepared)
                .map(|(&t, _)| t)
                .collect();
            for txn in open {
                self.set_timer(PaxosCommitTimer::Wait(txn), out);
            }
        }
    }

    fn on_message(&mut self, from: NodeId, message: PaxosCommitMessage, out: &mut Out<Self>) {
        match message {
            PaxosCommitMessage::Prepare { txn, command } => self.on_prepare(txn, command, out),
            PaxosCommitMessage::Phase1a { txn, ballot } => self.on_phase1a(from, txn, ballot, out),
            PaxosCommitMessage::Phase1b {
                txn,
                ballot,
                promised,
                accepted,
            } => self.on_phase1b(from, txn, ballot, promised, accepted, out),
            PaxosCommitMessage::Phase2a {
                txn,
                participant,
                ballot,
                vote,
            } => self.on_phase2a(txn, participant, ballot, vote, out),
            PaxosCommitMessage::Phase2b {
                txn,
                participant,
                ballot,
                vote,
            } => self.on_phase2b(from, txn, participant, ballot, vote, out),
            PaxosCommitMessage::Commit { txn } => self.on_outcome(from, txn, Decision::Commit, out),
            PaxosCommitMessage::Abort { txn } => self.on_outcome(from, txn, Decision::Abort, out),
            PaxosCommitMessage::Ack { txn } => self.on_ack(from, txn, out),
        }
    }

    fn on_timer(&mut self, timer: PaxosCommitTimer, out: &mut Out<Self>) {
        match timer {
            PaxosCommitTimer::Votes(txn) | PaxosCommitTimer::Wait(txn) | PaxosCommitTimer::Retry(txn) => {
                if !self.has_decided(txn) {
                    self.take_over(txn, timer, out);
                }
            }
            PaxosCommitTimer::Resend(txn) => self.resend(txn, out),
        }
    }

    fn on_client_request(&mut self, request: ClientRequest, out: &mut Out<Self>) {
        if self.is_coordinator() {
            self.begin(request, out);
        } else {
            let coordinator = self.config.coordinator;
            out.note(PaxosCommitNote::NotCoordinator {
                node: self.id,
                coordinator,
            });
            out.reply(
                request.id,
                ClientReply::NotLeader {
                    leader: Some(coordinator),
                },
            );
        }
    }

    fn view(&self, up: bool) -> PaxosCommitView {
        PaxosCommitView::of(self, up)
    }

    fn on_fault(&mut self, fault: NodeFault, _out: &mut Out<Self>) -> Result<(), String> {
        match fault {
            NodeFault::VoteNo if self.is_coordinator() => {
                Err(format!("node {} is the coordinator; only participants vote", self.id))
            }
            NodeFault::VoteNo => {
                self.persistent.vote_no_next = true;
                Ok(())
            }
            NodeFault::TransferLeadership { .. } | NodeFault::Compact | NodeFault::ChangeMembers(_) => {
                Err(crate::commit::RAFT_ONLY.into())
            }
        }
    }

    fn leads(&self) -> bool {
        self.is_coordinator() || !self.takeovers.is_empty()
    }

    fn hold_bugs(&mut self, held: bool) {
        self.config.bugs.hold(held);
    }

    /// The coordinator up and reaching every participant, and a majority of acceptors.
    fn can_commit(nodes: &[NodeSlot<Self>], connected: &dyn Fn(NodeId, NodeId) -> bool) -> bool {
        <Self as crate::protocol::CouldCommit>::could_commit(nodes, connected)
    }

    fn parse_command(_config: &PaxosCommitConfig, text: &str) -> Result<Command, String> {
        crate::commit::parse_write(text)
    }

    fn checked(&mut self) {
        self.changed.clear();
    }
}
