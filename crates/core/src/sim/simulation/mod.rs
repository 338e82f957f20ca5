//! [`Simulation`]: one cluster of protocol nodes on a simulated network, driven in virtual time.

use std::collections::VecDeque;

use crate::check::{Checker, Violation};
use crate::command::Command;
use crate::protocol::{ClientReply, ClientRequest, NodeSlot, Out, Protocol};
use crate::sim::client::{Answer, ClientHistory, ClientPolicy};
use crate::sim::network::{InFlightView, MessageId, NetworkConfig, Partition, Wire};
use crate::sim::queue::EventQueue;
use crate::sim::trace::{DropReason, TraceEntry, TraceEvent};
use crate::types::{NodeId, RequestId, Time};
use crate::vec_map::VecMap;

/// Everything about a run that is not the protocol's own configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct SimSettings {
    /// Cluster size; nodes are `1..=nodes`. Invariant: at least 1.
    pub nodes: u32,
    /// Seed of the random generators.
    pub seed: u64,
    /// One random stream for everything, or split draws per node and link and time.
    pub streams: crate::sim::StreamMode,
    /// When true, timers fire only when asked ([`Simulation::fire_timer`]).
    pub manual_timers: bool,
    /// The network's behaviour.
    pub network: NetworkConfig,
    /// How the simulated client retries.
    pub client: ClientPolicy,
    /// Whether to keep the trace (off for benchmarks and exploration).
    pub record_trace: bool,
    /// Whether to run the invariant checker after every event (and judge progress).
    pub check: bool,
    /// How long a quiet window lasts before progress is judged, in virtual ms; 0 turns
    /// progress checks off (see [`crate::check::progress`]).
    pub liveness_window_ms: Time,
}

impl SimSettings {
    /// Settings for `nodes` nodes with everything else at its default.
    pub fn new(nodes: u32, seed: u64) -> Self {
        Self {
            nodes,
            seed,
            streams: crate::sim::StreamMode::Shared,
            manual_timers: false,
            network: NetworkConfig::default(),
            client: ClientPolicy::default(),
            record_trace: true,
            check: true,
            liveness_window_ms: crate::check::progress::DEFAULT_LIVENESS_WINDOW_MS,
        }
    }
}

/// A pending timer of a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PendingTimer {
    set_at: Time,
    fires_at: Time,
    /// Matches the queue entry that fires it; a newer set or a cancel makes older entries stale.
    generation: u64,
}

