//! A Paxos node: proposer, acceptor and learner for every slot.

use std::collections::VecDeque;
use std::sync::Arc;

use serde::Serialize;

use crate::command::{Command, CommandOutput, KvStore};
use crate::paxos::message::{Ballot, PaxosMessage, Proposal};
use crate::paxos::note::PaxosNote;
use crate::protocol::NodeOf;
use crate::protocol::NodeSlot;
use crate::protocol::{ClientReply, ClientRequest, Out, Protocol};
use crate::types::{NodeId, RequestId, Time, majority};
use crate::vec_map::{VecMap, VecSet};

/// A log slot; each runs one single-decree Paxos instance. The first slot is 1.
pub type Slot = u64;

crate::bug_switches! {
    /// Rules of Paxos broken on purpose.
    pub enum PaxosBug for crate::protocol::ProtocolName::Paxos => {
        /// A proposer ignores the values reported in promises and proposes its own.
        IgnorePromisedValues = "ignore_promised_values",
            "a proposer ignores values acceptors already accepted and proposes its own",
            breaks "Paxos Made Simple §2.2 (P2c): a proposer must propose the value of the highest-numbered proposal among the promises";
        /// A refused proposer starts again at once with a higher ballot instead of pausing
        /// for a random time, so two proposers can keep preempting each other (a liveness
        /// bug: nothing unsafe happens, nothing is chosen either).
        RetryWithoutBackoff = "retry_without_backoff",
            "a refused proposer retries at once with a higher ballot instead of backing off for a random pause",
            breaks "Paxos Made Simple §2.4 (progress): competing proposers must be broken up, by one distinguished proposer or by random pauses, or they can preempt each other for ever";
    }
}

/// Settings shared by every node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaxosConfig {
    /// The range a proposer's retry and backoff pauses are drawn from.
    pub retry: (Time, Time),
    /// The bug switches that are on.
    pub bugs: crate::bug::Bugs<PaxosBug>,
}

/// An acceptor's state for one slot. Invariant: `accepted`'s ballot ≤ `promised`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AcceptorState {
    /// The highest ballot promised. Invariant: never decreases.
    pub promised: Option<Ballot>,
    /// The highest-ballot value accepted.
    pub accepted: Option<(Ballot, Proposal)>,
}

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

/// Where a proposer's current attempt is.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Phase {
    /// Collecting promises (with what each acceptor had accepted).
    Preparing(VecMap<NodeId, Option<(Ballot, Proposal)>>),
    /// Collecting acceptances of `value`.
    Accepting {
        value: Proposal,
        accepted_by: VecSet<NodeId>,
    },
}

/// A proposer's attempt to get a value chosen in one slot.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Attempt {
    slot: Slot,
    ballot: Ballot,
    /// The client value this proposer wants chosen; `None` when it only finishes a slot
    /// it accepted a value for.
    own: Option<Proposal>,
    phase: Phase,
}

/// One Paxos node.
#[derive(Clone, Debug)]
pub struct PaxosNode {
    pub(crate) id: NodeId,
    pub(crate) nodes: u32,
    pub(crate) config: PaxosConfig,
    pub(crate) persistent: PaxosPersistent,
    /// Client proposals waiting to be chosen, oldest first (volatile: clients retry).
    queue: VecDeque<Proposal>,
    /// Boxed: an attempt is the largest part of a node and most nodes have none, while
    /// every node of the one engine is as large as the largest protocol's.
    attempt: Option<Box<Attempt>>,
    /// Own proposals known to be chosen, waiting for their slot to be applied to answer the client.
    awaiting: VecSet<RequestId>,
    /// The output of every request applied, so a request chosen twice (a client retried it
    /// elsewhere) is applied once.
    applied_requests: VecMap<RequestId, CommandOutput>,
    /// The state machine over the decided prefix of the log.
    kv: KvStore,
    /// Slots `1..=applied` are applied to `kv`. Invariant: they are the whole decided
    /// prefix (slot `applied + 1` is not decided), since every decision is followed by
    /// `apply_decided`.
    applied: Slot,
    /// Decided slots whose decision this node is still telling: per slot, the learners
    /// that have not acknowledged it. Volatile: after a restart every decision this node
    /// knows is told again. Invariant: no empty set; every slot is in `decided`.
    unacknowledged: VecMap<Slot, VecSet<NodeId>>,
    /// Reminders sent in a row with no acknowledgement since (the reminder backs off).
    unanswered_reminders: u32,
    /// Per learner being caught up: the highest slot of the last batch of decisions sent
    /// to it. Once it has acknowledged the whole batch, the next batch goes out at once.
    /// Volatile.
    batch_upto: VecMap<NodeId, Slot>,
    /// Volatile: what changed since the checker last looked, so that it reads only that.
    /// Invariant: holds everything changed since the last [`Protocol::checked`]; after a
    /// boot, every slot the node knows.
    changes: Changes,
}

