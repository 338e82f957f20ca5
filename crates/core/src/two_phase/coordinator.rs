//! The coordinator (Lamport's TwoPhase, TM): it begins a transaction, asks every
//! participant to prepare, decides Commit only on a Yes from every one (Abort on a No or
//! at the vote timeout), logs the decision before telling it, tells it until every
//! participant acknowledged, and after a crash aborts what it began and never decided.

use crate::protocol::{ClientRequest, Out};
use crate::two_phase::config::TwoPcBug;
use crate::two_phase::message::{Abort, Ack, Commit, Prepare, TwoPcMessage, TxnId, Vote};
use crate::two_phase::node::{CoordinatorRecord, Decision, TwoPcNode, TwoPcTimer};
use crate::two_phase::note::TwoPcNote;
use crate::types::NodeId;
use crate::vec_map::VecSet;

impl TwoPcNode {
    pub(super) fn send_decision(&self, txn: TxnId, to: NodeId, out: &mut Out<Self>) {
        let message = match self.persistent.log[&txn].decision {
            Some(Decision::Commit) => TwoPcMessage::Commit(Commit { txn }),
            Some(Decision::Abort) => TwoPcMessage::Abort(Abort { txn }),
            None => return,
        };
        out.send(to, message);
    }

    pub(super) fn begin(&mut self, request: ClientRequest, out: &mut Out<Self>) {
        // A client retrying a request it already started gets that transaction's decision.
        if let Some(txn) = self.txn_of_request.get(&request.id) {
            if let Some(decision) = self.persistent.log[txn].decision {
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
                decision: None,
            },
        );
        self.txn_of_request.insert(request.id, txn);
        self.changed.insert(txn);
        out.note(TwoPcNote::Began {
            node: self.id,
            txn,
            command: request.command.clone(),
        });
        self.yes_votes.insert(txn, VecSet::new());
        for to in self.participants() {
            let command = request.command.clone();
            out.send(to, TwoPcMessage::Prepare(Prepare { txn, command }));
        }
        if self.participants().next().is_none() {
            self.decide(txn, Decision::Commit, "it has no participant to wait for", out);
        } else {
            self.set_timer(TwoPcTimer::Votes(txn), out);
        }
    }

    pub(super) fn on_vote(&mut self, from: NodeId, vote: Vote, out: &mut Out<Self>) {
        let Vote { txn, yes } = vote;
        let Some(record) = self.persistent.log.get(&txn) else {
            return;
        };
        if record.decision.is_some() {
            self.send_decision(txn, from, out);
            return;
        }
        if !yes {
            self.decide(txn, Decision::Abort, "a participant voted No", out);
            return;
        }
        let votes = self.yes_votes.get_or_insert_with(txn, VecSet::new);
        votes.insert(from);
        if votes.len() == self.participants().count() {
            self.decide(txn, Decision::Commit, "every participant voted Yes", out);
        }
    }

    pub(super) fn decide(&mut self, txn: TxnId, decision: Decision, because: &'static str, out: &mut Out<Self>) {
        let record = self
            .persistent
            .log
            .get_mut(&txn)
            .expect("deciding a logged transaction");
        record.decision = Some(decision);
        let request = record.request;
        self.changed.insert(txn);
        self.advance_decided_through();
        self.yes_votes.remove(&txn);
        out.note(TwoPcNote::Decided {
            node: self.id,
            txn,
            decision,
            because,
        });
        out.reply(request, crate::commit::reply_for(decision));
        out.cancel_timer(TwoPcTimer::Votes(txn));
        self.acks.insert(txn, VecSet::new());
        self.resend(txn, out);
    }

    /// Sends the decision to every participant that has not acknowledged it, and re-arms.
    pub(super) fn resend(&mut self, txn: TxnId, out: &mut Out<Self>) {
        let acked = self.acks.get_or_insert_with(txn, VecSet::new).clone();
        let waiting: Vec<NodeId> = self.participants().filter(|p| !acked.contains(p)).collect();
        for to in &waiting {
            self.send_decision(txn, *to, out);
        }
        if !waiting.is_empty() {
            self.set_timer(TwoPcTimer::Resend(txn), out);
        }
    }

    pub(super) fn on_ack(&mut self, from: NodeId, ack: Ack, out: &mut Out<Self>) {
        let Ack { txn } = ack;
        let acked = self.acks.get_or_insert_with(txn, VecSet::new);
        acked.insert(from);
        if acked.len() == self.participants().count() {
            out.cancel_timer(TwoPcTimer::Resend(txn));
        }
    }

    pub(super) fn recover(&mut self, out: &mut Out<Self>) {
        let txns: Vec<(TxnId, Option<Decision>)> = self.persistent.log.iter().map(|(t, r)| (*t, r.decision)).collect();
        for (txn, logged) in txns {
            if logged.is_none() && self.config.bugs.has(TwoPcBug::CoordinatorForgetsUndecided) {
                out.note(TwoPcNote::LeftUndecided { node: self.id, txn });
                continue;
            }
            out.note(TwoPcNote::Recovered {
                node: self.id,
                txn,
                logged,
            });
            match logged {
                None => self.decide(txn, Decision::Abort, "no decision was logged before the crash", out),
                Some(_) => self.resend(txn, out),
            }
        }
    }
}
