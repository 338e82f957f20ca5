//! [`Simulation`]: one cluster of protocol nodes on a simulated network, driven in virtual time.

use std::collections::{BTreeMap, VecDeque};

use serde::Serialize;
use thiserror::Error;

use crate::check::{Checker, Violation};
use crate::command::Command;
use crate::protocol::{ClientReply, ClientRequest, Effect, Out, Protocol};
use crate::sim::client::{Answer, ClientHistory, ClientPolicy};
use crate::sim::network::{InFlightView, MessageId, NetworkConfig, Partition, Wire};
use crate::sim::queue::EventQueue;
use crate::sim::rng::SimRng;
use crate::sim::trace::{DropReason, TraceEntry, TraceEvent};
use crate::types::{NodeId, RequestId, Time};

/// Everything about a run that is not the protocol's own configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct SimSettings {
    /// Cluster size; nodes are `1..=nodes`. Invariant: at least 1.
    pub nodes: u32,
    /// Seed of the one random generator.
    pub seed: u64,
    /// When true, timers fire only when asked ([`Simulation::fire_timer`]).
    pub manual_timers: bool,
    /// The network's behaviour.
    pub network: NetworkConfig,
    /// How the simulated client retries.
    pub client: ClientPolicy,
    /// Whether to keep the trace (off for benchmarks and exploration).
    pub record_trace: bool,
    /// Whether to run the invariant checker after every event.
    pub check: bool,
}

impl SimSettings {
    /// Settings for `nodes` nodes with everything else at its default.
    pub fn new(nodes: u32, seed: u64) -> Self {
        Self {
            nodes,
            seed,
            manual_timers: false,
            network: NetworkConfig::default(),
            client: ClientPolicy::default(),
            record_trace: true,
            check: true,
        }
    }
}

/// A node as the simulator holds it.
#[derive(Clone, Debug)]
pub struct NodeSlot<P> {
    /// The protocol state. For a crashed node: its persistent state with fresh volatile state.
    pub state: P,
    /// False while the node is crashed.
    pub up: bool,
}

/// Whether node `id` can exchange messages, both ways, with a majority of the cluster's
/// nodes that are up (itself included).
pub fn reaches_majority<P>(nodes: &[NodeSlot<P>], id: NodeId, connected: &dyn Fn(NodeId, NodeId) -> bool) -> bool {
    let reachable = (1..=nodes.len() as NodeId)
        .filter(|&n| nodes[n as usize - 1].up && (n == id || (connected(id, n) && connected(n, id))))
        .count();
    reachable >= crate::types::majority(nodes.len() as u32)
}

/// A pending timer of a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PendingTimer {
    set_at: Time,
    fires_at: Time,
    /// Matches the queue entry that fires it; a newer set or a cancel makes older entries stale.
    generation: u64,
}

/// A pending timer as a snapshot shows it (for the election-timer arc).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimerView {
    /// The node.
    pub node: NodeId,
    /// The timer's name.
    pub name: String,
    /// When it was set.
    pub set_ms: Time,
    /// When it fires (by itself with automatic timers).
    pub fires_ms: Time,
}

/// The whole cluster at one moment, as data for views and scenario output.
#[derive(Clone, Debug, Serialize)]
pub struct ClusterState<V> {
    /// The virtual time.
    pub time_ms: Time,
    /// Every node, in id order.
    pub nodes: Vec<V>,
    /// The messages on the wire, oldest first.
    pub in_flight: Vec<InFlightView>,
    /// Every pending timer.
    pub timers: Vec<TimerView>,
    /// The partition's groups; empty when the network is not split into groups.
    pub partition: Vec<Vec<NodeId>>,
    /// Links cut one by one, each `[smaller id, larger id]`.
    pub cut_links: Vec<[NodeId; 2]>,
    /// Whether messages wait to be delivered by hand.
    pub manual_network: bool,
}

