//! The acceptor (Paxos Made Simple §2.2, and §3 for many instances at once): one promise
//! covers every slot from the Prepare's first slot on; it accepts a value in a slot unless
//! it promised a higher ballot.

use crate::multi_paxos::message::{AcceptedEntry, Ballot, MultiPaxosMessage, Slot, Value};
use crate::multi_paxos::node::{MultiPaxosNode, Role};
use crate::multi_paxos::note::MultiPaxosNote;
use crate::protocol::Out;
use crate::types::NodeId;

impl MultiPaxosNode {
    /// Phase 1b: a Prepare with a ballot not below the promise is promised, for every slot
    /// from `from_slot` on, with every value accepted there; otherwise refused.
    pub(super) fn on_prepare(&mut self, from: NodeId, ballot: Ballot, from_slot: u64, out: &mut Out<Self>) {
        if let Some(nack) = self.refusal(ballot, out) {
            out.send(from, nack);
            return;
        }
        let accepted = self.promise(ballot, from_slot);
        if from != self.id {
            self.yield_to_candidate(ballot, out);
        }
        out.note(MultiPaxosNote::Promised {
            node: self.id,
            to: from,
            ballot,
            from_slot,
            reported: accepted.len(),
        });
        out.send(
            from,
            MultiPaxosMessage::Promise {
                ballot,
                from_slot,
                accepted,
            },
        );
    }

    /// Promises `ballot` (the caller checked it is not below the promise), durably, and
    /// gives what this acceptor accepted from `from_slot` on. A newer ballot than the one
    /// this node leads or stands with ends that.
    pub(super) fn promise(&mut self, ballot: Ballot, from_slot: Slot) -> Vec<AcceptedEntry> {
        if self.persistent.promised != Some(ballot) {
            self.persistent.promised = Some(ballot);
            self.promise_changed();
        }
        self.persistent
            .accepted
            .range_from(&from_slot)
            .map(|(&slot, (ballot, value))| AcceptedEntry {
                slot,
                ballot: *ballot,
                value: value.clone(),
            })
            .collect()
    }

    /// An acceptor's one rule for Prepare and Accept alike: a ballot below its promise is
    /// refused with a Nack naming the promise. Also remembers the highest round seen.
    fn refusal(&mut self, ballot: Ballot, out: &mut Out<Self>) -> Option<MultiPaxosMessage> {
        self.persistent.max_round = self.persistent.max_round.max(ballot.0);
        let promised = self.persistent.promised.filter(|p| *p > ballot)?;
        out.note(MultiPaxosNote::Refused {
            node: self.id,
            ballot,
            promised,
        });
        Some(MultiPaxosMessage::Nack { ballot, promised })
    }

    /// Phase 2b: an Accept of `value` in `slot` under `ballot` is accepted unless a higher
    /// ballot was promised (accepting promises the ballot too). A node that accepts from
    /// another node's ballot follows that node.
    pub(super) fn on_accept(&mut self, from: NodeId, ballot: Ballot, slot: Slot, value: Value, out: &mut Out<Self>) {
        if let Some(nack) = self.refusal(ballot, out) {
            out.send(from, nack);
            return;
        }
        if self.persistent.promised != Some(ballot) {
            self.persistent.promised = Some(ballot);
            self.promise_changed();
        }
        if from != self.id {
            self.follow(from, ballot, out);
        }
        self.persistent.accepted.insert(slot, (ballot, value));
        self.changes.slots.insert(slot);
        out.note(MultiPaxosNote::AcceptedValue {
            node: self.id,
            slot,
            ballot,
        });
        out.send(from, MultiPaxosMessage::Accepted { ballot, slot });
    }

    /// This acceptor promised another node's `ballot`: a lower ballot of its own can no
    /// longer gather it, so it stops leading or standing; a follower gives the candidate a
    /// full timeout to finish.
    fn yield_to_candidate(&mut self, ballot: Ballot, out: &mut Out<Self>) {
        self.yield_to(ballot, None, out);
    }

    /// A message of the leader with `ballot` (not below the promise) arrived: follow it,
    /// standing down from leading or standing with a lower ballot, and wait a full timeout
    /// before suspecting it.
    pub(super) fn follow(&mut self, leader: NodeId, ballot: Ballot, out: &mut Out<Self>) {
        self.yield_to(ballot, Some(leader), out);
    }

    /// Another node's `ballot` (of `leader`, when it leads) is in play: a leader or
    /// candidate with a lower one stops and follows; a follower learns the leader; anyone
    /// not leading waits a full timeout before running phase 1.
    fn yield_to(&mut self, ballot: Ballot, leader: Option<NodeId>, out: &mut Out<Self>) {
        let ours = match &self.role {
            Role::Leader { ballot, .. } | Role::Candidate { ballot, .. } => Some(*ballot),
            Role::Follower { .. } => None,
        };
        match ours {
            Some(ours) if ours < ballot => {
                out.note(MultiPaxosNote::SteppedDown {
                    node: self.id,
                    was: self.role.name(),
                    ours,
                    theirs: ballot,
                });
                self.stand_down(leader, out);
            }
            None if leader.is_some() => self.role = Role::Follower { leader },
            _ => {}
        }
        if !matches!(self.role, Role::Leader { .. }) {
            self.arm_leader_timer(out);
        }
    }
}
