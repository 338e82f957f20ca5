//! A two-phase commit node: its state, timers and what survives a crash, and the
//! protocol's entry points, which hand each message to the coordinator's rules
//! (`coordinator.rs`) or a participant's (`participant.rs`).

use crate::vec_map::{VecMap, VecSet};

use crate::command::{Command, KvStore};
use crate::protocol::NodeSlot;
use crate::protocol::{ClientReply, ClientRequest, NodeFault, Out, Protocol};
use crate::two_phase::config::TwoPcConfig;
use crate::two_phase::message::{Abort, Commit, StatusQuery, TwoPcMessage, TxnId};
use crate::two_phase::note::TwoPcNote;
use crate::two_phase::view::TwoPcView;
use crate::types::{NodeId, RequestId};

pub use crate::commit::Decision;

/// A participant's state for one transaction (Lamport's TwoPhase).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParticipantState {
    /// Working on it; has not voted.
    Working,
    /// Voted Yes; waits for the decision and may not decide alone.
    Prepared,
    /// Committed.
    Committed,
    /// Aborted.
    Aborted,
}

/// The coordinator's durable record of a transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoordinatorRecord {
    /// The write.
    pub command: Command,
    /// The client request that started it.
    pub request: RequestId,
    /// The decision, once recorded.
    pub decision: Option<Decision>,
}

/// What survives a crash.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TwoPcPersistent {
    /// Coordinator: every transaction it started, by number.
    pub log: VecMap<TxnId, CoordinatorRecord>,
    /// Participant: its state for each transaction it heard of, with the write.
    pub participant: VecMap<TxnId, (ParticipantState, Command)>,
    /// Participant: the committed writes (a database keeps them across crashes).
    pub kv: KvStore,
    /// Participant: vote No on the next Prepare (a `vote_no` step).
    pub vote_no_next: bool,
}

/// Timers, per transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TwoPcTimer {
    /// Coordinator: votes missing by now abort the transaction.
    Votes(TxnId),
    /// Coordinator: re-send the decision to participants that have not acknowledged.
    Resend(TxnId),
    /// Participant: prepared and still waiting; ask the coordinator again.
    Status(TxnId),
}

impl std::fmt::Display for TwoPcTimer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TwoPcTimer::Votes(t) => write!(f, "vote ({t})"),
            TwoPcTimer::Resend(t) => write!(f, "re-send ({t})"),
            TwoPcTimer::Status(t) => write!(f, "status ({t})"),
        }
    }
}

/// One node: the coordinator or a participant.
#[derive(Clone, Debug)]
pub struct TwoPcNode {
    pub(super) id: NodeId,
    pub(super) nodes: u32,
    pub(super) config: TwoPcConfig,
    pub(super) persistent: TwoPcPersistent,
    /// Coordinator (volatile): Yes votes received, per undecided transaction.
    pub(super) yes_votes: VecMap<TxnId, VecSet<NodeId>>,
    /// Coordinator (volatile): acknowledgements received, per decided transaction.
    pub(super) acks: VecMap<TxnId, VecSet<NodeId>>,
    /// Coordinator (volatile index of `persistent.log`): the transaction each client request
    /// started. Invariant: exactly the log's (request, transaction) pairs.
    pub(super) txn_of_request: VecMap<RequestId, TxnId>,
    /// Participant (volatile index of `persistent.participant`): the transactions it is
    /// prepared for. Invariant: exactly those whose state is `Prepared`.
    pub(super) prepared: VecSet<TxnId>,
    /// Volatile: transactions `1..=decided_through` are all decided on this node (the
    /// coordinator: its log holds their decisions; a participant: committed or aborted).
    /// Invariant: the largest such number (decisions are final, so it only grows).
    pub(super) decided_through: TxnId,
    /// Volatile: the transactions whose durable record (the coordinator's log entry, a
    /// participant's state) changed since the checker last looked, so that it reads only
    /// those. Invariant: holds every transaction changed since the last
    /// [`Protocol::checked`]; after a boot, every transaction the node knows.
    pub(super) changed: VecSet<TxnId>,
}