/// Something asked of the simulation that cannot be done.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum SimError {
    /// No node has this id.
    #[error("there is no node {node} (nodes are 1 to {nodes})")]
    NoSuchNode {
        /// The id asked for.
        node: NodeId,
        /// The cluster size.
        nodes: u32,
    },
    /// No message matches.
    #[error("no message from {from} to {to} is in flight{}", position(*nth))]
    NoSuchMessage {
        /// The sender asked for.
        from: NodeId,
        /// The receiver asked for.
        to: NodeId,
        /// Which one, 1 = oldest.
        nth: usize,
    },
    /// No message has this id.
    #[error("message #{0} is not in flight")]
    NoMessageWithId(MessageId),
    /// A node was listed in two groups.
    #[error("node {0} is listed in more than one partition group")]
    NodeInTwoGroups(NodeId),
    /// The step does not apply to this protocol or node.
    #[error("{0}")]
    NotApplicable(String),
    /// Delivering messages kept causing new ones.
    #[error("the cluster did not stabilize after {0} deliveries")]
    DidNotStabilize(usize),
}

/// Whether a due event still means something: its message is in flight, its timer was not
/// reset or cancelled, its client is still waiting for that send.
fn due_is_live<T: Ord + Copy, M>(
    due: &Due<T>,
    wire: &Wire<M>,
    timers: &BTreeMap<(NodeId, T), PendingTimer>,
    clients: &ClientHistory,
) -> bool {
    match due {
        Due::Deliver(id) => wire.contains(*id),
        Due::Timer {
            node,
            timer,
            generation,
        } => timers
            .get(&(*node, *timer))
            .is_some_and(|t| t.generation == *generation),
        Due::ClientWake {
            request, generation, ..
        } => clients
            .get(*request)
            .is_some_and(|op| op.is_open() && op.generation == *generation),
    }
}

/// The network's settings in words, for the trace.
fn describe_network(n: &NetworkConfig) -> String {
    let delivery = if n.manual {
        "messages wait to be delivered by hand"
    } else {
        "messages arrive by themselves"
    };
    format!(
        "{delivery}; latency {} to {} ms, loss {}%, duplication {}%",
        n.latency.0,
        n.latency.1,
        n.loss * 100.0,
        n.duplicate * 100.0
    )
}

/// How a message pick beyond the oldest is described in an error.
fn position(nth: usize) -> String {
    match nth {
        1 => String::new(),
        _ => format!(" at position {nth} (oldest first)"),
    }
}

/// Something the event queue will make happen.
#[derive(Clone, Debug)]
enum Due<T> {
    Deliver(MessageId),
    Timer {
        node: NodeId,
        timer: T,
        generation: u64,
    },
    ClientWake {
        request: RequestId,
        generation: u64,
        wake: Wake,
    },
}

/// Why a client wakes up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wake {
    /// The node it sent to never answered: try the next node.
    TimedOut,
    /// It waited before re-sending to the target it already chose.
    Retry,
}

/// An input handed to a node's handler.
enum Input<P: Protocol> {
    Start(NodeId),
    Message {
        from: NodeId,
        to: NodeId,
        message: P::Message,
    },
    Timer {
        node: NodeId,
        timer: P::Timer,
    },
    Client {
        node: NodeId,
        request: RequestId,
    },
}

impl<P: Protocol> Input<P> {
    fn node(&self) -> NodeId {
        match self {
            Input::Start(node) | Input::Timer { node, .. } | Input::Client { node, .. } => *node,
            Input::Message { to, .. } => *to,
        }
    }
}

/// The most deliveries [`Simulation::stabilize`] makes before giving up.
const STABILIZE_LIMIT: usize = 1_000_000;

