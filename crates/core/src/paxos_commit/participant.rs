//! A participant (resource manager, `PaxosCommit.tla`'s RMPrepare and RMChooseToAbort): on
//! `Prepare` it votes in its own instance with ballot 0, sending `Phase2a` straight to the
//! acceptors — prepared, or aborted when told to vote No, in which case it aborts at once
//! (its instance can only choose aborted). It applies the decision it is told.

use crate::command::Command;
use crate::commit::{Decision, TxnId};
use crate::paxos_commit::message::{Ballot, PaxosCommitMessage, Vote};
use crate::paxos_commit::node::{PaxosCommitNode, PaxosCommitTimer, RmState};
use crate::paxos_commit::note::PaxosCommitNote;
use crate::protocol::Out;

impl PaxosCommitNode {
    /// Participant: records `state` for `txn`.
    pub(super) fn set_state(&mut self, txn: TxnId, state: RmState) {
        let command = self
            .persistent
            .participant
            .get(&txn)
            .map_or(Command::Value("".into()), |(_, c)| c.clone());
        if state == RmState::Committed {
            self.persistent.kv.apply(&command);
        }
        self.changed.insert(txn);
        self.persistent.participant.insert(txn, (state, command));
        self.advance_decided_through();
    }

    pub(super) fn on_prepare(&mut self, txn: TxnId, command: Command, out: &mut Out<Self>) {
        if self.is_coordinator() || self.persistent.participant.contains_key(&txn) {
            return;
        }
        let vote = if self.persistent.vote_no_next {
            self.persistent.vote_no_next = false;
            Vote::Aborted
        } else {
            Vote::Prepared
        };
        let state = match vote {
            Vote::Prepared => RmState::Prepared,
            Vote::Aborted => RmState::Aborted,
        };
        self.persistent.participant.insert(txn, (state, command));
        self.set_state(txn, state);
        out.note(PaxosCommitNote::Voted {
            node: self.id,
            txn,
            vote,
        });
        let ballot = Ballot::zero(self.id);
        for to in self.acceptors() {
            out.send(
                to,
                PaxosCommitMessage::Phase2a {
                    txn,
                    participant: self.id,
                    ballot,
                    vote,
                },
            );
        }
        if state == RmState::Prepared {
            self.set_timer(PaxosCommitTimer::Wait(txn), out);
        }
    }

    /// Participant (or the coordinator): the decision, told by the leader that learned it.
    pub(super) fn on_outcome(
        &mut self,
        from: crate::types::NodeId,
        txn: TxnId,
        decision: Decision,
        out: &mut Out<Self>,
    ) {
        out.send(from, PaxosCommitMessage::Ack { txn });
        if self.has_decided(txn) {
            return;
        }
        out.note(PaxosCommitNote::Told {
            node: self.id,
            txn,
            decision,
            from,
        });
        self.apply(txn, decision, out);
        // The coordinator, durable keeper of its transactions, makes sure every
        // participant hears the outcome, even one the leader that decided could not reach.
        if self.is_coordinator() {
            self.acks.insert(txn, crate::vec_map::VecSet::from_iter([from]));
            self.resend(txn, out);
        }
    }

    /// Takes `decision` on `txn` here: the coordinator logs it and answers the client; a
    /// participant commits or aborts. Stops its timers and any takeover of `txn`.
    pub(super) fn apply(&mut self, txn: TxnId, decision: Decision, out: &mut Out<Self>) {
        if self.is_coordinator() {
            if let Some(record) = self.persistent.log.get_mut(&txn) {
                record.decision = Some(decision);
                let request = record.request;
                self.changed.insert(txn);
                self.advance_decided_through();
                out.reply(request, crate::commit::reply_for(decision));
            }
        } else if self.state(txn).outcome().is_none() {
            let done = match decision {
                Decision::Commit => RmState::Committed,
                Decision::Abort => RmState::Aborted,
            };
            self.set_state(txn, done);
        }
        for timer in [
            PaxosCommitTimer::Votes(txn),
            PaxosCommitTimer::Wait(txn),
            PaxosCommitTimer::Retry(txn),
        ] {
            out.cancel_timer(timer);
        }
        self.takeovers.remove(&txn);
        self.tallies.remove(&txn);
    }
}