impl TwoPcNode {
    /// Whether this node is the coordinator.
    pub fn is_coordinator(&self) -> bool {
        self.id == self.config.coordinator
    }

    /// The durable state.
    pub fn durable(&self) -> &TwoPcPersistent {
        &self.persistent
    }

    /// Participant: the transactions it is prepared for, waiting for a decision it may not take alone.
    pub fn blocked_transactions(&self) -> impl Iterator<Item = TxnId> + '_ {
        self.prepared.iter().copied()
    }

    /// The transactions whose durable record changed since the checker last looked, in order.
    pub fn changed_transactions(&self) -> impl Iterator<Item = TxnId> + '_ {
        self.changed.iter().copied()
    }

    /// Every transaction up to this one is decided on this node (the coordinator: in its
    /// log; a participant: committed or aborted), and the next one is not.
    pub fn decided_through(&self) -> TxnId {
        self.decided_through
    }

    /// Whether this node holds a decision on `txn` (the coordinator: in its log; a
    /// participant: committed or aborted).
    pub fn has_decided(&self, txn: TxnId) -> bool {
        let durable = &self.persistent;
        if self.is_coordinator() {
            durable.log.get(&txn).is_some_and(|r| r.decision.is_some())
        } else {
            matches!(
                durable.participant.get(&txn),
                Some((ParticipantState::Committed | ParticipantState::Aborted, _))
            )
        }
    }

    /// Moves `decided_through` past every transaction decided now.
    pub(super) fn advance_decided_through(&mut self) {
        while self.has_decided(self.decided_through + 1) {
            self.decided_through += 1;
        }
    }

    pub(super) fn participants(&self) -> impl Iterator<Item = NodeId> + use<> {
        let coordinator = self.config.coordinator;
        (1..=self.nodes).filter(move |&n| n != coordinator)
    }

    pub(super) fn set_timer(&self, timer: TwoPcTimer, out: &mut Out<Self>) {
        let (min, max) = self.config.timeout;
        out.set_timer(timer, min, max);
    }
}

impl crate::commit::CommitRecords for TwoPcNode {
    fn node_id(&self) -> NodeId {
        self.id
    }

    fn changed_transactions(&self) -> Vec<TxnId> {
        self.changed.iter().copied().collect()
    }

    fn record(&self, txn: TxnId) -> Option<crate::commit::Record> {
        use crate::commit::Record;
        if self.is_coordinator() {
            return self.persistent.log.get(&txn).map(|r| Record::Coordinator(r.decision));
        }
        let (state, _) = self.persistent.participant.get(&txn)?;
        Some(match state {
            ParticipantState::Working => Record::Participant {
                yes: false,
                outcome: None,
            },
            ParticipantState::Prepared => Record::Participant {
                yes: true,
                outcome: None,
            },
            ParticipantState::Committed => Record::Participant {
                yes: true,
                outcome: Some(Decision::Commit),
            },
            ParticipantState::Aborted => Record::Participant {
                yes: false,
                outcome: Some(Decision::Abort),
            },
        })
    }
}

impl crate::protocol::CouldCommit for TwoPcNode {
    /// Whether a transaction could commit now: every node up and the coordinator reaching each
    /// participant both ways. `P` is the cluster's node type ([`TwoPcNode`] or one that runs it).
    fn could_commit<P: crate::protocol::NodeOf<TwoPcNode>>(
        nodes: &[crate::protocol::NodeSlot<P>],
        connected: &dyn Fn(NodeId, NodeId) -> bool,
    ) -> bool {
        let Some(coordinator) = nodes.first().map(|n| n.state.node().config.coordinator) else {
            return false;
        };
        let ids = nodes.iter().map(|n| (n.state.node().id, n.up));
        crate::commit::coordinator_reaches_all(ids, coordinator, connected)
    }
}

