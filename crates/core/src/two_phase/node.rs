//! A two-phase commit node: the coordinator's and the participants' rules.

use crate::vec_map::{VecMap, VecSet};

use crate::command::{Command, CommandOutput, KvStore};
use crate::protocol::NodeOf;
use crate::protocol::NodeSlot;
use crate::protocol::{ClientReply, ClientRequest, NodeFault, Out, Protocol};
use crate::two_phase::message::TwoPcMessage;
use crate::two_phase::note::TwoPcNote;
use crate::two_phase::view::TwoPcView;
use crate::types::{NodeId, RequestId, Time};

/// A transaction's number: 1, 2, … in the order clients start them.
pub type TxnId = u64;

/// What the coordinator decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Every participant voted Yes.
    Commit,
    /// A No, or a vote missing past the timeout.
    Abort,
}

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

crate::bug_switches! {
    /// Rules of two-phase commit broken on purpose.
    pub enum TwoPcBug for crate::protocol::ProtocolName::TwoPhaseCommit => {
        /// A prepared participant whose timeout fires aborts alone instead of waiting.
        ParticipantDecidesAlone = "participant_decides_alone",
            "a prepared participant aborts alone when its timeout fires",
            breaks "TwoPhase: a participant that voted Yes is prepared and may only learn the decision from the coordinator";
        /// A restarting coordinator leaves the transactions it began but did not decide
        /// undecided, so their prepared participants wait for ever (a liveness bug).
        CoordinatorForgetsUndecided = "coordinator_forgets_undecided",
            "a restarted coordinator leaves undecided the transactions it had not decided before its crash",
            breaks "Two-phase commit recovery (presumed abort): a coordinator that restarts must abort every transaction it began and did not decide, or its prepared participants block for ever";
    }
}

