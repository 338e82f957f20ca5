//! The termination protocol (Skeen 1981; Bernstein, Hadzilacos & Goodman §7.5): an
//! uncertain participant that hears nothing from the coordinator for too long asks every
//! other participant its state (`StateRequest`, `StateReply`). The lowest-numbered
//! participant among those it reaches leads: a participant that hears from a lower one
//! that is still waiting leaves the termination to it. The leader decides by Skeen's rule
//! on the states it gathered, its own included:
//!
//! - any aborted: abort;
//! - any committed: commit;
//! - any precommitted (none aborted): send `PreCommit` to the uncertain ones, and once
//!   they acknowledge (or past a timeout, the silent ones taken for crashed) commit;
//! - all uncertain: abort (no one can have committed: commit needs someone precommitted).
//!
//! It tells the outcome to every other participant and the coordinator.
//!
//! The coordinator answers a `StateRequest` too (its phase as a state: waiting for votes is
//! uncertain), but never leads a termination. Only operational participants decide: one
//! that restarted while waiting on the transaction (it may have missed what the others
//! decided while it was down) asks the same way but takes only an outcome someone
//! reports, unless every site answered (all failed and all are back, so nothing decided
//! can be missing); others never leave a termination to it. While some site that might
//! know stays down it waits — the total failure Skeen's protocol cannot end either. Safe while
//! messages are never lost for good and the network never splits: the states it gathers
//! then include every one that matters. Under a partition each side terminates alone.

use crate::commit::{Decision, TxnId};
use crate::protocol::Out;
use crate::three_phase::config::ThreePcBug;
use crate::three_phase::message::ThreePcMessage;
use crate::three_phase::node::{Termination, ThreePcNode, ThreePcTimer, TxnState};
use crate::three_phase::note::ThreePcNote;
use crate::types::NodeId;
use crate::vec_map::VecSet;

impl ThreePcNode {
    fn other_participants(&self) -> impl Iterator<Item = NodeId> + use<> {
        let me = self.id;
        self.participants().filter(move |&p| p != me)
    }

    pub(super) fn start_termination(&mut self, txn: TxnId, out: &mut Out<Self>) {
        out.note(ThreePcNote::TerminationStarted {
            node: self.id,
            txn,
            state: self.state(txn),
            coordinator: self.config.coordinator,
            recovering: self.recovering.contains(&txn),
        });
        self.terminations.insert(txn, Termination::default());
        let coordinator = self.config.coordinator;
        for to in self.other_participants().chain([coordinator]) {
            out.send(to, ThreePcMessage::StateRequest { txn });
        }
        self.set_timer(ThreePcTimer::Collect(txn), out);
    }

    pub(super) fn on_state_reply(
        &mut self,
        from: NodeId,
        txn: TxnId,
        state: TxnState,
        recovering: bool,
        out: &mut Out<Self>,
    ) {
        let Some(termination) = self.terminations.get_mut(&txn) else {
            return;
        };
        if termination.precommitting.is_some() {
            return;
        }
        termination.replies.insert(from, state);
        if recovering {
            termination.recovering.insert(from);
        }
        // Every other site: the participants and the coordinator.
        let heard_all = termination.replies.len() == self.other_participants().count() + 1;
        if state.outcome().is_some() || heard_all {
            out.cancel_timer(ThreePcTimer::Collect(txn));
            self.conclude(txn, out);
        }
    }

