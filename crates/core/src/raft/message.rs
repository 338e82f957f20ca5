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
}

/// RequestVote RPC arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestVote {
    /// The candidate's term.
    pub term: Term,
    /// The candidate's last log entry (`lastLogIndex`, `lastLogTerm`).
    pub last_log: EntryId,
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
}

impl RaftMessage {
    /// The sender's term, present in every Raft message.
    pub fn term(&self) -> Term {
        match self {
            RaftMessage::RequestVote(m) => m.term,
            RaftMessage::RequestVoteReply(m) => m.term,
            RaftMessage::AppendEntries(m) => m.term,
            RaftMessage::AppendEntriesReply(m) => m.term,
        }
    }
}

/// At most this many entries are listed in a message's contents; the rest are counted.
const LISTED_ENTRIES: usize = 3;

impl MessageKind for RaftMessage {
    /// Figure 2's names: `candidateId` and `leaderId` are the sender, shown beside.
    fn contents(&self) -> String {
        match self {
            RaftMessage::RequestVote(m) => format!(
                "term={} lastLogIndex={} lastLogTerm={}",
                m.term, m.last_log.index, m.last_log.term
            ),
            RaftMessage::RequestVoteReply(m) => format!("term={} voteGranted={}", m.term, m.granted),
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
                    "term={} prevLogIndex={} prevLogTerm={} entries=[{}] leaderCommit={}",
                    m.term,
                    m.prev_log.index,
                    m.prev_log.term,
                    entries.join(", "),
                    m.leader_commit
                )
            }
            RaftMessage::AppendEntriesReply(m) if m.success => format!(
                "term={} success=true matchIndex={} (for prevLogIndex={})",
                m.term, m.match_index, m.prev_log_index
            ),
            RaftMessage::AppendEntriesReply(m) => {
                format!("term={} success=false (for prevLogIndex={})", m.term, m.prev_log_index)
            }
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            RaftMessage::RequestVote(_) => "RequestVote",
            RaftMessage::RequestVoteReply(_) => "RequestVoteReply",
            RaftMessage::AppendEntries(_) => "AppendEntries",
            RaftMessage::AppendEntriesReply(_) => "AppendEntriesReply",
        }
    }

    /// A heartbeat: AppendEntries with no entries (§5.2), which a leader sends to keep its
    /// followers from standing for election.
    fn keep_alive(&self) -> bool {
        matches!(self, RaftMessage::AppendEntries(m) if m.entries.is_empty())
    }
}