/// Whether a due event still means something: its message is in flight, its timer was not
/// reset or cancelled, its client is still waiting for that send.
fn due_is_live<T: Ord + Copy, M>(
    due: &Due<T>,
    wire: &Wire<M>,
    timers: &VecMap<(NodeId, T), PendingTimer>,
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

mod clients;
mod effects;
mod error;
mod faults;
mod quiet;
mod state;

pub use error::SimError;
pub use state::{ClusterState, TimerView, Usage};

/// A simulated cluster running protocol `P`.
#[derive(Clone, Debug)]
pub struct Simulation<P: Protocol> {
    settings: SimSettings,
    config: P::Config,
    /// Invariant: never decreases.
    time: Time,
    rng: crate::sim::RandomStreams,
    /// Invariant: `nodes[i]` is node `i + 1`.
    nodes: Vec<NodeSlot<P>>,
    wire: Wire<P::Message>,
    partition: Partition,
    /// Invariant: only up nodes have timers.
    timers: VecMap<(NodeId, P::Timer), PendingTimer>,
    next_timer_generation: u64,
    queue: EventQueue<Due<P::Timer>>,
    clients: ClientHistory,
    trace: Vec<TraceEntry<P::Note>>,
    /// Trace entries made so far, kept or only counted: the index the next one gets in the
    /// run's whole trace. Counts only while the trace is on.
    traced: u64,
    /// While true (and the trace is on), entries are counted but not kept, and message
    /// contents are not put in words: a replay that skips to where a view looks.
    count_only: bool,
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
    /// While `Some(m)`, every bug switch is held back (acts as off) for events before
    /// moment `m`: the parting search's counterfactual runs.
    bugs_held_until: Option<u64>,
    /// Links `(from, to)` whose next sent message is dropped (`drop_next` with nothing in flight).
    armed_drops: Vec<(NodeId, NodeId)>,
    /// The quiet window under way, if everything is whole now.
    quiet: Option<quiet::QuietWindow<P::Progress>>,
    /// The window under way in which the network is whole but some node is down, for a
    /// protocol that promises progress then too ([`Progress::JUDGED_WITH_CRASHES`]).
    crash_quiet: Option<quiet::QuietWindow<P::Progress>>,
    /// When the last fault or network change happened.
    last_fault: Option<Time>,
    /// Per node (index `id - 1`): since when it is down. Invariant: `Some` exactly for crashed nodes.
    down_since: Vec<Option<Time>>,
    /// Why the protocol could not progress when the trace last said so.
    stuck_reported: Option<String>,
    /// While a node handles a keep-alive message: its sender, to whom what the node sends
    /// back is an answer to it (counted with the keep-alives). `None` otherwise.
    answering_keep_alive: Option<NodeId>,
}

impl<P: Protocol> Simulation<P> {
    /// Boots a cluster: node `i` starts from `initial[i - 1]` (missing entries: `P::Persistent::default()`).
    pub fn new(settings: SimSettings, config: P::Config, initial: Vec<P::Persistent>) -> Self
    where
        P::Persistent: Default,
    {
        let mut initial = initial.into_iter();
        let settings_nodes = settings.nodes;
        let nodes = (1..=settings.nodes)
            .map(|id| NodeSlot {
                state: P::boot(id, settings.nodes, &config, initial.next().unwrap_or_default()),
                up: true,
            })
            .collect();
        let mut sim = Self {
            rng: crate::sim::RandomStreams::new(settings.seed, settings.streams),
            checker: P::Checker::new(&config, settings.nodes),
            settings,
            config,
            time: 0,
            nodes,
            wire: Wire::default(),
            partition: Partition::default(),
            timers: VecMap::new(),
            next_timer_generation: 0,
            queue: EventQueue::default(),
            clients: ClientHistory::default(),
            trace: Vec::new(),
            traced: 0,
            count_only: false,
            violations: Vec::new(),
            events: 0,
            moments: 0,
            effects: Out::new(),
            usage: Usage::default(),
            bugs_held_until: None,
            armed_drops: Vec::new(),
            quiet: None,
            crash_quiet: None,
            last_fault: None,
            down_since: vec![None; settings_nodes as usize],
            stuck_reported: None,
            answering_keep_alive: None,
        };
        for id in 1..=sim.settings.nodes {
            sim.run_inputs(VecDeque::from([Input::Start(id)]));
        }
        sim.conditions_changed();
        sim.last_fault = None;
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

    /// While `on` (and the trace is on), trace entries are counted, not kept: a replay that
    /// skips ahead to where a view looks leaves the same state and the same count as one
    /// that kept every entry, at a fraction of the cost.
    pub fn set_count_trace_only(&mut self, on: bool) {
        self.count_only = on;
    }

    /// How many trace entries the run has made so far (while the trace was on), kept or
    /// only counted: the index in the whole trace of the next one.
    pub fn traced(&self) -> u64 {
        self.traced
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

    fn check_node(&self, id: NodeId) -> Result<(), SimError> {
        if id == 0 || id > self.settings.nodes {
            return Err(SimError::NoSuchNode {
                node: id,
                nodes: self.settings.nodes,
            });
        }
        Ok(())
    }

    fn record(&mut self, event: TraceEvent<P::Note>) {
        if self.settings.record_trace {
            self.traced += 1;
            if self.count_only {
                return;
            }
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
            self.hold_bugs_at(index, self.moments);
            let mut out = std::mem::take(&mut self.effects);
            out.set_now(self.time);
            let state = &mut self.nodes[index].state;
            let led = state.leads();
            match input {
                Input::Start(_) => state.on_start(&mut out),
                Input::Message { from, message, .. } => {
                    // What the node sends back while handling a keep-alive answers it.
                    if crate::protocol::MessageKind::keep_alive(&message) {
                        self.answering_keep_alive = Some(from);
                    }
                    state.on_message(from, message, &mut out)
                }
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
            self.count_leadership(index, led);
            for effect in out.drain() {
                self.apply(node, effect, &mut work);
            }
            self.answering_keep_alive = None;
            self.effects = out;
            self.events += 1;
            self.check(node);
        }
    }

    /// Holds the bug switches back until moment `until` (see `bugs_held_until`).
    pub fn hold_bugs_until(&mut self, until: u64) {
        self.bugs_held_until = Some(until);
    }

    /// Tells node `index + 1`, about to handle something at `moment`, whether its bug
    /// switches are held back.
    pub(super) fn hold_bugs_at(&mut self, index: usize, moment: u64) {
        if let Some(until) = self.bugs_held_until {
            self.nodes[index].state.hold_bugs(moment < until);
        }
    }

    fn check(&mut self, node: NodeId) {
        if self.settings.check {
            self.checker.check(self.time, &self.nodes, node, &mut self.violations);
        }
        self.nodes[node as usize - 1].state.checked();
    }
}
