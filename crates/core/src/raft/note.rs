//! What a Raft node did and why, as sentences for the trace.

use std::fmt;

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
}

/// How a node came to know that entries are committed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommitBasis {
    /// A leader counted replicas of the last entry.
    Counted {
        /// How many nodes store it (the leader included).
        stored_on: usize,
        /// The cluster size.
        nodes: u32,
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
    /// A node that is not the leader pointed a client elsewhere.
    Redirected {
        /// The node.
        node: NodeId,
        /// The leader it knows of.
        leader: Option<NodeId>,
    },
}

impl fmt::Display for VoteRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VoteRefusal::StaleTerm { theirs, ours } => {
                write!(f, "the candidate's term {theirs} is older than its own term {ours}")
            }
            VoteRefusal::AlreadyVoted { voted_for } => write!(f, "it already voted for {voted_for} in this term"),
            VoteRefusal::LogMoreUpToDate { ours, theirs } if ours.term != theirs.term => {
                write!(
                    f,
                    "its log is more up to date (last term {} > {})",
                    ours.term, theirs.term
                )
            }
            VoteRefusal::LogMoreUpToDate { ours, theirs } => write!(
                f,
                "its log is more up to date (same last term {}, but {} entries > {})",
                ours.term, ours.index, theirs.index
            ),
        }
    }
}

impl fmt::Display for AppendRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppendRefusal::StaleTerm { theirs, ours } => {
                write!(f, "the sender's term {theirs} is older than its own term {ours}")
            }
            AppendRefusal::NoMatchingEntry { prev_log, found: None } => write!(
                f,
                "it has no entry at index {} (expected term {})",
                prev_log.index, prev_log.term
            ),
            AppendRefusal::NoMatchingEntry {
                prev_log,
                found: Some(found),
            } => write!(
                f,
                "its entry at index {} has term {found}, not {}",
                prev_log.index, prev_log.term
            ),
        }
    }
}

impl fmt::Display for RaftNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RaftNote::ElectionStarted {
                node,
                term,
                same_timeout: Some(timeout),
            } => write!(
                f,
                "{node}'s election timer ran out with no leader heard from, so it became a candidate for term {term} and voted for itself; its timeout is {timeout} ms, the same on every node every time — the bug switch is on; §5.2 draws each timeout at random so that one node usually times out first and wins before the others start"
            ),
            RaftNote::ElectionStarted { node, term, .. } => write!(
                f,
                "{node} heard from no leader before its election timeout, so it became a candidate for term {term} and voted for itself"
            ),
            RaftNote::BecameLeader { node, term, votes } => {
                write!(
                    f,
                    "{node} became leader for term {term} with votes from {}",
                    list(votes)
                )
            }
            RaftNote::VoteGranted {
                node,
                candidate,
                term,
                again,
                behind,
                forgot,
            } => {
                if *again {
                    write!(
                        f,
                        "{node} voted for {candidate} again in term {term}: it had already voted for {candidate} in this term"
                    )?;
                } else if let Some(earlier) = forgot {
                    write!(
                        f,
                        "{node} voted for {candidate} in term {term}, its second vote in this term: it had voted for {earlier} before it restarted, and the bug switch made it forget — Figure 2 keeps votedFor in persistent state so that a node votes once per term"
                    )?;
                } else {
                    write!(f, "{node} voted for {candidate} in term {term}: it had not voted yet")?;
                }
                match behind {
                    Some((ours, theirs)) => write!(
                        f,
                        "{}the candidate's log ends at {theirs}, behind its own {ours} — the bug switch is on; Raft's rule (§5.4.1) gives a vote only to a candidate whose log is at least as up to date",
                        if forgot.is_some() { "; and " } else { ", although " }
                    ),
                    None if forgot.is_some() => Ok(()),
                    None => f.write_str(" and the candidate's log is at least as up to date"),
                }
            }
            RaftNote::ForgotVote { node, term, voted_for } => write!(
                f,
                "{node} forgot that it voted for {voted_for} in term {term} — the bug switch is on; Figure 2 keeps votedFor in persistent state, across restarts"
            ),
            RaftNote::VoteRefused {
                node,
                candidate,
                reason,
            } => write!(f, "{node} refused to vote for {candidate}: {reason}"),
            RaftNote::SawHigherTerm {
                node,
                from,
                was,
                old,
                new,
            } => {
                write!(
                    f,
                    "{node} saw term {new} from {from}, newer than its term {old}, and moved to term {new}"
                )?;
                if *was != "follower" {
                    write!(f, ": it stepped down from {was} to follower")?;
                }
                Ok(())
            }
            RaftNote::AcceptedLeader { node, leader, term } => write!(
                f,
                "{node} heard from {leader}, the leader of its term {term}, so it stopped being a candidate"
            ),
            RaftNote::AppendRefused { node, leader, reason } => {
                write!(f, "{node} refused AppendEntries from {leader}: {reason}")
            }
            RaftNote::Truncated { node, from, count } => write!(
                f,
                "{node} deleted {count} conflicting entr{} from index {from} on",
                if *count == 1 { "y" } else { "ies" }
            ),
            RaftNote::Appended {
                node,
                leader,
                first,
                last,
            } => write!(f, "{node} stored {} from {leader}", range(*first, *last)),
            RaftNote::BackedUp {
                node,
                follower,
                next_index,
            } => write!(
                f,
                "{node} moved {follower}'s nextIndex back to {next_index} and tries again from there"
            ),
            RaftNote::Committed {
                node,
                first,
                last,
                basis:
                    CommitBasis::Counted {
                        stored_on,
                        nodes,
                        entry_term,
                        term,
                    },
            } => {
                let them = if first == last { "it" } else { "them" };
                if entry_term == term {
                    write!(
                        f,
                        "{node} committed {}: {stored_on} of {nodes} nodes store {them}, a majority, and entry {last} is from its current term {term}",
                        range(*first, *last),
                    )
                } else {
                    write!(
                        f,
                        "{node} counted {} as committed because {stored_on} of {nodes} nodes store {them}, although entry {last} is from term {entry_term}, not its current term {term} — the bug switch is on; Raft's rule (§5.4.2) commits by counting replicas only entries of the leader's own term",
                        range(*first, *last),
                    )
                }
            }
            RaftNote::Committed { node, first, last, .. } => {
                let verb = if first == last { "is" } else { "are" };
                write!(
                    f,
                    "{node} learned from the leader that {} {verb} committed",
                    range(*first, *last)
                )
            }
            RaftNote::ClientCommandAppended {
                node,
                index,
                term,
                command,
            } => write!(f, "{node} appended `{command}` at index {index} (term {term})"),
            RaftNote::NoopAppended { node, index } => {
                write!(
                    f,
                    "{node} appended a no-op entry at index {index} to commit earlier entries"
                )
            }
            RaftNote::Redirected {
                node,
                leader: Some(leader),
            } => {
                write!(f, "{node} is not the leader: it pointed the client to {leader}")
            }
            RaftNote::Redirected { node, leader: None } => {
                write!(f, "{node} is not the leader and knows no leader: the client will retry")
            }
        }
    }
}

fn list(nodes: &[NodeId]) -> String {
    let names: Vec<String> = nodes.iter().map(ToString::to_string).collect();
    names.join(", ")
}

fn range(first: LogIndex, last: LogIndex) -> String {
    if first == last {
        format!("entry {first}")
    } else {
        format!("entries {first} to {last}")
    }
}
