//! Leader election (§5.2, §5.4.1): the election timer, RequestVote and its replies.
//! The role changes themselves are in [`role_change`](super::role_change).

use crate::protocol::Out;
use crate::raft::config::RaftBug;
use crate::raft::message::{RaftMessage, RequestVote, RequestVoteReply};
use crate::raft::node::RaftNode;
use crate::raft::note::{RaftNote, VoteRefusal};
use crate::raft::role::Role;
use crate::types::NodeId;

impl RaftNode {
    /// The election timer fired (after a won pre-vote, with PreVote on; at once on
    /// TimeoutNow, `transfer`): become a candidate in a new term and ask everyone else for
    /// a vote (a cluster of one wins at once).
    pub(crate) fn start_election(&mut self, transfer: bool, out: &mut Out<Self>) {
        self.become_candidate(out);
        let quorum = self.quorum();
        if matches!(&self.role, Role::Candidate { votes } if quorum.is_majority(votes)) {
            self.become_leader(out);
            return;
        }
        let request = RaftMessage::RequestVote(RequestVote {
            term: self.current_term(),
            last_log: self.log().last_id(),
            transfer,
        });
        out.broadcast(self.peers(), &request);
    }

    /// RequestVote arrived (its term is not newer than ours: the common rule ran first).
    pub(crate) fn on_request_vote(&mut self, candidate: NodeId, request: RequestVote, out: &mut Out<Self>) {
        let refusal = self.vote_refusal(candidate, &request);
        let granted = refusal.is_none();
        match refusal {
            None => {
                let again = self.voted_for() == Some(candidate);
                let ours = self.log().last_id();
                let behind = (!self.log().candidate_up_to_date(request.last_log)).then_some((ours, request.last_log));
                let forgot = self
                    .forgotten_vote
                    .filter(|&(term, earlier)| term == request.term && earlier != candidate && !again)
                    .map(|(_, earlier)| earlier);
                self.persistent.voted_for = Some(candidate);
                out.note(RaftNote::VoteGranted {
                    node: self.id,
                    candidate,
                    term: request.term,
                    again,
                    behind,
                    forgot,
                });
                self.reset_election_timer(out);
            }
            Some(reason) => out.note(RaftNote::VoteRefused {
                node: self.id,
                candidate,
                reason,
            }),
        }
        let reply = RequestVoteReply {
            term: self.current_term(),
            granted,
        };
        out.send(candidate, RaftMessage::RequestVoteReply(reply));
    }

    /// Why the vote must be refused, or `None` to grant it (RequestVote receiver rules 1 and 2).
    fn vote_refusal(&self, candidate: NodeId, request: &RequestVote) -> Option<VoteRefusal> {
        let ours = self.current_term();
        if request.term < ours {
            return Some(VoteRefusal::StaleTerm {
                theirs: request.term,
                ours,
            });
        }
        if let Some(voted_for) = self.voted_for()
            && voted_for != candidate
        {
            return Some(VoteRefusal::AlreadyVoted { voted_for });
        }
        let up_to_date = self.log().candidate_up_to_date(request.last_log);
        if !up_to_date && !self.has_bug(RaftBug::SkipUpToDateCheck) {
            return Some(VoteRefusal::LogMoreUpToDate {
                ours: self.log().last_id(),
                theirs: request.last_log,
            });
        }
        None
    }

    /// A vote reply arrived; a candidate with a majority becomes leader.
    pub(crate) fn on_vote(&mut self, voter: NodeId, reply: RequestVoteReply, out: &mut Out<Self>) {
        let current = self.current_term();
        let quorum = self.quorum();
        let Role::Candidate { votes } = &mut self.role else {
            return;
        };
        if reply.term != current || !reply.granted {
            return;
        }
        votes.insert(voter);
        if quorum.is_majority(votes) {
            self.become_leader(out);
        }
    }
}