/// Settings shared by every node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TwoPcConfig {
    /// The coordinator's id.
    pub coordinator: NodeId,
    /// The timeout range (vote timeout, re-send interval, status-query interval).
    pub timeout: (Time, Time),
    /// The bug switches that are on.
    pub bugs: crate::bug::Bugs<TwoPcBug>,
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
    pub(crate) id: NodeId,
    pub(crate) nodes: u32,
    pub(crate) config: TwoPcConfig,
    pub(crate) persistent: TwoPcPersistent,
    /// Coordinator (volatile): Yes votes received, per undecided transaction.
    pub(crate) yes_votes: VecMap<TxnId, VecSet<NodeId>>,
    /// Coordinator (volatile): acknowledgements received, per decided transaction.
    pub(crate) acks: VecMap<TxnId, VecSet<NodeId>>,
    /// Coordinator (volatile index of `persistent.log`): the transaction each client request
    /// started. Invariant: exactly the log's (request, transaction) pairs.
    txn_of_request: VecMap<RequestId, TxnId>,
    /// Participant (volatile index of `persistent.participant`): the transactions it is
    /// prepared for. Invariant: exactly those whose state is `Prepared`.
    prepared: VecSet<TxnId>,
    /// Volatile: transactions `1..=decided_through` are all decided on this node (the
    /// coordinator: its log holds their decisions; a participant: committed or aborted).
    /// Invariant: the largest such number (decisions are final, so it only grows).
    decided_through: TxnId,
    /// Volatile: the transactions whose durable record (the coordinator's log entry, a
    /// participant's state) changed since the checker last looked, so that it reads only
    /// those. Invariant: holds every transaction changed since the last
    /// [`Protocol::checked`]; after a boot, every transaction the node knows.
    changed: VecSet<TxnId>,
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
    fn advance_decided_through(&mut self) {
        while self.has_decided(self.decided_through + 1) {
            self.decided_through += 1;
        }
    }

    /// Participant: records `state` for `txn`, keeping the indexes true.
    fn set_participant_state(&mut self, txn: TxnId, state: ParticipantState, command: Command) {
        if state == ParticipantState::Prepared {
            self.prepared.insert(txn);
        } else {
            self.prepared.remove(&txn);
        }
        self.changed.insert(txn);
        self.persistent.participant.insert(txn, (state, command));
        self.advance_decided_through();
    }

    fn participants(&self) -> impl Iterator<Item = NodeId> + use<> {
        let coordinator = self.config.coordinator;
        (1..=self.nodes).filter(move |&n| n != coordinator)
    }

    fn set_timer(&self, timer: TwoPcTimer, out: &mut Out<Self>) {
        let (min, max) = self.config.timeout;
        out.set_timer(timer, min, max);
    }

    fn send_decision(&self, txn: TxnId, to: NodeId, out: &mut Out<Self>) {
        let message = match self.persistent.log[&txn].decision {
            Some(Decision::Commit) => TwoPcMessage::Commit { txn },
            Some(Decision::Abort) => TwoPcMessage::Abort { txn },
            None => return,
        };
        out.send(to, message);
    }

    // --- Coordinator ---

    fn begin(&mut self, request: ClientRequest, out: &mut Out<Self>) {
        // A client retrying a request it already started gets that transaction's decision.
        if let Some(txn) = self.txn_of_request.get(&request.id) {
            if let Some(decision) = self.persistent.log[txn].decision {
                out.reply(request.id, reply_for(decision));
            }
            return;
        }
        let txn = self.persistent.log.len() as TxnId + 1;
        self.persistent.log.insert(
            txn,
            CoordinatorRecord {
                command: request.command.clone(),
                request: request.id,
                decision: None,
            },
        );
        self.txn_of_request.insert(request.id, txn);
        self.changed.insert(txn);
        out.note(TwoPcNote::Began {
            node: self.id,
            txn,
            command: request.command.clone(),
        });
        self.yes_votes.insert(txn, VecSet::new());
        for to in self.participants() {
            let command = request.command.clone();
            out.send(to, TwoPcMessage::Prepare { txn, command });
        }
        if self.participants().next().is_none() {
            self.decide(txn, Decision::Commit, "it has no participant to wait for", out);
        } else {
            self.set_timer(TwoPcTimer::Votes(txn), out);
        }
    }

    fn on_vote(&mut self, from: NodeId, txn: TxnId, yes: bool, out: &mut Out<Self>) {
        let Some(record) = self.persistent.log.get(&txn) else {
            return;
        };
        if record.decision.is_some() {
            self.send_decision(txn, from, out);
            return;
        }
        if !yes {
            self.decide(txn, Decision::Abort, "a participant voted No", out);
            return;
        }
        let votes = self.yes_votes.get_or_insert_with(txn, VecSet::new);
        votes.insert(from);
        if votes.len() == self.participants().count() {
            self.decide(txn, Decision::Commit, "every participant voted Yes", out);
        }
    }

    fn decide(&mut self, txn: TxnId, decision: Decision, because: &'static str, out: &mut Out<Self>) {
        let record = self
            .persistent
            .log
            .get_mut(&txn)
            .expect("deciding a logged transaction");
        record.decision = Some(decision);
        let request = record.request;
        self.changed.insert(txn);
        self.advance_decided_through();
        self.yes_votes.remove(&txn);
        out.note(TwoPcNote::Decided {
            node: self.id,
            txn,
            decision,
            because,
        });
        out.reply(request, reply_for(decision));
        out.cancel_timer(TwoPcTimer::Votes(txn));
        self.acks.insert(txn, VecSet::new());
        self.resend(txn, out);
    }

    /// Sends the decision to every participant that has not acknowledged it, and re-arms.
    fn resend(&mut self, txn: TxnId, out: &mut Out<Self>) {
        let acked = self.acks.get_or_insert_with(txn, VecSet::new).clone();
        let waiting: Vec<NodeId> = self.participants().filter(|p| !acked.contains(p)).collect();
        for to in &waiting {
            self.send_decision(txn, *to, out);
        }
        if !waiting.is_empty() {
            self.set_timer(TwoPcTimer::Resend(txn), out);
        }
    }

    fn on_ack(&mut self, from: NodeId, txn: TxnId, out: &mut Out<Self>) {
        let acked = self.acks.get_or_insert_with(txn, VecSet::new);
        acked.insert(from);
        if acked.len() == self.participants().count() {
            out.cancel_timer(TwoPcTimer::Resend(txn));
        }
    }

    fn recover(&mut self, out: &mut Out<Self>) {
        let txns: Vec<(TxnId, Option<Decision>)> = self.persistent.log.iter().map(|(t, r)| (*t, r.decision)).collect();
        for (txn, logged) in txns {
            if logged.is_none() && self.config.bugs.has(TwoPcBug::CoordinatorForgetsUndecided) {
                out.note(TwoPcNote::LeftUndecided { node: self.id, txn });
                continue;
            }
            out.note(TwoPcNote::Recovered {
                node: self.id,
                txn,
                logged,
            });
            match logged {
                None => self.decide(txn, Decision::Abort, "no decision was logged before the crash", out),
                Some(_) => self.resend(txn, out),
            }
        }
    }

    // --- Participant ---

    fn on_prepare(&mut self, txn: TxnId, command: Command, out: &mut Out<Self>) {
        let coordinator = self.config.coordinator;
        let state = match self.persistent.participant.get(&txn) {
            Some((state, _)) => *state,
            None if self.persistent.vote_no_next => {
                self.persistent.vote_no_next = false;
                self.set_participant_state(txn, ParticipantState::Aborted, command);
                out.note(TwoPcNote::VotedNo { node: self.id, txn });
                ParticipantState::Aborted
            }
            None => {
                self.set_participant_state(txn, ParticipantState::Prepared, command);
                out.note(TwoPcNote::Prepared { node: self.id, txn });
                self.set_timer(TwoPcTimer::Status(txn), out);
                ParticipantState::Prepared
            }
        };
        let yes = matches!(state, ParticipantState::Prepared | ParticipantState::Committed);
        out.send(coordinator, TwoPcMessage::Vote { txn, yes });
    }

    fn on_decision(&mut self, txn: TxnId, decision: Decision, out: &mut Out<Self>) {
        let entry = self.persistent.participant.get(&txn).cloned();
        let (state, command) = match entry {
            Some(entry) => entry,
            None => (ParticipantState::Working, Command::Value("".into())),
        };
        let done = match decision {
            Decision::Commit => ParticipantState::Committed,
            Decision::Abort => ParticipantState::Aborted,
        };
        if state != done && matches!(state, ParticipantState::Prepared | ParticipantState::Working) {
            if done == ParticipantState::Committed {
                self.persistent.kv.apply(&command);
            }
            self.set_participant_state(txn, done, command);
            out.note(TwoPcNote::Applied {
                node: self.id,
                txn,
                decision,
            });
        }
        out.cancel_timer(TwoPcTimer::Status(txn));
        out.send(self.config.coordinator, TwoPcMessage::Ack { txn });
    }

    fn on_status_timeout(&mut self, txn: TxnId, out: &mut Out<Self>) {
        if !matches!(
            self.persistent.participant.get(&txn),
            Some((ParticipantState::Prepared, _))
        ) {
            return;
        }
        if self.config.bugs.has(TwoPcBug::ParticipantDecidesAlone) {
            if let Some((_, command)) = self.persistent.participant.get(&txn) {
                let command = command.clone();
                self.set_participant_state(txn, ParticipantState::Aborted, command);
            }
            out.note(TwoPcNote::DecidedAlone { node: self.id, txn });
            return;
        }
        let coordinator = self.config.coordinator;
        out.note(TwoPcNote::StillBlocked {
            node: self.id,
            txn,
            coordinator,
        });
        out.send(coordinator, TwoPcMessage::StatusQuery { txn });
        self.set_timer(TwoPcTimer::Status(txn), out);
    }
}

