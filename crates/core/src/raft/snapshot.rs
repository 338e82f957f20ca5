//! Snapshots and log compaction (thesis ch. 5, Figure 13 of the paper).
//!
//! A node compacts the entries it has applied into a snapshot: the key-value state, the
//! client requests already applied (so a retried request is still applied once, §6.3),
//! and the last included entry's index and term. With `snapshot_after` set, it compacts by
//! itself once that many entries were applied beyond its last snapshot; the `compact` step
//! makes it compact at once. A leader that must send a follower an entry it has discarded
//! sends `InstallSnapshot` instead (one chunk: the whole snapshot); the follower keeps the
//! entries that follow the snapshot if its log holds the snapshot's last entry, and
//! otherwise replaces its log; a snapshot no newer than its commit index is ignored.

use crate::command::{CommandOutput, KvStore};
use crate::protocol::Out;
use crate::raft::log::{EntryId, LogIndex};
use crate::raft::message::{InstallSnapshot, InstallSnapshotReply, RaftMessage};
use crate::raft::node::RaftNode;
use crate::raft::note::RaftNote;
use crate::raft::role::Role;
use crate::types::{NodeId, RequestId};
use crate::vec_map::VecMap;

/// The state of the entries a node compacted. Persistent: it survives a crash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// The last entry it replaces (`lastIncludedIndex`, `lastIncludedTerm`).
    pub last: EntryId,
    /// The state machine after applying every entry through `last`.
    pub kv: KvStore,
    /// The output of every client request applied through `last`.
    pub applied_requests: VecMap<RequestId, CommandOutput>,
    /// The configuration as of `last` (thesis §5.1), when a configuration entry came
    /// before it; `None`: the one the cluster started from.
    pub membership: Option<std::sync::Arc<crate::raft::quorum::Quorum>>,
    /// For the checker only, never read by the rules: the hash of the log prefix through
    /// `last`, so Log Matching and State Machine Safety can still be checked across it.
    pub prefix_hash: u64,
}

impl RaftNode {
    /// After applying: with `snapshot_after` set, compacts once that many entries were
    /// applied beyond the last snapshot.
    pub(crate) fn compact_if_due(&mut self, out: &mut Out<Self>) {
        let after = self.config.snapshot_after;
        if after > 0 && self.last_applied - self.log().base().index >= after {
            self.take_snapshot(out);
        }
    }

    /// Compacts every applied entry into a snapshot (the `compact` step, or when due).
    pub(crate) fn take_snapshot(&mut self, out: &mut Out<Self>) {
        let through = self.last_applied;
        let log = &mut self.persistent.log;
        if through <= log.base().index {
            out.note(RaftNote::NothingToCompact {
                node: self.id,
                last: log.base(),
            });
            return;
        }
        let last = log.id_at(through).expect("applied entries are in the log");
        let membership = log
            .entries()
            .iter()
            .take((through - log.base().index) as usize)
            .rev()
            .find_map(|e| e.config.clone())
            .or_else(|| self.persistent.snapshot.as_ref().and_then(|s| s.membership.clone()));
        let snapshot = Snapshot {
            last,
            kv: self.kv.clone(),
            applied_requests: self.applied_requests.clone(),
            membership,
            prefix_hash: log.prefix_hash(through),
        };
        let discarded = through - log.base().index;
        log.compact_through(through);
        self.persistent.snapshot = Some(std::sync::Arc::new(snapshot));
        out.note(RaftNote::SnapshotTaken {
            node: self.id,
            last,
            discarded,
        });
    }

    /// A leader sends `peer`, whose next entry it has discarded, its snapshot — unless it
    /// sent it less than an election timeout ago and is waiting for the answer.
    pub(crate) fn send_snapshot(&mut self, peer: NodeId, out: &mut Out<Self>) {
        let (now, wait) = (out.now(), self.config.election_timeout.0);
        let Role::Leader { snapshots_sent, .. } = &mut self.role else {
            return;
        };
        if snapshots_sent.get(&peer).is_some_and(|&at| now < at + wait) {
            return;
        }
        snapshots_sent.insert(peer, now);
        let Some(snapshot) = &self.persistent.snapshot else {
            return;
        };
        let message = InstallSnapshot {
            term: self.current_term(),
            snapshot: snapshot.clone(),
        };
        out.send(peer, RaftMessage::InstallSnapshot(message));
    }

    /// InstallSnapshot arrived (its term is not newer than ours: the common rule ran first).
    pub(crate) fn on_install_snapshot(&mut self, leader: NodeId, message: InstallSnapshot, out: &mut Out<Self>) {
        let ours = self.current_term();
        let reply = |last_index| RaftMessage::InstallSnapshotReply(InstallSnapshotReply { term: ours, last_index });
        if message.term < ours || self.is_leader() {
            out.send(leader, reply(LogIndex::ZERO));
            return;
        }
        self.last_leader_contact = Some(crate::raft::pre_vote::LastLeaderContact {
            leader: Some(leader),
            at: out.now(),
        });
        self.become_follower(message.term, Some(leader), out);
        self.reset_election_timer(out);
        let snapshot = &*message.snapshot;
        if snapshot.last.index <= self.commit_index {
            out.note(RaftNote::SnapshotIgnored {
                node: self.id,
                leader,
                last: snapshot.last,
                commit_index: self.commit_index,
            });
            out.send(leader, reply(self.commit_index));
            return;
        }
        let kept = self.log().term_at(snapshot.last.index) == Some(snapshot.last.term);
        self.persistent.log.restore(snapshot.last, snapshot.prefix_hash);
        self.kv = snapshot.kv.clone();
        self.applied_requests = snapshot.applied_requests.clone();
        self.commit_index = snapshot.last.index;
        self.last_applied = snapshot.last.index;
        self.persistent.snapshot = Some(message.snapshot.clone());
        self.refresh_membership();
        out.note(RaftNote::SnapshotInstalled {
            node: self.id,
            leader,
            last: snapshot.last,
            kept_after: kept.then(|| self.log().last_index()),
        });
        out.send(leader, reply(snapshot.last.index));
    }

    /// A follower answered InstallSnapshot: it now holds everything through `last_index`.
    pub(crate) fn on_install_snapshot_reply(
        &mut self,
        follower: NodeId,
        reply: InstallSnapshotReply,
        out: &mut Out<Self>,
    ) {
        let current = self.current_term();
        let now = out.now();
        let check_quorum = self.config.check_quorum;
        let Role::Leader {
            progress,
            heard_at,
            snapshots_sent,
            ..
        } = &mut self.role
        else {
            return;
        };
        if reply.term != current {
            return;
        }
        // Only CheckQuorum reads when each follower was last heard from.
        if check_quorum {
            heard_at.insert(follower, now);
        }
        snapshots_sent.remove(&follower);
        if let Some(p) = progress.get_mut(&follower) {
            p.on_success(reply.last_index);
        }
        self.advance_commit(out);
        self.continue_transfer(follower, out);
        self.send_append(follower, out);
    }

    /// A restarted node's state machine, from its snapshot (empty without one).
    pub(crate) fn restore_state_machine(&mut self) {
        if let Some(snapshot) = &self.persistent.snapshot {
            self.kv = snapshot.kv.clone();
            self.applied_requests = snapshot.applied_requests.clone();
            self.commit_index = snapshot.last.index;
            self.last_applied = snapshot.last.index;
        }
    }
}
