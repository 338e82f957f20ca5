//! The simulated network: messages in flight, partitions, latency, loss and duplication.

use std::collections::VecDeque;

use serde::Serialize;

use crate::types::{NodeId, Time};
use crate::vec_map::VecMap;

/// A message's id, unique within a run and increasing in send order.
pub type MessageId = u64;

/// How the network behaves.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkConfig {
    /// Delivery delay range in ms, drawn per message (different draws reorder messages).
    /// Invariant: `latency.0 <= latency.1`.
    pub latency: (Time, Time),
    /// Probability that a sent message is lost. Invariant: in `0.0..=1.0`.
    pub loss: f64,
    /// Probability that a sent message is delivered twice. Invariant: in `0.0..=1.0`.
    pub duplicate: f64,
    /// When true, messages stay in flight until a step delivers or drops them.
    pub manual: bool,
}

impl Default for NetworkConfig {
    fn default() -> Self {
        Self {
            latency: (10, 20),
            loss: 0.0,
            duplicate: 0.0,
            manual: false,
        }
    }
}

/// A message on the wire, with what a view needs to animate it.
#[derive(Clone, Debug)]
pub struct InFlight<M> {
    /// The message's id.
    pub id: MessageId,
    /// The sender.
    pub from: NodeId,
    /// The receiver.
    pub to: NodeId,
    /// When it was sent.
    pub sent_at: Time,
    /// When it will arrive by itself; `None` in manual mode, where it waits for a step.
    pub deliver_at: Option<Time>,
    /// The message.
    pub message: M,
}

/// A message in flight as a snapshot shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InFlightView {
    /// The message's id (to drop or deliver it by id).
    pub id: MessageId,
    /// The sender.
    pub from: NodeId,
    /// The receiver.
    pub to: NodeId,
    /// The message type's name.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Its fields in the protocol's own names (`term=4 voteGranted=true`).
    pub contents: String,
    /// When it was sent.
    pub sent_ms: Time,
    /// When it arrives by itself, if the network is automatic.
    pub deliver_ms: Option<Time>,
}

/// Who can talk to whom: groups that cannot reach each other, and single cut links.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Partition {
    /// `group_of[id - 1]` is the group of node `id`; empty when there are no groups.
    group_of: Vec<u32>,
    /// Cut links, each as (smaller id, larger id); a cut link fails in both directions.
    cut: crate::vec_map::VecSet<(NodeId, NodeId)>,
    /// Links cut in one direction, each as (from, to): messages from `from` to `to` are lost.
    one_way: crate::vec_map::VecSet<(NodeId, NodeId)>,
}

fn link(a: NodeId, b: NodeId) -> (NodeId, NodeId) {
    (a.min(b), a.max(b))
}

impl Partition {
    /// Splits `nodes` nodes into `groups`; a node in no group is alone.
    pub fn split(nodes: u32, groups: &[Vec<NodeId>]) -> Self {
        let mut group_of: Vec<u32> = (0..nodes).map(|i| groups.len() as u32 + i).collect();
        for (g, members) in groups.iter().enumerate() {
            for &id in members {
                group_of[id as usize - 1] = g as u32;
            }
        }
        Self {
            group_of,
            cut: Default::default(),
            one_way: Default::default(),
        }
    }

    /// Whether a message from `from` can reach `to`.
    pub fn connects(&self, from: NodeId, to: NodeId) -> bool {
        self.joins(from, to) && !self.one_way.contains(&(from, to))
    }

    /// Whether no group boundary and no link cut both ways stands between `a` and `b`
    /// (one-way cuts aside).
    fn joins(&self, a: NodeId, b: NodeId) -> bool {
        let same_group = self.group_of.is_empty() || self.group_of[a as usize - 1] == self.group_of[b as usize - 1];
        same_group && !self.cut.contains(&link(a, b))
    }

    /// Whether the network is split into groups.
    pub fn is_split(&self) -> bool {
        !self.group_of.is_empty()
    }

    /// Whether every node can reach every other: no group apart and no link cut.
    pub fn is_whole(&self) -> bool {
        self.cut.is_empty() && self.one_way.is_empty() && self.group_of.windows(2).all(|pair| pair[0] == pair[1])
    }

    /// Cuts the link between `a` and `b` (both directions).
    pub fn cut_link(&mut self, a: NodeId, b: NodeId) {
        self.cut.insert(link(a, b));
    }

    /// Restores the link between `a` and `b`.
    pub fn restore_link(&mut self, a: NodeId, b: NodeId) {
        self.cut.remove(&link(a, b));
    }

    /// Cuts the direction `from` → `to` only.
    pub fn cut_one_way(&mut self, from: NodeId, to: NodeId) {
        self.one_way.insert((from, to));
    }

    /// Restores the direction `from` → `to`.
    pub fn restore_one_way(&mut self, from: NodeId, to: NodeId) {
        self.one_way.remove(&(from, to));
    }

    /// Whether messages from `from` to `to` are lost only because that direction is cut
    /// one way (with the other way open).
    pub fn cut_only_one_way(&self, from: NodeId, to: NodeId) -> bool {
        self.one_way.contains(&(from, to)) && self.connects(to, from) && self.joins(from, to)
    }

