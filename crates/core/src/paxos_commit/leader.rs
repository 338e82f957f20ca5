//! The leaders: the coordinator, which begins a transaction and learns the participants'
//! ballot-0 votes (`PaxosCommit.tla`'s TMRcvPrepared… as Gray & Lamport's leader), and any
//! node that takes over a transaction left undecided (a participant waiting too long, the
//! coordinator missing votes, or back from a crash): with a ballot of a higher round it
//! runs phase 1 for every instance at once, proposes in each the value of the highest
//! ballot among the promises — `aborted` where none was accepted — and learns what is
//! chosen. A leader that knows every instance's value decides: commit when all are
//! prepared, abort as soon as one is aborted; it tells every participant and the
//! coordinator.

use crate::commit::{Decision, TxnId};
use crate::paxos_commit::config::PaxosCommitBug;
use crate::paxos_commit::message::{Accepted, Ballot, PaxosCommitMessage, Vote};
use crate::paxos_commit::node::{CoordinatorRecord, PaxosCommitNode, PaxosCommitTimer, Takeover};
use crate::paxos_commit::note::PaxosCommitNote;
use crate::protocol::{ClientRequest, Out};
use crate::types::NodeId;
use crate::vec_map::VecSet;

impl PaxosCommitNode {
    pub(super) fn begin(&mut self, request: ClientRequest, out: &mut Out<Self>) {
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
        out.note(PaxosCommitNote::Began {
            node: self.id,
            txn,
            command: request.command.clone(),
        });
        for to in self.participants() {
            let command = request.command.clone();
            out.send(to, PaxosCommitMessage::Prepare { txn, command });
        }
        if self.participants().next().is_none() {
            self.decide(txn, Decision::Commit, out);
        } else {
            self.set_timer(PaxosCommitTimer::Votes(txn), out);
        }
    }

    /// An acceptor accepted `vote` in `participant`'s instance at `ballot`: count it, and
    /// decide once every instance's value is known.
    pub(super) fn on_phase2b(
        &mut self,
        from: NodeId,
        txn: TxnId,
        participant: NodeId,
        ballot: Ballot,
        vote: Vote,
        out: &mut Out<Self>,
    ) {
        let mine = if ballot.round == 0 {
            self.is_coordinator()
        } else {
            ballot.node == self.id
        };
        if !mine || self.has_decided(txn) {
            return;
        }
        let majority = self.config.majority();
        let tally = self.tallies.get_or_insert_with(txn, Default::default);
        let (value, acceptors) = tally
            .accepted
            .get_or_insert_with((participant, ballot), || (vote, VecSet::new()));
        if *value != vote {
            return;
        }
        acceptors.insert(from);
        if acceptors.len() < majority || tally.chosen.contains_key(&participant) {
            return;
        }
        tally.chosen.insert(participant, vote);
        out.note(PaxosCommitNote::Chosen {
            node: self.id,
            txn,
            participant,
            vote,
            ballot,
        });
        let chosen = tally.chosen.clone();
        if chosen.values().any(|v| *v == Vote::Aborted) {
            self.decide(txn, Decision::Abort, out);
        } else if self.participants().all(|p| chosen.contains_key(&p)) {
            self.decide(txn, Decision::Commit, out);
        }
    }

    /// Decides `txn` here and tells every participant and the coordinator.
    fn decide(&mut self, txn: TxnId, decision: Decision, out: &mut Out<Self>) {
        let taking_over = self.takeovers.get(&txn).map(|t| t.ballot);
        out.note(PaxosCommitNote::Decided {
            node: self.id,
            txn,
            decision,
            ballot: taking_over,
        });
        self.apply(txn, decision, out);
        self.acks.insert(txn, VecSet::new());
        self.resend(txn, out);
    }

    /// The nodes a leader tells its decision: every participant and the coordinator, but itself.
    fn told(&self) -> impl Iterator<Item = NodeId> + use<> {
        let me = self.id;
        let coordinator = self.config.coordinator;
        self.participants().chain([coordinator]).filter(move |&n| n != me)
    }

