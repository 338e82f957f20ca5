//! The cluster as data (snapshots for views and scenario output) and the running
//! totals behind the comparison metrics.

use serde::Serialize;

use super::*;
use crate::display::{Display, NodeDisplay};

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
    /// Links cut in one direction only, each `[from, to]`: messages from the first to the
    /// second are lost, the other way they still arrive.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub one_way_cuts: Vec<[NodeId; 2]>,
    /// Whether messages wait to be delivered by hand.
    pub manual_network: bool,
}

/// Running totals the comparison metrics are made of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Usage {
    /// Messages put on the wire (each copy of a duplicated message counts).
    pub messages_sent: u64,
    /// Of those, keep-alive messages and the replies to them (Raft's heartbeats and their
    /// answers: [`crate::protocol::MessageKind::keep_alive`]). Invariant: at most
    /// `messages_sent`.
    pub keep_alive_sent: u64,
    /// Virtual time during which the cluster could not have committed a command.
    pub unavailable_ms: u64,
    /// Virtual time participants spent blocked, summed over participants and transactions.
    pub blocked_ms: u64,
    /// How far in time the totals are counted. Invariant: at most the simulation's time.
    pub counted_to: Time,
    /// How many times a node became leader (a Raft election won, a 2PC coordinator
    /// taking a transaction on...): each start of a leadership, the first included.
    pub leader_changes: u64,
    /// The highest term any node has reached, for a protocol with terms (Raft); `None`
    /// otherwise. Read from the nodes when the totals are asked for: a term never
    /// decreases and survives a crash, so the highest now is the highest ever.
    pub max_term: Option<u64>,
}

impl<P: Protocol> Simulation<P> {
    /// The running totals for the metrics, counted up to the current time.
    pub fn usage(&self) -> Usage {
        let mut usage = self.usage;
        self.count_until(&mut usage, self.time);
        usage.max_term = self.nodes.iter().filter_map(|n| n.state.term()).max();
        usage
    }

    /// Adds the time from `usage.counted_to` to `until`, during which the current state held.
    pub(super) fn count_until(&self, usage: &mut Usage, until: Time) {
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

    /// Counts a leadership that began in node `index + 1`'s last handler call (it did not
    /// lead before, `led`, and leads now), for the metrics.
    pub(super) fn count_leadership(&mut self, index: usize, led: bool) {
        if !led && self.nodes[index].state.leads() {
            self.usage.leader_changes += 1;
        }
    }

    /// Moves time to `time`, counting the metrics for the time that passed.
    pub(super) fn advance_time(&mut self, time: Time) {
        self.judge_progress_until(time);
        let mut usage = self.usage;
        self.count_until(&mut usage, time);
        self.usage = usage;
        self.time = self.time.max(time);
    }

    /// The messages on the wire as a view draws them, oldest first, with their contents.
    pub fn in_flight_views(&self) -> Vec<InFlightView> {
        self.in_flight_views_with(true)
    }

    /// The contents of in-flight message `id`, if it is on the wire.
    pub fn message_contents(&self, id: MessageId) -> Option<String> {
        self.wire
            .iter()
            .find(|m| m.id == id)
            .map(|m| crate::protocol::MessageKind::contents(&m.message))
    }

    /// The messages on the wire; `contents` false leaves their contents empty (an animation
    /// frame draws every message but shows the contents of one at most).
    pub fn in_flight_views_with(&self, contents: bool) -> Vec<InFlightView> {
        self.wire
            .iter()
            .map(|m| InFlightView {
                id: m.id,
                from: m.from,
                to: m.to,
                kind: crate::protocol::MessageKind::kind(&m.message),
                contents: if contents {
                    crate::protocol::MessageKind::contents(&m.message)
                } else {
                    String::new()
                },
                sent_ms: m.sent_at,
                deliver_ms: m.deliver_at,
            })
            .collect()
    }

    /// The cluster drawn the common way (every protocol's nodes as [`NodeDisplay`]s, what one
    /// node's state says of another's marked). Messages' contents are left empty (ask
    /// [`Simulation::message_contents`] for the one a reader looks at).
    pub fn display(&self) -> ClusterState<NodeDisplay> {
        let state = self.snapshot_with(false);
        let mut nodes: Vec<NodeDisplay> = state.nodes.iter().map(Display::display).collect();
        Display::mark_cluster(state.nodes.iter(), &mut nodes);
        ClusterState {
            time_ms: state.time_ms,
            nodes,
            in_flight: state.in_flight,
            timers: state.timers,
            partition: state.partition,
            cut_links: state.cut_links,
            one_way_cuts: state.one_way_cuts,
            manual_network: state.manual_network,
        }
    }

    /// The whole cluster as data.
    pub fn snapshot(&self) -> ClusterState<P::View> {
        self.snapshot_with(true)
    }

    /// The whole cluster as data; `contents` false leaves messages' contents empty.
    pub fn snapshot_with(&self, contents: bool) -> ClusterState<P::View> {
        ClusterState {
            time_ms: self.time,
            nodes: self.nodes.iter().map(|n| n.state.view(n.up)).collect(),
            in_flight: self.in_flight_views_with(contents),
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
            one_way_cuts: self.partition.one_way_cuts().into_iter().map(|(a, b)| [a, b]).collect(),
            manual_network: self.settings.network.manual,
        }
    }
}
