//! Raft's settings and its bug switches.

use std::fmt;
use std::str::FromStr;

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

/// One rule of Figure 2 broken on purpose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RaftBug {
    /// A leader counts replicas of entries from earlier terms toward commit
    /// (the trap of Figure 8, §5.4.2).
    CountPreviousTermEntries,
    /// A node grants its vote without checking that the candidate's log is at least as
    /// up to date as its own (§5.4.1).
    SkipUpToDateCheck,
    /// A node forgets whom it voted for when it restarts (votedFor is not persisted).
    ForgetVotedForOnRestart,
}

impl RaftBug {
    /// Every bug switch.
    pub const ALL: [RaftBug; 3] = [
        RaftBug::CountPreviousTermEntries,
        RaftBug::SkipUpToDateCheck,
        RaftBug::ForgetVotedForOnRestart,
    ];

    /// The switch's name in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            RaftBug::CountPreviousTermEntries => "count_previous_term_entries",
            RaftBug::SkipUpToDateCheck => "skip_up_to_date_check",
            RaftBug::ForgetVotedForOnRestart => "forget_voted_for_on_restart",
        }
    }

    /// What the bug does, in words.
    pub fn description(self) -> &'static str {
        match self {
            RaftBug::CountPreviousTermEntries => {
                "a leader commits an entry from an earlier term once a majority stores it (Figure 8)"
            }
            RaftBug::SkipUpToDateCheck => "nodes vote for candidates whose log is behind their own",
            RaftBug::ForgetVotedForOnRestart => "a restarted node forgets whom it voted for and may vote twice",
        }
    }
}

impl fmt::Display for RaftBug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for RaftBug {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        RaftBug::ALL.into_iter().find(|b| b.name() == name).ok_or_else(|| {
            let names: Vec<&str> = RaftBug::ALL.iter().map(|b| b.name()).collect();
            format!("unknown Raft bug {name:?} (known: {})", names.join(", "))
        })
    }
}

/// Which bug switches are on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RaftBugs {
    on: [bool; 3],
}

impl RaftBugs {
    /// The set holding exactly `bugs`.
    pub fn of(bugs: &[RaftBug]) -> Self {
        let mut set = Self::default();
        for &bug in bugs {
            set.on[bug as usize] = true;
        }
        set
    }

    /// Whether `bug` is switched on.
    pub fn has(self, bug: RaftBug) -> bool {
        self.on[bug as usize]
    }
}