/// A simulated cluster running protocol `P`.
#[derive(Clone, Debug)]
pub struct Simulation<P: Protocol> {
    settings: SimSettings,
    config: P::Config,
    /// Invariant: never decreases.
    time: Time,
    rng: SimRng,
    /// Invariant: `nodes[i]` is node `i + 1`.
    nodes: Vec<NodeSlot<P>>,
    wire: Wire<P::Message>,
    partition: Partition,
    /// Invariant: only up nodes have timers.
    timers: BTreeMap<(NodeId, P::Timer), PendingTimer>,
    next_timer_generation: u64,
    queue: EventQueue<Due<P::Timer>>,
    clients: ClientHistory,
    trace: Vec<TraceEntry<P::Note>>,
    checker: P::Checker,
    violations: Vec<Violation>,
    /// Handler calls so far (deliveries, timer firings, client requests, starts).
    events: u64,
    /// Top-level occurrences so far: each scheduled event handled and each action applied
    /// from outside (a crash, a client request, a delivery by hand...). The positions of a
    /// timeline; several can share one virtual time.
    moments: u64,
    /// A reusable effect buffer; empty between handler calls.
    effects: Out<P>,
    /// Running totals for the comparison metrics.
    usage: Usage,
}

/// Running totals the comparison metrics are made of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Usage {
    /// Messages put on the wire (each copy of a duplicated message counts).
    pub messages_sent: u64,
    /// Virtual time during which the cluster could not have committed a command.
    pub unavailable_ms: u64,
    /// Virtual time participants spent blocked, summed over participants and transactions.
    pub blocked_ms: u64,
    /// How far in time the totals are counted. Invariant: at most the simulation's time.
    pub counted_to: Time,
}

impl<P: Protocol> Simulation<P> {
    /// Boots a cluster: node `i` starts from `initial[i - 1]` (missing entries: `P::Persistent::default()`).
    pub fn new(settings: SimSettings, config: P::Config, initial: Vec<P::Persistent>) -> Self
    where
        P::Persistent: Default,
    {
        let mut initial = initial.into_iter();
        let nodes = (1..=settings.nodes)
            .map(|id| NodeSlot {
                state: P::boot(id, settings.nodes, &config, initial.next().unwrap_or_default()),
                up: true,
            })
            .collect();
        let mut sim = Self {
            rng: SimRng::new(settings.seed),
            checker: P::Checker::new(settings.nodes),
            settings,
            config,
            time: 0,
            nodes,
            wire: Wire::default(),
            partition: Partition::default(),
            timers: BTreeMap::new(),
            next_timer_generation: 0,
            queue: EventQueue::default(),
            clients: ClientHistory::default(),
            trace: Vec::new(),
            violations: Vec::new(),
            events: 0,
            moments: 0,
            effects: Vec::new(),
            usage: Usage::default(),
        };
        for id in 1..=sim.settings.nodes {
            sim.run_inputs(VecDeque::from([Input::Start(id)]));
        }
        sim
    }

    /// The current virtual time.
    pub fn time(&self) -> Time {
        self.time
    }

    /// The settings the simulation was built with.
    pub fn settings(&self) -> &SimSettings {
        &self.settings
    }

    /// Turns the trace on or off from now on (off for benchmarks and exploration).
    pub fn set_record_trace(&mut self, on: bool) {
        self.settings.record_trace = on;
    }

    /// The protocol configuration.
    pub fn config(&self) -> &P::Config {
        &self.config
    }

    /// Every node, in id order.
    pub fn nodes(&self) -> &[NodeSlot<P>] {
        &self.nodes
    }

    /// Node `id`.
    pub fn node(&self, id: NodeId) -> Result<&NodeSlot<P>, SimError> {
        self.check_node(id)?;
        Ok(&self.nodes[id as usize - 1])
    }

    /// The messages on the wire, oldest first.
    pub fn in_flight(&self) -> impl Iterator<Item = &crate::sim::InFlight<P::Message>> {
        self.wire.iter()
    }

    /// The trace so far (empty when recording is off).
    pub fn trace(&self) -> &[TraceEntry<P::Note>] {
        &self.trace
    }

    /// Every invariant violation found so far, in the order found.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The client operations so far.
    pub fn clients(&self) -> &ClientHistory {
        &self.clients
    }

    /// How many handler calls the simulation has made.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// How many moments have passed: scheduled events handled plus actions applied from
    /// outside. A view's step-back and scrubbing move over moments.
    pub fn moments(&self) -> u64 {
        self.moments
    }

    /// The running totals for the metrics, counted up to the current time.
    pub fn usage(&self) -> Usage {
        let mut usage = self.usage;
        self.count_until(&mut usage, self.time);
        usage
    }

