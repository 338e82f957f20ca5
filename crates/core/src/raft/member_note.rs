//! What a leader notes as it changes the membership (thesis ch. 4, the paper's §6), the
//! sentence each note says and the rule behind it.

use std::fmt;

use crate::explain::Rule;
use crate::protocol::MemberChange;
use crate::raft::log::LogIndex;
use crate::types::NodeId;

/// Ongaro's dissertation.
const THESIS: &str = "https://web.stanford.edu/~ouster/cgi-bin/papers/OngaroPhD.pdf";
/// Ongaro's message to raft-dev of 10 July 2015, "bug in single-server membership changes".
const FIX_2015: &str = "https://groups.google.com/g/raft-dev/c/t4xj6dJTP6E/m/d2D9LrWRza8J";

const ONE_AT_A_TIME: Rule = Rule {
    name: "Raft thesis §4.1 (one server at a time)",
    text: "A leader changes the configuration by appending a configuration entry that adds or removes one server; it takes effect on each server as soon as it is in its log. The next change waits until this one is committed.",
    source: THESIS,
};
const CATCH_UP: Rule = Rule {
    name: "Raft thesis §4.2.1 (catching up new servers)",
    text: "A new server first joins as a non-voting learner: the leader replicates to it in rounds, each through the leader's last entry when the round began, and adds it as a voter only when a round takes less than an election timeout; after a fixed number of rounds (10) it gives up.",
    source: THESIS,
};
const OWN_TERM_FIRST: Rule = Rule {
    name: "Raft thesis §4.1, as fixed in 2015 (raft-dev, Ongaro)",
    text: "A leader may not append a configuration entry until it has committed an entry of its own term; otherwise two changes made by leaders of different terms can give two majorities that do not overlap.",
    source: FIX_2015,
};
const REMOVED_LEADER: Rule = Rule {
    name: "Raft thesis §4.2.2 (removing the current leader)",
    text: "A leader removed from the configuration keeps managing the cluster, without counting itself toward majorities, until the new configuration is committed; then it steps down.",
    source: THESIS,
};
const JOINT: Rule = Rule {
    name: "Raft paper §6 (joint consensus)",
    text: "For any change, the leader first appends the joint configuration C_old,new, under which elections and commits need separate majorities of both the old and the new configuration; once it is committed, the leader appends C_new.",
    source: "https://raft.github.io/raft.pdf",
};

/// Why a leader made no change of the kind it was asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeRefusal {
    /// The server to add already votes.
    AlreadyVoter(NodeId),
    /// The server to remove does not vote.
    NotVoter(NodeId),
    /// Removing it would leave no voter.
    LastVoter(NodeId),
    /// The voters asked for are the voters already.
    SameVoters,
}

/// One step of a leader's membership change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MemberNote {
    /// The leader was asked for a change. `waits_for`: the index of a configuration entry
    /// not yet committed, which the change waits for (one at a time).
    Requested {
        /// The change.
        change: MemberChange,
        /// The uncommitted configuration entry it waits for, if any.
        waits_for: Option<LogIndex>,
        /// How many changes asked for earlier are not yet made: it comes after them.
        behind: usize,
    },
    /// The change would change nothing, or leave no voter.
    Refused {
        /// The change.
        change: MemberChange,
        /// Why.
        why: ChangeRefusal,
    },
    /// A round of catching up new servers began (§4.2.1).
    CatchUpRound {
        /// The servers catching up, as learners.
        servers: Vec<NodeId>,
        /// The round (from 1).
        round: u32,
        /// The round ends when they store every entry through this index.
        through: LogIndex,
        /// How long the round before took (none for the first).
        last_took_ms: Option<u64>,
    },
    /// The new servers caught up: the last round took less than an election timeout.
    CaughtUp {
        /// The servers.
        servers: Vec<NodeId>,
        /// How many rounds it took.
        rounds: u32,
        /// How long the last round took.
        took_ms: u64,
    },
    /// The leader gave up catching the new servers up.
    CatchUpFailed {
        /// The change abandoned.
        change: MemberChange,
        /// The rounds run.
        rounds: u32,
        /// How long it tried.
        tried_ms: u64,
    },
    /// The leader has not yet committed an entry of its own term, so the change waits
    /// (the 2015 fix); `noop`: the no-op it appended to have one to commit.
    WaitsForOwnTerm {
        /// The change.
        change: MemberChange,
        /// The no-op appended, if it had no entry of its term.
        noop: Option<LogIndex>,
    },
    /// The leader appended a configuration entry.
    Appended {
        /// Its index.
        index: LogIndex,
        /// The voters it names (the old ones, in a joint configuration).
        voters: Vec<NodeId>,
        /// In a joint configuration C_old,new, the new voters.
        new_voters: Option<Vec<NodeId>>,
        /// The second half of a joint change: C_new after C_old,new committed.
        completes_joint: bool,
        /// The leader had not committed an entry of its own term (only with the
        /// `change_before_own_term_commit` bug switch on).
        before_own_term_commit: bool,
    },
    /// The configuration that removed the leader committed: it stepped down (§4.2.2).
    LeftConfiguration {
        /// The configuration entry's index.
        index: LogIndex,
    },
    /// The leader stopped leading with changes it had not yet made: they are dropped.
    Abandoned {
        /// The changes dropped.
        changes: Vec<MemberChange>,
    },
}