impl Protocol for TwoPcNode {
    type Message = TwoPcMessage;
    type Timer = TwoPcTimer;
    type Note = TwoPcNote;
    type Config = TwoPcConfig;
    type Persistent = TwoPcPersistent;
    type View = TwoPcView;
    type Checker = crate::two_phase::check::TwoPcChecker;
    type Progress = crate::two_phase::progress::TwoPcProgress;

    fn boot(id: NodeId, nodes: u32, config: &TwoPcConfig, persistent: TwoPcPersistent) -> Self {
        let txn_of_request = persistent.log.iter().map(|(&txn, r)| (r.request, txn)).collect();
        let prepared = (persistent.participant.iter())
            .filter(|(_, (state, _))| *state == ParticipantState::Prepared)
            .map(|(&txn, _)| txn)
            .collect();
        let changed = VecSet::union_of_ascending(persistent.log.keys(), persistent.participant.keys());
        let mut node = Self {
            id,
            nodes,
            config: *config,
            persistent,
            yes_votes: VecMap::new(),
            acks: VecMap::new(),
            txn_of_request,
            prepared,
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
        if self.is_coordinator() {
            self.recover(out);
            return;
        }
        let prepared: Vec<TxnId> = self.blocked_transactions().collect();
        for txn in prepared {
            self.set_timer(TwoPcTimer::Status(txn), out);
        }
    }

    fn on_message(&mut self, from: NodeId, message: TwoPcMessage, out: &mut Out<Self>) {
        match message {
            TwoPcMessage::Prepare(m) => self.on_prepare(m, out),
            TwoPcMessage::Vote(m) if self.is_coordinator() => self.on_vote(from, m, out),
            TwoPcMessage::Commit(Commit { txn }) => self.on_decision(txn, Decision::Commit, out),
            TwoPcMessage::Abort(Abort { txn }) => self.on_decision(txn, Decision::Abort, out),
            TwoPcMessage::Ack(m) if self.is_coordinator() => self.on_ack(from, m, out),
            TwoPcMessage::StatusQuery(StatusQuery { txn }) if self.is_coordinator() => {
                self.send_decision(txn, from, out)
            }
            _ => {}
        }
    }

    fn on_timer(&mut self, timer: TwoPcTimer, out: &mut Out<Self>) {
        match timer {
            TwoPcTimer::Votes(txn) => {
                if self.persistent.log.get(&txn).is_some_and(|r| r.decision.is_none()) {
                    self.decide(txn, Decision::Abort, "a vote was still missing at its timeout", out);
                }
            }
            TwoPcTimer::Resend(txn) => self.resend(txn, out),
            TwoPcTimer::Status(txn) => self.on_status_timeout(txn, out),
        }
    }

    fn on_client_request(&mut self, request: ClientRequest, out: &mut Out<Self>) {
        if self.is_coordinator() {
            self.begin(request, out);
        } else {
            let coordinator = self.config.coordinator;
            out.note(TwoPcNote::NotCoordinator {
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

    fn view(&self, up: bool) -> TwoPcView {
        TwoPcView::of(self, up)
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
        self.id == self.config.coordinator
    }

    fn hold_bugs(&mut self, held: bool) {
        self.config.bugs.hold(held);
    }

    /// The coordinator must be up and reach every participant, which must be up too.
    fn can_commit(nodes: &[NodeSlot<Self>], connected: &dyn Fn(NodeId, NodeId) -> bool) -> bool {
        <Self as crate::protocol::CouldCommit>::could_commit(nodes, connected)
    }

    fn parse_command(_config: &TwoPcConfig, text: &str) -> Result<Command, String> {
        crate::commit::parse_write(text)
    }

    fn blocked(&self) -> usize {
        self.prepared.len()
    }

    fn checked(&mut self) {
        self.changed.clear();
    }
}
