//! The RPCs of Figure 2, as messages: one struct per RPC and per reply, so a handler
//! receives the whole message, never a row of bare numbers.

use crate::protocol::MessageKind;
use crate::raft::log::{Entry, EntryId, LogIndex, Term};

/// A Raft message. The sender is known from the envelope, so `candidateId` and
/// `leaderId` are not repeated here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RaftMessage {
    /// A candidate asks for a vote.
    RequestVote(RequestVote),
    /// The answer to RequestVote.
    RequestVoteReply(RequestVoteReply),
    /// A leader replicates entries (none for a heartbeat).
    AppendEntries(AppendEntries),
    /// The answer to AppendEntries.
    AppendEntriesReply(AppendEntriesReply),
    /// A pre-candidate asks whether the receiver would vote for it in `term` (thesis §9.6);
    /// it changes no one's term or vote.
    PreVote(RequestVote),
    /// The answer to PreVote: `term` is the term asked about when granted, else the
    /// voter's own.
    PreVoteReply(RequestVoteReply),
    /// A leader handing over its leadership tells the target to start an election now (§3.10).
    TimeoutNow(TimeoutNow),
    /// A leader sends its snapshot to a follower that needs entries it has discarded
    /// (Figure 13, in one chunk).
    InstallSnapshot(InstallSnapshot),
    /// The answer to InstallSnapshot.
    InstallSnapshotReply(InstallSnapshotReply),
}

/// InstallSnapshot RPC arguments (Figure 13, one chunk: `offset` 0, `done` true).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstallSnapshot {
    /// The leader's term.
    pub term: Term,
    /// The snapshot (shared: a message copied on the wire does not copy the state).
    pub snapshot: std::sync::Arc<crate::raft::snapshot::Snapshot>,
}

/// InstallSnapshot RPC results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InstallSnapshotReply {
    /// The follower's current term, for the leader to update itself.
    pub term: Term,
    /// The index through which the follower's log now matches the leader's (the
    /// snapshot's last, or its commit index if the snapshot was older); 0 on a refusal.
    pub last_index: LogIndex,
}

/// TimeoutNow arguments (thesis §3.10).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeoutNow {
    /// The leader's term.
    pub term: Term,
}

/// RequestVote RPC arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestVote {
    /// The candidate's term.
    pub term: Term,
    /// The candidate's last log entry (`lastLogIndex`, `lastLogTerm`).
    pub last_log: EntryId,
    /// The election comes from a leadership transfer (TimeoutNow, §3.10): the vote lease
    /// does not apply to it.
    pub transfer: bool,
}

/// RequestVote RPC results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestVoteReply {
    /// The voter's current term, for the candidate to update itself.
    pub term: Term,
    /// Whether the candidate received the vote (`voteGranted`).
    pub granted: bool,
}

/// AppendEntries RPC arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppendEntries {
    /// The leader's term.
    pub term: Term,
    /// The entry just before the new ones (`prevLogIndex`, `prevLogTerm`).
    pub prev_log: EntryId,
    /// The entries to store, starting at `prev_log.index + 1`.
    pub entries: Vec<Entry>,
    /// The leader's commit index.
    pub leader_commit: LogIndex,
    /// With reads served without the log (§6.4): the leader's latest round of heartbeats,
    /// echoed in the reply so the leader knows which round a majority answered. 0 otherwise.
    pub read_round: u64,
}

impl AppendEntries {
    /// The index of the last entry this request covers (`prevLogIndex` when it carries none).
    pub fn last_index(&self) -> LogIndex {
        self.prev_log.index + self.entries.len() as u64
    }
}

/// AppendEntries RPC results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AppendEntriesReply {
    /// The follower's current term, for the leader to update itself.
    pub term: Term,
    /// Whether the follower's log matched at `prev_log_index` and took the entries.
    pub success: bool,
    /// The request's `prevLogIndex`, so the leader can tell which probe failed
    /// (replies may arrive late, twice or out of order).
    pub prev_log_index: LogIndex,
    /// On success, the index of the last entry the request covered; 0 on a refusal.
    pub match_index: LogIndex,
    /// The request's `read_round`, echoed.
    pub read_round: u64,
}