    /// Adds the time from `usage.counted_to` to `until`, during which the current state held.
    fn count_until(&self, usage: &mut Usage, until: Time) {
        let span = until.saturating_sub(usage.counted_to);
        if span == 0 {
            return;
        }
        let partition = &self.partition;
        if !P::can_commit(&self.nodes, &|a, b| partition.connects(a, b)) {
            usage.unavailable_ms += span;
        }
        let blocked: u64 = self
            .nodes
            .iter()
            .filter(|n| n.up)
            .map(|n| n.state.blocked() as u64)
            .sum();
        usage.blocked_ms += blocked * span;
        usage.counted_to = until;
    }

    /// Moves time to `time`, counting the metrics for the time that passed.
    fn advance_time(&mut self, time: Time) {
        let mut usage = self.usage;
        self.count_until(&mut usage, time);
        self.usage = usage;
        self.time = self.time.max(time);
    }

    /// Takes the trace recorded so far, leaving it empty.
    pub fn take_trace(&mut self) -> Vec<TraceEntry<P::Note>> {
        std::mem::take(&mut self.trace)
    }

    /// The current partition.
    pub fn partition(&self) -> &Partition {
        &self.partition
    }

    /// When the next scheduled event is due, if any (it may turn out stale).
    pub fn next_due(&self) -> Option<Time> {
        self.queue.peek_time()
    }

    /// When the next live scheduled event is due, if any. Discards stale events from the
    /// front of the queue, which changes nothing else: stale events never move time.
    pub fn next_live_due(&mut self) -> Option<Time> {
        let (wire, timers, clients) = (&self.wire, &self.timers, &self.clients);
        self.queue
            .discard_front_while(|due| !due_is_live(due, wire, timers, clients))
    }

    /// The whole cluster as data.
    pub fn snapshot(&self) -> ClusterState<P::View> {
        ClusterState {
            time_ms: self.time,
            nodes: self.nodes.iter().map(|n| n.state.view(n.up)).collect(),
            in_flight: self
                .wire
                .iter()
                .map(|m| InFlightView {
                    id: m.id,
                    from: m.from,
                    to: m.to,
                    kind: crate::protocol::MessageKind::kind(&m.message),
                    sent_ms: m.sent_at,
                    deliver_ms: m.deliver_at,
                })
                .collect(),
            timers: self
                .timers
                .iter()
                .map(|((node, timer), t)| TimerView {
                    node: *node,
                    name: timer.to_string(),
                    set_ms: t.set_at,
                    fires_ms: t.fires_at,
                })
                .collect(),
            partition: if self.partition.is_split() {
                self.partition.groups()
            } else {
                Vec::new()
            },
            cut_links: self.partition.cut_links().into_iter().map(|(a, b)| [a, b]).collect(),
            manual_network: self.settings.network.manual,
        }
    }

    /// Handles the next scheduled event, moving time forward to it.
    /// Returns false when nothing is scheduled.
    pub fn step(&mut self) -> bool {
        while let Some((at, due)) = self.queue.pop() {
            if self.is_live(&due) {
                self.advance_time(at);
                self.moments += 1;
                self.handle_due(due);
                return true;
            }
        }
        false
    }

    /// Advances virtual time by `ms`, handling every event due until then.
    pub fn run_for(&mut self, ms: Time) {
        let until = self.time.saturating_add(ms);
        while self.next_live_due().is_some_and(|at| at <= until) {
            self.step();
        }
        self.advance_time(until);
    }

    /// Fires node `id`'s earliest pending timer now. Returns false (and changes nothing)
    /// when the node is crashed or has no pending timer.
    pub fn fire_timer(&mut self, id: NodeId) -> Result<bool, SimError> {
        self.check_node(id)?;
        let earliest = self
            .timers
            .iter()
            .filter(|((node, _), _)| *node == id)
            .min_by_key(|((_, timer), t)| (t.fires_at, *timer))
            .map(|((_, timer), _)| *timer);
        let Some(timer) = earliest else {
            return Ok(false);
        };
        self.timers.remove(&(id, timer));
        self.moments += 1;
        self.fire(id, timer);
        Ok(true)
    }

