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
/// Ongaro's dissertation, "Consensus: Bridging Theory and Practice" (2014).
const THESIS: &str = "https://web.stanford.edu/~ouster/cgi-bin/papers/OngaroPhD.pdf";

const PRE_VOTE: Rule = Rule {
    name: "Raft thesis §9.6 (PreVote; etcd testdata/prevote.txt)",
    text: "Before a server increments its term it asks whether the others would vote for it. A server says yes only if the candidate's log is at least as up to date and it has not heard from a current leader within the minimum election timeout; no one's term or vote changes. Only with a majority of yeses does the server start a real election.",
    source: THESIS,
};
const VOTE_LEASE: Rule = Rule {
    name: "Raft thesis §4.2.3, §6.2 (with CheckQuorum, as etcd ties them; testdata/checkquorum.txt)",
    text: "A server that has heard from a current leader within the minimum election timeout ignores RequestVote with a newer term: it neither adopts the term nor votes, unless the election comes from a leadership transfer.",
    source: THESIS,
};
const CHECK_QUORUM: Rule = Rule {
    name: "Raft thesis §6.2 (CheckQuorum; etcd testdata/checkquorum.txt)",
    text: "A leader that has not heard from a majority of the cluster within an election timeout steps down, so clients stop waiting on a leader that cannot commit and find the real one.",
    source: THESIS,
};
const TRANSFER: Rule = Rule {
    name: "Raft thesis §3.10 (leadership transfer)",
    text: "To hand over leadership the leader stops accepting client requests, brings the target's log up to date, and sends it TimeoutNow; the target starts an election at once and wins the next term. If that does not happen within an election timeout, the leader gives up and accepts requests again.",
    source: THESIS,
};
const READ_INDEX: Rule = Rule {
    name: "Raft thesis §6.4 (ReadIndex; etcd TestReadOnlyForNewLeader)",
    text: "A leader answers a read without a log entry by: committing an entry of its own term first, recording its commit index as the read index, confirming it is still leader with a round of heartbeats answered by a majority, waiting until it has applied the read index, then answering from its state.",
    source: THESIS,
};
const LEASE_READ: Rule = Rule {
    name: "Raft thesis §6.4.1 (reads within a lease)",
    text: "After a round of heartbeats a majority answered, no other server can be elected for a minimum election timeout from when the round was sent (the vote lease), so within that time the leader may answer reads at once from its state. It rests on clocks (here, virtual time is exact) and on CheckQuorum.",
    source: THESIS,
};

const SNAPSHOT: Rule = Rule {
    name: "Raft thesis ch. 5, paper §7 and Figure 13 (InstallSnapshot RPC; etcd TestSlowNodeRestore, TestRestoreIgnoreSnapshot)",
    text: "A server compacts the entries it has applied into a snapshot of its state with the last included index and term. A leader sends InstallSnapshot to a follower that needs an entry it has discarded; the follower keeps the entries after the snapshot if its log holds the snapshot's last entry, otherwise discards its log, and ignores a snapshot older than what it has committed.",
    source: THESIS,
};

const CONFIGURATION: Rule = Rule {
    name: "Raft thesis §4.1 (membership changes)",
    text: "A server uses the latest configuration in its log, committed or not; only the servers of that configuration count toward majorities and stand for election — except a server that configuration removed, which still stands, without counting its own vote, until it knows the entry committed (§4.2.2).",
    source: THESIS,
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
            RaftNote::PreVoteStarted { .. }
            | RaftNote::PreVoteGranted { .. }
            | RaftNote::PreVoteRefused { .. }
            | RaftNote::PreVoteWon { .. } => &PRE_VOTE,
            RaftNote::VoteIgnored { .. } => &VOTE_LEASE,
            RaftNote::LostQuorum { .. } => &CHECK_QUORUM,
            RaftNote::TransferStarted { .. }
            | RaftNote::TransferToSelf { .. }
            | RaftNote::TimeoutNowSent { .. }
            | RaftNote::TimeoutNowReceived { .. }
            | RaftNote::TransferAbandoned { .. }
            | RaftNote::RefusedDuringTransfer { .. } => &TRANSFER,
            RaftNote::ReadWaitsForOwnTerm { .. } | RaftNote::ReadIndexRecorded { .. } => &READ_INDEX,
            RaftNote::OutsideConfiguration { .. } => &CONFIGURATION,
            RaftNote::Membership { event, .. } => event.rule(),
            RaftNote::SnapshotTaken { .. }
            | RaftNote::NothingToCompact { .. }
            | RaftNote::SnapshotInstalled { .. }
            | RaftNote::SnapshotIgnored { .. } => &SNAPSHOT,
            RaftNote::ReadAnswered { basis, .. } => match basis {
                crate::raft::note::ReadBasis::Lease { .. } => &LEASE_READ,
                _ => &READ_INDEX,
            },
        })
    }

    fn milestone(&self) -> Option<&'static str> {
        match self {
            RaftNote::ElectionStarted { .. } => Some("candidate"),
            RaftNote::BecameLeader { .. } => Some("leader"),
            RaftNote::SawHigherTerm { was, .. } if *was != "follower" => Some("follower"),
            RaftNote::AcceptedLeader { .. } => Some("follower"),
            RaftNote::PreVoteStarted { .. } => Some("pre-candidate"),
            RaftNote::LostQuorum { .. } => Some("follower"),
            RaftNote::Membership {
                event: crate::raft::member_note::MemberNote::LeftConfiguration { .. },
                ..
            } => Some("follower"),
            _ => None,
        }
    }

    fn decisive(&self) -> bool {
        use crate::raft::note::CommitBasis;
        match self {
            RaftNote::Truncated { .. }
            | RaftNote::ForgotVote { .. }
            | RaftNote::VoteIgnored { .. }
            | RaftNote::TimeoutNowSent { .. }
            | RaftNote::TransferAbandoned { .. } => true,
            RaftNote::ReadAnswered { basis, .. } => matches!(basis, crate::raft::note::ReadBasis::Unchecked { .. }),
            RaftNote::Committed { basis, .. } => matches!(basis, CommitBasis::Counted { .. }),
            RaftNote::VoteGranted { behind, forgot, .. } => behind.is_some() || forgot.is_some(),
            RaftNote::Membership { event, .. } => event.decisive(),
            _ => self.milestone().is_some(),
        }
    }
}
