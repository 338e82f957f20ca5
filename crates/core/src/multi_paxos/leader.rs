//! The leader (Paxos Made Simple §3): phase 1 once for every slot from the first undecided
//! one, then phase 2 per command; heartbeats keep it in place and catch up learners.

use crate::multi_paxos::config::MultiPaxosBug;
use crate::multi_paxos::message::{AcceptedEntry, Ballot, MultiPaxosMessage, Slot, Value};
use crate::multi_paxos::node::{InFlight, MultiPaxosNode, MultiPaxosTimer, Role};
use crate::multi_paxos::note::MultiPaxosNote;
use crate::protocol::{ClientReply, Out};
use crate::types::NodeId;
use crate::vec_map::{VecMap, VecSet};

/// How many decisions a leader sends at once to a learner that is behind.
const CATCH_UP_BATCH: u64 = 8;

impl MultiPaxosNode {
    /// No leader heard for a timeout: run phase 1 with a ballot higher than any seen, for
    /// every slot from the first undecided one on.
    pub(super) fn start_phase_1(&mut self, out: &mut Out<Self>) {
        let ballot = Ballot(self.persistent.max_round + 1, self.id);
        self.persistent.max_round = ballot.0;
        let from_slot = self.applied + 1;
        let own = self.promise(ballot, from_slot);
        self.role = Role::Candidate {
            ballot,
            from_slot,
            promises: VecMap::from_iter([(self.id, own)]),
        };
        out.note(MultiPaxosNote::Phase1Started {
            node: self.id,
            ballot,
            from_slot,
        });
        self.arm_leader_timer(out);
        out.broadcast(self.others(), &MultiPaxosMessage::Prepare { ballot, from_slot });
        self.lead_if_promised(out);
    }

    /// A promise for this node's ballot arrived.
    pub(super) fn on_promise(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        from_slot: Slot,
        accepted: Vec<AcceptedEntry>,
        out: &mut Out<Self>,
    ) {
        let Role::Candidate {
            ballot: ours,
            from_slot: our_from,
            promises,
        } = &mut self.role
        else {
            return;
        };
        if ballot != *ours || from_slot != *our_from {
            return;
        }
        promises.insert(from, accepted);
        self.lead_if_promised(out);
    }

    /// With promises from a majority, lead: in every slot a promise reports, propose the
    /// value of the highest ballot reported; in a hole below the highest such slot, a
    /// no-op; then the clients' commands in new slots.
    fn lead_if_promised(&mut self, out: &mut Out<Self>) {
        let majority = self.majority();
        let Role::Candidate {
            ballot,
            from_slot,
            promises,
        } = &self.role
        else {
            return;
        };
        if promises.len() < majority {
            return;
        }
        let (ballot, from_slot) = (*ballot, *from_slot);
        let mut recovered: VecMap<Slot, (Ballot, Value)> = VecMap::new();
        for entry in promises.values().flatten() {
            let best = recovered.get_or_insert_with(entry.slot, || (entry.ballot, entry.value.clone()));
            if entry.ballot > best.0 {
                *best = (entry.ballot, entry.value.clone());
            }
        }
        let voters: Vec<NodeId> = promises.keys().copied().collect();
        let top = recovered
            .keys()
            .copied()
            .chain(self.persistent.decided.keys().copied())
            .max()
            .unwrap_or(0)
            .max(from_slot - 1);
        let undecided: Vec<Slot> = (from_slot..=top)
            .filter(|s| !self.persistent.decided.contains_key(s))
            .collect();
        let holes = undecided.iter().filter(|s| !recovered.contains_key(s)).count();
        out.cancel_timer(MultiPaxosTimer::Leader);
        self.role = Role::Leader {
            ballot,
            next_slot: top + 1,
            in_flight: VecMap::new(),
        };
        out.note(MultiPaxosNote::BecameLeader {
            node: self.id,
            ballot,
            promised_by: voters,
            recovered: undecided.len() - holes,
            holes,
        });
        let ignore = self.config.bugs.has(MultiPaxosBug::LeaderIgnoresPromisedValues);
        for slot in undecided {
            let value = match recovered.get(&slot) {
                Some((_, value)) if !ignore => value.clone(),
                Some(_) => self.own_value_instead(slot, out),
                None => Value::Noop,
            };
            let reason = match &value {
                Value::Noop => MultiPaxosNote::FilledHole { node: self.id, slot },
                value => MultiPaxosNote::Reproposed {
                    node: self.id,
                    slot,
                    value: value.clone(),
                },
            };
            if !ignore || matches!(reason, MultiPaxosNote::FilledHole { .. }) {
                out.note(reason);
            }
            self.propose(slot, value, out);
        }
        self.heartbeat(out);
        self.propose_queued(out);
    }

