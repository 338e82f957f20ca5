//! The RPCs of Figure 2, as messages.

use crate::protocol::MessageKind;
use crate::raft::log::{Entry, LogIndex, Term};

/// A Raft message. The sender is known from the envelope, so `candidateId` and
/// `leaderId` are not repeated here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RaftMessage {
    /// A candidate asks for a vote.
    RequestVote {
        /// The candidate's term.
        term: Term,
        /// The index of the candidate's last log entry.
        last_log_index: LogIndex,
        /// The term of the candidate's last log entry.
        last_log_term: Term,
    },
    /// The answer to RequestVote.
    RequestVoteReply {
        /// The voter's current term, for the candidate to update itself.
        term: Term,
        /// Whether the candidate received the vote.
        granted: bool,
    },
    /// A leader replicates entries (none for a heartbeat).
    AppendEntries {
        /// The leader's term.
        term: Term,
        /// The index of the entry just before the new ones.
        prev_log_index: LogIndex,
        /// The term of that entry.
        prev_log_term: Term,
        /// The entries to store, starting at `prev_log_index + 1`.
        entries: Vec<Entry>,
        /// The leader's commit index.
        leader_commit: LogIndex,
    },
    /// The answer to AppendEntries.
    AppendEntriesReply {
        /// The follower's current term, for the leader to update itself.
        term: Term,
        /// Whether the follower's log matched at `prev_log_index` and took the entries.
        success: bool,
        /// The request's `prev_log_index`, so the leader can tell which probe failed
        /// (replies may arrive late, twice or out of order).
        prev_log_index: LogIndex,
        /// On success, the index of the last entry the request covered.
        match_index: LogIndex,
    },
}

impl RaftMessage {
    /// The sender's term, present in every Raft message.
    pub fn term(&self) -> Term {
        match self {
            RaftMessage::RequestVote { term, .. }
            | RaftMessage::RequestVoteReply { term, .. }
            | RaftMessage::AppendEntries { term, .. }
            | RaftMessage::AppendEntriesReply { term, .. } => *term,
        }
    }
}

impl MessageKind for RaftMessage {
    fn kind(&self) -> &'static str {
        match self {
            RaftMessage::RequestVote { .. } => "RequestVote",
            RaftMessage::RequestVoteReply { .. } => "RequestVoteReply",
            RaftMessage::AppendEntries { .. } => "AppendEntries",
            RaftMessage::AppendEntriesReply { .. } => "AppendEntriesReply",
        }
    }
}
