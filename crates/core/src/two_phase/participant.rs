//! A participant (Lamport's TwoPhase, RM): it prepares and votes Yes (or No when told to),
//! and once prepared it may not decide alone: it waits for the coordinator's decision,
//! asking again at every timeout.

use crate::command::Command;
use crate::protocol::Out;
use crate::two_phase::config::TwoPcBug;
use crate::two_phase::message::{Ack, Prepare, StatusQuery, TwoPcMessage, TxnId, Vote};
use crate::two_phase::node::{Decision, ParticipantState, TwoPcNode, TwoPcTimer};
use crate::two_phase::note::TwoPcNote;

impl TwoPcNode {
    /// Participant: records `state` for `txn`, keeping the indexes true.
    pub(super) fn set_participant_state(&mut self, txn: TxnId, state: ParticipantState, command: Command) {
        if state == ParticipantState::Prepared {
            self.prepared.insert(txn);
        } else {
            self.prepared.remove(&txn);
        }
        self.changed.insert(txn);
        self.persistent.participant.insert(txn, (state, command));
        self.advance_decided_through();
    }

    pub(super) fn on_prepare(&mut self, prepare: Prepare, out: &mut Out<Self>) {
        let Prepare { txn, command } = prepare;
        let coordinator = self.config.coordinator;
        let state = match self.persistent.participant.get(&txn) {
            Some((state, _)) => *state,
            None if self.persistent.vote_no_next => {
                self.persistent.vote_no_next = false;
                self.set_participant_state(txn, ParticipantState::Aborted, command);
                out.note(TwoPcNote::VotedNo { node: self.id, txn });
                ParticipantState::Aborted
            }
            None => {
                self.set_participant_state(txn, ParticipantState::Prepared, command);
                out.note(TwoPcNote::Prepared { node: self.id, txn });
                self.set_timer(TwoPcTimer::Status(txn), out);
                ParticipantState::Prepared
            }
        };
        let yes = matches!(state, ParticipantState::Prepared | ParticipantState::Committed);
        out.send(coordinator, TwoPcMessage::Vote(Vote { txn, yes }));
    }

    pub(super) fn on_decision(&mut self, txn: TxnId, decision: Decision, out: &mut Out<Self>) {
        let entry = self.persistent.participant.get(&txn).cloned();
        let (state, command) = match entry {
            Some(entry) => entry,
            None => (ParticipantState::Working, Command::Value("".into())),
        };
        let done = match decision {
            Decision::Commit => ParticipantState::Committed,
            Decision::Abort => ParticipantState::Aborted,
        };
        if state != done && matches!(state, ParticipantState::Prepared | ParticipantState::Working) {
            if done == ParticipantState::Committed {
                self.persistent.kv.apply(&command);
            }
            self.set_participant_state(txn, done, command);
            out.note(TwoPcNote::Applied {
                node: self.id,
                txn,
                decision,
            });
        }
        out.cancel_timer(TwoPcTimer::Status(txn));
        out.send(self.config.coordinator, TwoPcMessage::Ack(Ack { txn }));
    }

    pub(super) fn on_status_timeout(&mut self, txn: TxnId, out: &mut Out<Self>) {
        if !matches!(
            self.persistent.participant.get(&txn),
            Some((ParticipantState::Prepared, _))
        ) {
            return;
        }
        if self.config.bugs.has(TwoPcBug::ParticipantDecidesAlone) {
            if let Some((_, command)) = self.persistent.participant.get(&txn) {
                let command = command.clone();
                self.set_participant_state(txn, ParticipantState::Aborted, command);
            }
            out.note(TwoPcNote::DecidedAlone { node: self.id, txn });
            return;
        }
        let backup = self.participants().next() == Some(self.id);
        if backup && self.config.bugs.has(TwoPcBug::BackupCoordinatorDecidesAlone) {
            out.note(TwoPcNote::BackupAborted { node: self.id, txn });
            if let Some((_, command)) = self.persistent.participant.get(&txn) {
                let command = command.clone();
                self.set_participant_state(txn, ParticipantState::Aborted, command);
            }
            for to in self.participants().filter(|&p| p != self.id) {
                out.send(to, TwoPcMessage::Abort(crate::two_phase::message::Abort { txn }));
            }
            return;
        }
        let coordinator = self.config.coordinator;
        out.note(TwoPcNote::StillBlocked {
            node: self.id,
            txn,
            coordinator,
        });
        out.send(coordinator, TwoPcMessage::StatusQuery(StatusQuery { txn }));
        self.set_timer(TwoPcTimer::Status(txn), out);
    }
}