    /// The bug: a slot whose promises reported a value gets this leader's next client
    /// command instead (or a no-op).
    fn own_value_instead(&mut self, slot: Slot, out: &mut Out<Self>) -> Value {
        let value = if self.queue.is_empty() {
            Value::Noop
        } else {
            let proposal = self.queue.remove(0);
            self.awaiting.insert(proposal.request);
            Value::Command(proposal)
        };
        out.note(MultiPaxosNote::IgnoredPromisedValue {
            node: self.id,
            slot,
            value: value.clone(),
        });
        value
    }

    /// Puts waiting client commands in new slots while fewer than `window` slots are in flight.
    pub(super) fn propose_queued(&mut self, out: &mut Out<Self>) {
        let window = self.config.window.max(1) as usize;
        loop {
            let Role::Leader {
                next_slot, in_flight, ..
            } = &mut self.role
            else {
                return;
            };
            if self.queue.is_empty() || in_flight.len() >= window {
                return;
            }
            let slot = *next_slot;
            *next_slot += 1;
            let proposal = self.queue.remove(0);
            self.awaiting.insert(proposal.request);
            out.note(MultiPaxosNote::Proposed {
                node: self.id,
                slot,
                command: proposal.command.clone(),
            });
            self.propose(slot, Value::Command(proposal), out);
        }
    }

    /// Phase 2a: accept `value` in `slot` here, and ask every other acceptor to.
    fn propose(&mut self, slot: Slot, value: Value, out: &mut Out<Self>) {
        let Role::Leader { ballot, in_flight, .. } = &mut self.role else {
            return;
        };
        let ballot = *ballot;
        in_flight.insert(
            slot,
            InFlight {
                value: value.clone(),
                accepted_by: VecSet::new(),
                sent_at: out.now(),
            },
        );
        let decided = self.applied;
        out.broadcast(
            self.others(),
            &MultiPaxosMessage::Accept {
                ballot,
                slot,
                value: value.clone(),
                decided,
            },
        );
        // The leader's own acceptor accepts at once (it promised this ballot).
        self.persistent.accepted.insert(slot, (ballot, value));
        self.changes.slots.insert(slot);
        let me = self.id;
        self.on_accepted(me, ballot, slot, out);
    }

    /// Phase 2b arrived: a value accepted by a majority in this ballot is chosen; the
    /// leader learns it and tells every learner.
    pub(super) fn on_accepted(&mut self, from: NodeId, ballot: Ballot, slot: Slot, out: &mut Out<Self>) {
        let needed = if self.config.bugs.has(MultiPaxosBug::ChosenOneShortOfMajority) {
            self.majority().saturating_sub(1).max(1)
        } else {
            self.majority()
        };
        let Role::Leader {
            ballot: ours,
            in_flight,
            ..
        } = &mut self.role
        else {
            return;
        };
        if ballot != *ours {
            return;
        }
        let Some(flight) = in_flight.get_mut(&slot) else {
            return;
        };
        flight.accepted_by.insert(from);
        if flight.accepted_by.len() < needed {
            return;
        }
        let flight = in_flight.remove(&slot).expect("found above");
        out.note(MultiPaxosNote::Chosen {
            node: self.id,
            slot,
            value: flight.value.clone(),
            accepted_by: flight.accepted_by.iter().copied().collect(),
            short: needed < self.majority(),
        });
        // Followers learn it from the decided prefix in the next Accept or heartbeat.
        self.learn(slot, flight.value, out);
        self.propose_queued(out);
    }