impl RaftMessage {
    /// The sender's term, present in every Raft message.
    pub fn term(&self) -> Term {
        match self {
            RaftMessage::RequestVote(m) => m.term,
            RaftMessage::RequestVoteReply(m) => m.term,
            RaftMessage::AppendEntries(m) => m.term,
            RaftMessage::AppendEntriesReply(m) => m.term,
            RaftMessage::PreVote(m) => m.term,
            RaftMessage::PreVoteReply(m) => m.term,
            RaftMessage::TimeoutNow(m) => m.term,
            RaftMessage::InstallSnapshot(m) => m.term,
            RaftMessage::InstallSnapshotReply(m) => m.term,
        }
    }
}

/// A heartbeat round's number in a message's contents, when reads use rounds.
fn read_round(round: u64) -> String {
    if round == 0 {
        String::new()
    } else {
        format!(" readRound={round}")
    }
}

/// At most this many entries are listed in a message's contents; the rest are counted.
const LISTED_ENTRIES: usize = 3;

impl MessageKind for RaftMessage {
    /// Figure 2's names: `candidateId` and `leaderId` are the sender, shown beside.
    fn contents(&self) -> String {
        match self {
            RaftMessage::RequestVote(m) | RaftMessage::PreVote(m) => format!(
                "term={} lastLogIndex={} lastLogTerm={}{}",
                m.term,
                m.last_log.index,
                m.last_log.term,
                if m.transfer { " leadershipTransfer=true" } else { "" }
            ),
            RaftMessage::RequestVoteReply(m) | RaftMessage::PreVoteReply(m) => {
                format!("term={} voteGranted={}", m.term, m.granted)
            }
            RaftMessage::TimeoutNow(m) => format!("term={}", m.term),
            RaftMessage::InstallSnapshot(m) => format!(
                "term={} lastIncludedIndex={} lastIncludedTerm={} data=[{} keys]",
                m.term,
                m.snapshot.last.index,
                m.snapshot.last.term,
                m.snapshot.kv.values().len()
            ),
            RaftMessage::InstallSnapshotReply(m) => format!("term={} lastIndex={}", m.term, m.last_index),
            RaftMessage::AppendEntries(m) => {
                let mut entries: Vec<String> = m
                    .entries
                    .iter()
                    .zip(m.prev_log.index.0 + 1..)
                    .take(LISTED_ENTRIES)
                    .map(|(e, index)| match &e.command {
                        Some(command) => format!("{index}:t{} `{command}`", e.term),
                        None => format!("{index}:t{} no-op", e.term),
                    })
                    .collect();
                if m.entries.len() > LISTED_ENTRIES {
                    entries.push(format!("…{} more", m.entries.len() - LISTED_ENTRIES));
                }
                format!(
                    "term={} prevLogIndex={} prevLogTerm={} entries=[{}] leaderCommit={}{}",
                    m.term,
                    m.prev_log.index,
                    m.prev_log.term,
                    entries.join(", "),
                    m.leader_commit,
                    read_round(m.read_round)
                )
            }
            RaftMessage::AppendEntriesReply(m) if m.success => format!(
                "term={} success=true matchIndex={} (for prevLogIndex={}){}",
                m.term,
                m.match_index,
                m.prev_log_index,
                read_round(m.read_round)
            ),
            RaftMessage::AppendEntriesReply(m) => {
                format!(
                    "term={} success=false (for prevLogIndex={}){}",
                    m.term,
                    m.prev_log_index,
                    read_round(m.read_round)
                )
            }
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            RaftMessage::RequestVote(_) => "RequestVote",
            RaftMessage::RequestVoteReply(_) => "RequestVoteReply",
            RaftMessage::AppendEntries(_) => "AppendEntries",
            RaftMessage::AppendEntriesReply(_) => "AppendEntriesReply",
            RaftMessage::PreVote(_) => "PreVote",
            RaftMessage::PreVoteReply(_) => "PreVoteReply",
            RaftMessage::TimeoutNow(_) => "TimeoutNow",
            RaftMessage::InstallSnapshot(_) => "InstallSnapshot",
            RaftMessage::InstallSnapshotReply(_) => "InstallSnapshotReply",
        }
    }

    /// A heartbeat: AppendEntries with no entries (§5.2), which a leader sends to keep its
    /// followers from standing for election.
    fn keep_alive(&self) -> bool {
        matches!(self, RaftMessage::AppendEntries(m) if m.entries.is_empty())
    }
}
