//! A three-phase commit node: its state, timers and what survives a crash, and the
//! protocol's entry points, which hand each message to the coordinator's rules
//! (`coordinator.rs`), a participant's (`participant.rs`) or the termination protocol's
//! (`termination.rs`).

use crate::command::{Command, KvStore};
use crate::commit::{CommitRecords, Decision, Record, TxnId};
use crate::protocol::{ClientReply, ClientRequest, NodeFault, NodeSlot, Out, Protocol};
use crate::three_phase::config::{PARTICIPANT_PATIENCE, ThreePcConfig};
use crate::three_phase::message::ThreePcMessage;
use crate::three_phase::note::ThreePcNote;
use crate::three_phase::view::ThreePcView;
use crate::types::{NodeId, RequestId};
use crate::vec_map::{VecMap, VecSet};

/// A participant's state for one transaction (Skeen's states q, w, p, c, a).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxnState {
    /// Working on it; has not voted (q).
    Working,
    /// Voted Yes and does not know the outcome: uncertain (w).
    Prepared,
    /// Knows every vote was Yes; ready to commit (p).
    Precommitted,
    /// Committed (c).
    Committed,
    /// Aborted (a).
    Aborted,
}

impl TxnState {
    /// The state's name in views and messages.
    pub fn name(self) -> &'static str {
        match self {
            TxnState::Working => "working",
            TxnState::Prepared => "prepared",
            TxnState::Precommitted => "precommitted",
            TxnState::Committed => "committed",
            TxnState::Aborted => "aborted",
        }
    }

    /// Committed or aborted, once it is.
    pub fn outcome(self) -> Option<Decision> {
        match self {
            TxnState::Committed => Some(Decision::Commit),
            TxnState::Aborted => Some(Decision::Abort),
            _ => None,
        }
    }

    /// Waiting for an outcome that may still come (prepared or precommitted).
    pub fn waiting(self) -> bool {
        matches!(self, TxnState::Prepared | TxnState::Precommitted)
    }
}

/// Where the coordinator's log says a transaction stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Votes asked for, no decision (Skeen's w1).
    Waiting,
    /// Every vote was Yes and `PreCommit` went out (p1).
    Precommitted,
    /// Decided.
    Decided(Decision),
}

/// The coordinator's durable record of a transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoordinatorRecord {
    /// The write.
    pub command: Command,
    /// The client request that started it.
    pub request: RequestId,
    /// Where it stands. Invariant: moves only forward (Waiting, Precommitted, Decided)
    /// and a decision never changes.
    pub phase: Phase,
}

/// What survives a crash.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ThreePcPersistent {
    /// Coordinator: every transaction it started, by number.
    pub log: VecMap<TxnId, CoordinatorRecord>,
    /// Participant: its state for each transaction it heard of, with the write.
    pub participant: VecMap<TxnId, (TxnState, Command)>,
    /// Participant: the committed writes.
    pub kv: KvStore,
    /// Participant: vote No on the next `CanCommit` (a `vote_no` step).
    pub vote_no_next: bool,
}

/// Timers, per transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ThreePcTimer {
    /// Coordinator: votes missing by now abort the transaction.
    Votes(TxnId),
    /// Coordinator: acknowledgements of `PreCommit` missing by now are taken for crashed
    /// participants, and the transaction commits.
    Acks(TxnId),
    /// Coordinator: re-send the decision to participants that have not acknowledged it.
    Resend(TxnId),
    /// A restarted coordinator that had precommitted: ask the participants again.
    Ask(TxnId),
    /// Participant: heard nothing for too long; run the termination protocol.
    Wait(TxnId),
    /// Termination: the states gathered by now decide.
    Collect(TxnId),
    /// Termination: acknowledgements of its `PreCommit` missing by now are taken for
    /// crashed participants, and the transaction commits.
    Finish(TxnId),
}

impl std::fmt::Display for ThreePcTimer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ThreePcTimer::Votes(t) => write!(f, "vote ({t})"),
            ThreePcTimer::Acks(t) => write!(f, "acks ({t})"),
            ThreePcTimer::Resend(t) => write!(f, "re-send ({t})"),
            ThreePcTimer::Ask(t) => write!(f, "ask ({t})"),
            ThreePcTimer::Wait(t) => write!(f, "wait ({t})"),
            ThreePcTimer::Collect(t) => write!(f, "collect states ({t})"),
            ThreePcTimer::Finish(t) => write!(f, "finish ({t})"),
        }
    }
}

/// A termination under way at this participant (volatile: a participant that crashes
/// mid-termination starts again when it next times out).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Termination {
    /// The states the other participants reported.
    pub(super) replies: VecMap<NodeId, TxnState>,
    /// Those of them that are recovering (they may not lead a termination).
    pub(super) recovering: VecSet<NodeId>,
    /// Once it sent `PreCommit` to the uncertain ones: those that have not acknowledged.
    pub(super) precommitting: Option<VecSet<NodeId>>,
}

