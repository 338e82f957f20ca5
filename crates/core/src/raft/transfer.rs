//! Leadership transfer (thesis §3.10): for planned maintenance, a leader hands its
//! leadership to a chosen server without an election timeout's wait.
//!
//! The leader stops taking client requests, brings the target's log up to date, and sends
//! it `TimeoutNow`. The target starts an election at once — skipping PreVote, and marked
//! so that the vote lease does not apply — and, its log being as up to date as any, wins
//! the next term. If that has not happened within an election timeout, the leader gives
//! up and takes client requests again.

use crate::protocol::Out;
use crate::raft::message::{RaftMessage, TimeoutNow};
use crate::raft::node::{RaftNode, RaftTimer};
use crate::raft::note::RaftNote;
use crate::raft::role::Role;
use crate::types::NodeId;

/// A transfer under way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transfer {
    /// The node to lead next.
    pub to: NodeId,
    /// Whether TimeoutNow has been sent (once the target's log matched).
    pub timeout_now_sent: bool,
}

impl RaftNode {
    /// The transfer this leader has under way, if any.
    pub fn transfer(&self) -> Option<Transfer> {
        match &self.role {
            Role::Leader { transfer, .. } => *transfer,
            _ => None,
        }
    }

    /// An operator asked this node, the leader, to hand its leadership to `to`.
    pub(crate) fn start_transfer(&mut self, to: NodeId, out: &mut Out<Self>) {
        if !self.is_leader() {
            return;
        }
        if to == self.id {
            out.note(RaftNote::TransferToSelf { node: self.id });
            return;
        }
        let caught_up = self.target_caught_up(to);
        if let Role::Leader { transfer, reads, .. } = &mut self.role {
            *transfer = Some(Transfer {
                to,
                timeout_now_sent: false,
            });
            // A lease read rests on no election being possible; a transfer makes one.
            reads.end_lease();
        }
        out.note(RaftNote::TransferStarted {
            node: self.id,
            to,
            caught_up,
        });
        let timeout = self.config.election_timeout.0;
        out.set_timer(RaftTimer::Transfer, timeout, timeout);
        if caught_up {
            self.send_timeout_now(out);
        } else {
            self.send_append(to, out);
        }
    }

    /// Whether `to`'s log is known to match this leader's whole log.
    fn target_caught_up(&self, to: NodeId) -> bool {
        match &self.role {
            Role::Leader { progress, .. } => progress
                .get(&to)
                .is_some_and(|p| p.match_index() == self.log().last_index()),
            _ => false,
        }
    }

    /// After a successful AppendEntries reply from `follower`: if it is the transfer's
    /// target and now matches, send it TimeoutNow.
    pub(crate) fn continue_transfer(&mut self, follower: NodeId, out: &mut Out<Self>) {
        if self.transfer().is_some_and(|t| t.to == follower && !t.timeout_now_sent) && self.target_caught_up(follower) {
            self.send_timeout_now(out);
        }
    }

    fn send_timeout_now(&mut self, out: &mut Out<Self>) {
        let Role::Leader {
            transfer: Some(transfer),
            ..
        } = &mut self.role
        else {
            return;
        };
        transfer.timeout_now_sent = true;
        let to = transfer.to;
        out.note(RaftNote::TimeoutNowSent { node: self.id, to });
        let term = self.current_term();
        out.send(to, RaftMessage::TimeoutNow(TimeoutNow { term }));
    }

    /// TimeoutNow arrived (its term is not newer than ours: the common rule ran first):
    /// from the leader of our term, start an election at once.
    pub(crate) fn on_timeout_now(&mut self, from: NodeId, message: TimeoutNow, out: &mut Out<Self>) {
        if message.term < self.current_term() || self.is_leader() {
            return;
        }
        out.note(RaftNote::TimeoutNowReceived { node: self.id, from });
        self.start_election(true, out);
    }

    /// The transfer timer fired: a transfer still under way is abandoned.
    pub(crate) fn abandon_transfer(&mut self, out: &mut Out<Self>) {
        let Role::Leader { transfer, .. } = &mut self.role else {
            return;
        };
        if let Some(Transfer { to, .. }) = transfer.take() {
            out.note(RaftNote::TransferAbandoned { node: self.id, to });
        }
    }
}