    /// A Nack: an acceptor promised a higher ballot. A leader or candidate with the
    /// refused ballot steps down and waits a timeout before trying again higher.
    pub(super) fn on_nack(&mut self, from: NodeId, ballot: Ballot, promised: Ballot, out: &mut Out<Self>) {
        self.persistent.max_round = self.persistent.max_round.max(promised.0);
        let ours = match &self.role {
            Role::Leader { ballot, .. } | Role::Candidate { ballot, .. } => *ballot,
            Role::Follower { .. } => return,
        };
        if ours != ballot || promised <= ours {
            return;
        }
        out.note(MultiPaxosNote::Preempted {
            node: self.id,
            by: from,
            ours,
            promised,
        });
        self.stand_down(None, out);
        self.arm_leader_timer(out);
    }

    /// Stops leading or standing: becomes a follower of `leader`; a leader stops its
    /// heartbeats and sends its waiting clients elsewhere.
    pub(super) fn stand_down(&mut self, leader: Option<NodeId>, out: &mut Out<Self>) {
        let old = std::mem::replace(&mut self.role, Role::Follower { leader });
        if matches!(old, Role::Leader { .. }) {
            out.cancel_timer(MultiPaxosTimer::Heartbeat);
        }
        for proposal in std::mem::take(&mut self.queue) {
            out.reply(proposal.request, ClientReply::NotLeader { leader });
        }
        for request in std::mem::take(&mut self.awaiting) {
            out.reply(request, ClientReply::NotLeader { leader });
        }
    }

    /// The leader's heartbeat: every other node hears it, with the decided prefix; an
    /// Accept unanswered for a whole heartbeat interval goes again to those that did not
    /// answer.
    pub(super) fn heartbeat(&mut self, out: &mut Out<Self>) {
        let (now, interval, decided, nodes) = (out.now(), self.config.heartbeat, self.applied, self.nodes);
        let me = self.id;
        let Role::Leader { ballot, in_flight, .. } = &mut self.role else {
            return;
        };
        let ballot = *ballot;
        for (&slot, flight) in in_flight.iter_mut() {
            if now.saturating_sub(flight.sent_at) < interval {
                continue;
            }
            flight.sent_at = now;
            for to in (1..=nodes).filter(|&n| n != me && !flight.accepted_by.contains(&n)) {
                let value = flight.value.clone();
                out.send(
                    to,
                    MultiPaxosMessage::Accept {
                        ballot,
                        slot,
                        value,
                        decided,
                    },
                );
            }
        }
        out.broadcast(self.others(), &MultiPaxosMessage::Heartbeat { ballot, decided });
        out.set_timer(MultiPaxosTimer::Heartbeat, interval, interval);
    }

    /// A heartbeat: a leader whose ballot is not below the promise is followed; the
    /// answer says how far this node has learned.
    pub(super) fn on_heartbeat(&mut self, from: NodeId, ballot: Ballot, announced: Slot, out: &mut Out<Self>) {
        if let Some(promised) = self.persistent.promised.filter(|p| *p > ballot) {
            out.send(from, MultiPaxosMessage::Nack { ballot, promised });
            return;
        }
        self.persistent.max_round = self.persistent.max_round.max(ballot.0);
        self.follow(from, ballot, out);
        self.learn_prefix(from, ballot, announced, out);
        let decided = self.applied;
        out.send(
            from,
            MultiPaxosMessage::HeartbeatReply {
                ballot,
                decided,
                announced,
            },
        );
    }

    /// A follower's answer: if it could not learn everything the heartbeat announced, send
    /// it the next decisions it lacks, a batch at a time.
    pub(super) fn on_heartbeat_reply(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        decided: Slot,
        announced: Slot,
        out: &mut Out<Self>,
    ) {
        if self.leading_ballot() != Some(ballot) || decided >= announced.min(self.applied) {
            return;
        }
        let upto = announced.min(self.applied).min(decided + CATCH_UP_BATCH);
        out.note(MultiPaxosNote::CatchingUp {
            node: self.id,
            learner: from,
            from: decided + 1,
            upto,
        });
        for slot in decided + 1..=upto {
            if let Some(value) = self.persistent.decided.get(&slot) {
                let value = value.clone();
                out.send(from, MultiPaxosMessage::Decided { slot, value });
            }
        }
    }
}
