//! Raft's settings and its bug switches.

pub use crate::protocol::ReadMode;
use crate::types::Time;

/// The settings every Raft node of a cluster shares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RaftConfig {
    /// Election timeouts are drawn from this range at every reset (§5.2).
    /// Invariant: `election_timeout.0 <= election_timeout.1`.
    pub election_timeout: (Time, Time),
    /// How often a leader sends AppendEntries when it has nothing new to send.
    pub heartbeat: Time,
    /// Append an empty entry when elected, so earlier-term entries commit at once (§8).
    pub noop_on_election: bool,
    /// Ask for pre-votes before starting an election (thesis §9.6).
    pub pre_vote: bool,
    /// Leaders step down when they have not heard from a majority within an election
    /// timeout (thesis §6.2), and nodes that heard from a leader within the minimum
    /// election timeout ignore RequestVote (the vote lease, §4.2.3).
    pub check_quorum: bool,
    /// How a leader serves a read. Invariant (validated): `Lease` only with `check_quorum`.
    pub reads: ReadMode,
    /// Compact once this many entries were applied beyond the last snapshot (0: never;
    /// thesis ch. 5).
    pub snapshot_after: u64,
    /// The voting configuration a node starts from before its log names one (thesis
    /// §4.1); `None`: every node. Invariant (validated): not empty, ids in range.
    pub members: Option<std::sync::Arc<[crate::types::NodeId]>>,
    /// Rules broken on purpose, for watching the checker catch them.
    pub bugs: RaftBugs,
}

impl RaftConfig {
    /// Whether a new leader appends a no-op at the start of its term: when asked, and
    /// always when reads skip the log, since a leader must commit an entry of its own term
    /// before it knows its commit index is current (thesis §6.4, after §8).
    pub fn appends_noop(&self) -> bool {
        self.noop_on_election || self.reads != ReadMode::Log
    }
}

impl Default for RaftConfig {
    fn default() -> Self {
        Self {
            election_timeout: (150, 300),
            heartbeat: 50,
            noop_on_election: false,
            pre_vote: false,
            check_quorum: false,
            reads: ReadMode::Log,
            snapshot_after: 0,
            members: None,
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
        /// A leader answers a read at once from its own state, without checking that it
        /// still leads (a deposed leader answers stale values).
        ReadWithoutQuorumCheck = "read_without_quorum_check",
            "a leader answers reads from its own state without checking that a majority still follows it",
            breaks "thesis §6.4: before answering a read from its state, a leader confirms with a majority that it is still the leader (or reads through the log)";
        /// A leader appends a configuration entry before it has committed an entry of its
        /// own term: the single-server change as first published, before the fix of 2015.
        ChangeBeforeOwnTermCommit = "change_before_own_term_commit",
            "a new leader changes the membership before committing an entry of its own term (the bug of 2015)",
            breaks "thesis §4.1 as fixed in 2015: a leader may not append a configuration entry until it has committed an entry of its own term";
    }
}

/// Which of Raft's bug switches are on.
pub type RaftBugs = crate::bug::Bugs<RaftBug>;

/// The options a Raft pane offers, from Ongaro's thesis: each off by default, so plain
/// Raft stays Figure 2.
pub const OPTIONS: &[crate::protocol::PaneOption] = &[
    crate::protocol::PaneOption {
        field: "pre_vote",
        label: "PreVote",
        short: "PV",
        help: "Thesis §9.6: before raising its term a node asks whether a majority would vote for it; nodes that heard from a leader recently say no",
        choices: &[],
    },
    crate::protocol::PaneOption {
        field: "check_quorum",
        label: "CheckQuorum",
        short: "CQ",
        help: "Thesis §6.2: a leader that has not heard from a majority within an election timeout steps down; nodes that heard from a leader recently ignore RequestVote (§4.2.3)",
        choices: &[],
    },
    crate::protocol::PaneOption {
        field: "reads",
        label: "Reads",
        short: "R",
        help: "Thesis §6.4: a read as a log entry, by ReadIndex (a majority confirms the leader first) or within a lease (needs CheckQuorum)",
        choices: &[
            ("log", "", ""),
            ("read_index", "ReadIndex", "RI"),
            ("lease", "lease reads", "lease"),
        ],
    },
];
