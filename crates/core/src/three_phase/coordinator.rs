//! The coordinator (Skeen's central site): it begins a transaction and asks every
//! participant whether it can commit; with Yes from all it records that it is
//! precommitted and sends `PreCommit`; once every participant acknowledged (or past its
//! timeout, the silent ones taken for crashed) it commits and sends `DoCommit`. A No or a
//! missing vote aborts. A restarted coordinator aborts what it had not precommitted (no
//! participant can have committed it) and asks the participants about the rest.

use crate::commit::{Decision, TxnId};
use crate::protocol::{ClientRequest, Out};
use crate::three_phase::message::ThreePcMessage;
use crate::three_phase::node::{CoordinatorRecord, Phase, ThreePcNode, ThreePcTimer, TxnState};
use crate::three_phase::note::ThreePcNote;
use crate::types::NodeId;
use crate::vec_map::VecSet;

impl ThreePcNode {
    pub(super) fn on_coordinator_message(&mut self, from: NodeId, message: ThreePcMessage, out: &mut Out<Self>) {
        match message {
            ThreePcMessage::Vote { txn, yes } => self.on_vote(from, txn, yes, out),
            ThreePcMessage::Ack { txn, state } => self.on_ack(from, txn, state, out),
            // A participant's termination, or a participant answering a restarted
            // coordinator, tells the outcome.
            ThreePcMessage::DoCommit { txn } => self.learn(from, txn, Decision::Commit, out),
            ThreePcMessage::Abort { txn } => self.learn(from, txn, Decision::Abort, out),
            ThreePcMessage::StateReply { txn, state, .. } => {
                if let Some(decision) = state.outcome() {
                    self.learn(from, txn, decision, out);
                }
            }
            // A termination asks: the coordinator answers as a site, with its phase.
            ThreePcMessage::StateRequest { txn } => {
                if let Some(phase) = self.phase(txn) {
                    let state = match phase {
                        Phase::Waiting => TxnState::Prepared,
                        Phase::Precommitted => TxnState::Precommitted,
                        Phase::Decided(Decision::Commit) => TxnState::Committed,
                        Phase::Decided(Decision::Abort) => TxnState::Aborted,
                    };
                    out.send(
                        from,
                        ThreePcMessage::StateReply {
                            txn,
                            state,
                            recovering: false,
                        },
                    );
                }
            }
            _ => {}
        }
    }

    fn phase(&self, txn: TxnId) -> Option<Phase> {
        self.persistent.log.get(&txn).map(|r| r.phase)
    }

    fn send_decision(&self, txn: TxnId, to: NodeId, out: &mut Out<Self>) {
        match self.phase(txn) {
            Some(Phase::Decided(Decision::Commit)) => out.send(to, ThreePcMessage::DoCommit { txn }),
            Some(Phase::Decided(Decision::Abort)) => out.send(to, ThreePcMessage::Abort { txn }),
            _ => {}
        }
    }

    pub(super) fn begin(&mut self, request: ClientRequest, out: &mut Out<Self>) {
        // A client retrying a request it already started gets that transaction's decision.
        if let Some(txn) = self.txn_of_request.get(&request.id) {
            if let Some(Phase::Decided(decision)) = self.phase(*txn) {
                out.reply(request.id, crate::commit::reply_for(decision));
            }
            return;
        }
        let txn = self.persistent.log.len() as TxnId + 1;
        self.persistent.log.insert(
            txn,
            CoordinatorRecord {
                command: request.command.clone(),
                request: request.id,
                phase: Phase::Waiting,
            },
        );
        self.txn_of_request.insert(request.id, txn);
        self.changed.insert(txn);
        out.note(ThreePcNote::Began {
            node: self.id,
            txn,
            command: request.command.clone(),
        });
        self.yes_votes.insert(txn, VecSet::new());
        for to in self.participants() {
            let command = request.command.clone();
            out.send(to, ThreePcMessage::CanCommit { txn, command });
        }
        if self.participants().next().is_none() {
            self.decide(txn, Decision::Commit, "it has no participant to wait for", out);
        } else {
            self.set_timer(ThreePcTimer::Votes(txn), out);
        }
    }

    fn on_vote(&mut self, from: NodeId, txn: TxnId, yes: bool, out: &mut Out<Self>) {
        match self.phase(txn) {
            Some(Phase::Waiting) => {}
            Some(Phase::Decided(_)) => return self.send_decision(txn, from, out),
            _ => return,
        }
        if !yes {
            self.decide(txn, Decision::Abort, "a participant voted No", out);
            return;
        }
        let votes = self.yes_votes.get_or_insert_with(txn, VecSet::new);
        votes.insert(from);
        if votes.len() == self.participants().count() {
            self.precommit(txn, out);
        }
    }

    pub(super) fn on_votes_timeout(&mut self, txn: TxnId, out: &mut Out<Self>) {
        if self.phase(txn) == Some(Phase::Waiting) {
            self.decide(txn, Decision::Abort, "a vote was still missing at its timeout", out);
        }
    }