/// What a Paxos node's handlers changed since the checker last looked.
#[derive(Clone, Debug, Default)]
pub struct Changes {
    /// The slots whose acceptor state or decision changed, in order.
    pub slots: VecSet<Slot>,
    /// The client values this node was handed, in order.
    pub proposed: Vec<Proposal>,
}

/// The most decisions a reminder re-sends to one learner.
const REMIND_BATCH: usize = 4;

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

    fn first_undecided(&self) -> Slot {
        self.applied + 1
    }

    /// Every other node (the learners this one tells decisions to).
    fn others(&self) -> VecSet<NodeId> {
        (1..=self.nodes).filter(|&n| n != self.id).collect()
    }

    fn arm_retry(&self, out: &mut Out<Self>) {
        let (min, max) = self.config.retry;
        out.set_timer(PaxosTimer::Retry, min, max);
    }

    /// A slot this node accepted a value for but has not learned the outcome of (every slot
    /// below the first undecided one is decided, so the search starts there).
    fn unfinished_slot(&self) -> Option<Slot> {
        self.persistent
            .acceptor
            .range_from(&self.first_undecided())
            .find(|(slot, state)| state.accepted.is_some() && !self.persistent.decided.contains_key(slot))
            .map(|(slot, _)| *slot)
    }

    /// Phase 1 with a higher ballot: for the first slot not known to be decided when a
    /// client's value waits, or else to finish a slot this node accepted a value for
    /// (its proposer may have died), which can only end with a reported value.
    fn start_attempt(&mut self, out: &mut Out<Self>) {
        let (slot, value, own) = match (self.queue.front().cloned(), self.unfinished_slot()) {
            (Some(value), _) => (self.first_undecided(), value.clone(), Some(value)),
            (None, Some(slot)) => {
                let accepted = self.persistent.acceptor[&slot].accepted.clone();
                (
                    slot,
                    accepted.expect("an unfinished slot has an accepted value").1,
                    None,
                )
            }
            (None, None) => {
                self.attempt = None;
                return;
            }
        };
        self.persistent.max_round += 1;
        let ballot = Ballot(self.persistent.max_round, self.id);
        self.attempt = Some(Box::new(Attempt {
            slot,
            ballot,
            own,
            phase: Phase::Preparing(VecMap::new()),
        }));
        out.note(PaxosNote::Proposing {
            node: self.id,
            slot,
            ballot,
            value,
        });
        self.arm_retry(out);
        out.broadcast(1..=self.nodes, &PaxosMessage::Prepare { slot, ballot });
    }

    fn on_prepare(&mut self, from: NodeId, slot: Slot, ballot: Ballot, out: &mut Out<Self>) {
        if let Some(value) = self.persistent.decided.get(&slot) {
            let value = value.clone();
            out.send(from, PaxosMessage::Decided { slot, value });
            return;
        }
        let reply = match self.refusal(slot, ballot, out) {
            Some(nack) => nack,
            None => {
                let state = self
                    .persistent
                    .acceptor
                    .get_or_insert_with(slot, AcceptorState::default);
                state.promised = Some(ballot);
                let accepted = state.accepted.clone();
                self.changes.slots.insert(slot);
                out.note(PaxosNote::Promised {
                    node: self.id,
                    slot,
                    ballot,
                    accepted: accepted.clone(),
                });
                PaxosMessage::Promise { slot, ballot, accepted }
            }
        };
        out.send(from, reply);
    }

    fn on_promise(
        &mut self,
        from: NodeId,
        slot: Slot,
        ballot: Ballot,
        accepted: Option<(Ballot, Proposal)>,
        out: &mut Out<Self>,
    ) {
        let majority = majority(self.nodes);
        let ignore = self.config.bugs.has(PaxosBug::IgnorePromisedValues);
        let own = self.queue.front().cloned();
        let Some(attempt) = self.attempt.as_mut().filter(|a| a.slot == slot && a.ballot == ballot) else {
            return;
        };
        let Phase::Preparing(promises) = &mut attempt.phase else {
            return;
        };
        promises.insert(from, accepted);
        if promises.len() < majority {
            return;
        }
        let reported = promises
            .values()
            .flatten()
            .max_by_key(|(b, _)| *b)
            .map(|(_, v)| v.clone());
        let (value, adopted, ignored) = match (reported, own) {
            (Some(v), _) if !ignore => (v, true, None),
            (reported, Some(own)) => (own, false, reported),
            (Some(v), None) => (v, true, None),
            (None, None) => return,
        };
        attempt.phase = Phase::Accepting {
            value: value.clone(),
            accepted_by: VecSet::new(),
        };
        out.note(PaxosNote::AskingToAccept {
            node: self.id,
            slot,
            ballot,
            value: value.clone(),
            adopted,
            ignored,
        });
        out.broadcast(1..=self.nodes, &PaxosMessage::Accept { slot, ballot, value });
    }

    /// An acceptor's one rule for Prepare and Accept alike: a ballot below its promise is
    /// refused with a Nack naming the promise. Also remembers the highest round seen.
    fn refusal(&mut self, slot: Slot, ballot: Ballot, out: &mut Out<Self>) -> Option<PaxosMessage> {
        self.persistent.max_round = self.persistent.max_round.max(ballot.0);
        let promised = self.persistent.acceptor.get(&slot)?.promised.filter(|p| *p > ballot)?;
        out.note(PaxosNote::Refused {
            node: self.id,
            slot,
            ballot,
            promised,
        });
        Some(PaxosMessage::Nack { slot, ballot, promised })
    }

    fn on_accept(&mut self, from: NodeId, slot: Slot, ballot: Ballot, value: Proposal, out: &mut Out<Self>) {
        let reply = match self.refusal(slot, ballot, out) {
            Some(nack) => nack,
            None => {
                let state = self
                    .persistent
                    .acceptor
                    .get_or_insert_with(slot, AcceptorState::default);
                state.promised = Some(ballot);
                state.accepted = Some((ballot, value));
                self.changes.slots.insert(slot);
                out.note(PaxosNote::AcceptedValue {
                    node: self.id,
                    slot,
                    ballot,
                });
                if self.attempt.is_none() {
                    // If the proposer vanishes now, this node's timer finishes the slot.
                    self.arm_retry(out);
                }
                PaxosMessage::Accepted { slot, ballot }
            }
        };
        out.send(from, reply);
    }

    fn on_accepted(&mut self, from: NodeId, slot: Slot, ballot: Ballot, out: &mut Out<Self>) {
        let majority = majority(self.nodes);
        let Some(attempt) = self.attempt.as_mut().filter(|a| a.slot == slot && a.ballot == ballot) else {
            return;
        };
        let Phase::Accepting { value, accepted_by } = &mut attempt.phase else {
            return;
        };
        accepted_by.insert(from);
        if accepted_by.len() < majority {
            return;
        }
        let value = value.clone();
        out.note(PaxosNote::Chosen {
            node: self.id,
            slot,
            value: value.clone(),
        });
        self.tell_learners(slot, &value, out);
        self.learn(slot, value, out);
    }

    /// Tells every other learner what was chosen for `slot`, and keeps telling those that
    /// do not acknowledge it (Paxos Made Simple §2.3: the learners must find out; a
    /// message may be lost and a learner may be cut off or down).
    fn tell_learners(&mut self, slot: Slot, value: &Proposal, out: &mut Out<Self>) {
        let others = self.others();
        let decided = PaxosMessage::Decided {
            slot,
            value: value.clone(),
        };
        out.broadcast(others.iter().copied(), &decided);
        if !others.is_empty() {
            // Arm the reminder only when none is pending: re-arming at every new decision
            // would postpone it for ever under a steady load.
            if self.unacknowledged.is_empty() {
                self.arm_remind(out);
            }
            self.unacknowledged.insert(slot, others);
        }
    }

    /// Arms the reminder: 2–4 retry pauses, doubled once when a reminder in a row went
    /// unanswered, so a learner that stays down costs little and one that comes back
    /// hears again within 8 retry pauses (well inside a liveness window).
    fn arm_remind(&self, out: &mut Out<Self>) {
        let (_, max) = self.config.retry;
        let backoff = 1 << self.unanswered_reminders.min(1);
        out.set_timer(PaxosTimer::Remind, 2 * max * backoff, 4 * max * backoff);
    }

    /// The reminder timer fired: the lowest decisions not yet acknowledged go out again, at
    /// most [`REMIND_BATCH`] per learner — only one, a probe, when the last reminder went
    /// unanswered (the learner may be down) — and the next ones follow as soon as those
    /// are acknowledged.
    fn remind_learners(&mut self, out: &mut Out<Self>) {
        if self.unacknowledged.is_empty() {
            return;
        }
        let size = if self.unanswered_reminders > 0 { 1 } else { REMIND_BATCH };
        let mut batches: VecMap<NodeId, Vec<Slot>> = VecMap::new();
        for (&slot, waiting) in &self.unacknowledged {
            for &to in waiting {
                let batch = batches.get_or_insert_with(to, Vec::new);
                if batch.len() < size {
                    batch.push(slot);
                }
            }
        }
        let slots: VecSet<Slot> = batches.values().flatten().copied().collect();
        out.note(PaxosNote::RemindingLearners {
            node: self.id,
            slots: slots.iter().copied().collect(),
            learners: batches.keys().copied().collect(),
        });
        for (&to, slots) in batches.iter() {
            self.send_batch(to, slots, out);
        }
        self.unanswered_reminders += 1;
        self.arm_remind(out);
    }

    /// Sends the decisions of `slots` (ascending) to learner `to`, remembering the batch.
    fn send_batch(&mut self, to: NodeId, slots: &[Slot], out: &mut Out<Self>) {
        for &slot in slots {
            let value = self.persistent.decided[&slot].clone();
            out.send(to, PaxosMessage::Decided { slot, value });
        }
        if let Some(&last) = slots.last() {
            self.batch_upto.insert(to, last);
        }
    }

    /// Learner `from` acknowledged: if that completes the last batch it was sent and it
    /// still lacks decisions, the next batch goes out now (it is reachable again).
    fn continue_catch_up(&mut self, from: NodeId, out: &mut Out<Self>) {
        let Some(&upto) = self.batch_upto.get(&from) else {
            return;
        };
        let lacking: Vec<Slot> = self
            .unacknowledged
            .iter()
            .filter(|(_, waiting)| waiting.contains(&from))
            .map(|(slot, _)| *slot)
            .take(REMIND_BATCH)
            .collect();
        match lacking.first() {
            None => {
                self.batch_upto.remove(&from);
            }
            Some(&first) if first > upto => self.send_batch(from, &lacking, out),
            Some(_) => {}
        }
    }

    /// A learner acknowledged a decision.
    fn on_learned(&mut self, from: NodeId, slot: Slot, out: &mut Out<Self>) {
        if let Some(waiting) = self.unacknowledged.get_mut(&slot) {
            self.unanswered_reminders = 0;
            waiting.remove(&from);
            if waiting.is_empty() {
                self.unacknowledged.remove(&slot);
                if self.unacknowledged.is_empty() {
                    out.cancel_timer(PaxosTimer::Remind);
                }
            }
            self.continue_catch_up(from, out);
        }
    }

    /// A decision arrived: learn it and acknowledge it, even when already known (the
    /// sender keeps re-sending until it hears so).
    fn on_decided(&mut self, from: NodeId, slot: Slot, value: Proposal, out: &mut Out<Self>) {
        self.learn(slot, value, out);
        out.send(from, PaxosMessage::Learned { slot });
    }

    fn on_nack(&mut self, slot: Slot, ballot: Ballot, promised: Ballot, out: &mut Out<Self>) {
        self.persistent.max_round = self.persistent.max_round.max(promised.0);
        if self
            .attempt
            .as_ref()
            .is_some_and(|a| a.slot == slot && a.ballot == ballot)
        {
            self.attempt = None;
            if self.config.bugs.has(PaxosBug::RetryWithoutBackoff) {
                out.note(PaxosNote::RetryingAtOnce {
                    node: self.id,
                    slot,
                    higher: promised,
                });
                self.start_attempt(out);
                return;
            }
            out.note(PaxosNote::BackingOff {
                node: self.id,
                slot,
                higher: promised,
            });
            self.arm_retry(out);
        }
    }

    /// Records a chosen value, applies the decided prefix, answers the client whose value
    /// it is, and moves on to the next slot if this one was being proposed for.
    fn learn(&mut self, slot: Slot, value: Proposal, out: &mut Out<Self>) {
        if !self.persistent.decided.contains_key(&slot) {
            self.persistent.decided.insert(slot, value.clone());
            self.changes.slots.insert(slot);
        }
        if let Some(i) = self.queue.iter().position(|p| p.request == value.request) {
            self.queue.remove(i);
            self.awaiting.insert(value.request);
        }
        self.apply_decided(out);
        if self
            .attempt
            .as_ref()
            .is_some_and(|a| self.persistent.decided.contains_key(&a.slot))
        {
            self.attempt = None;
            if self.queue.is_empty() && self.unfinished_slot().is_none() {
                out.cancel_timer(PaxosTimer::Retry);
            } else {
                self.start_attempt(out);
            }
        }
    }

    /// Applies the decided prefix of the log in slot order; a client whose proposal is
    /// applied here is answered with its command's output.
    fn apply_decided(&mut self, out: &mut Out<Self>) {
        while let Some(proposal) = self.persistent.decided.get(&(self.applied + 1)) {
            let request = proposal.request;
            let output = match self.applied_requests.get(&request) {
                Some(output) => output.clone(),
                None => {
                    let output = self.kv.apply(&proposal.command);
                    self.applied_requests.insert(request, output.clone());
                    output
                }
            };
            self.applied += 1;
            if self.awaiting.remove(&request) {
                out.reply(request, ClientReply::Done(output));
            }
        }
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
        node.changes.slots = durable.acceptor.keys().chain(durable.decided.keys()).copied().collect();
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
            PaxosMessage::Prepare { slot, ballot } => self.on_prepare(from, slot, ballot, out),
            PaxosMessage::Promise { slot, ballot, accepted } => self.on_promise(from, slot, ballot, accepted, out),
            PaxosMessage::Accept { slot, ballot, value } => self.on_accept(from, slot, ballot, value, out),
            PaxosMessage::Accepted { slot, ballot } => self.on_accepted(from, slot, ballot, out),
            PaxosMessage::Nack { slot, ballot, promised } => self.on_nack(slot, ballot, promised, out),
            PaxosMessage::Decided { slot, value } => self.on_decided(from, slot, value, out),
            PaxosMessage::Learned { slot } => self.on_learned(from, slot, out),
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

    /// Some up node reaches a majority (itself included) both ways.
    fn leads(&self) -> bool {
        self.proposing().is_some()
    }

    fn can_commit(nodes: &[NodeSlot<Self>], connected: &dyn Fn(NodeId, NodeId) -> bool) -> bool {
        can_commit(nodes, connected)
    }
}

