//! The only ways a Raft node's role changes, side by side (Figure 2, "Rules for
//! Servers"). Each refuses a transition the rules never make, by panicking with the
//! transition's name: that is a bug in this crate, never something input can cause.
//!
//! | from \ to  | follower                    | candidate        | leader            |
//! |------------|-----------------------------|------------------|-------------------|
//! | follower   | a newer term, or a leader heard | election timeout (after a won pre-vote with PreVote on), or TimeoutNow | — |
//! | candidate  | a newer term, or the term's leader | election timeout again | majority of votes |
//! | leader     | a newer term; with CheckQuorum, no majority heard from | — | —            |
//!
//! With PreVote on, a follower whose timer fires first becomes a *pre-candidate* in its
//! own term (no vote, no new term: [`pre_vote`](super::pre_vote)); it returns to follower
//! like a candidate does, and becomes a candidate only with a majority of pre-votes.

use crate::vec_map::{VecMap, VecSet};

use crate::protocol::{ClientReply, Out};
use crate::raft::log::Term;
use crate::raft::node::{RaftNode, RaftTimer};
use crate::raft::note::RaftNote;
use crate::raft::role::{Progress, Role};
use crate::types::NodeId;

impl RaftNode {
    /// Becomes a follower in `term`, of `leader` if known. A newer term forgets the old
    /// term's vote. A leader that steps down stops its heartbeats, restarts its election
    /// timer and tells its waiting clients to look elsewhere.
    ///
    /// Refuses an older term, and a leader stepping down within its own term.
    pub(crate) fn become_follower(&mut self, term: Term, leader: Option<NodeId>, out: &mut Out<Self>) {
        let current = self.current_term();
        assert!(
            term >= current,
            "illegal transition: {} in term {current} -> follower in older term {term}",
            self.role.name()
        );
        assert!(
            !(self.is_leader() && term == current),
            "illegal transition: leader -> follower within term {term}"
        );
        if term > current {
            self.persistent.current_term = term;
            self.persistent.voted_for = None;
        }
        self.leave_role_for_follower(leader, out);
    }

    /// CheckQuorum (§6.2): a leader that has not heard from a majority steps down to
    /// follower in its own term, knowing no leader.
    ///
    /// Refuses anything but a leader.
    pub(crate) fn step_down_in_term(&mut self, out: &mut Out<Self>) {
        assert!(
            self.is_leader(),
            "illegal transition: {} -> step down",
            self.role.name()
        );
        self.leave_role_for_follower(None, out);
    }

    /// Becomes a follower of `leader` in the current term. A leader that steps down stops
    /// its heartbeats and any transfer, restarts its election timer, and tells its waiting
    /// clients (writes and reads) to look elsewhere.
    fn leave_role_for_follower(&mut self, leader: Option<NodeId>, out: &mut Out<Self>) {
        self.abandon_changes(out);
        let old = std::mem::replace(&mut self.role, Role::Follower { leader });
        if let Role::Leader { waiting, mut reads, .. } = old {
            out.cancel_timer(RaftTimer::Heartbeat);
            out.cancel_timer(RaftTimer::Transfer);
            for request in waiting.into_values().chain(reads.take_waiting()) {
                out.reply(request, ClientReply::NotLeader { leader });
            }
            // Its own leadership was the leader it last heard from; that is over.
            self.last_leader_contact = None;
            self.reset_election_timer(out);
        }
    }

    /// Starts an election: a new term, a vote for itself, a fresh election timeout (§5.2).
    /// The caller asks the others for their votes.
    ///
    /// Refuses a leader: it never times out into an election.
    pub(crate) fn become_candidate(&mut self, out: &mut Out<Self>) {
        assert!(!self.is_leader(), "illegal transition: leader -> candidate");
        self.persistent.current_term += 1;
        self.persistent.voted_for = Some(self.id);
        self.role = Role::Candidate {
            votes: VecSet::from_iter([self.id]),
        };
        let same_timeout = self
            .has_bug(crate::raft::RaftBug::SameElectionTimeout)
            .then_some(self.config.election_timeout.0);
        out.note(RaftNote::ElectionStarted {
            node: self.id,
            term: self.current_term(),
            same_timeout,
            outside: !self.membership.votes(self.id),
        });
        self.reset_election_timer(out);
    }

