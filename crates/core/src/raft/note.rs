//! What a Raft node did and why, as sentences for the trace.

use crate::command::Command;
use crate::raft::log::{EntryId, LogIndex, Term};
use crate::types::NodeId;

/// Why a node refused its vote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VoteRefusal {
    /// The candidate's term is older than the voter's.
    StaleTerm {
        /// The candidate's term.
        theirs: Term,
        /// The voter's term.
        ours: Term,
    },
    /// The voter already voted for someone else this term.
    AlreadyVoted {
        /// Whom it voted for.
        voted_for: NodeId,
    },
    /// The voter's log is more up to date than the candidate's (§5.4.1).
    LogMoreUpToDate {
        /// The voter's last entry.
        ours: EntryId,
        /// The candidate's last entry.
        theirs: EntryId,
    },
    /// PreVote (thesis §9.6): the voter heard from a current leader within the minimum
    /// election timeout, so it sees no reason for an election.
    LeaderRecentlyHeard(LeaderSeen),
}

/// What a node knows of a current leader, for PreVote and the vote lease: who (itself
/// when it leads; `None` for a node that restarted and cannot know) and how long ago.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeaderSeen {
    /// The leader heard from; `None` when the node restarted that long ago.
    pub leader: Option<NodeId>,
    /// How many ms ago (0 for a leader: itself).
    pub ago_ms: crate::types::Time,
    /// Whether the node is that leader.
    pub own: bool,
}

/// How a leader came to answer a read without a log entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadBasis {
    /// ReadIndex (§6.4): a majority answered a round of heartbeats sent after the read
    /// arrived, and the leader has applied its commit index of that moment.
    Confirmed {
        /// The commit index recorded when the read arrived.
        read_index: LogIndex,
        /// The round of heartbeats that confirmed the leadership.
        round: u64,
    },
    /// Within the lease (§6.4.1) started by a heartbeat round a majority answered.
    Lease {
        /// When the lease ends.
        until_ms: crate::types::Time,
    },
    /// At once from its own state, with no check: the `read_without_quorum_check` bug.
    Unchecked {
        /// Whether the leader had committed an entry of its own term (if not, it may not
        /// have applied every committed write yet).
        own_term_committed: bool,
    },
}

/// How a node came to know that entries are committed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommitBasis {
    /// A leader counted replicas of the last entry.
    Counted {
        /// How many voters store it (the leader included, if it votes).
        stored_on: usize,
        /// How many voters the configuration has (the cluster size when every node votes).
        nodes: u32,
        /// Whether some nodes of the cluster do not vote (thesis ch. 4): the sentence
        /// then counts voters, not nodes.
        voters_only: bool,
        /// Joint consensus: the entry is on a majority of both configurations.
        joint: bool,
        /// The entry's term.
        entry_term: Term,
        /// The leader's current term. Differs from `entry_term` only when the
        /// `count_previous_term_entries` bug switch let an earlier-term entry count.
        term: Term,
    },
    /// A follower learned it from the leader's commit index.
    ToldByLeader,
}

/// Why a follower refused AppendEntries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppendRefusal {
    /// The sender's term is older than the follower's.
    StaleTerm {
        /// The sender's term.
        theirs: Term,
        /// The follower's term.
        ours: Term,
    },
    /// The follower has no entry at `prev_log_index` with term `prev_log_term`.
    NoMatchingEntry {
        /// The entry the leader expected (`prevLogIndex`, `prevLogTerm`).
        prev_log: EntryId,
        /// The term found there, if there is an entry at all.
        found: Option<Term>,
    },
}

