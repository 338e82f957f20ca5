//! Progress (liveness): safety says nothing bad happens, progress says something good
//! eventually does — requests are answered, transactions decided, chosen values learned.
//!
//! No protocol promises progress while the faults it tolerates are exceeded (FLP), so
//! progress is judged only over *quiet windows*: stretches in which every node is up, the
//! network is whole (no partition, no cut link, no loss), nothing is held for delivery by
//! hand and timers run by themselves. After a quiet window of `W` virtual ms
//! ([`DEFAULT_LIVENESS_WINDOW_MS`] unless the scenario says otherwise) each protocol's
//! [`Progress`] properties must hold; a long quiet stretch is judged again every `W` ms.
//! Outside quiet windows nothing is a violation, but [`Progress::why_stuck`] says in
//! words why the protocol cannot progress (coordinator down, no majority reachable…).

use std::fmt;

use crate::protocol::Protocol;
use crate::protocol::Violation;
use crate::protocol::{ClientOp, NodeSlot};
use crate::types::{NodeId, Time};

/// The quiet window after which progress is judged, by default: 5 s, about twenty of
/// Raft's default election timeouts and five of a client's request timeouts.
pub const DEFAULT_LIVENESS_WINDOW_MS: Time = 5_000;

/// The quiet window a scenario's progress is judged over: its `liveness_window_ms` (0: no
/// progress checks), but never shorter than two client timeouts plus ten of the protocol's
/// longest timeouts, so that slow clients or slow timers set on purpose are never mistaken
/// for a protocol that stopped (with the default settings: 2 × 1000 + 10 × 300 = 5000 ms).
pub fn effective_window(window_ms: Time, client_timeout_ms: Time, longest_timeout_ms: Time) -> Time {
    if window_ms == 0 {
        return 0;
    }
    window_ms.max(
        client_timeout_ms
            .saturating_mul(2)
            .saturating_add(longest_timeout_ms.saturating_mul(10)),
    )
}

/// Requests Answered: every client request sent before (or as) a quiet window began has been
/// answered by its end (committed and applied, or aborted).
pub const REQUESTS_ANSWERED: &str = "Requests Answered";

/// The facts a progress judgment reads: the window and the cluster at its end.
pub struct Window<'a, P> {
    /// When the current quiet stretch began (every node up, the network whole).
    pub quiet_since: Time,
    /// When the window being judged began (`quiet_since` for the first window).
    pub from: Time,
    /// Its end: now.
    pub now: Time,
    /// Every node, in id order.
    pub nodes: &'a [NodeSlot<P>],
    /// The client operations of the run from the first still open on, in invocation
    /// order (every one before is answered).
    pub clients: &'a [ClientOp],
    /// A window in which some nodes are down (the network whole, no node crashing or
    /// restarting): see [`Progress::JUDGED_WITH_CRASHES`].
    pub with_crashes: bool,
}

impl<P> Window<'_, P> {
    /// A violation of `invariant` at the end of the window, involving `nodes`, whose
    /// sentence starts by saying how long everything had been whole.
    pub fn violation(&self, invariant: &'static str, nodes: Vec<NodeId>, what: String) -> Violation {
        let since = if self.with_crashes {
            let down: Vec<NodeId> = (1..=self.nodes.len() as NodeId)
                .filter(|&n| !self.nodes[n as usize - 1].up)
                .collect();
            format!(
                "the network was whole and no node crashed or restarted (since {} ms; {} down)",
                self.quiet_since,
                nodes_text(&down)
            )
        } else {
            format!(
                "every node was up and the network whole (since {} ms)",
                self.quiet_since
            )
        };
        Violation {
            invariant,
            time_ms: self.now,
            nodes,
            message: format!("{} after {since}, {what}", duration(self.now - self.quiet_since)),
        }
    }

    /// Requests Answered, shared by every protocol: requests sent before the window began
    /// and still open at its end. `what_waits` says, per open request, what it waits for.
    pub fn requests_answered(&self, found: &mut Vec<Violation>, what_waits: &dyn Fn(&ClientOp) -> String) {
        let open: Vec<&ClientOp> = self
            .clients
            .iter()
            .filter(|op| op.is_open() && op.invoked_ms <= self.from)
            .collect();
        let Some(first) = open.first() else {
            return;
        };
        let ids: Vec<String> = open.iter().map(|op| op.id.to_string()).collect();
        let what = format!(
            "{} {} still unanswered ({} `{}`, sent at {} ms, {})",
            if open.len() == 1 { "request" } else { "requests" },
            list(&ids),
            if open.len() == 1 { "it is" } else { "the first is" },
            first.command,
            first.invoked_ms,
            what_waits(first)
        );
        let mut targets: Vec<NodeId> = open.iter().map(|op| op.target).collect();
        targets.sort_unstable();
        targets.dedup();
        found.push(self.violation(REQUESTS_ANSWERED, targets, what));
    }
}