    /// The directions cut one way, each as (from, to), in order.
    pub fn one_way_cuts(&self) -> Vec<(NodeId, NodeId)> {
        self.one_way.iter().copied().collect()
    }

    /// The cut links, each as (smaller id, larger id), in order.
    pub fn cut_links(&self) -> Vec<(NodeId, NodeId)> {
        self.cut.iter().copied().collect()
    }

    /// The groups, each a sorted list of ids, in order of their smallest id.
    pub fn groups(&self) -> Vec<Vec<NodeId>> {
        // Going through the nodes in order, a group is first met at its smallest id.
        let mut place: VecMap<u32, usize> = VecMap::new();
        let mut groups: Vec<Vec<NodeId>> = Vec::new();
        for (i, g) in self.group_of.iter().enumerate() {
            let at = *place.get_or_insert_with(*g, || {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[at].push(i as NodeId + 1);
        }
        groups
    }
}

/// The messages in flight, oldest first. Ids are handed out in order, so a message's place
/// is its id less the oldest slot's: putting, finding and taking one are constant time, and
/// a message taken leaves an empty slot until every older one is gone too.
#[derive(Clone, Debug)]
pub struct Wire<M> {
    /// Slot `i` holds message `base + i`, or nothing once it left the wire. Invariant: the
    /// first slot, if any, holds a message.
    slots: VecDeque<Option<InFlight<M>>>,
    /// The id of the first slot.
    base: MessageId,
    /// How many slots hold a message.
    count: usize,
}

impl<M> Default for Wire<M> {
    fn default() -> Self {
        Self {
            slots: VecDeque::new(),
            base: 1,
            count: 0,
        }
    }
}

impl<M> Wire<M> {
    /// The slot of message `id`, if it is within the slots.
    fn slot(&self, id: MessageId) -> Option<usize> {
        let at = usize::try_from(id.checked_sub(self.base)?).ok()?;
        (at < self.slots.len()).then_some(at)
    }

    /// Puts a message on the wire and returns its id.
    pub fn put(&mut self, from: NodeId, to: NodeId, message: M, sent_at: Time, deliver_at: Option<Time>) -> MessageId {
        let id = self.base + self.slots.len() as MessageId;
        self.slots.push_back(Some(InFlight {
            id,
            from,
            to,
            sent_at,
            deliver_at,
            message,
        }));
        self.count += 1;
        id
    }

    /// Takes the message `id` off the wire.
    pub fn take(&mut self, id: MessageId) -> Option<InFlight<M>> {
        let at = self.slot(id)?;
        let taken = self.slots[at].take()?;
        self.count -= 1;
        while let Some(None) = self.slots.front() {
            self.slots.pop_front();
            self.base += 1;
        }
        Some(taken)
    }

    /// Whether message `id` is on the wire.
    pub fn contains(&self, id: MessageId) -> bool {
        self.slot(id).is_some_and(|at| self.slots[at].is_some())
    }

    /// Gives a waiting message its delivery time.
    pub fn set_deliver_at(&mut self, id: MessageId, at: Time) {
        if let Some(Some(m)) = self.slot(id).map(|slot| &mut self.slots[slot]) {
            m.deliver_at = Some(at);
        }
    }

    /// The `k`-th oldest message (1-based) from `from` to `to`.
    pub fn nth_between(&self, from: NodeId, to: NodeId, k: usize) -> Option<MessageId> {
        self.iter()
            .filter(|m| m.from == from && m.to == to)
            .nth(k.checked_sub(1)?)
            .map(|m| m.id)
    }

    /// The oldest message on the wire.
    pub fn oldest(&self) -> Option<MessageId> {
        self.iter().next().map(|m| m.id)
    }

    /// Every message in flight, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &InFlight<M>> {
        self.slots.iter().flatten()
    }

    /// How many messages are in flight.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether no message is in flight.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unlisted_node_is_alone_in_a_partition() {
        let p = Partition::split(5, &[vec![1, 2], vec![3, 4]]);
        assert!(p.connects(1, 2) && p.connects(3, 4));
        assert!(!p.connects(2, 3) && !p.connects(5, 1) && !p.connects(4, 5));
        assert_eq!(p.groups(), vec![vec![1, 2], vec![3, 4], vec![5]]);
    }

    #[test]
    fn a_cut_link_fails_both_ways_and_only_that_link() {
        let mut p = Partition::default();
        p.cut_link(3, 1);
        assert!(!p.connects(1, 3) && !p.connects(3, 1));
        assert!(p.connects(1, 2) && p.connects(2, 3));
        p.restore_link(1, 3);
        assert!(p.connects(1, 3));
    }

    #[test]
    fn the_kth_oldest_message_between_two_nodes_is_found_by_send_order() {
        let mut wire = Wire::default();
        let a = wire.put(1, 2, "a", 0, None);
        wire.put(2, 1, "x", 0, None);
        let b = wire.put(1, 2, "b", 1, None);
        assert_eq!(wire.nth_between(1, 2, 1), Some(a));
        assert_eq!(wire.nth_between(1, 2, 2), Some(b));
        assert_eq!(wire.nth_between(1, 2, 3), None);
        assert_eq!(wire.nth_between(1, 2, 0), None);
    }
}