/// One explained step of a Raft node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RaftNote {
    /// The election timer fired and the node stood for election.
    ElectionStarted {
        /// The node.
        node: NodeId,
        /// Its new term.
        term: Term,
        /// With `same_election_timeout` on: the timeout every node waits every time.
        same_timeout: Option<crate::types::Time>,
        /// Its latest configuration, not yet committed, leaves it out: it stands because
        /// it may still be needed, but its own vote does not count (thesis §4.2.2).
        outside: bool,
    },
    /// The node won a majority.
    BecameLeader {
        /// The node.
        node: NodeId,
        /// Its term.
        term: Term,
        /// Who voted for it.
        votes: Vec<NodeId>,
    },
    /// The node voted for a candidate.
    VoteGranted {
        /// The voter.
        node: NodeId,
        /// The candidate.
        candidate: NodeId,
        /// The term of the vote.
        term: Term,
        /// It had already voted for this candidate in this term (a repeated request).
        again: bool,
        /// With `skip_up_to_date_check` on: the candidate's log was behind the voter's
        /// (the voter's last entry, the candidate's).
        behind: Option<(EntryId, EntryId)>,
        /// With `forget_voted_for_on_restart` on: whom it had voted for in this term before
        /// a restart made it forget.
        forgot: Option<NodeId>,
    },
    /// A restarted node forgot its vote (only with `forget_voted_for_on_restart` on).
    ForgotVote {
        /// The node.
        node: NodeId,
        /// The term of the forgotten vote.
        term: Term,
        /// Whom it had voted for.
        voted_for: NodeId,
    },
    /// The node refused a vote.
    VoteRefused {
        /// The voter.
        node: NodeId,
        /// The candidate.
        candidate: NodeId,
        /// Why.
        reason: VoteRefusal,
    },
    /// The node saw a higher term and became a follower in it.
    SawHigherTerm {
        /// The node.
        node: NodeId,
        /// Who sent the higher term.
        from: NodeId,
        /// The role it had.
        was: &'static str,
        /// Its old term.
        old: Term,
        /// The new term.
        new: Term,
    },
    /// A candidate heard from the leader of its own term and became its follower.
    AcceptedLeader {
        /// The node.
        node: NodeId,
        /// The role it left: `candidate` or `pre_candidate`.
        was: &'static str,
        /// The leader.
        leader: NodeId,
        /// The term.
        term: Term,
    },
    /// A follower refused AppendEntries.
    AppendRefused {
        /// The follower.
        node: NodeId,
        /// The sender.
        leader: NodeId,
        /// Why.
        reason: AppendRefusal,
    },
    /// A follower deleted conflicting entries (§5.3).
    Truncated {
        /// The follower.
        node: NodeId,
        /// The first index deleted.
        from: LogIndex,
        /// How many entries were deleted.
        count: u64,
    },
    /// A follower stored new entries.
    Appended {
        /// The follower.
        node: NodeId,
        /// The leader that sent them.
        leader: NodeId,
        /// The first new index.
        first: LogIndex,
        /// The last new index.
        last: LogIndex,
    },
    /// A leader moved a follower's nextIndex back after a refusal.
    BackedUp {
        /// The leader.
        node: NodeId,
        /// The follower.
        follower: NodeId,
        /// The new nextIndex.
        next_index: LogIndex,
    },
    /// A node's commit index advanced.
    Committed {
        /// The node.
        node: NodeId,
        /// The first newly committed index.
        first: LogIndex,
        /// The new commit index.
        last: LogIndex,
        /// How the node knows.
        basis: CommitBasis,
    },
    /// A leader appended a client's command.
    ClientCommandAppended {
        /// The leader.
        node: NodeId,
        /// The entry's index.
        index: LogIndex,
        /// The entry's term.
        term: Term,
        /// The command.
        command: Command,
    },
    /// A leader appended a no-op entry on election.
    NoopAppended {
        /// The leader.
        node: NodeId,
        /// The entry's index.
        index: LogIndex,
    },
    /// The election timer fired with PreVote on: the node asks whether the others would
    /// vote for it before it changes its term (thesis §9.6).
    PreVoteStarted {
        /// The node.
        node: NodeId,
        /// The term it would stand in (its own stays one less).
        term: Term,
    },
    /// A node said it would vote for a pre-candidate; its term and vote do not change.
    PreVoteGranted {
        /// The voter.
        node: NodeId,
        /// The pre-candidate.
        candidate: NodeId,
        /// The term the pre-candidate would stand in.
        term: Term,
    },
    /// A node said it would not vote for a pre-candidate; its term and vote do not change.
    PreVoteRefused {
        /// The voter.
        node: NodeId,
        /// The pre-candidate.
        candidate: NodeId,
        /// Why.
        reason: VoteRefusal,
    },
    /// A pre-candidate heard from a majority that they would vote for it.
    PreVoteWon {
        /// The node.
        node: NodeId,
        /// The term it now stands in.
        term: Term,
        /// Who would vote for it (itself included).
        grants: Vec<NodeId>,
    },
    /// With CheckQuorum, a node that heard from a current leader within the minimum
    /// election timeout ignored a RequestVote (the vote lease, thesis §4.2.3).
    VoteIgnored {
        /// The node.
        node: NodeId,
        /// The candidate.
        candidate: NodeId,
        /// The candidate's term, newer than the node's.
        term: Term,
        /// The leader it heard from.
        seen: LeaderSeen,
    },
    /// A leader that heard from no majority within the minimum election timeout stepped
    /// down (CheckQuorum, thesis §6.2).
    LostQuorum {
        /// The former leader.
        node: NodeId,
        /// Its term, which it keeps.
        term: Term,
        /// The nodes heard from within the window (itself included).
        heard: Vec<NodeId>,
        /// The window, in ms.
        window_ms: crate::types::Time,
    },
    /// A leader was asked to hand its leadership to another node (thesis §3.10).
    TransferStarted {
        /// The leader.
        node: NodeId,
        /// The node to lead next.
        to: NodeId,
        /// Whether `to`'s log already matched the leader's.
        caught_up: bool,
    },
    /// A leadership transfer to the node that leads already: nothing to do.
    TransferToSelf {
        /// The leader.
        node: NodeId,
    },
    /// The leader sent TimeoutNow: the target's log matches its own.
    TimeoutNowSent {
        /// The leader.
        node: NodeId,
        /// The target.
        to: NodeId,
    },
    /// A node got TimeoutNow and starts an election at once.
    TimeoutNowReceived {
        /// The node.
        node: NodeId,
        /// The leader that sent it.
        from: NodeId,
    },
    /// The transfer did not complete within an election timeout: the leader takes client
    /// requests again.
    TransferAbandoned {
        /// The leader.
        node: NodeId,
        /// The target.
        to: NodeId,
    },
    /// A leader handing its leadership over refused a client request.
    RefusedDuringTransfer {
        /// The leader.
        node: NodeId,
        /// The target of the transfer.
        to: NodeId,
    },
    /// A leader holds a read until it has committed an entry of its own term (§6.4).
    ReadWaitsForOwnTerm {
        /// The leader.
        node: NodeId,
        /// The key read.
        key: std::sync::Arc<str>,
        /// Its term.
        term: Term,
    },
    /// A leader recorded its commit index for a read and started a round of heartbeats to
    /// confirm it still leads (ReadIndex, §6.4).
    ReadIndexRecorded {
        /// The leader.
        node: NodeId,
        /// The key read.
        key: std::sync::Arc<str>,
        /// The commit index recorded.
        read_index: LogIndex,
        /// The round of heartbeats that must be answered by a majority.
        round: u64,
    },
    /// A leader answered a read without a log entry.
    ReadAnswered {
        /// The leader.
        node: NodeId,
        /// The key read.
        key: std::sync::Arc<str>,
        /// The value it answered.
        value: Option<std::sync::Arc<str>>,
        /// Why it could.
        basis: ReadBasis,
    },
    /// A node compacted the entries it applied into a snapshot (thesis ch. 5).
    SnapshotTaken {
        /// The node.
        node: NodeId,
        /// The snapshot's last included entry.
        last: EntryId,
        /// How many entries it discarded.
        discarded: u64,
    },
    /// A node asked to compact had applied nothing beyond its last snapshot.
    NothingToCompact {
        /// The node.
        node: NodeId,
        /// Its snapshot's last entry (index 0: none).
        last: EntryId,
    },
    /// A follower installed a leader's snapshot.
    SnapshotInstalled {
        /// The follower.
        node: NodeId,
        /// The leader.
        leader: NodeId,
        /// The snapshot's last included entry.
        last: EntryId,
        /// When its log held that entry: the last index it kept after it.
        kept_after: Option<LogIndex>,
    },
    /// A follower ignored a snapshot no newer than what it has committed.
    SnapshotIgnored {
        /// The follower.
        node: NodeId,
        /// The leader.
        leader: NodeId,
        /// The snapshot's last included entry.
        last: EntryId,
        /// The follower's commit index.
        commit_index: LogIndex,
    },
    /// A node outside its own configuration let its election timer pass (§4.1).
    OutsideConfiguration {
        /// The node.
        node: NodeId,
    },
    /// A step of a leader's membership change (thesis ch. 4).
    Membership {
        /// The leader.
        node: NodeId,
        /// What happened.
        event: crate::raft::member_note::MemberNote,
    },
    /// A node that is not the leader pointed a client elsewhere.
    Redirected {
        /// The node.
        node: NodeId,
        /// The leader it knows of.
        leader: Option<NodeId>,
    },
}