    /// Delivers the `nth` oldest (1-based) in-flight message from `from` to `to` now.
    pub fn deliver_between(&mut self, from: NodeId, to: NodeId, nth: usize) -> Result<(), SimError> {
        let id = self.find_message(from, to, nth)?;
        self.deliver(id)
    }

    /// Drops the `nth` oldest (1-based) in-flight message from `from` to `to`.
    pub fn drop_between(&mut self, from: NodeId, to: NodeId, nth: usize) -> Result<(), SimError> {
        let id = self.find_message(from, to, nth)?;
        self.drop_message(id)
    }

    /// Delivers message `id` now (a partition or a crashed receiver still stops it).
    pub fn deliver(&mut self, id: MessageId) -> Result<(), SimError> {
        if !self.wire.contains(id) {
            return Err(SimError::NoMessageWithId(id));
        }
        self.moments += 1;
        self.deliver_now(id);
        Ok(())
    }

    fn deliver_now(&mut self, id: MessageId) {
        let message = self.wire.take(id).expect("checked by the caller");
        let reason = if !self.partition.connects(message.from, message.to) {
            Some(DropReason::Partitioned)
        } else if !self.nodes[message.to as usize - 1].up {
            Some(DropReason::ReceiverDown)
        } else {
            None
        };
        let kind = crate::protocol::MessageKind::kind(&message.message);
        let (from, to) = (message.from, message.to);
        if let Some(reason) = reason {
            self.record(TraceEvent::Dropped {
                id,
                from,
                to,
                kind,
                reason,
            });
            return;
        }
        self.record(TraceEvent::Delivered { id, from, to, kind });
        self.run_inputs(VecDeque::from([Input::Message {
            from,
            to,
            message: message.message,
        }]));
    }

    /// Removes message `id` from the wire without delivering it.
    pub fn drop_message(&mut self, id: MessageId) -> Result<(), SimError> {
        let message = self.wire.take(id).ok_or(SimError::NoMessageWithId(id))?;
        self.moments += 1;
        self.record(TraceEvent::Dropped {
            id,
            from: message.from,
            to: message.to,
            kind: crate::protocol::MessageKind::kind(&message.message),
            reason: DropReason::Dropped,
        });
        Ok(())
    }

    /// Delivers every in-flight message and those they cause, oldest first, until none
    /// is left. Fires no timer and does not move time. Returns how many were delivered.
    pub fn stabilize(&mut self) -> Result<usize, SimError> {
        let mut delivered = 0;
        while let Some(id) = self.wire.oldest() {
            if delivered == STABILIZE_LIMIT {
                return Err(SimError::DidNotStabilize(delivered));
            }
            self.deliver(id)?;
            delivered += 1;
        }
        Ok(delivered)
    }

    /// Crashes node `id`: it loses its volatile state and timers; messages to it are lost.
    pub fn crash(&mut self, id: NodeId) -> Result<(), SimError> {
        self.check_node(id)?;
        let slot = &mut self.nodes[id as usize - 1];
        if !slot.up {
            return Ok(());
        }
        slot.up = false;
        slot.state = P::boot(id, self.settings.nodes, &self.config, slot.state.persistent().clone());
        self.moments += 1;
        self.timers.retain(|(node, _), _| *node != id);
        self.record(TraceEvent::Crashed(id));
        self.check(id);
        Ok(())
    }

    /// Restarts a crashed node `id` from its persistent state.
    pub fn restart(&mut self, id: NodeId) -> Result<(), SimError> {
        self.check_node(id)?;
        let slot = &mut self.nodes[id as usize - 1];
        if slot.up {
            return Ok(());
        }
        slot.up = true;
        slot.state = P::boot(id, self.settings.nodes, &self.config, slot.state.persistent().clone());
        self.moments += 1;
        self.record(TraceEvent::Restarted(id));
        self.run_inputs(VecDeque::from([Input::Start(id)]));
        Ok(())
    }