/// A protocol's progress properties and its reasons for being stuck (each protocol lists
/// its properties in its own `PROPERTIES`).
pub trait Progress<P: Protocol>: Clone + fmt::Debug {
    /// What the cluster has achieved now (taken when a window begins and again shortly
    /// before it ends, so a judgment never races the last heartbeat).
    fn mark(nodes: &[NodeSlot<P>]) -> Self;

    /// Pushes every property that does not hold at the end of `window`: `start` was taken
    /// when it began, `late` shortly before its end.
    fn judge(start: &Self, late: &Self, window: &Window<'_, P>, found: &mut Vec<Violation>);

    /// Why the cluster cannot make progress now, in words; `None` when it can.
    fn why_stuck(cluster: &Conditions<'_, P>) -> Option<String>;

    /// Whether the protocol promises progress with nodes down: it is then also judged
    /// over windows in which the network is whole, no node crashes or restarts and some
    /// are down ([`Progress::judge_with_crashes`]).
    const JUDGED_WITH_CRASHES: bool = false;

    /// Pushes every property that does not hold at the end of such a window.
    fn judge_with_crashes(_start: &Self, _late: &Self, _window: &Window<'_, P>, _found: &mut Vec<Violation>) {}
}

/// What [`Progress::why_stuck`] reads: the nodes, who can reach whom, since when the
/// crashed nodes are down.
pub struct Conditions<'a, P> {
    /// Every node, in id order.
    pub nodes: &'a [NodeSlot<P>],
    /// Whether a message from the first node can reach the second.
    pub connected: &'a dyn Fn(NodeId, NodeId) -> bool,
    /// Per node (index `id - 1`): since when it is down, if it is.
    pub down_since: &'a [Option<Time>],
}

impl<P> Conditions<'_, P> {
    /// How many up nodes `from` can exchange messages with, both ways (`from` included).
    pub fn reachable_from(&self, from: NodeId) -> usize {
        crate::protocol::reachable_from(self.nodes, from, self.connected)
    }

    /// "node 1's side reaches 2 of 5 nodes, no majority" for the up node that reaches
    /// the most nodes; `None` when some node reaches a majority.
    pub fn no_majority(&self) -> Option<String> {
        let total = self.nodes.len();
        let best = (1..=total as NodeId)
            .filter(|&n| self.nodes[n as usize - 1].up)
            .map(|n| (self.reachable_from(n), n))
            .max_by_key(|&(count, n)| (count, std::cmp::Reverse(n)));
        match best {
            None => Some("every node is down".into()),
            Some((count, _)) if count >= crate::types::majority(total as u32) => None,
            Some((count, node)) => Some(format!(
                "no majority: node {node}'s side reaches {count} of {total} nodes and {} are needed",
                crate::types::majority(total as u32)
            )),
        }
    }

    /// "down since 820 ms" for a crashed node, else "up".
    pub fn down_text(&self, node: NodeId) -> String {
        match self.down_since.get(node as usize - 1).copied().flatten() {
            Some(at) => format!("down since {at} ms"),
            None => "up".into(),
        }
    }
}

/// "5 s", "1.5 s" or "800 ms".
pub fn duration(ms: Time) -> String {
    if ms >= 1000 && ms.is_multiple_of(100) {
        let tenths = ms / 100;
        if tenths.is_multiple_of(10) {
            format!("{} s", tenths / 10)
        } else {
            format!("{}.{} s", tenths / 10, tenths % 10)
        }
    } else {
        format!("{ms} ms")
    }
}

pub use crate::words::list;

/// "node 2" or "nodes 2 and 3".
pub fn nodes_text(nodes: &[NodeId]) -> String {
    format!("{} {}", if nodes.len() == 1 { "node" } else { "nodes" }, list(nodes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_a_person_says_them() {
        assert_eq!(duration(5000), "5 s");
        assert_eq!(duration(1500), "1.5 s");
        assert_eq!(duration(820), "820 ms");
        assert_eq!(duration(1234), "1234 ms");
    }

    #[test]
    fn lists_join_with_and() {
        assert_eq!(list(&[2]), "2");
        assert_eq!(list(&[2, 3]), "2 and 3");
        assert_eq!(nodes_text(&[1, 2, 4]), "nodes 1, 2 and 4");
    }
}
