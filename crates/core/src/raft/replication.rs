//! Log replication (§5.3) and commitment (§5.4.2): AppendEntries, its replies, and the
//! leader's commit rule.

use crate::protocol::{ClientRequest, Out};
use crate::raft::config::RaftBug;
use crate::raft::log::{Entry, LogIndex};
use crate::raft::message::{AppendEntries, AppendEntriesReply, RaftMessage};
use crate::raft::node::{RaftNode, RaftTimer};
use crate::raft::note::{AppendRefusal, CommitBasis, RaftNote};
use crate::raft::role::Role;
use crate::types::NodeId;

impl RaftNode {
    /// Sends AppendEntries to every follower and re-arms the heartbeat timer. With
    /// CheckQuorum on, a leader that has heard from no majority within the minimum election
    /// timeout steps down instead (§6.2).
    pub(crate) fn heartbeat(&mut self, out: &mut Out<Self>) {
        if self.config.check_quorum && self.lost_quorum(out) {
            return;
        }
        self.start_heartbeat_round(out.now());
        for peer in self.replication_targets() {
            self.send_append(peer, out);
        }
        out.set_timer(RaftTimer::Heartbeat, self.config.heartbeat, self.config.heartbeat);
        self.advance_changes(out);
    }

    /// CheckQuorum: whether this leader heard from fewer than a majority (itself included)
    /// within the minimum election timeout; if so it has stepped down and said so.
    fn lost_quorum(&mut self, out: &mut Out<Self>) -> bool {
        let window_ms = self.config.election_timeout.0;
        let now = out.now();
        let Role::Leader { heard_at, .. } = &self.role else {
            return false;
        };
        let me = self.id;
        // In id order, itself included (the map is ordered by id).
        let mut heard: Vec<NodeId> = heard_at
            .iter()
            .filter(|&(_, &at)| now.saturating_sub(at) < window_ms)
            .map(|(&peer, _)| peer)
            .collect();
        heard.insert(heard.partition_point(|&p| p < me), me);
        if self.quorum().is_majority(&heard.iter().copied().collect()) {
            return false;
        }
        out.note(RaftNote::LostQuorum {
            node: self.id,
            term: self.current_term(),
            heard,
            window_ms,
        });
        self.step_down_in_term(out);
        true
    }

    /// Sends `peer` every entry from its nextIndex on (none: a heartbeat).
    pub(crate) fn send_append(&mut self, peer: NodeId, out: &mut Out<Self>) {
        let Role::Leader { progress, .. } = &self.role else {
            return;
        };
        let Some(next_index) = progress.get(&peer).map(|p| p.next_index()) else {
            return;
        };
        let log = self.log();
        // The entry before the next one is in the snapshot: send the snapshot instead (Figure 13).
        if next_index <= log.base().index {
            self.send_snapshot(peer, out);
            return;
        }
        let request = AppendEntries {
            term: self.current_term(),
            prev_log: log.id_at(next_index - 1).expect("nextIndex <= last_index + 1"),
            entries: log.entries_from(next_index).to_vec(),
            leader_commit: self.commit_index,
            read_round: self.read_round(),
        };
        out.send(peer, RaftMessage::AppendEntries(request));
    }

    /// A leader appends a client's command and sends it to everyone at once.
    pub(crate) fn append_client_command(&mut self, request: ClientRequest, out: &mut Out<Self>) {
        let term = self.current_term();
        let index = self
            .persistent
            .log
            .append(Entry::new(term, Some(request.command.clone()), Some(request.id)));
        if let Role::Leader { waiting, .. } = &mut self.role {
            waiting.insert(index.0, request.id);
        }
        out.note(RaftNote::ClientCommandAppended {
            node: self.id,
            index,
            term,
            command: request.command,
        });
        self.replicate_new_entry(out);
    }

    /// A new leader appends an empty entry of its term (§8).
    pub(crate) fn append_noop(&mut self, out: &mut Out<Self>) {
        let index = self.persistent.log.append(Entry::new(self.current_term(), None, None));
        out.note(RaftNote::NoopAppended { node: self.id, index });
        self.advance_commit(out);
    }

    pub(crate) fn replicate_new_entry(&mut self, out: &mut Out<Self>) {
        for peer in self.replication_targets() {
            self.send_append(peer, out);
        }
        // A single-node cluster is its own majority.
        self.advance_commit(out);
    }

    /// AppendEntries arrived (its term is not newer than ours: the common rule ran first).
    pub(crate) fn on_append_entries(&mut self, leader: NodeId, request: AppendEntries, out: &mut Out<Self>) {
        let ours = self.current_term();
        let prev_log = request.prev_log;
        let round = request.read_round;
        if request.term < ours {
            let reason = AppendRefusal::StaleTerm {
                theirs: request.term,
                ours,
            };
            self.refuse_append(leader, prev_log.index, round, reason, out);
            return;
        }
        if self.is_leader() {
            // Two leaders in one term: only possible with a bug switch on. The checker says so.
            return;
        }
        self.last_leader_contact = Some(crate::raft::pre_vote::LastLeaderContact {
            leader: Some(leader),
            at: out.now(),
        });
        if matches!(self.role, Role::Candidate { .. } | Role::PreCandidate { .. }) {
            out.note(RaftNote::AcceptedLeader {
                node: self.id,
                was: self.role.name(),
                leader,
                term: request.term,
            });
        }
        self.become_follower(request.term, Some(leader), out);
        self.reset_election_timer(out);
        if !self.log().matches(prev_log) {
            let reason = AppendRefusal::NoMatchingEntry {
                prev_log,
                found: self.log().term_at(prev_log.index),
            };
            self.refuse_append(leader, prev_log.index, round, reason, out);
            return;
        }
        let match_index = request.last_index();
        self.store_entries(leader, prev_log.index, request.entries, out);
        if request.leader_commit > self.commit_index {
            self.commit_up_to(request.leader_commit.min(match_index), CommitBasis::ToldByLeader, out);
        }
        let reply = AppendEntriesReply {
            term: ours,
            success: true,
            prev_log_index: prev_log.index,
            match_index,
            read_round: round,
        };
        out.send(leader, RaftMessage::AppendEntriesReply(reply));
    }