impl MemberNote {
    /// The rule the step follows (or, with a bug switch, breaks).
    pub fn rule(&self) -> &'static Rule {
        match self {
            MemberNote::CatchUpRound { .. } | MemberNote::CaughtUp { .. } | MemberNote::CatchUpFailed { .. } => {
                &CATCH_UP
            }
            MemberNote::WaitsForOwnTerm { .. } => &OWN_TERM_FIRST,
            MemberNote::Appended {
                before_own_term_commit: true,
                ..
            } => &OWN_TERM_FIRST,
            MemberNote::Appended {
                new_voters: Some(_), ..
            }
            | MemberNote::Appended {
                completes_joint: true, ..
            } => &JOINT,
            MemberNote::LeftConfiguration { .. } => &REMOVED_LEADER,
            MemberNote::Requested {
                change: MemberChange::Joint(_),
                ..
            } => &JOINT,
            _ => &ONE_AT_A_TIME,
        }
    }

    /// Whether a reader should stop at it: a configuration appended, a leader leaving.
    pub fn decisive(&self) -> bool {
        matches!(
            self,
            MemberNote::Appended { .. } | MemberNote::LeftConfiguration { .. } | MemberNote::CatchUpFailed { .. }
        )
    }

    /// The sentence, with `node` (the leader) as its subject.
    pub fn describe(&self, node: NodeId, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids = |ids: &[NodeId]| crate::words::list(ids);
        let set = |ids: &[NodeId]| ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
        match self {
            MemberNote::Requested {
                change,
                waits_for,
                behind,
            } => {
                write!(f, "{node}, the leader, was asked to {change}")?;
                match (behind, waits_for) {
                    (0, None) => Ok(()),
                    (0, Some(index)) => write!(
                        f,
                        "; it waits until the configuration at index {index} is committed (one change at a time)"
                    ),
                    (1, _) => f.write_str("; it comes after the change asked for before it (one change at a time)"),
                    (n, _) => write!(
                        f,
                        "; it comes after the {n} changes asked for before it (one change at a time)"
                    ),
                }
            }
            MemberNote::Refused { change, why } => {
                write!(f, "{node} was asked to {change}, but ")?;
                match why {
                    ChangeRefusal::AlreadyVoter(id) => write!(f, "{id} already votes: nothing to do"),
                    ChangeRefusal::NotVoter(id) => write!(f, "{id} does not vote: nothing to do"),
                    ChangeRefusal::LastVoter(id) => write!(f, "{id} is the only voter: a cluster needs one"),
                    ChangeRefusal::SameVoters => f.write_str("those are the voters already: nothing to do"),
                }
            }
            MemberNote::CatchUpRound {
                servers,
                round: 1,
                through,
                ..
            } => {
                let (what, it) = if servers.len() == 1 {
                    ("a learner (not yet a voter)", "it")
                } else {
                    ("learners (not yet voters)", "them")
                };
                write!(
                    f,
                    "{node} replicates its log to {} as {what} before adding {it}: round 1 runs through index {through}",
                    ids(servers)
                )
            }
            MemberNote::CatchUpRound {
                servers,
                round,
                through,
                last_took_ms,
            } => write!(
                f,
                "round {} took {} ms, not less than an election timeout: {node} keeps catching {} up, round {round} through index {through}",
                round - 1,
                last_took_ms.unwrap_or(0),
                ids(servers)
            ),
            MemberNote::CaughtUp {
                servers,
                rounds,
                took_ms,
            } => write!(
                f,
                "{} caught up: round {rounds} took {took_ms} ms, less than an election timeout, so adding {} will not stall commits",
                ids(servers),
                if servers.len() == 1 { "it" } else { "them" }
            ),
            MemberNote::CatchUpFailed {
                change,
                rounds,
                tried_ms,
            } => write!(
                f,
                "{node} gave up the change ({change}): after {rounds} round(s) and {tried_ms} ms the new server had not caught up"
            ),
            MemberNote::WaitsForOwnTerm { change, noop } => {
                write!(
                    f,
                    "{node} has not yet committed an entry of its own term, so the change ({change}) waits (the 2015 fix)"
                )?;
                match noop {
                    Some(index) => write!(f, "; it appended a no-op at index {index} to commit one"),
                    None => Ok(()),
                }
            }
            MemberNote::Appended {
                index,
                voters,
                new_voters,
                completes_joint,
                before_own_term_commit,
            } => {
                match new_voters {
                    Some(new) => write!(
                        f,
                        "{node} appended the joint configuration {{{}}} + {{{}}} at index {index}: from now on every election and commit needs a majority of each",
                        set(voters),
                        set(new)
                    )?,
                    None if *completes_joint => write!(
                        f,
                        "the joint configuration is committed: {node} appended the new configuration {{{}}} at index {index}",
                        set(voters)
                    )?,
                    None => write!(
                        f,
                        "{node} appended the configuration {{{}}} at index {index}; each server uses it as soon as it is in its log",
                        set(voters)
                    )?,
                }
                if *before_own_term_commit {
                    f.write_str(
                        ", before committing an entry of its own term: the 2015 fix forbids this (bug switch on)",
                    )?;
                }
                Ok(())
            }
            MemberNote::LeftConfiguration { index } => write!(
                f,
                "the configuration at index {index}, which leaves {node} out, is committed: {node} steps down and will not stand for election"
            ),
            MemberNote::Abandoned { changes } => write!(
                f,
                "{node} no longer leads: the change(s) it had not made ({}) are dropped",
                changes.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
            ),
        }
    }
}