/// One node: the coordinator or a participant.
#[derive(Clone, Debug)]
pub struct ThreePcNode {
    pub(super) id: NodeId,
    pub(super) nodes: u32,
    pub(super) config: ThreePcConfig,
    pub(super) persistent: ThreePcPersistent,
    /// Coordinator (volatile): Yes votes received, per transaction waiting for votes.
    pub(super) yes_votes: VecMap<TxnId, VecSet<NodeId>>,
    /// Coordinator (volatile): participants that acknowledged the transaction's current
    /// phase (`PreCommit` while precommitted, then the decision).
    pub(super) acks: VecMap<TxnId, VecSet<NodeId>>,
    /// Coordinator (volatile index of `persistent.log`): the transaction each client
    /// request started. Invariant: exactly the log's (request, transaction) pairs.
    pub(super) txn_of_request: VecMap<RequestId, TxnId>,
    /// Participant (volatile): the terminations it runs.
    pub(super) terminations: VecMap<TxnId, Termination>,
    /// Participant (volatile): the transactions it was waiting on when it restarted. It
    /// failed while they were open, so others may have decided them while it was down: it
    /// may not decide them in a termination, only learn their outcome (Skeen: the
    /// termination protocol is run by the operational sites; a recovering site asks).
    /// Invariant: only transactions it is waiting on.
    pub(super) recovering: VecSet<TxnId>,
    /// Volatile: transactions `1..=decided_through` are all decided on this node.
    /// Invariant: the largest such number (decisions are final, so it only grows).
    pub(super) decided_through: TxnId,
    /// Volatile: the transactions whose durable record changed since the checker last
    /// looked. Invariant: holds every transaction changed since the last
    /// [`Protocol::checked`]; after a boot, every transaction the node knows.
    pub(super) changed: VecSet<TxnId>,
}

impl ThreePcNode {
    /// Whether this node is the coordinator.
    pub fn is_coordinator(&self) -> bool {
        self.id == self.config.coordinator
    }

    /// The durable state.
    pub fn durable(&self) -> &ThreePcPersistent {
        &self.persistent
    }

    /// Participant: its state for `txn` (working when it has not heard of it).
    pub fn state(&self, txn: TxnId) -> TxnState {
        self.persistent
            .participant
            .get(&txn)
            .map_or(TxnState::Working, |(s, _)| *s)
    }

    /// Whether this participant restarted while waiting on `txn`, and so may only learn
    /// its outcome, not decide it.
    pub fn is_recovering(&self, txn: TxnId) -> bool {
        self.recovering.contains(&txn)
    }

