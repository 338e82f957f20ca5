//! The acceptor (Paxos Made Simple §2.2, P1a): it promises a ballot unless it promised a
//! higher one, and accepts a value in a ballot unless it promised a higher one.

use crate::paxos::message::{Accept, Accepted, Ballot, Decided, Nack, PaxosMessage, Prepare, Promise, Proposal, Slot};
use crate::paxos::node::PaxosNode;
use crate::paxos::note::PaxosNote;
use crate::protocol::Out;
use crate::types::NodeId;

/// An acceptor's state for one slot. Invariant: `accepted`'s ballot ≤ `promised`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AcceptorState {
    /// The highest ballot promised. Invariant: never decreases.
    pub promised: Option<Ballot>,
    /// The highest-ballot value accepted.
    pub accepted: Option<(Ballot, Proposal)>,
}

impl PaxosNode {
    /// Phase 1b: a Prepare for `ballot` in `slot` is answered with a promise, carrying the
    /// value accepted there if any, or refused; a slot already decided gets its decision.
    pub(super) fn on_prepare(&mut self, from: NodeId, prepare: Prepare, out: &mut Out<Self>) {
        let Prepare { slot, ballot } = prepare;
        if let Some(value) = self.persistent.decided.get(&slot) {
            let value = value.clone();
            out.send(from, PaxosMessage::Decided(Decided { slot, value }));
            return;
        }
        let reply = match self.refusal(slot, ballot, out) {
            Some(nack) => nack,
            None => {
                let accepted = self.promise(slot, ballot).accepted.clone();
                out.note(PaxosNote::Promised {
                    node: self.id,
                    slot,
                    ballot,
                    accepted: accepted.clone(),
                });
                PaxosMessage::Promise(Promise { slot, ballot, accepted })
            }
        };
        out.send(from, reply);
    }

    /// An acceptor's one rule for Prepare and Accept alike: a ballot below its promise is
    /// refused with a Nack naming the promise. Also remembers the highest round seen.
    pub(super) fn refusal(&mut self, slot: Slot, ballot: Ballot, out: &mut Out<Self>) -> Option<PaxosMessage> {
        self.persistent.max_round = self.persistent.max_round.max(ballot.0);
        let promised = self.persistent.acceptor.get(&slot)?.promised.filter(|p| *p > ballot)?;
        out.note(PaxosNote::Refused {
            node: self.id,
            slot,
            ballot,
            promised,
        });
        Some(PaxosMessage::Nack(Nack { slot, ballot, promised }))
    }

    /// Promises `ballot` in `slot` (the caller checked it is not below the promise there),
    /// durably, and records the slot as changed for the checker; the slot's state, to
    /// accept a value in the same ballot.
    fn promise(&mut self, slot: Slot, ballot: Ballot) -> &mut AcceptorState {
        self.changes.slots.insert(slot);
        let state = self
            .persistent
            .acceptor
            .get_or_insert_with(slot, AcceptorState::default);
        state.promised = Some(ballot);
        state
    }

    /// Phase 2b: an Accept of `value` in `ballot` is accepted unless a higher ballot was
    /// promised (accepting also promises the ballot).
    pub(super) fn on_accept(&mut self, from: NodeId, accept: Accept, out: &mut Out<Self>) {
        let Accept { slot, ballot, value } = accept;
        let reply = match self.refusal(slot, ballot, out) {
            Some(nack) => nack,
            None => {
                self.promise(slot, ballot).accepted = Some((ballot, value));
                out.note(PaxosNote::AcceptedValue {
                    node: self.id,
                    slot,
                    ballot,
                });
                if self.attempt.is_none() {
                    // If the proposer vanishes now, this node's timer finishes the slot.
                    self.arm_retry(out);
                }
                PaxosMessage::Accepted(Accepted { slot, ballot })
            }
        };
        out.send(from, reply);
    }
}