    /// Splits the network into `groups`; a node in no group is alone.
    pub fn partition_into(&mut self, groups: &[Vec<NodeId>]) -> Result<(), SimError> {
        let mut seen = std::collections::BTreeSet::new();
        for &id in groups.iter().flatten() {
            self.check_node(id)?;
            if !seen.insert(id) {
                return Err(SimError::NodeInTwoGroups(id));
            }
        }
        let cut = self.partition.cut_links();
        self.partition = Partition::split(self.settings.nodes, groups);
        for (a, b) in cut {
            self.partition.cut_link(a, b);
        }
        self.moments += 1;
        self.record(TraceEvent::Partitioned(self.partition.groups()));
        Ok(())
    }

    /// Makes the network whole again: no groups, no cut link.
    pub fn heal(&mut self) {
        self.partition = Partition::default();
        self.moments += 1;
        self.record(TraceEvent::Healed);
    }

    /// Cuts the link between `a` and `b`: messages between them are lost both ways.
    pub fn cut_link(&mut self, a: NodeId, b: NodeId) -> Result<(), SimError> {
        self.check_node(a)?;
        self.check_node(b)?;
        self.partition.cut_link(a, b);
        self.moments += 1;
        self.record(TraceEvent::LinkCut(a.min(b), a.max(b)));
        Ok(())
    }

    /// Restores the link between `a` and `b`.
    pub fn restore_link(&mut self, a: NodeId, b: NodeId) -> Result<(), SimError> {
        self.check_node(a)?;
        self.check_node(b)?;
        self.partition.restore_link(a, b);
        self.moments += 1;
        self.record(TraceEvent::LinkRestored(a.min(b), a.max(b)));
        Ok(())
    }

    /// Changes the network for messages sent from now on. Switching from manual to
    /// automatic delivery gives each waiting message a delivery time from now.
    pub fn set_network(&mut self, network: NetworkConfig) {
        let to_auto = self.settings.network.manual && !network.manual;
        let description = describe_network(&network);
        self.settings.network = network;
        if to_auto {
            let waiting: Vec<MessageId> = self
                .wire
                .iter()
                .filter(|m| m.deliver_at.is_none())
                .map(|m| m.id)
                .collect();
            let (low, high) = self.settings.network.latency;
            for id in waiting {
                let at = self.time + self.rng.between(low, high);
                self.wire.set_deliver_at(id, at);
                self.queue.push(at, Due::Deliver(id));
            }
        }
        self.moments += 1;
        self.record(TraceEvent::NetworkChanged(description));
    }

    /// Injects a fault into node `id` (a crashed node ignores it).
    pub fn inject(&mut self, id: NodeId, fault: crate::protocol::NodeFault) -> Result<(), SimError> {
        self.check_node(id)?;
        let slot = &mut self.nodes[id as usize - 1];
        if !slot.up {
            return Ok(());
        }
        let mut out = std::mem::take(&mut self.effects);
        let result = slot.state.on_fault(fault, &mut out);
        self.moments += 1;
        let mut work = VecDeque::new();
        for effect in out.drain(..) {
            self.apply(id, effect, &mut work);
        }
        self.effects = out;
        self.run_inputs(work);
        self.check(id);
        result.map_err(SimError::NotApplicable)
    }

    /// A client sends `command` to node `id`; returns the request's id.
    pub fn client_request(&mut self, id: NodeId, command: Command) -> Result<RequestId, SimError> {
        self.check_node(id)?;
        self.moments += 1;
        let request = self.clients.invoke(command, id, self.time);
        let mut work = VecDeque::new();
        self.client_send(request, id, &mut work);
        self.run_inputs(work);
        Ok(request)
    }

    fn check_node(&self, id: NodeId) -> Result<(), SimError> {
        if id == 0 || id > self.settings.nodes {
            return Err(SimError::NoSuchNode {
                node: id,
                nodes: self.settings.nodes,
            });
        }
        Ok(())
    }

    fn find_message(&self, from: NodeId, to: NodeId, nth: usize) -> Result<MessageId, SimError> {
        self.check_node(from)?;
        self.check_node(to)?;
        self.wire
            .nth_between(from, to, nth)
            .ok_or(SimError::NoSuchMessage { from, to, nth })
    }

