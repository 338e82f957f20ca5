//! Leader election (§5.2, §5.4.1): the election timer, RequestVote and its replies.

use std::collections::{BTreeMap, BTreeSet};

use crate::protocol::{Effect, Out};
use crate::raft::config::RaftBug;
use crate::raft::log::{LogIndex, Term};
use crate::raft::message::RaftMessage;
use crate::raft::node::{RaftNode, RaftTimer};
use crate::raft::note::{RaftNote, VoteRefusal};
use crate::raft::role::{Progress, Role};
use crate::types::NodeId;

impl RaftNode {
    /// The election timer fired: increment the term, vote for oneself, reset the timer
    /// and ask everyone else for a vote.
    pub(crate) fn start_election(&mut self, out: &mut Out<Self>) {
        self.persistent.current_term += 1;
        self.persistent.voted_for = Some(self.id);
        self.role = Role::Candidate {
            votes: BTreeSet::from([self.id]),
        };
        let term = self.current_term();
        out.push(Effect::Note(RaftNote::ElectionStarted { node: self.id, term }));
        self.reset_election_timer(out);
        if self.is_majority(1) {
            self.become_leader(out);
            return;
        }
        let (last_log_index, last_log_term) = (self.log().last_index(), self.log().last_term());
        for peer in self.peers() {
            out.push(Effect::Send {
                to: peer,
                message: RaftMessage::RequestVote {
                    term,
                    last_log_index,
                    last_log_term,
                },
            });
        }
    }

    /// RequestVote arrived (its term is not newer than ours: the common rule ran first).
    pub(crate) fn on_request_vote(
        &mut self,
        candidate: NodeId,
        term: Term,
        candidate_last: (Term, LogIndex),
        out: &mut Out<Self>,
    ) {
        let refusal = self.vote_refusal(candidate, term, candidate_last);
        let granted = refusal.is_none();
        match refusal {
            None => {
                self.persistent.voted_for = Some(candidate);
                out.push(Effect::Note(RaftNote::VoteGranted {
                    node: self.id,
                    candidate,
                    term,
                }));
                self.reset_election_timer(out);
            }
            Some(reason) => out.push(Effect::Note(RaftNote::VoteRefused {
                node: self.id,
                candidate,
                reason,
            })),
        }
        out.push(Effect::Send {
            to: candidate,
            message: RaftMessage::RequestVoteReply {
                term: self.current_term(),
                granted,
            },
        });
    }

    /// Why the vote must be refused, or `None` to grant it (RequestVote receiver rules 1 and 2).
    fn vote_refusal(&self, candidate: NodeId, term: Term, candidate_last: (Term, LogIndex)) -> Option<VoteRefusal> {
        let ours = self.current_term();
        if term < ours {
            return Some(VoteRefusal::StaleTerm { theirs: term, ours });
        }
        if let Some(voted_for) = self.voted_for()
            && voted_for != candidate
        {
            return Some(VoteRefusal::AlreadyVoted { voted_for });
        }
        let (last_term, last_index) = candidate_last;
        let up_to_date = self.log().candidate_up_to_date(last_term, last_index);
        if !up_to_date && !self.has_bug(RaftBug::SkipUpToDateCheck) {
            return Some(VoteRefusal::LogMoreUpToDate {
                ours: (self.log().last_term(), self.log().last_index()),
                theirs: candidate_last,
            });
        }
        None
    }

    /// A vote reply arrived; a candidate with a majority becomes leader.
    pub(crate) fn on_vote(&mut self, voter: NodeId, term: Term, granted: bool, out: &mut Out<Self>) {
        let current = self.current_term();
        let Role::Candidate { votes } = &mut self.role else {
            return;
        };
        if term != current || !granted {
            return;
        }
        votes.insert(voter);
        let count = votes.len();
        if self.is_majority(count) {
            self.become_leader(out);
        }
    }

    /// Wins the election: initialise nextIndex and matchIndex, stop the election timer,
    /// and send AppendEntries to everyone at once.
    pub(crate) fn become_leader(&mut self, out: &mut Out<Self>) {
        let Role::Candidate { votes } = &self.role else {
            unreachable!("only a candidate can become leader");
        };
        out.push(Effect::Note(RaftNote::BecameLeader {
            node: self.id,
            term: self.current_term(),
            votes: votes.iter().copied().collect(),
        }));
        let next_index = self.log().last_index() + 1;
        let progress = self
            .peers()
            .map(|peer| {
                let start = Progress {
                    next_index,
                    match_index: 0,
                };
                (peer, start)
            })
            .collect();
        self.role = Role::Leader {
            progress,
            waiting: BTreeMap::new(),
        };
        out.push(Effect::CancelTimer(RaftTimer::Election));
        if self.config.noop_on_election {
            self.append_noop(out);
        }
        self.heartbeat(out);
    }
}
