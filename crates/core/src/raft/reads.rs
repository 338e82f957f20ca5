//! Reads without a log entry (thesis §6.4): ReadIndex and leases.
//!
//! A leader cannot simply answer a read from its state: it may have been deposed without
//! knowing, and a newer leader may have committed newer values (the stale read Jepsen
//! found). Through the log (`reads: "log"`) a read is an entry like a write. With
//! `read_index`, the leader (1) waits until it has committed an entry of its own term,
//! (2) records its commit index as the read index, (3) sends a round of heartbeats and
//! waits until a majority answered that round — proof it still led after the read
//! arrived — (4) waits until it has applied the read index, and answers. With `lease`, a
//! round a majority answered also starts a lease of the minimum election timeout from
//! when the round was sent: with CheckQuorum's vote lease no other node can be elected
//! before it ends, so reads within it are answered at once (§6.4.1).
//!
//! Heartbeat rounds are numbered: every AppendEntries carries the leader's latest round
//! and the reply echoes it, so a late answer to an older round never confirms a newer read.

use std::sync::Arc;

use crate::command::CommandOutput;
use crate::protocol::{ClientReply, Out};
use crate::raft::config::{RaftBug, ReadMode};
use crate::raft::log::LogIndex;
use crate::raft::node::RaftNode;
use crate::raft::note::{RaftNote, ReadBasis};
use crate::raft::role::Role;
use crate::types::{NodeId, RequestId, Time};
use crate::vec_map::{VecMap, VecSet};

/// A read the leader holds.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PendingRead {
    request: RequestId,
    key: Arc<str>,
    /// The commit index recorded when the read could start; `None` while the leader has
    /// not committed an entry of its term.
    read_index: Option<LogIndex>,
    /// The heartbeat round that must be answered by a majority. Set with `read_index`.
    round: u64,
}

/// A leader's heartbeat rounds and the reads waiting on them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LeaderReads {
    /// The latest round started; 0 before the first. Invariant: `confirmed <= round`.
    round: u64,
    /// When each round not yet confirmed was sent, oldest first.
    sent_at: Vec<(u64, Time)>,
    /// Per other node: the latest round it answered.
    answered: VecMap<NodeId, u64>,
    /// The latest round a majority (the leader included) answered.
    confirmed: u64,
    /// With leases: reads may be answered at once before this time (exclusive).
    lease_until: Time,
    /// Reads waiting, oldest first.
    pending: Vec<PendingRead>,
}

impl LeaderReads {
    /// The round every AppendEntries carries now.
    pub fn round(&self) -> u64 {
        self.round
    }

    /// Starts a new round at `now` and returns its number.
    fn start_round(&mut self, now: Time) -> u64 {
        self.round += 1;
        self.sent_at.push((self.round, now));
        self.round
    }

    /// Ends any lease at once (a leadership transfer makes an election possible).
    pub fn end_lease(&mut self) {
        self.lease_until = 0;
    }

    /// The requests of every waiting read, which a leader that steps down turns away.
    pub fn take_waiting(&mut self) -> Vec<RequestId> {
        self.pending.drain(..).map(|r| r.request).collect()
    }
}

impl RaftNode {
    /// The heartbeat round the next AppendEntries carries (0 when reads go through the log).
    pub(crate) fn read_round(&self) -> u64 {
        match &self.role {
            Role::Leader { reads, .. } => reads.round(),
            _ => 0,
        }
    }

    /// Whether reads use heartbeat rounds.
    fn counts_rounds(&self) -> bool {
        self.config.reads != ReadMode::Log
    }

    /// A leader about to send a heartbeat to everyone starts a round with it.
    pub(crate) fn start_heartbeat_round(&mut self, now: Time) {
        if !self.counts_rounds() {
            return;
        }
        if let Role::Leader { reads, .. } = &mut self.role {
            reads.start_round(now);
        }
    }

    /// Whether this leader has committed an entry of its current term (§6.4, step 1).
    fn committed_own_term(&self) -> bool {
        self.log().term_at(self.commit_index) == Some(self.current_term())
    }

    /// Whether a read (`get K`) skips the log here: reads by ReadIndex or lease, or the
    /// bug that answers at once.
    pub(crate) fn reads_off_log(&self) -> bool {
        self.counts_rounds() || self.has_bug(RaftBug::ReadWithoutQuorumCheck)
    }

    /// A leader got a read of `key` that skips the log.
    pub(crate) fn serve_read(&mut self, request: RequestId, key: Arc<str>, out: &mut Out<Self>) {
        if self.has_bug(RaftBug::ReadWithoutQuorumCheck) {
            let basis = ReadBasis::Unchecked {
                own_term_committed: self.committed_own_term(),
            };
            self.answer_read(request, key, basis, out);
            return;
        }
        if !self.committed_own_term() {
            out.note(RaftNote::ReadWaitsForOwnTerm {
                node: self.id,
                key: key.clone(),
                term: self.current_term(),
            });
            if let Role::Leader { reads, .. } = &mut self.role {
                reads.pending.push(PendingRead {
                    request,
                    key,
                    read_index: None,
                    round: 0,
                });
            }
            return;
        }
        if let Some(until_ms) = self.lease_holds(out.now()) {
            self.answer_read(request, key, ReadBasis::Lease { until_ms }, out);
            return;
        }
        self.start_read_index(vec![(request, key)], out);
    }