    /// The transactions this participant runs the termination protocol for.
    pub fn terminating(&self) -> impl Iterator<Item = TxnId> + '_ {
        self.terminations.keys().copied()
    }

    /// Every transaction up to this one is decided on this node.
    pub fn decided_through(&self) -> TxnId {
        self.decided_through
    }

    /// Whether this node holds a decision on `txn`.
    pub fn has_decided(&self, txn: TxnId) -> bool {
        if self.is_coordinator() {
            self.persistent
                .log
                .get(&txn)
                .is_some_and(|r| matches!(r.phase, Phase::Decided(_)))
        } else {
            self.state(txn).outcome().is_some()
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

    /// Sets `timer` to the coordinator's timeout.
    pub(super) fn set_timer(&self, timer: ThreePcTimer, out: &mut Out<Self>) {
        let (min, max) = self.config.timeout;
        out.set_timer(timer, min, max);
    }

    /// Sets a participant's `Wait` timer: it runs the termination protocol when it fires.
    pub(super) fn set_wait(&self, txn: TxnId, out: &mut Out<Self>) {
        let (min, max) = self.config.timeout;
        out.set_timer(
            ThreePcTimer::Wait(txn),
            min * PARTICIPANT_PATIENCE,
            max * PARTICIPANT_PATIENCE,
        );
    }
}

impl CommitRecords for ThreePcNode {
    fn node_id(&self) -> NodeId {
        self.id
    }

    fn changed_transactions(&self) -> Vec<TxnId> {
        self.changed.iter().copied().collect()
    }

    fn record(&self, txn: TxnId) -> Option<Record> {
        if self.is_coordinator() {
            return self.persistent.log.get(&txn).map(|r| {
                Record::Coordinator(match r.phase {
                    Phase::Decided(decision) => Some(decision),
                    _ => None,
                })
            });
        }
        let (state, _) = self.persistent.participant.get(&txn)?;
        Some(Record::Participant {
            yes: matches!(state, TxnState::Prepared | TxnState::Precommitted | TxnState::Committed),
            outcome: state.outcome(),
        })
    }
}

impl crate::protocol::CouldCommit for ThreePcNode {
    /// Whether a transaction could commit now: every node up and the coordinator reaching
    /// each participant both ways (three-phase commit needs every vote, as two-phase does).
    fn could_commit<P: crate::protocol::NodeOf<ThreePcNode>>(
        nodes: &[NodeSlot<P>],
        connected: &dyn Fn(NodeId, NodeId) -> bool,
    ) -> bool {
        let Some(coordinator) = nodes.first().map(|n| n.state.node().config.coordinator) else {
            return false;
        };
        let ids = nodes.iter().map(|n| (n.state.node().id, n.up));
        crate::commit::coordinator_reaches_all(ids, coordinator, connected)
    }
}

impl Protocol for ThreePcNode {
    type Message = ThreePcMessage;
    type Timer = ThreePcTimer;
    type Note = ThreePcNote;
    type Config = ThreePcConfig;
    type Persistent = ThreePcPersistent;
    type View = ThreePcView;
    type Checker = crate::three_phase::check::ThreePcChecker;
    type Progress = crate::three_phase::progress::ThreePcProgress;

    fn boot(id: NodeId, nodes: u32, config: &ThreePcConfig, persistent: ThreePcPersistent) -> Self {
        let txn_of_request = persistent.log.iter().map(|(&txn, r)| (r.request, txn)).collect();
        let changed = VecSet::union_of_ascending(persistent.log.keys(), persistent.participant.keys());
        let recovering = (persistent.participant.iter())
            .filter(|(_, (state, _))| state.waiting())
            .map(|(&txn, _)| txn)
            .collect();
        let mut node = Self {
            id,
            nodes,
            config: *config,
            persistent,
            yes_votes: VecMap::new(),
            acks: VecMap::new(),
            txn_of_request,
            terminations: VecMap::new(),
            recovering,
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
        // A participant that restarts uncertain waits, then asks the others the outcome.
        let waiting: Vec<TxnId> = self.recovering.iter().copied().collect();
        for txn in waiting {
            self.set_wait(txn, out);
        }
    }

    fn on_message(&mut self, from: NodeId, message: ThreePcMessage, out: &mut Out<Self>) {
        if self.is_coordinator() {
            self.on_coordinator_message(from, message, out);
            return;
        }
        match message {
            ThreePcMessage::CanCommit { txn, command } => self.on_can_commit(from, txn, command, out),
            ThreePcMessage::PreCommit { txn } => self.on_precommit(from, txn, out),
            ThreePcMessage::DoCommit { txn } => self.on_decision(from, txn, Decision::Commit, out),
            ThreePcMessage::Abort { txn } => self.on_decision(from, txn, Decision::Abort, out),
            ThreePcMessage::StateRequest { txn } => {
                let state = self.state(txn);
                let recovering = self.recovering.contains(&txn);
                out.send(from, ThreePcMessage::StateReply { txn, state, recovering });
            }
            ThreePcMessage::StateReply { txn, state, recovering } => {
                self.on_state_reply(from, txn, state, recovering, out)
            }
            ThreePcMessage::Ack { txn, state } => self.on_termination_ack(from, txn, state, out),
            ThreePcMessage::Vote { .. } => {}
        }
    }

    fn on_timer(&mut self, timer: ThreePcTimer, out: &mut Out<Self>) {
        match timer {
            ThreePcTimer::Votes(txn) => self.on_votes_timeout(txn, out),
            ThreePcTimer::Acks(txn) => self.on_acks_timeout(txn, out),
            ThreePcTimer::Resend(txn) => self.resend(txn, out),
            ThreePcTimer::Ask(txn) => self.ask(txn, out),
            ThreePcTimer::Wait(txn) => self.on_wait_timeout(txn, out),
            ThreePcTimer::Collect(txn) => self.conclude(txn, out),
            ThreePcTimer::Finish(txn) => self.on_finish_timeout(txn, out),
        }
    }

    fn on_client_request(&mut self, request: ClientRequest, out: &mut Out<Self>) {
        if self.is_coordinator() {
            self.begin(request, out);
        } else {
            let coordinator = self.config.coordinator;
            out.note(ThreePcNote::NotCoordinator {
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

    fn view(&self, up: bool) -> ThreePcView {
        ThreePcView::of(self, up)
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
        self.is_coordinator() || !self.terminations.is_empty()
    }

    fn hold_bugs(&mut self, held: bool) {
        self.config.bugs.hold(held);
    }

    /// The coordinator must be up and reach every participant, which must be up too.
    fn can_commit(nodes: &[NodeSlot<Self>], connected: &dyn Fn(NodeId, NodeId) -> bool) -> bool {
        <Self as crate::protocol::CouldCommit>::could_commit(nodes, connected)
    }

    fn parse_command(_config: &ThreePcConfig, text: &str) -> Result<crate::command::Command, String> {
        crate::commit::parse_write(text)
    }

    fn checked(&mut self) {
        self.changed.clear();
    }
}
