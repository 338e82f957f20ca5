//! What a Raft node's notes say, in words: one sentence per note, true of the run it
//! comes from, naming the rule that applied (or the bug switch that broke it).

use std::fmt;

use crate::raft::log::{LogIndex, Term};
use crate::raft::note::{AppendRefusal, CommitBasis, LeaderSeen, RaftNote, ReadBasis, VoteRefusal};
use crate::types::NodeId;

impl fmt::Display for RaftNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RaftNote::ElectionStarted {
                node,
                term,
                same_timeout: Some(timeout),
                ..
            } => write!(
                f,
                "{node}'s election timer ran out with no leader heard from, so it became a candidate for term {term} and voted for itself; its timeout is {timeout} ms, the same on every node every time — the bug switch is on; §5.2 draws each timeout at random so that one node usually times out first and wins before the others start"
            ),
            RaftNote::ElectionStarted {
                node,
                term,
                outside: true,
                ..
            } => write!(
                f,
                "{node} heard from no leader before its election timeout, so it became a candidate for term {term}: its latest configuration leaves it out but is not yet committed, so it may still be needed — its own vote does not count"
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
                    write!(f, ": it stepped down from {} to follower", was.replace('_', "-"))?;
                }
                Ok(())
            }
            RaftNote::AcceptedLeader {
                node,
                was,
                leader,
                term,
            } => write!(
                f,
                "{node} heard from {leader}, the leader of its term {term}, so it stopped being a {}",
                if *was == "pre_candidate" {
                    "pre-candidate"
                } else {
                    "candidate"
                }
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
                        voters_only,
                        joint,
                        entry_term,
                        term,
                    },
            } => {
                let them = if first == last { "it" } else { "them" };
                if *joint && entry_term == term {
                    return write!(
                        f,
                        "{node} committed {}: a majority of the old voters and a majority of the new store {them} ({stored_on} servers in all), and entry {last} is from its current term {term}",
                        range(*first, *last),
                    );
                }
                let nodes = if *joint {
                    "the voters of the old and the new configuration".to_string()
                } else if *voters_only {
                    format!("the {nodes} voters")
                } else {
                    format!("{nodes} nodes")
                };
                if entry_term == term {
                    write!(
                        f,
                        "{node} committed {}: {stored_on} of {nodes} store {them}, a majority, and entry {last} is from its current term {term}",
                        range(*first, *last),
                    )
                } else {
                    write!(
                        f,
                        "{node} counted {} as committed because {stored_on} of {nodes} store {them}, although entry {last} is from term {entry_term}, not its current term {term} — the bug switch is on; Raft's rule (§5.4.2) commits by counting replicas only entries of the leader's own term",
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
            RaftNote::PreVoteStarted { node, term } => write!(
                f,
                "{node} heard from no leader before its election timeout; with PreVote it first asks the others whether they would vote for it in term {term}, and stays in term {} meanwhile (a pre-candidate)",
                Term(term.0 - 1)
            ),
            RaftNote::PreVoteGranted { node, candidate, term } => write!(
                f,
                "{node} would vote for {candidate} in term {term}: it has heard from no leader for an election timeout and {candidate}'s log is at least as up to date; its own term and vote do not change"
            ),
            RaftNote::PreVoteRefused {
                node,
                candidate,
                reason,
            } => write!(
                f,
                "{node} would not vote for {candidate}: {reason}; its own term and vote do not change"
            ),
            RaftNote::PreVoteWon { node, term, grants } => write!(
                f,
                "{} would vote for {node} in term {term}, a majority, so {node} starts a real election",
                list(grants)
            ),
            RaftNote::VoteIgnored {
                node,
                candidate,
                term,
                seen,
            } => write!(
                f,
                "{node} ignored RequestVote from {candidate} for term {term}: {}, so it keeps its term and does not vote (CheckQuorum's vote lease)",
                if seen.own {
                    "it leads and believes a majority follows it".to_string()
                } else {
                    seen.to_string()
                }
            ),
            RaftNote::LostQuorum {
                node,
                term,
                heard,
                window_ms,
            } => {
                let others: Vec<NodeId> = heard.iter().copied().filter(|n| n != node).collect();
                let whom = if others.is_empty() {
                    "itself".to_string()
                } else {
                    format!("itself and {}", list(&others))
                };
                write!(
                    f,
                    "{node} heard from only {whom} in the last {window_ms} ms, not a majority, so it stepped down to follower in its term {term} (CheckQuorum): it stops taking client requests, and clients look for the real leader"
                )
            }
            RaftNote::TransferStarted { node, to, caught_up } => {
                write!(
                    f,
                    "{node} was asked to hand its leadership to {to}: it takes no new client request until then"
                )?;
                if !*caught_up {
                    write!(f, ", and first brings {to}'s log up to date")?;
                }
                Ok(())
            }
            RaftNote::TransferToSelf { node } => {
                write!(f, "{node} was asked to hand its leadership to itself: nothing to do")
            }
            RaftNote::TimeoutNowSent { node, to } => write!(
                f,
                "{node} sent TimeoutNow to {to}: {to}'s log matches its own, so {to} can start an election at once and win it"
            ),
            RaftNote::TimeoutNowReceived { node, from } => write!(
                f,
                "{node} got TimeoutNow from leader {from}: it starts an election at once, without waiting for its timer or asking for pre-votes, and says the election comes from a leadership transfer"
            ),
            RaftNote::TransferAbandoned { node, to } => write!(
                f,
                "{node}'s transfer of leadership to {to} did not complete within an election timeout, so it gave up and takes client requests again"
            ),
            RaftNote::RefusedDuringTransfer { node, to } => write!(
                f,
                "{node} is handing its leadership to {to}, so it took no new request: the client will retry"
            ),
            RaftNote::ReadWaitsForOwnTerm { node, key, term } => write!(
                f,
                "{node} holds `get {key}`: it has not yet committed an entry of its term {term}, so it cannot yet know the latest committed value"
            ),
            RaftNote::ReadIndexRecorded {
                node,
                key,
                read_index,
                round,
            } => write!(
                f,
                "{node} recorded its commit index {read_index} as the read index of `get {key}` and sent heartbeat round {round}: a majority's answers will confirm it still leads"
            ),
            RaftNote::ReadAnswered {
                node,
                key,
                value,
                basis,
            } => {
                let value = value.as_deref().map_or("not set".to_string(), |v| format!("`{v}`"));
                match basis {
                    ReadBasis::Confirmed { read_index, round } => write!(
                        f,
                        "{node} answered `get {key}` with {value}: a majority answered heartbeat round {round}, so it still led after the read arrived, and it has applied the read index {read_index}"
                    ),
                    ReadBasis::Lease { until_ms } => write!(
                        f,
                        "{node} answered `get {key}` with {value} at once: its lease holds until {until_ms} ms, and no other node can be elected before then"
                    ),
                    ReadBasis::Unchecked {
                        own_term_committed: false,
                    } => write!(
                        f,
                        "{node} answered `get {key}` with {value} at once from its own state — the bug switch is on: it has not yet committed an entry of its term, so it may not have applied every write committed before it led (§6.4 waits for such a commit first)"
                    ),
                    ReadBasis::Unchecked {
                        own_term_committed: true,
                    } => write!(
                        f,
                        "{node} answered `get {key}` with {value} at once from its own state, without checking that a majority still follows it — the bug switch is on: had it been deposed without knowing, the value could be stale (§6.4 confirms the leadership first)"
                    ),
                }
            }
            RaftNote::SnapshotTaken { node, last, discarded } => write!(
                f,
                "{node} compacted the {discarded} entr{} it had applied through {last} into a snapshot of its key-value state, and discarded them from its log",
                if *discarded == 1 { "y" } else { "ies" }
            ),
            RaftNote::NothingToCompact { node, last } if last.index == LogIndex::ZERO => {
                write!(
                    f,
                    "{node} was asked to compact its log, but it has applied no entry yet"
                )
            }
            RaftNote::NothingToCompact { node, last } => write!(
                f,
                "{node} was asked to compact its log, but it has applied nothing beyond its snapshot (through {last})"
            ),
            RaftNote::SnapshotInstalled {
                node,
                leader,
                last,
                kept_after: Some(kept),
            } => write!(
                f,
                "{node} installed {leader}'s snapshot through {last}: its log held that entry, so it kept the entries after it (through index {kept})"
            ),
            RaftNote::SnapshotInstalled { node, leader, last, .. } => write!(
                f,
                "{node} installed {leader}'s snapshot through {last}: its log did not hold that entry, so it replaced its whole log and state with the snapshot"
            ),
            RaftNote::SnapshotIgnored {
                node,
                leader,
                last,
                commit_index,
            } => write!(
                f,
                "{node} ignored {leader}'s snapshot through {last}: it has already committed through index {commit_index}"
            ),
            RaftNote::Membership { node, event } => event.describe(*node, f),
            RaftNote::OutsideConfiguration { node } => write!(
                f,
                "{node}'s election timer ran out, but {node} is not in its latest configuration, so it does not stand for election"
            ),
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
            VoteRefusal::LeaderRecentlyHeard(seen) => write!(f, "{seen}"),
        }
    }
}

impl fmt::Display for LeaderSeen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.leader, self.ago_ms) {
            _ if self.own => f.write_str("it is the leader of its term"),
            (Some(leader), 0) => write!(f, "it heard from leader {leader} just now"),
            (Some(leader), ago) => write!(
                f,
                "it heard from leader {leader} {ago} ms ago, within the minimum election timeout"
            ),
            (None, ago) => write!(
                f,
                "it restarted {ago} ms ago, within the minimum election timeout, and may have heard from a leader just before"
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