/// Any value can be agreed on; `set K V` and `get K` also drive the key-value state.
pub fn parse_command(text: &str) -> Command {
    Command::parse_or_value(text)
}

/// Whether a value could be chosen now: some up node reaches a majority (itself included)
/// both ways. `P` is the cluster's node type ([`PaxosNode`] or one that runs it).
pub(crate) fn can_commit<P: NodeOf<PaxosNode>>(
    nodes: &[NodeSlot<P>],
    connected: &dyn Fn(NodeId, NodeId) -> bool,
) -> bool {
    nodes
        .iter()
        .filter(|n| n.up)
        .any(|p| crate::protocol::reaches_majority(nodes, p.state.node().id, connected))
}

/// A Paxos node as snapshots show it (the scenario contract's Paxos NODE).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PaxosView {
    /// The node's id.
    pub id: NodeId,
    /// False while crashed.
    pub up: bool,
    /// Per slot: what the acceptor promised and accepted, and what the learner knows was decided.
    pub instances: VecMap<Slot, InstanceView>,
    /// The state machine over the decided prefix.
    pub kv: crate::vec_map::VecMap<Arc<str>, Arc<str>>,
    /// Client values waiting to be chosen.
    pub pending: Vec<Proposal>,
}

/// One slot of a [`PaxosView`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InstanceView {
    /// The highest ballot promised, as `[round, id]`.
    pub promised: Option<Ballot>,
    /// The highest-ballot value accepted.
    pub accepted: Option<AcceptedView>,
    /// The chosen value, once learned.
    pub decided: Option<Proposal>,
}

/// An accepted (ballot, value).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AcceptedView {
    /// The ballot, as `[round, id]`.
    pub ballot: Ballot,
    /// The value.
    pub value: Proposal,
}

impl PaxosView {
    /// The view of `node`.
    pub fn of(node: &PaxosNode, up: bool) -> Self {
        let durable = &node.persistent;
        let slots: VecSet<Slot> = durable.acceptor.keys().chain(durable.decided.keys()).copied().collect();
        let instances = slots
            .into_iter()
            .map(|slot| {
                let acceptor = durable.acceptor.get(&slot).cloned().unwrap_or_default();
                let view = InstanceView {
                    promised: acceptor.promised,
                    accepted: acceptor.accepted.map(|(ballot, value)| AcceptedView { ballot, value }),
                    decided: durable.decided.get(&slot).cloned(),
                };
                (slot, view)
            })
            .collect();
        Self {
            id: node.id,
            up,
            instances,
            kv: node.kv.values().clone(),
            pending: node.pending().cloned().collect(),
        }
    }
}