    /// The end of the lease, if reads are by lease and it holds at `now`.
    fn lease_holds(&self, now: Time) -> Option<Time> {
        match &self.role {
            Role::Leader { reads: r, transfer, .. }
                if self.config.reads == ReadMode::Lease && transfer.is_none() && now < r.lease_until =>
            {
                Some(r.lease_until)
            }
            _ => None,
        }
    }

    /// Records the commit index for `waiting` reads and sends one round of heartbeats for
    /// them all.
    fn start_read_index(&mut self, waiting: Vec<(RequestId, Arc<str>)>, out: &mut Out<Self>) {
        let read_index = self.commit_index;
        let now = out.now();
        let Role::Leader { reads, .. } = &mut self.role else {
            return;
        };
        let round = reads.start_round(now);
        for (request, key) in waiting {
            out.note(RaftNote::ReadIndexRecorded {
                node: self.id,
                key: key.clone(),
                read_index,
                round,
            });
            reads.pending.push(PendingRead {
                request,
                key,
                read_index: Some(read_index),
                round,
            });
        }
        for peer in self.peers() {
            self.send_append(peer, out);
        }
        // A cluster of one is its own majority.
        self.confirm_rounds(out);
    }

    /// `follower` answered AppendEntries of round `round` in this leader's term.
    pub(crate) fn on_round_answered(&mut self, follower: NodeId, round: u64, out: &mut Out<Self>) {
        if round == 0 {
            return;
        }
        if let Role::Leader { reads, .. } = &mut self.role {
            let seen = reads.answered.get_or_insert_with(follower, || 0);
            *seen = (*seen).max(round);
        }
        self.confirm_rounds(out);
    }

    /// Works out the latest round a majority answered; a newly confirmed round extends the
    /// lease and lets waiting reads go on.
    fn confirm_rounds(&mut self, out: &mut Out<Self>) {
        let (me, quorum) = (self.id, self.quorum());
        let lease = self.config.reads == ReadMode::Lease;
        let window = self.config.election_timeout.0;
        let Role::Leader { reads, transfer, .. } = &mut self.role else {
            return;
        };
        // The latest round that a majority of the configuration answered: the leader has
        // answered every round it started; a node that answered round r answered every
        // round before it too.
        let answered_at_least = |round: u64| -> VecSet<NodeId> {
            let others = reads.answered.iter().filter(|&(_, &r)| r >= round).map(|(&id, _)| id);
            others.chain([me]).collect()
        };
        let confirmed = reads
            .answered
            .values()
            .copied()
            .chain([reads.round])
            .filter(|&round| quorum.is_majority(&answered_at_least(round)))
            .max()
            .unwrap_or(0);
        if confirmed > reads.confirmed {
            reads.confirmed = confirmed;
            let sent = reads
                .sent_at
                .iter()
                .rev()
                .find(|(r, _)| *r <= confirmed)
                .map(|&(_, at)| at);
            reads.sent_at.retain(|(r, _)| *r > confirmed);
            if lease
                && transfer.is_none()
                && let Some(sent) = sent
            {
                reads.lease_until = reads.lease_until.max(sent + window);
            }
        }
        self.answer_ready_reads(out);
    }

    /// Answers every waiting read whose round a majority answered and whose read index is
    /// applied; starts reads that waited for an own-term commit, now that there is one.
    pub(crate) fn advance_reads(&mut self, out: &mut Out<Self>) {
        if !self.is_leader() || !self.committed_own_term() {
            return;
        }
        let Role::Leader { reads, .. } = &mut self.role else {
            return;
        };
        let (held, rest): (Vec<PendingRead>, Vec<PendingRead>) =
            reads.pending.drain(..).partition(|r| r.read_index.is_none());
        reads.pending = rest;
        if !held.is_empty() {
            let now = out.now();
            let mut waiting = Vec::new();
            for read in held {
                match self.lease_holds(now) {
                    Some(until_ms) => self.answer_read(read.request, read.key, ReadBasis::Lease { until_ms }, out),
                    None => waiting.push((read.request, read.key)),
                }
            }
            if !waiting.is_empty() {
                self.start_read_index(waiting, out);
                return;
            }
        }
        self.answer_ready_reads(out);
    }

    fn answer_ready_reads(&mut self, out: &mut Out<Self>) {
        let applied = self.last_applied;
        let Role::Leader { reads, .. } = &mut self.role else {
            return;
        };
        let confirmed = reads.confirmed;
        let (ready, rest): (Vec<PendingRead>, Vec<PendingRead>) = reads
            .pending
            .drain(..)
            .partition(|r| r.read_index.is_some_and(|i| i <= applied) && r.round <= confirmed);
        reads.pending = rest;
        for read in ready {
            let basis = ReadBasis::Confirmed {
                read_index: read.read_index.expect("partitioned on it"),
                round: read.round,
            };
            self.answer_read(read.request, read.key, basis, out);
        }
    }

    fn answer_read(&self, request: RequestId, key: Arc<str>, basis: ReadBasis, out: &mut Out<Self>) {
        let value = self.kv.values().get(&key).cloned();
        out.note(RaftNote::ReadAnswered {
            node: self.id,
            key,
            value: value.clone(),
            basis,
        });
        out.reply(request, ClientReply::Done(CommandOutput::Read(value)));
    }
}