    /// Wins the election: initialise nextIndex and matchIndex, stop the election timer,
    /// and send AppendEntries to everyone at once.
    ///
    /// Refuses anything but a candidate.
    pub(crate) fn become_leader(&mut self, out: &mut Out<Self>) {
        let Role::Candidate { votes } = &self.role else {
            panic!("illegal transition: {} -> leader", self.role.name());
        };
        out.note(RaftNote::BecameLeader {
            node: self.id,
            term: self.current_term(),
            votes: votes.iter().copied().collect(),
        });
        let last_index = self.log().last_index();
        let progress = self.peers().map(|peer| (peer, Progress::new(last_index))).collect();
        let now = out.now();
        self.role = Role::Leader {
            progress,
            waiting: VecMap::new(),
            heard_at: self.peers().map(|peer| (peer, now)).collect(),
            transfer: None,
            reads: Default::default(),
            snapshots_sent: VecMap::new(),
            changes: Default::default(),
        };
        out.cancel_timer(RaftTimer::Election);
        // A configuration entry not yet committed is committed only with an entry of this
        // term (§5.4.2): until then no other change may begin, and a leader it removed
        // would lead on. So a new leader with one appends a no-op at once, as etcd's
        // leaders always do.
        if self.config.appends_noop() || !self.membership_committed() {
            self.append_noop(out);
        }
        self.heartbeat(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::Protocol;
    use crate::raft::RaftConfig;

    fn node() -> RaftNode {
        RaftNode::boot(1, 3, &RaftConfig::default(), Default::default())
    }

    #[test]
    fn a_newer_term_makes_any_role_a_follower_and_forgets_the_vote() {
        let mut n = node();
        let mut out = Out::new();
        n.become_candidate(&mut out);
        assert_eq!((n.current_term().0, n.voted_for()), (1, Some(1)));
        n.become_follower(Term(3), None, &mut out);
        assert_eq!(
            (n.current_term().0, n.voted_for(), n.role().name()),
            (3, None, "follower")
        );
    }

    #[test]
    fn a_candidate_that_hears_its_terms_leader_follows_it_and_keeps_its_vote() {
        let mut n = node();
        let mut out = Out::new();
        n.become_candidate(&mut out);
        n.become_follower(Term(1), Some(2), &mut out);
        assert_eq!(n.known_leader(), Some(2));
        assert_eq!(n.voted_for(), Some(1), "the vote of this term stands");
    }

    #[test]
    fn a_leader_that_steps_down_stops_its_heartbeats() {
        let mut n = node();
        let mut out = Out::new();
        n.become_candidate(&mut out);
        n.become_leader(&mut out);
        let mut out = Out::new();
        n.become_follower(Term(2), None, &mut out);
        assert!(
            out.effects()
                .contains(&crate::protocol::Effect::CancelTimer(RaftTimer::Heartbeat))
        );
    }

    #[test]
    #[should_panic(expected = "illegal transition: follower -> leader")]
    fn a_follower_cannot_become_leader() {
        node().become_leader(&mut Out::new());
    }

    #[test]
    #[should_panic(expected = "illegal transition: leader -> candidate")]
    fn a_leader_never_starts_an_election() {
        let mut n = node();
        let mut out = Out::new();
        n.become_candidate(&mut out);
        n.become_leader(&mut out);
        n.become_candidate(&mut out);
    }

    #[test]
    #[should_panic(expected = "illegal transition: leader -> follower within term 1")]
    fn a_leader_steps_down_only_for_a_newer_term() {
        let mut n = node();
        let mut out = Out::new();
        n.become_candidate(&mut out);
        n.become_leader(&mut out);
        n.become_follower(Term(1), Some(2), &mut out);
    }

    #[test]
    #[should_panic(expected = "older term")]
    fn terms_never_go_back() {
        let mut n = node();
        let mut out = Out::new();
        n.become_follower(Term(4), None, &mut out);
        n.become_follower(Term(2), None, &mut out);
    }
}
