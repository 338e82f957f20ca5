//! The learner (Paxos Made Simple §2.3): decisions arrive from the leader that saw them
//! chosen, or in batches when a heartbeat's answer shows a node behind; the decided prefix
//! is applied in slot order.

use crate::multi_paxos::message::{Ballot, Slot, Value};
use crate::multi_paxos::node::MultiPaxosNode;
use crate::multi_paxos::note::MultiPaxosNote;
use crate::protocol::{ClientReply, Out};
use crate::types::NodeId;

impl MultiPaxosNode {
    /// A decision arrived.
    pub(super) fn on_decided(&mut self, from: NodeId, slot: Slot, value: Value, out: &mut Out<Self>) {
        if self.persistent.decided.contains_key(&slot) {
            return;
        }
        out.note(MultiPaxosNote::Learned {
            node: self.id,
            from,
            slot,
            value: value.clone(),
        });
        self.learn(slot, value, out);
    }

    /// The leader with `ballot` says every slot up to `decided` is chosen: a slot whose
    /// value this node accepted in that very ballot holds the chosen value (the leader
    /// proposes one value per slot in its ballot), so it is learned; the first slot
    /// without such an acceptance stops it (the leader's catch-up sends the rest).
    pub(super) fn learn_prefix(&mut self, leader: NodeId, ballot: Ballot, decided: Slot, out: &mut Out<Self>) {
        if leader == self.id || self.persistent.promised != Some(ballot) {
            return;
        }
        let first = self.applied + 1;
        let mut slot = first;
        while slot <= decided {
            if !self.persistent.decided.contains_key(&slot) {
                match self.persistent.accepted.get(&slot) {
                    Some((b, value)) if *b == ballot => {
                        let value = value.clone();
                        self.persistent.decided.insert(slot, value);
                        self.changes.slots.insert(slot);
                    }
                    _ => break,
                }
            }
            slot += 1;
        }
        if slot > first {
            out.note(MultiPaxosNote::LearnedPrefix {
                node: self.id,
                leader,
                from: first,
                upto: slot - 1,
            });
            self.apply_decided(out);
        }
    }

    /// Records `value` as chosen in `slot`, durably, and applies what became a prefix.
    pub(super) fn learn(&mut self, slot: Slot, value: Value, out: &mut Out<Self>) {
        self.persistent.decided.insert(slot, value);
        self.changes.slots.insert(slot);
        self.apply_decided(out);
    }

    /// Applies every decided slot after the applied prefix, in order, answering the
    /// clients this node proposed for; a request chosen twice is applied once.
    pub(super) fn apply_decided(&mut self, out: &mut Out<Self>) {
        while let Some(value) = self.persistent.decided.get(&(self.applied + 1)) {
            self.applied += 1;
            let Value::Command(proposal) = value else {
                continue;
            };
            let output = match self.applied_requests.get(&proposal.request) {
                Some(output) => output.clone(),
                None => {
                    let output = self.kv.apply(&proposal.command);
                    self.applied_requests.insert(proposal.request, output.clone());
                    output
                }
            };
            if self.awaiting.remove(&proposal.request) {
                out.reply(proposal.request, ClientReply::Done(output));
            }
        }
    }
}
