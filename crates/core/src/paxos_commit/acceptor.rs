//! An acceptor (`PaxosCommit.tla`'s AcceptorPhase1b and AcceptorPhase2b): it promises a
//! ballot of round 1 or more for every instance of a transaction at once, and accepts a
//! value in an instance unless it promised a higher ballot. A participant's own ballot 0
//! needs no promise: it is accepted while no higher ballot was promised. Every acceptance
//! is reported to the ballot's leader: the coordinator for ballot 0.

use crate::commit::TxnId;
use crate::paxos_commit::message::{Ballot, PaxosCommitMessage, Vote};
use crate::paxos_commit::node::PaxosCommitNode;
use crate::paxos_commit::note::PaxosCommitNote;
use crate::protocol::Out;
use crate::types::NodeId;

impl PaxosCommitNode {
    pub(super) fn on_phase1a(&mut self, from: NodeId, txn: TxnId, ballot: Ballot, out: &mut Out<Self>) {
        if !self.is_acceptor() {
            return;
        }
        let state = self.persistent.acceptor.get_or_insert_with(txn, Default::default);
        match state.promised {
            Some(promised) if promised >= ballot => {
                out.send(
                    from,
                    PaxosCommitMessage::Phase1b {
                        txn,
                        ballot: promised,
                        promised: false,
                        accepted: Vec::new(),
                    },
                );
            }
            _ => {
                state.promised = Some(ballot);
                let accepted = state.accepted.iter().map(|(&p, &(b, v))| (p, b, v)).collect();
                self.changed.insert(txn);
                out.note(PaxosCommitNote::Promised {
                    node: self.id,
                    txn,
                    ballot,
                });
                out.send(
                    from,
                    PaxosCommitMessage::Phase1b {
                        txn,
                        ballot,
                        promised: true,
                        accepted,
                    },
                );
            }
        }
    }

    pub(super) fn on_phase2a(
        &mut self,
        txn: TxnId,
        participant: NodeId,
        ballot: Ballot,
        vote: Vote,
        out: &mut Out<Self>,
    ) {
        if !self.is_acceptor() {
            return;
        }
        let state = self.persistent.acceptor.get_or_insert_with(txn, Default::default);
        let allowed = match state.promised {
            None => true,
            Some(promised) => ballot.round > 0 && ballot >= promised,
        };
        if !allowed {
            return;
        }
        if ballot.round > 0 {
            state.promised = Some(ballot);
        }
        state.accepted.insert(participant, (ballot, vote));
        self.changed.insert(txn);
        let leader = if ballot.round == 0 {
            self.config.coordinator
        } else {
            ballot.node
        };
        out.send(
            leader,
            PaxosCommitMessage::Phase2b {
                txn,
                participant,
                ballot,
                vote,
            },
        );
    }
}
