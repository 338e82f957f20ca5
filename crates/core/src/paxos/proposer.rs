//! The proposer (Paxos Made Simple §2.2): phase 1 with a ballot higher than any seen, then
//! phase 2 with the value of the highest-ballot proposal among the promises, or its own.

use crate::paxos::config::PaxosBug;
use crate::paxos::message::{Accept, Accepted, Ballot, Nack, PaxosMessage, Prepare, Promise, Proposal, Slot};
use crate::paxos::node::{PaxosNode, PaxosTimer};
use crate::paxos::note::PaxosNote;
use crate::protocol::Out;
use crate::types::{NodeId, majority};
use crate::vec_map::{VecMap, VecSet};

/// Where a proposer's current attempt is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Phase {
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
pub(super) struct Attempt {
    pub(super) slot: Slot,
    pub(super) ballot: Ballot,
    /// The client value this proposer wants chosen; `None` when it only finishes a slot
    /// it accepted a value for.
    pub(super) own: Option<Proposal>,
    pub(super) phase: Phase,
}

impl PaxosNode {
    pub(super) fn first_undecided(&self) -> Slot {
        self.applied + 1
    }

    pub(super) fn arm_retry(&self, out: &mut Out<Self>) {
        let (min, max) = self.config.retry;
        out.set_timer(PaxosTimer::Retry, min, max);
    }

    /// A slot this node accepted a value for but has not learned the outcome of (every slot
    /// below the first undecided one is decided, so the search starts there).
    pub(super) fn unfinished_slot(&self) -> Option<Slot> {
        self.persistent
            .acceptor
            .range_from(&self.first_undecided())
            .find(|(slot, state)| state.accepted.is_some() && !self.persistent.decided.contains_key(slot))
            .map(|(slot, _)| *slot)
    }

    /// Phase 1 with a higher ballot: for the first slot not known to be decided when a
    /// client's value waits, or else to finish a slot this node accepted a value for
    /// (its proposer may have died), which can only end with a reported value.
    pub(super) fn start_attempt(&mut self, out: &mut Out<Self>) {
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
        out.broadcast(1..=self.nodes, &PaxosMessage::Prepare(Prepare { slot, ballot }));
    }

    pub(super) fn on_promise(&mut self, from: NodeId, promise: Promise, out: &mut Out<Self>) {
        let Promise { slot, ballot, accepted } = promise;
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
        out.broadcast(1..=self.nodes, &PaxosMessage::Accept(Accept { slot, ballot, value }));
    }

    pub(super) fn on_accepted(&mut self, from: NodeId, accepted: Accepted, out: &mut Out<Self>) {
        let Accepted { slot, ballot } = accepted;
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

    pub(super) fn on_nack(&mut self, nack: Nack, out: &mut Out<Self>) {
        let Nack { slot, ballot, promised } = nack;
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
}