    fn refuse_append(
        &self,
        leader: NodeId,
        prev_log_index: LogIndex,
        read_round: u64,
        reason: AppendRefusal,
        out: &mut Out<Self>,
    ) {
        out.note(RaftNote::AppendRefused {
            node: self.id,
            leader,
            reason,
        });
        let reply = AppendEntriesReply {
            term: self.current_term(),
            success: false,
            prev_log_index,
            match_index: LogIndex::ZERO,
            read_round,
        };
        out.send(leader, RaftMessage::AppendEntriesReply(reply));
    }

    /// Receiver rules 3 and 4: delete an entry that conflicts with a new one (same index,
    /// different term) and all that follow it; append the new entries not already there.
    fn store_entries(&mut self, leader: NodeId, prev_log_index: LogIndex, entries: Vec<Entry>, out: &mut Out<Self>) {
        let mut first_new = None;
        let mut configuration_changed = false;
        for (offset, entry) in entries.into_iter().enumerate() {
            let index = prev_log_index + 1 + offset as u64;
            let log = &mut self.persistent.log;
            // Entries in this node's snapshot are committed: the leader's match them.
            if index <= log.base().index {
                continue;
            }
            match log.term_at(index) {
                Some(term) if term == entry.term => continue,
                Some(_) => {
                    let count = log.last_index() - index + 1;
                    log.truncate_from(index);
                    configuration_changed = true;
                    out.note(RaftNote::Truncated {
                        node: self.id,
                        from: index,
                        count,
                    });
                    // Only possible when a bug let a committed entry be overwritten.
                    self.commit_index = self.commit_index.min(index - 1);
                    self.last_applied = self.last_applied.min(self.commit_index);
                }
                None => {}
            }
            configuration_changed |= entry.config.is_some();
            self.persistent.log.append(entry);
            first_new.get_or_insert(index);
        }
        // A configuration entry takes effect as soon as it is in the log (§4.1), and is
        // undone when deleted.
        if configuration_changed {
            self.refresh_membership();
        }
        if let Some(first) = first_new {
            out.note(RaftNote::Appended {
                node: self.id,
                leader,
                first,
                last: self.log().last_index(),
            });
        }
    }

    /// A follower answered AppendEntries.
    pub(crate) fn on_append_reply(&mut self, follower: NodeId, reply: AppendEntriesReply, out: &mut Out<Self>) {
        let current = self.current_term();
        let id = self.id;
        let now = out.now();
        let check_quorum = self.config.check_quorum;
        let Role::Leader { progress, heard_at, .. } = &mut self.role else {
            return;
        };
        if reply.term != current {
            return;
        }
        // Only CheckQuorum reads when each follower was last heard from.
        if check_quorum {
            heard_at.insert(follower, now);
        }
        // (A server outside the leader's configuration is not tracked: its answer is stale.)
        let Some(p) = progress.get_mut(&follower) else {
            return;
        };
        if reply.success {
            p.on_success(reply.match_index);
            self.advance_commit(out);
            self.continue_transfer(follower, out);
            self.on_round_answered(follower, reply.read_round, out);
            self.learner_answered(follower);
            self.advance_changes(out);
        } else if p.on_refusal(reply.prev_log_index) {
            out.note(RaftNote::BackedUp {
                node: id,
                follower,
                next_index: p.next_index(),
            });
            self.send_append(follower, out);
        }
    }

    /// The leader's commit rule: the highest N stored on a majority, with log[N].term ==
    /// currentTerm, becomes committed (§5.3, §5.4.2). The bug switch drops the term test.
    pub(crate) fn advance_commit(&mut self, out: &mut Out<Self>) {
        let Role::Leader { progress, .. } = &self.role else {
            return;
        };
        let mut matched: Vec<(NodeId, LogIndex)> = progress.iter().map(|(&n, p)| (n, p.match_index())).collect();
        matched.push((self.id, self.log().last_index()));
        let quorum = self.quorum();
        let (on_majority, stored_on) = quorum.stored_on_majority(&matched);
        if on_majority <= self.commit_index {
            return;
        }
        let entry_term = self
            .log()
            .term_at(on_majority)
            .expect("a majority stores it, the leader too");
        let term = self.current_term();
        if entry_term == term || self.has_bug(RaftBug::CountPreviousTermEntries) {
            let basis = CommitBasis::Counted {
                stored_on,
                nodes: quorum.voters().len() as u32,
                voters_only: quorum.voters().len() as u32 != self.nodes,
                joint: quorum.new_voters().is_some(),
                entry_term,
                term,
            };
            self.commit_up_to(on_majority, basis, out);
        }
    }

    /// Raises the commit index to `index` and applies what became committed.
    fn commit_up_to(&mut self, index: LogIndex, basis: CommitBasis, out: &mut Out<Self>) {
        if index <= self.commit_index {
            return;
        }
        out.note(RaftNote::Committed {
            node: self.id,
            first: self.commit_index + 1,
            last: index,
            basis,
        });
        self.commit_index = index;
        self.apply_committed(out);
        self.advance_changes(out);
    }
}