    fn record(&mut self, event: TraceEvent<P::Note>) {
        if self.settings.record_trace {
            self.trace.push(TraceEntry {
                time: self.time,
                moment: self.moments,
                event,
            });
        }
    }

    fn is_live(&self, due: &Due<P::Timer>) -> bool {
        due_is_live(due, &self.wire, &self.timers, &self.clients)
    }

    /// Handles one live due event.
    fn handle_due(&mut self, due: Due<P::Timer>) {
        match due {
            Due::Deliver(id) => self.deliver_now(id),
            Due::Timer { node, timer, .. } => {
                self.timers.remove(&(node, timer));
                self.fire(node, timer);
            }
            Due::ClientWake { request, wake, .. } => self.client_wake(request, wake),
        }
    }

    fn fire(&mut self, node: NodeId, timer: P::Timer) {
        self.record(TraceEvent::TimerFired {
            node,
            timer: timer.to_string(),
        });
        self.run_inputs(VecDeque::from([Input::Timer { node, timer }]));
    }

    /// Runs inputs to completion: messages a node sends itself join the work at once.
    fn run_inputs(&mut self, mut work: VecDeque<Input<P>>) {
        while let Some(input) = work.pop_front() {
            let node = input.node();
            let index = node as usize - 1;
            if !self.nodes[index].up {
                if let Input::Client { request, .. } = input {
                    self.client_wait(request, None, node);
                }
                continue;
            }
            let mut out = std::mem::take(&mut self.effects);
            let state = &mut self.nodes[index].state;
            match input {
                Input::Start(_) => state.on_start(&mut out),
                Input::Message { from, message, .. } => state.on_message(from, message, &mut out),
                Input::Timer { timer, .. } => state.on_timer(timer, &mut out),
                Input::Client { request, .. } => {
                    let command = self
                        .clients
                        .get(request)
                        .expect("client ops are never removed")
                        .command
                        .clone();
                    state.on_client_request(ClientRequest { id: request, command }, &mut out);
                }
            }
            for effect in out.drain(..) {
                self.apply(node, effect, &mut work);
            }
            self.effects = out;
            self.events += 1;
            self.check(node);
        }
    }

    fn check(&mut self, node: NodeId) {
        if self.settings.check {
            self.checker.check(self.time, &self.nodes, node, &mut self.violations);
        }
    }

    fn apply(&mut self, node: NodeId, effect: Effect<P::Message, P::Timer, P::Note>, work: &mut VecDeque<Input<P>>) {
        match effect {
            Effect::Send { to, message } if to == node => work.push_back(Input::Message {
                from: node,
                to,
                message,
            }),
            Effect::Send { to, message } => self.send(node, to, message),
            Effect::SetTimer { timer, min, max } => self.set_timer(node, timer, min, max),
            Effect::CancelTimer(timer) => {
                self.timers.remove(&(node, timer));
            }
            Effect::Reply { request, reply } => self.client_reply(node, request, reply, work),
            Effect::Note(note) => self.record(TraceEvent::Note { node, note }),
        }
    }

    fn set_timer(&mut self, node: NodeId, timer: P::Timer, min: Time, max: Time) {
        let fires_at = self.time + self.rng.between(min, max.max(min));
        let generation = self.next_timer_generation;
        self.next_timer_generation += 1;
        self.timers.insert(
            (node, timer),
            PendingTimer {
                set_at: self.time,
                fires_at,
                generation,
            },
        );
        if !self.settings.manual_timers {
            self.queue.push(
                fires_at,
                Due::Timer {
                    node,
                    timer,
                    generation,
                },
            );
        }
    }

