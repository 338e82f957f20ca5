//! PreVote (thesis §9.6) and the vote lease that comes with CheckQuorum (§4.2.3, §6.2).
//!
//! A server cut off from the leader keeps timing out; in plain Raft each timeout raises
//! its term, and when it returns that term deposes a healthy leader. With PreVote it first
//! asks whether the others *would* vote for it in the next term, and changes its term only
//! when a majority would. A voter says yes only if the candidate's log is at least as up to
//! date and it has not itself heard from a current leader within the minimum election
//! timeout (the thesis's rule; etcd applies this second condition only with CheckQuorum,
//! see its `testdata/prevote.txt`).
//!
//! With CheckQuorum on, a server that heard from a current leader within the minimum
//! election timeout ignores a RequestVote with a newer term altogether — it neither adopts
//! the term nor votes — unless the election comes from a leadership transfer.

use crate::protocol::Out;
use crate::raft::config::RaftBug;
use crate::raft::message::{RaftMessage, RequestVote, RequestVoteReply};
use crate::raft::node::RaftNode;
use crate::raft::note::{LeaderSeen, RaftNote, VoteRefusal};
use crate::raft::role::Role;
use crate::types::{NodeId, Time};
use crate::vec_map::VecSet;

/// When a node last heard from a current leader, for PreVote and the vote lease.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LastLeaderContact {
    /// The leader; `None` when the node restarted then (it cannot know whether it had just
    /// heard from one, so with CheckQuorum on it counts its restart as such a moment).
    pub leader: Option<NodeId>,
    /// When.
    pub at: Time,
}

impl RaftNode {
    /// Whether this node heard from a current leader within the minimum election timeout
    /// as of `now` (a leader hears itself), and from whom.
    pub(crate) fn leader_recently_seen(&self, now: Time) -> Option<LeaderSeen> {
        if self.is_leader() {
            return Some(LeaderSeen {
                leader: Some(self.id),
                ago_ms: 0,
                own: true,
            });
        }
        let contact = self.last_leader_contact?;
        let ago_ms = now.saturating_sub(contact.at);
        (ago_ms < self.config.election_timeout.0).then_some(LeaderSeen {
            leader: contact.leader,
            ago_ms,
            own: false,
        })
    }

    /// The vote lease: with CheckQuorum on, a RequestVote with a newer term, not from a
    /// leadership transfer, is ignored by a node that heard from a current leader within
    /// the minimum election timeout. Returns whether it was ignored (and notes so).
    pub(crate) fn ignores_vote_in_lease(&self, candidate: NodeId, request: &RequestVote, out: &mut Out<Self>) -> bool {
        if !self.config.check_quorum || request.transfer || request.term <= self.current_term() {
            return false;
        }
        let Some(seen) = self.leader_recently_seen(out.now()) else {
            return false;
        };
        out.note(RaftNote::VoteIgnored {
            node: self.id,
            candidate,
            term: request.term,
            seen,
        });
        true
    }

    /// The election timer fired with PreVote on: become a pre-candidate and ask every
    /// other node whether it would vote for this node in the next term.
    pub(crate) fn start_pre_vote(&mut self, out: &mut Out<Self>) {
        let term = self.current_term() + 1;
        self.role = Role::PreCandidate {
            grants: VecSet::from_iter([self.id]),
        };
        out.note(RaftNote::PreVoteStarted { node: self.id, term });
        self.reset_election_timer(out);
        if self.quorum().is_majority(&VecSet::from_iter([self.id])) {
            self.win_pre_vote(out);
            return;
        }
        let request = RaftMessage::PreVote(RequestVote {
            term,
            last_log: self.log().last_id(),
            transfer: false,
        });
        out.broadcast(self.peers(), &request);
    }

    /// PreVote arrived: answer whether this node would vote for the sender in the term it
    /// names, changing neither its own term nor its vote.
    pub(crate) fn on_pre_vote(&mut self, candidate: NodeId, request: RequestVote, out: &mut Out<Self>) {
        let refusal = self.pre_vote_refusal(candidate, &request, out.now());
        let granted = refusal.is_none();
        match refusal {
            None => out.note(RaftNote::PreVoteGranted {
                node: self.id,
                candidate,
                term: request.term,
            }),
            Some(reason) => out.note(RaftNote::PreVoteRefused {
                node: self.id,
                candidate,
                reason,
            }),
        }
        let reply = RequestVoteReply {
            term: if granted { request.term } else { self.current_term() },
            granted,
        };
        out.send(candidate, RaftMessage::PreVoteReply(reply));
    }

    /// Why this node would not vote for `candidate` in `request.term`: the RequestVote
    /// rules as if the election were real, and a current leader heard from recently.
    fn pre_vote_refusal(&self, candidate: NodeId, request: &RequestVote, now: Time) -> Option<VoteRefusal> {
        let ours = self.current_term();
        if request.term < ours {
            return Some(VoteRefusal::StaleTerm {
                theirs: request.term,
                ours,
            });
        }
        if let Some(seen) = self.leader_recently_seen(now) {
            return Some(VoteRefusal::LeaderRecentlyHeard(seen));
        }
        if request.term == ours
            && let Some(voted_for) = self.voted_for()
            && voted_for != candidate
        {
            return Some(VoteRefusal::AlreadyVoted { voted_for });
        }
        if !self.log().candidate_up_to_date(request.last_log) && !self.has_bug(RaftBug::SkipUpToDateCheck) {
            return Some(VoteRefusal::LogMoreUpToDate {
                ours: self.log().last_id(),
                theirs: request.last_log,
            });
        }
        None
    }

    /// A PreVote answer arrived; with a majority of grants for the next term the
    /// pre-candidate starts a real election.
    pub(crate) fn on_pre_vote_reply(&mut self, voter: NodeId, reply: RequestVoteReply, out: &mut Out<Self>) {
        let next = self.current_term() + 1;
        let quorum = self.quorum();
        let Role::PreCandidate { grants } = &mut self.role else {
            return;
        };
        if !reply.granted || reply.term != next {
            return;
        }
        grants.insert(voter);
        if quorum.is_majority(grants) {
            self.win_pre_vote(out);
        }
    }

    fn win_pre_vote(&mut self, out: &mut Out<Self>) {
        let grants = match &self.role {
            Role::PreCandidate { grants } => grants.iter().copied().collect(),
            _ => Vec::new(),
        };
        out.note(RaftNote::PreVoteWon {
            node: self.id,
            term: self.current_term() + 1,
            grants,
        });
        self.start_election(false, out);
    }
}
