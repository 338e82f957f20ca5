//! The learner (Paxos Made Simple §2.3): whoever sees a value chosen tells every other
//! learner, and keeps telling those that do not acknowledge it; decisions are applied in
//! slot order.

use crate::paxos::message::{Decided, Learned, PaxosMessage, Proposal, Slot};
use crate::paxos::node::{PaxosNode, PaxosTimer};
use crate::paxos::note::PaxosNote;
use crate::protocol::{ClientReply, Out};
use crate::types::NodeId;
use crate::vec_map::{VecMap, VecSet};

/// The most decisions a reminder re-sends to one learner.
const REMIND_BATCH: usize = 4;

impl PaxosNode {
    /// Every other node (the learners this one tells decisions to).
    pub(super) fn others(&self) -> VecSet<NodeId> {
        (1..=self.nodes).filter(|&n| n != self.id).collect()
    }

    /// Tells every other learner what was chosen for `slot`, and keeps telling those that
    /// do not acknowledge it (Paxos Made Simple §2.3: the learners must find out; a
    /// message may be lost and a learner may be cut off or down).
    pub(super) fn tell_learners(&mut self, slot: Slot, value: &Proposal, out: &mut Out<Self>) {
        let others = self.others();
        let decided = PaxosMessage::Decided(Decided {
            slot,
            value: value.clone(),
        });
        out.broadcast(others.iter().copied(), &decided);
        if !others.is_empty() {
            // Arm the reminder only when none is pending: re-arming at every new decision
            // would postpone it for ever under a steady load.
            if self.unacknowledged.is_empty() {
                self.arm_remind(out);
            }
            self.unacknowledged.insert(slot, others);
        }
    }

    /// Arms the reminder: 2–4 retry pauses, doubled once when a reminder in a row went
    /// unanswered, so a learner that stays down costs little and one that comes back
    /// hears again within 8 retry pauses (well inside a liveness window).
    pub(super) fn arm_remind(&self, out: &mut Out<Self>) {
        let (_, max) = self.config.retry;
        let backoff = 1 << self.unanswered_reminders.min(1);
        out.set_timer(PaxosTimer::Remind, 2 * max * backoff, 4 * max * backoff);
    }

    /// The reminder timer fired: the lowest decisions not yet acknowledged go out again, at
    /// most [`REMIND_BATCH`] per learner — only one, a probe, when the last reminder went
    /// unanswered (the learner may be down) — and the next ones follow as soon as those
    /// are acknowledged.
    pub(super) fn remind_learners(&mut self, out: &mut Out<Self>) {
        if self.unacknowledged.is_empty() {
            return;
        }
        let size = if self.unanswered_reminders > 0 { 1 } else { REMIND_BATCH };
        let mut batches: VecMap<NodeId, Vec<Slot>> = VecMap::new();
        for (&slot, waiting) in &self.unacknowledged {
            for &to in waiting {
                let batch = batches.get_or_insert_with(to, Vec::new);
                if batch.len() < size {
                    batch.push(slot);
                }
            }
        }
        let slots: VecSet<Slot> = batches.values().flatten().copied().collect();
        out.note(PaxosNote::RemindingLearners {
            node: self.id,
            slots: slots.iter().copied().collect(),
            learners: batches.keys().copied().collect(),
        });
        for (&to, slots) in batches.iter() {
            self.send_batch(to, slots, out);
        }
        self.unanswered_reminders += 1;
        self.arm_remind(out);
    }

    /// Sends the decisions of `slots` (ascending) to learner `to`, remembering the batch.
    pub(super) fn send_batch(&mut self, to: NodeId, slots: &[Slot], out: &mut Out<Self>) {
        for &slot in slots {
            let value = self.persistent.decided[&slot].clone();
            out.send(to, PaxosMessage::Decided(Decided { slot, value }));
        }
        if let Some(&last) = slots.last() {
            self.batch_upto.insert(to, last);
        }
    }

    /// Learner `from` acknowledged: if that completes the last batch it was sent and it
    /// still lacks decisions, the next batch goes out now (it is reachable again).
    pub(super) fn continue_catch_up(&mut self, from: NodeId, out: &mut Out<Self>) {
        let Some(&upto) = self.batch_upto.get(&from) else {
            return;
        };
        let lacking: Vec<Slot> = self
            .unacknowledged
            .iter()
            .filter(|(_, waiting)| waiting.contains(&from))
            .map(|(slot, _)| *slot)
            .take(REMIND_BATCH)
            .collect();
        match lacking.first() {
            None => {
                self.batch_upto.remove(&from);
            }
            Some(&first) if first > upto => self.send_batch(from, &lacking, out),
            Some(_) => {}
        }
    }

    /// A learner acknowledged a decision.
    pub(super) fn on_learned(&mut self, from: NodeId, learned: Learned, out: &mut Out<Self>) {
        let Learned { slot } = learned;
        if let Some(waiting) = self.unacknowledged.get_mut(&slot) {
            self.unanswered_reminders = 0;
            waiting.remove(&from);
            if waiting.is_empty() {
                self.unacknowledged.remove(&slot);
                if self.unacknowledged.is_empty() {
                    out.cancel_timer(PaxosTimer::Remind);
                }
            }
            self.continue_catch_up(from, out);
        }
    }

    /// A decision arrived: learn it and acknowledge it, even when already known (the
    /// sender keeps re-sending until it hears so).
    pub(super) fn on_decided(&mut self, from: NodeId, decided: Decided, out: &mut Out<Self>) {
        let Decided { slot, value } = decided;
        self.learn(slot, value, out);
        out.send(from, PaxosMessage::Learned(Learned { slot }));
    }

    /// Records a chosen value, applies the decided prefix, answers the client whose value
    /// it is, and moves on to the next slot if this one was being proposed for.
    pub(super) fn learn(&mut self, slot: Slot, value: Proposal, out: &mut Out<Self>) {
        if !self.persistent.decided.contains_key(&slot) {
            self.persistent.decided.insert(slot, value.clone());
            self.changes.slots.insert(slot);
        }
        if let Some(i) = self.queue.iter().position(|p| p.request == value.request) {
            self.queue.remove(i);
            self.awaiting.insert(value.request);
        }
        self.apply_decided(out);
        if self
            .attempt
            .as_ref()
            .is_some_and(|a| self.persistent.decided.contains_key(&a.slot))
        {
            self.attempt = None;
            if self.queue.is_empty() && self.unfinished_slot().is_none() {
                out.cancel_timer(PaxosTimer::Retry);
            } else {
                self.start_attempt(out);
            }
        }
    }

    /// Applies the decided prefix of the log in slot order; a client whose proposal is
    /// applied here is answered with its command's output.
    pub(super) fn apply_decided(&mut self, out: &mut Out<Self>) {
        while let Some(proposal) = self.persistent.decided.get(&(self.applied + 1)) {
            let request = proposal.request;
            let output = match self.applied_requests.get(&request) {
                Some(output) => output.clone(),
                None => {
                    let output = self.kv.apply(&proposal.command);
                    self.applied_requests.insert(request, output.clone());
                    output
                }
            };
            self.applied += 1;
            if self.awaiting.remove(&request) {
                out.reply(request, ClientReply::Done(output));
            }
        }
    }
}