    /// Tells the decision on `txn` to every node that has not acknowledged it, and re-arms.
    pub(super) fn resend(&mut self, txn: TxnId, out: &mut Out<Self>) {
        let (Some(decision), Some(acked)) = (self.decision(txn), self.acks.get(&txn)) else {
            return;
        };
        let waiting: Vec<NodeId> = self.told().filter(|n| !acked.contains(n)).collect();
        let message = match decision {
            Decision::Commit => PaxosCommitMessage::Commit { txn },
            Decision::Abort => PaxosCommitMessage::Abort { txn },
        };
        for &to in &waiting {
            out.send(to, message.clone());
        }
        if !waiting.is_empty() {
            self.set_timer(PaxosCommitTimer::Resend(txn), out);
        }
    }

    pub(super) fn on_ack(&mut self, from: NodeId, txn: TxnId, out: &mut Out<Self>) {
        let Some(acked) = self.acks.get_mut(&txn) else {
            return;
        };
        acked.insert(from);
        let all = acked.len();
        if all == self.told().count() {
            out.cancel_timer(PaxosCommitTimer::Resend(txn));
            self.acks.remove(&txn);
        }
    }

    /// Takes over `txn` with a ballot of a round higher than any this node has used or seen.
    pub(super) fn take_over(&mut self, txn: TxnId, because: PaxosCommitTimer, out: &mut Out<Self>) {
        let round = self.persistent.last_round.max(self.highest_seen) + 1;
        self.persistent.last_round = round;
        let ballot = Ballot { round, node: self.id };
        out.note(PaxosCommitNote::TakingOver {
            node: self.id,
            txn,
            ballot,
            retry: matches!(because, PaxosCommitTimer::Retry(_)),
            coordinator: self.is_coordinator(),
        });
        self.takeovers.insert(
            txn,
            Takeover {
                ballot,
                promises: Default::default(),
                proposed: false,
            },
        );
        for to in self.acceptors() {
            out.send(to, PaxosCommitMessage::Phase1a { txn, ballot });
        }
        self.set_timer(PaxosCommitTimer::Retry(txn), out);
    }

    pub(super) fn on_phase1b(
        &mut self,
        from: NodeId,
        txn: TxnId,
        ballot: Ballot,
        promised: bool,
        accepted: Vec<Accepted>,
        out: &mut Out<Self>,
    ) {
        if !promised {
            self.highest_seen = self.highest_seen.max(ballot.round);
            return;
        }
        let majority = self.config.majority();
        let Some(takeover) = self.takeovers.get_mut(&txn) else {
            return;
        };
        if takeover.ballot != ballot || takeover.proposed {
            return;
        }
        takeover.promises.insert(from, accepted);
        if takeover.promises.len() < majority {
            return;
        }
        takeover.proposed = true;
        let ignore = self.config.bugs.has(PaxosCommitBug::TakeoverIgnoresAccepted);
        let promises: Vec<Accepted> = takeover.promises.values().flatten().copied().collect();
        let participants: Vec<NodeId> = self.participants().collect();
        let mut proposals = Vec::with_capacity(participants.len());
        for participant in participants {
            let highest = promises
                .iter()
                .filter(|(p, _, _)| *p == participant)
                .max_by_key(|(_, b, _)| *b)
                .map(|&(_, b, v)| (b, v));
            let vote = match highest {
                Some((_, v)) if !ignore => v,
                _ => Vote::Aborted,
            };
            proposals.push((participant, vote, highest));
        }
        if ignore && proposals.iter().any(|(_, _, h)| matches!(h, Some((_, Vote::Prepared)))) {
            out.note(PaxosCommitNote::IgnoredAccepted {
                node: self.id,
                txn,
                ballot,
            });
        }
        out.note(PaxosCommitNote::Proposing {
            node: self.id,
            txn,
            ballot,
            proposals: proposals.iter().map(|&(p, v, h)| (p, v, h.is_some())).collect(),
        });
        for (participant, vote, _) in proposals {
            for to in self.acceptors() {
                out.send(
                    to,
                    PaxosCommitMessage::Phase2a {
                        txn,
                        participant,
                        ballot,
                        vote,
                    },
                );
            }
        }
    }
}