    /// Decides on the states gathered (the `Collect` timer fired, every participant
    /// answered, or one reported an outcome).
    pub(super) fn conclude(&mut self, txn: TxnId, out: &mut Out<Self>) {
        let Some(termination) = self.terminations.get(&txn) else {
            return;
        };
        if termination.precommitting.is_some() {
            return;
        }
        let replies = termination.replies.clone();
        let own = self.state(txn);
        let coordinator = self.config.coordinator;
        let lower_waiting = replies
            .iter()
            .find(|(p, s)| **p < self.id && **p != coordinator && s.waiting() && !termination.recovering.contains(p))
            .map(|(p, _)| *p);
        let outcome = (replies.values().copied().chain([own])).find_map(TxnState::outcome);
        let decided = outcome.is_some();
        // A recovering participant decides only when every site answered (all failed and
        // all are back): then nothing anyone decided can be missing from what it heard.
        let heard_every_site = replies.len() == self.other_participants().count() + 1;
        if !decided && self.recovering.contains(&txn) && !heard_every_site {
            out.note(ThreePcNote::StillRecovering { node: self.id, txn });
            self.terminations.remove(&txn);
            self.set_wait(txn, out);
            return;
        }
        if let (Some(lower), false) = (lower_waiting, decided) {
            out.note(ThreePcNote::LeftToLower {
                node: self.id,
                txn,
                lower,
            });
            self.terminations.remove(&txn);
            self.set_wait(txn, out);
            return;
        }
        let heard: Vec<NodeId> = replies.keys().copied().collect();
        let any_aborted = replies.values().chain([&own]).any(|s| *s == TxnState::Aborted);
        let any_committed = replies.values().chain([&own]).any(|s| *s == TxnState::Committed);
        let any_precommitted = replies.values().chain([&own]).any(|s| *s == TxnState::Precommitted);
        if any_aborted {
            return self.finish(txn, Decision::Abort, "a participant had aborted", heard, out);
        }
        if any_committed {
            return self.finish(txn, Decision::Commit, "a participant had committed", heard, out);
        }
        if !any_precommitted {
            return self.finish(
                txn,
                Decision::Abort,
                "every participant it reached is uncertain, so no one can have committed",
                heard,
                out,
            );
        }
        if self.config.bugs.has(ThreePcBug::TerminationAbortsPrecommitted) {
            out.note(ThreePcNote::AbortedPrecommitted { node: self.id, txn });
            return self.finish(txn, Decision::Abort, "the bug switch is on", heard, out);
        }
        // Someone is precommitted: every vote was Yes and the coordinator may have
        // committed. Bring the uncertain ones to precommitted, then commit.
        if own == TxnState::Prepared {
            self.set_state(txn, TxnState::Precommitted);
        }
        let uncertain: VecSet<NodeId> = replies
            .iter()
            .filter(|(p, s)| **p != coordinator && matches!(s, TxnState::Prepared | TxnState::Working))
            .map(|(p, _)| *p)
            .collect();
        if uncertain.is_empty() {
            return self.finish(txn, Decision::Commit, "a participant is precommitted", heard, out);
        }
        out.note(ThreePcNote::TerminationPrecommits {
            node: self.id,
            txn,
            uncertain: uncertain.iter().copied().collect(),
        });
        for &to in uncertain.iter() {
            out.send(to, ThreePcMessage::PreCommit { txn });
        }
        if let Some(termination) = self.terminations.get_mut(&txn) {
            termination.precommitting = Some(uncertain);
        }
        self.set_timer(ThreePcTimer::Finish(txn), out);
    }

    pub(super) fn on_termination_ack(&mut self, from: NodeId, txn: TxnId, state: TxnState, out: &mut Out<Self>) {
        let Some(waiting) = self.terminations.get_mut(&txn).and_then(|t| t.precommitting.as_mut()) else {
            return;
        };
        if state == TxnState::Precommitted {
            waiting.remove(&from);
        }
        if waiting.is_empty() {
            out.cancel_timer(ThreePcTimer::Finish(txn));
            let heard = self.terminations[&txn].replies.keys().copied().collect();
            self.finish(
                txn,
                Decision::Commit,
                "the uncertain participants acknowledged PreCommit",
                heard,
                out,
            );
        }
    }

    pub(super) fn on_finish_timeout(&mut self, txn: TxnId, out: &mut Out<Self>) {
        let Some(termination) = self.terminations.get(&txn) else {
            return;
        };
        if termination.precommitting.is_none() {
            return;
        }
        let heard = termination.replies.keys().copied().collect();
        self.finish(
            txn,
            Decision::Commit,
            "a participant is precommitted, and those that did not acknowledge PreCommit are taken for crashed",
            heard,
            out,
        );
    }

    /// Ends the termination of `txn` with `decision`: applies it here and tells every
    /// other participant and the coordinator.
    fn finish(
        &mut self,
        txn: TxnId,
        decision: Decision,
        because: &'static str,
        heard: Vec<NodeId>,
        out: &mut Out<Self>,
    ) {
        out.note(ThreePcNote::TerminationDecided {
            node: self.id,
            txn,
            decision,
            because,
            heard,
        });
        if self.state(txn).outcome().is_none() {
            let done = match decision {
                Decision::Commit => TxnState::Committed,
                Decision::Abort => TxnState::Aborted,
            };
            self.set_state(txn, done);
        }
        out.cancel_timer(ThreePcTimer::Wait(txn));
        self.end_termination(txn, out);
        let message = match decision {
            Decision::Commit => ThreePcMessage::DoCommit { txn },
            Decision::Abort => ThreePcMessage::Abort { txn },
        };
        for to in self.other_participants().chain([self.config.coordinator]) {
            out.send(to, message.clone());
        }
    }

    /// Forgets a termination of `txn` under way, with its timers.
    pub(super) fn end_termination(&mut self, txn: TxnId, out: &mut Out<Self>) {
        if self.terminations.remove(&txn).is_some() {
            out.cancel_timer(ThreePcTimer::Collect(txn));
            out.cancel_timer(ThreePcTimer::Finish(txn));
        }
    }
}