/// A transaction writes on every participant: only `set K V`.
pub fn parse_command(text: &str) -> Result<Command, String> {
    match Command::parse(text) {
        Ok(command @ Command::Set { .. }) => Ok(command),
        _ => Err(format!(
            "two-phase commit transactions write: expected `set KEY VALUE`, got {text:?}"
        )),
    }
}

/// Whether a transaction could commit now: every node up and the coordinator reaching each
/// participant both ways. `P` is the cluster's node type ([`TwoPcNode`] or one that runs it).
pub(crate) fn can_commit<P: NodeOf<TwoPcNode>>(
    nodes: &[NodeSlot<P>],
    connected: &dyn Fn(NodeId, NodeId) -> bool,
) -> bool {
    let Some(coordinator) = nodes.first().map(|n| n.state.node().config.coordinator) else {
        return false;
    };
    nodes.iter().all(|n| {
        let id = n.state.node().id;
        n.up && (id == coordinator || (connected(coordinator, id) && connected(id, coordinator)))
    })
}

fn reply_for(decision: Decision) -> ClientReply {
    match decision {
        Decision::Commit => ClientReply::Done(CommandOutput::Written),
        Decision::Abort => ClientReply::Aborted,
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
            TwoPcMessage::Prepare { txn, command } => self.on_prepare(txn, command, out),
            TwoPcMessage::Vote { txn, yes } if self.is_coordinator() => self.on_vote(from, txn, yes, out),
            TwoPcMessage::Commit { txn } => self.on_decision(txn, Decision::Commit, out),
            TwoPcMessage::Abort { txn } => self.on_decision(txn, Decision::Abort, out),
            TwoPcMessage::Ack { txn } if self.is_coordinator() => self.on_ack(from, txn, out),
            TwoPcMessage::StatusQuery { txn } if self.is_coordinator() => self.send_decision(txn, from, out),
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
        }
    }

    /// The coordinator must be up and reach every participant, which must be up too.
    fn leads(&self) -> bool {
        self.id == self.config.coordinator
    }

    fn can_commit(nodes: &[NodeSlot<Self>], connected: &dyn Fn(NodeId, NodeId) -> bool) -> bool {
        can_commit(nodes, connected)
    }

    fn parse_command(_config: &TwoPcConfig, text: &str) -> Result<Command, String> {
        parse_command(text)
    }

    fn blocked(&self) -> usize {
        self.prepared.len()
    }

    fn checked(&mut self) {
        self.changed.clear();
    }
}
