//! Raft's settings and its bug switches.

use crate::types::Time;

/// The settings every Raft node of a cluster shares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RaftConfig {
    /// Election timeouts are drawn from this range at every reset (§5.2).
    /// Invariant: `election_timeout.0 <= election_timeout.1`.
    pub election_timeout: (Time, Time),
    /// How often a leader sends AppendEntries when it has nothing new to send.
    pub heartbeat: Time,
    /// Append an empty entry when elected, so earlier-term entries commit at once (§8).
    pub noop_on_election: bool,
    /// Rules broken on purpose, for watching the checker catch them.
    pub bugs: RaftBugs,
}

impl Default for RaftConfig {
    fn default() -> Self {
        Self {
            election_timeout: (150, 300),
            heartbeat: 50,
            noop_on_election: false,
            bugs: RaftBugs::default(),
        }
    }
}

crate::bug_switches! {
    /// One rule of Figure 2 broken on purpose.
    pub enum RaftBug => {
        /// A leader counts replicas of entries from earlier terms toward commit
        /// (the trap of Figure 8, §5.4.2).
        CountPreviousTermEntries = "count_previous_term_entries",
            "a leader counts replicas of earlier-term entries toward commit (Figure 8)",
            breaks "§5.4.2: a leader commits by counting replicas only entries of its own current term";
        /// A node grants its vote without checking that the candidate's log is at least as
        /// up to date as its own (§5.4.1).
        SkipUpToDateCheck = "skip_up_to_date_check",
            "nodes vote for candidates whose log is behind their own",
            breaks "§5.4.1: a vote goes only to a candidate whose log is at least as up to date as the voter's";
        /// A node forgets whom it voted for when it restarts (votedFor is not persisted).
        ForgetVotedForOnRestart = "forget_voted_for_on_restart",
            "a restarted node forgets whom it voted for and may vote twice",
            breaks "Figure 2: votedFor is persistent state, kept across a restart, so a node votes once per term";
        /// Every node waits the same election timeout (the shortest of the range) every
        /// time: nodes that start together time out together, each votes for itself, and
        /// no candidate ever gets a majority (a liveness bug: nothing unsafe happens).
        SameElectionTimeout = "same_election_timeout",
            "every node waits the same election timeout every time, so candidates keep splitting the vote",
            breaks "§5.2: election timeouts are chosen randomly from a fixed interval, so that split votes are rare and resolved quickly";
    }
}

/// Which of Raft's bug switches are on.
pub type RaftBugs = crate::bug::Bugs<RaftBug>;
