//! Raft's rules, after Figure 2 of the paper.

use crate::explain::{Explain, Rule};
use crate::raft::RaftNote;

/// The Raft paper (extended version).
const RAFT_PAPER: &str = "https://raft.github.io/raft.pdf";

const ELECTION: Rule = Rule {
    name: "Raft §5.2, Figure 2 (Rules for Servers: Followers, Candidates)",
    text: "If the election timeout elapses without hearing from a current leader, a server becomes a candidate: it increments its term, votes for itself and asks every other server for its vote.",
    source: RAFT_PAPER,
};
const MAJORITY: Rule = Rule {
    name: "Raft §5.2, Figure 2 (Candidates)",
    text: "A candidate that receives votes from a majority of the servers becomes leader and at once sends heartbeats to establish its authority.",
    source: RAFT_PAPER,
};
const VOTE: Rule = Rule {
    name: "Raft §5.2, §5.4.1, Figure 2 (RequestVote RPC)",
    text: "A server grants its vote if the candidate's term is not older, it has not voted for someone else in this term, and the candidate's log is at least as up-to-date as its own.",
    source: RAFT_PAPER,
};
const HIGHER_TERM: Rule = Rule {
    name: "Raft §5.1, Figure 2 (Rules for Servers: All Servers)",
    text: "If a request or response contains a term higher than the server's, the server sets its term to it and becomes a follower.",
    source: RAFT_PAPER,
};
const LEADER_OF_TERM: Rule = Rule {
    name: "Raft §5.2, Figure 2 (Candidates)",
    text: "If a candidate receives AppendEntries from a new leader of its term, it becomes a follower.",
    source: RAFT_PAPER,
};
const CONSISTENCY: Rule = Rule {
    name: "Raft §5.3, Figure 2 (AppendEntries RPC, steps 1–2)",
    text: "A follower refuses AppendEntries from an older term, or when its log has no entry at prevLogIndex whose term matches prevLogTerm.",
    source: RAFT_PAPER,
};
const CONFLICT: Rule = Rule {
    name: "Raft §5.3, Figure 2 (AppendEntries RPC, step 3)",
    text: "If an existing entry conflicts with a new one (same index, different terms), the follower deletes it and all that follow it.",
    source: RAFT_PAPER,
};
const APPEND: Rule = Rule {
    name: "Raft §5.3, Figure 2 (AppendEntries RPC, steps 4–5)",
    text: "A follower appends any new entries not already in its log, and sets its commitIndex to min(leaderCommit, index of the last new entry).",
    source: RAFT_PAPER,
};
const BACK_UP: Rule = Rule {
    name: "Raft §5.3, Figure 2 (Leaders)",
    text: "If AppendEntries fails because of log inconsistency, the leader decrements nextIndex and retries.",
    source: RAFT_PAPER,
};
const COMMIT: Rule = Rule {
    name: "Raft §5.3, §5.4.2, Figure 2 (Leaders)",
    text: "A leader commits index N once a majority's matchIndex ≥ N and log[N] is from its current term; entries are applied in order once committed.",
    source: RAFT_PAPER,
};
const CLIENT: Rule = Rule {
    name: "Raft §5.3, §8, Figure 2 (Leaders)",
    text: "A leader appends a client's command to its log, replicates it, and answers after the entry is applied; other servers redirect clients to the leader.",
    source: RAFT_PAPER,
};
const PERSISTENT: Rule = Rule {
    name: "Raft Figure 2 (State: persistent state on all servers)",
    text: "currentTerm, votedFor and the log are updated on stable storage before responding to RPCs, so a restarted server remembers its vote and votes at most once per term.",
    source: RAFT_PAPER,
};
const NOOP: Rule = Rule {
    name: "Raft §8",
    text: "A new leader commits a blank no-op entry at the start of its term, so it learns which entries are committed.",
    source: RAFT_PAPER,
};

impl Explain for RaftNote {
    fn rule(&self) -> Option<&'static Rule> {
        Some(match self {
            RaftNote::ElectionStarted { .. } => &ELECTION,
            RaftNote::BecameLeader { .. } => &MAJORITY,
            RaftNote::VoteGranted { .. } | RaftNote::VoteRefused { .. } => &VOTE,
            RaftNote::SawHigherTerm { .. } => &HIGHER_TERM,
            RaftNote::AcceptedLeader { .. } => &LEADER_OF_TERM,
            RaftNote::AppendRefused { .. } => &CONSISTENCY,
            RaftNote::Truncated { .. } => &CONFLICT,
            RaftNote::Appended { .. } => &APPEND,
            RaftNote::BackedUp { .. } => &BACK_UP,
            RaftNote::Committed { .. } => &COMMIT,
            RaftNote::ClientCommandAppended { .. } | RaftNote::Redirected { .. } => &CLIENT,
            RaftNote::NoopAppended { .. } => &NOOP,
            RaftNote::ForgotVote { .. } => &PERSISTENT,
        })
    }

    fn milestone(&self) -> Option<&'static str> {
        match self {
            RaftNote::ElectionStarted { .. } => Some("candidate"),
            RaftNote::BecameLeader { .. } => Some("leader"),
            RaftNote::SawHigherTerm { was, .. } if *was != "follower" => Some("follower"),
            RaftNote::AcceptedLeader { .. } => Some("follower"),
            _ => None,
        }
    }

    fn decisive(&self) -> bool {
        use crate::raft::note::CommitBasis;
        match self {
            RaftNote::Truncated { .. } | RaftNote::ForgotVote { .. } => true,
            RaftNote::Committed { basis, .. } => matches!(basis, CommitBasis::Counted { .. }),
            RaftNote::VoteGranted { behind, forgot, .. } => behind.is_some() || forgot.is_some(),
            _ => self.milestone().is_some(),
        }
    }
}
