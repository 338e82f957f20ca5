//! A participant (Skeen's slave site): it votes on `CanCommit` (Yes, now uncertain; or
//! No when told to, aborting), becomes precommitted on `PreCommit`, applies the outcome
//! it is told, and answers every message with its state. Unlike two-phase commit, an
//! uncertain participant that hears nothing for too long does not block: it runs the
//! termination protocol (`termination.rs`).

use crate::command::Command;
use crate::commit::{Decision, TxnId};
use crate::protocol::Out;
use crate::three_phase::message::ThreePcMessage;
use crate::three_phase::node::{ThreePcNode, ThreePcTimer, TxnState};
use crate::three_phase::note::ThreePcNote;
use crate::types::NodeId;

impl ThreePcNode {
    /// Participant: records `state` for `txn`.
    pub(super) fn set_state(&mut self, txn: TxnId, state: TxnState) {
        let command = self
            .persistent
            .participant
            .get(&txn)
            .map_or(Command::Value("".into()), |(_, c)| c.clone());
        if state == TxnState::Committed {
            self.persistent.kv.apply(&command);
        }
        self.changed.insert(txn);
        self.persistent.participant.insert(txn, (state, command));
        self.advance_decided_through();
    }

    pub(super) fn on_can_commit(&mut self, from: NodeId, txn: TxnId, command: Command, out: &mut Out<Self>) {
        let state = match self.persistent.participant.get(&txn) {
            Some((state, _)) => *state,
            None if self.persistent.vote_no_next => {
                self.persistent.vote_no_next = false;
                self.persistent.participant.insert(txn, (TxnState::Aborted, command));
                self.set_state(txn, TxnState::Aborted);
                out.note(ThreePcNote::VotedNo { node: self.id, txn });
                TxnState::Aborted
            }
            None => {
                self.persistent.participant.insert(txn, (TxnState::Prepared, command));
                self.set_state(txn, TxnState::Prepared);
                out.note(ThreePcNote::VotedYes { node: self.id, txn });
                self.set_wait(txn, out);
                TxnState::Prepared
            }
        };
        let yes = state != TxnState::Aborted;
        out.send(from, ThreePcMessage::Vote { txn, yes });
    }

    pub(super) fn on_precommit(&mut self, from: NodeId, txn: TxnId, out: &mut Out<Self>) {
        let state = self.state(txn);
        if state == TxnState::Prepared {
            self.set_state(txn, TxnState::Precommitted);
            out.note(ThreePcNote::Precommitted {
                node: self.id,
                txn,
                from,
            });
            self.set_wait(txn, out);
        }
        out.send(
            from,
            ThreePcMessage::Ack {
                txn,
                state: self.state(txn),
            },
        );
    }

    pub(super) fn on_decision(&mut self, from: NodeId, txn: TxnId, decision: Decision, out: &mut Out<Self>) {
        let state = self.state(txn);
        if state.outcome().is_none() {
            let done = match decision {
                Decision::Commit => TxnState::Committed,
                Decision::Abort => TxnState::Aborted,
            };
            self.set_state(txn, done);
            out.note(ThreePcNote::Applied {
                node: self.id,
                txn,
                decision,
                from,
            });
            out.cancel_timer(ThreePcTimer::Wait(txn));
            self.end_termination(txn, out);
            self.recovering.remove(&txn);
        }
        out.send(
            from,
            ThreePcMessage::Ack {
                txn,
                state: self.state(txn),
            },
        );
    }

    pub(super) fn on_wait_timeout(&mut self, txn: TxnId, out: &mut Out<Self>) {
        if self.state(txn).waiting() && !self.terminations.contains_key(&txn) {
            self.start_termination(txn, out);
        }
    }
}