    fn send(&mut self, from: NodeId, to: NodeId, message: P::Message) {
        let kind = crate::protocol::MessageKind::kind(&message);
        self.usage.messages_sent += 1;
        let network = &self.settings.network;
        if network.manual {
            let id = self.wire.put(from, to, message, self.time, None);
            self.record_sent(id, from, to, kind, false);
            return;
        }
        let (latency, loss, duplicate) = (network.latency, network.loss, network.duplicate);
        if self.rng.chance(loss) {
            let id = self.wire.put(from, to, message, self.time, None);
            self.wire.take(id);
            self.record_sent(id, from, to, kind, false);
            self.record(TraceEvent::Dropped {
                id,
                from,
                to,
                kind,
                reason: DropReason::Lost,
            });
            return;
        }
        let copies = if self.rng.chance(duplicate) { 2 } else { 1 };
        self.usage.messages_sent += copies - 1;
        for copy in 0..copies {
            let at = self.time + self.rng.between(latency.0, latency.1);
            let id = self.wire.put(from, to, message.clone(), self.time, Some(at));
            self.queue.push(at, Due::Deliver(id));
            self.record_sent(id, from, to, kind, copy == 1);
        }
    }

    fn record_sent(&mut self, id: MessageId, from: NodeId, to: NodeId, kind: &'static str, duplicate: bool) {
        self.record(TraceEvent::Sent {
            id,
            from,
            to,
            kind,
            duplicate,
        });
    }

    /// Sends request `request` to node `node` and arms the client's timeout.
    fn client_send(&mut self, request: RequestId, node: NodeId, work: &mut VecDeque<Input<P>>) {
        let timeout = self.settings.client.timeout_ms;
        let op = self.clients.get_mut(request).expect("client ops are never removed");
        op.attempts += 1;
        op.target = node;
        op.generation += 1;
        let (generation, command) = (op.generation, op.command.clone());
        let wake = Wake::TimedOut;
        self.queue.push(
            self.time + timeout,
            Due::ClientWake {
                request,
                generation,
                wake,
            },
        );
        self.record(TraceEvent::ClientSent { request, node, command });
        work.push_back(Input::Client { node, request });
    }

    /// The client waits, then re-sends to `leader` or else to the node after `node`.
    fn client_wait(&mut self, request: RequestId, leader: Option<NodeId>, node: NodeId) {
        let nodes = self.settings.nodes;
        let op = self.clients.get_mut(request).expect("client ops are never removed");
        op.hops = 0;
        op.target = leader.unwrap_or(node % nodes + 1);
        op.generation += 1;
        let generation = op.generation;
        let wake = Wake::Retry;
        self.queue.push(
            self.time + self.settings.client.retry_ms,
            Due::ClientWake {
                request,
                generation,
                wake,
            },
        );
    }

    /// A client's wait or timeout ended.
    fn client_wake(&mut self, request: RequestId, wake: Wake) {
        let nodes = self.settings.nodes;
        let op = self.clients.get(request).expect("client ops are never removed");
        let target = match wake {
            Wake::TimedOut => op.target % nodes + 1,
            Wake::Retry => op.target,
        };
        let mut work = VecDeque::new();
        self.client_send(request, target, &mut work);
        self.run_inputs(work);
    }

    fn client_reply(&mut self, node: NodeId, request: RequestId, reply: ClientReply, work: &mut VecDeque<Input<P>>) {
        let nodes = self.settings.nodes;
        let Some(op) = self.clients.get_mut(request) else {
            return;
        };
        if !op.is_open() {
            return;
        }
        let now = self.time;
        match &reply {
            ClientReply::Done(output) => {
                op.answer = Some(Answer {
                    at_ms: now,
                    output: Some(output.clone()),
                });
            }
            ClientReply::Aborted => {
                op.answer = Some(Answer {
                    at_ms: now,
                    output: None,
                })
            }
            ClientReply::NotLeader { .. } => {}
        }
        self.record(TraceEvent::ClientAnswered {
            request,
            node,
            reply: reply.clone(),
        });
        if let ClientReply::NotLeader { leader } = reply {
            let op = self.clients.get_mut(request).expect("checked above");
            match leader {
                Some(leader) if leader != node && op.hops < nodes => {
                    op.hops += 1;
                    self.client_send(request, leader, work);
                }
                _ => self.client_wait(request, leader, node),
            }
        }
    }
}