    /// Every vote was Yes: record it, then tell every participant to be ready.
    fn precommit(&mut self, txn: TxnId, out: &mut Out<Self>) {
        self.persistent.log.get_mut(&txn).expect("a logged transaction").phase = Phase::Precommitted;
        self.changed.insert(txn);
        self.yes_votes.remove(&txn);
        out.cancel_timer(ThreePcTimer::Votes(txn));
        out.note(ThreePcNote::Precommitting { node: self.id, txn });
        self.acks.insert(txn, VecSet::new());
        for to in self.participants() {
            out.send(to, ThreePcMessage::PreCommit { txn });
        }
        self.set_timer(ThreePcTimer::Acks(txn), out);
    }

    fn on_ack(&mut self, from: NodeId, txn: TxnId, state: TxnState, out: &mut Out<Self>) {
        let Some(phase) = self.phase(txn) else {
            return;
        };
        let counts = match phase {
            Phase::Precommitted => state == TxnState::Precommitted,
            Phase::Decided(decision) => state.outcome() == Some(decision),
            Phase::Waiting => false,
        };
        if !counts {
            // A participant that decided by termination tells the outcome.
            if let (Phase::Precommitted, Some(decision)) = (phase, state.outcome()) {
                self.learn(from, txn, decision, out);
            }
            return;
        }
        let acked = self.acks.get_or_insert_with(txn, VecSet::new);
        acked.insert(from);
        if acked.len() < self.participants().count() {
            return;
        }
        match phase {
            Phase::Precommitted => self.decide(txn, Decision::Commit, "every participant acknowledged PreCommit", out),
            _ => out.cancel_timer(ThreePcTimer::Resend(txn)),
        }
    }

    pub(super) fn on_acks_timeout(&mut self, txn: TxnId, out: &mut Out<Self>) {
        if self.phase(txn) != Some(Phase::Precommitted) {
            return;
        }
        let acked = self.acks.get(&txn).cloned().unwrap_or_default();
        let silent: Vec<NodeId> = self.participants().filter(|p| !acked.contains(p)).collect();
        out.note(ThreePcNote::SilentTakenForCrashed {
            node: self.id,
            txn,
            silent,
        });
        self.decide(
            txn,
            Decision::Commit,
            "every vote was Yes, and the participants that did not acknowledge PreCommit are taken for crashed",
            out,
        );
    }

    fn decide(&mut self, txn: TxnId, decision: Decision, because: &'static str, out: &mut Out<Self>) {
        let record = self
            .persistent
            .log
            .get_mut(&txn)
            .expect("deciding a logged transaction");
        record.phase = Phase::Decided(decision);
        let request = record.request;
        self.changed.insert(txn);
        self.advance_decided_through();
        self.yes_votes.remove(&txn);
        out.note(ThreePcNote::Decided {
            node: self.id,
            txn,
            decision,
            because,
        });
        out.reply(request, crate::commit::reply_for(decision));
        for timer in [
            ThreePcTimer::Votes(txn),
            ThreePcTimer::Acks(txn),
            ThreePcTimer::Ask(txn),
        ] {
            out.cancel_timer(timer);
        }
        self.acks.insert(txn, VecSet::new());
        self.resend(txn, out);
    }

    /// An undecided coordinator hears the outcome from a participant that decided it by
    /// termination (or from the termination itself), and takes it.
    fn learn(&mut self, from: NodeId, txn: TxnId, decision: Decision, out: &mut Out<Self>) {
        if matches!(self.phase(txn), Some(Phase::Waiting | Phase::Precommitted)) {
            out.note(ThreePcNote::Learned {
                node: self.id,
                txn,
                decision,
                from,
            });
            self.decide(txn, decision, "a participant's termination had decided it", out);
        }
    }

    /// Sends the decision to every participant that has not acknowledged it, and re-arms.
    pub(super) fn resend(&mut self, txn: TxnId, out: &mut Out<Self>) {
        let acked = self.acks.get_or_insert_with(txn, VecSet::new).clone();
        let waiting: Vec<NodeId> = self.participants().filter(|p| !acked.contains(p)).collect();
        for &to in &waiting {
            self.send_decision(txn, to, out);
        }
        if !waiting.is_empty() {
            self.set_timer(ThreePcTimer::Resend(txn), out);
        }
    }

    /// A restarted coordinator that had precommitted asks every participant its state.
    pub(super) fn ask(&mut self, txn: TxnId, out: &mut Out<Self>) {
        if self.phase(txn) != Some(Phase::Precommitted) {
            return;
        }
        for to in self.participants() {
            out.send(to, ThreePcMessage::StateRequest { txn });
        }
        self.set_timer(ThreePcTimer::Ask(txn), out);
    }

    pub(super) fn recover(&mut self, out: &mut Out<Self>) {
        let txns: Vec<(TxnId, Phase)> = self.persistent.log.iter().map(|(t, r)| (*t, r.phase)).collect();
        for (txn, phase) in txns {
            out.note(ThreePcNote::Recovered {
                node: self.id,
                txn,
                phase,
            });
            match phase {
                Phase::Waiting => self.decide(
                    txn,
                    Decision::Abort,
                    "it had not sent PreCommit, so no participant can have committed",
                    out,
                ),
                Phase::Precommitted => self.ask(txn, out),
                Phase::Decided(_) => self.resend(txn, out),
            }
        }
    }
}
