//! Three-phase commit's settings and bug switches.

use crate::types::{NodeId, Time};

crate::bug_switches! {
    /// Rules of three-phase commit broken on purpose.
    pub enum ThreePcBug => {
        /// The termination protocol aborts when it finds participants precommitted but none
        /// committed, instead of finishing the commit.
        TerminationAbortsPrecommitted = "termination_aborts_precommitted",
            "the termination protocol aborts a transaction it finds precommitted but not yet committed",
            breaks "Skeen's termination rule: a precommitted participant means every vote was Yes and the coordinator may have committed, so the termination protocol must commit";
    }
}

/// Settings shared by every node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThreePcConfig {
    /// The coordinator's id.
    pub coordinator: NodeId,
    /// The coordinator's timeout range (vote and acknowledgement timeouts, re-sends); a
    /// participant waits three times as long before it takes the coordinator for crashed,
    /// and a termination gathers states for as long as the coordinator's timeout.
    /// Invariant: `timeout.0 <= timeout.1`.
    pub timeout: (Time, Time),
    /// The bug switches that are on.
    pub bugs: crate::bug::Bugs<ThreePcBug>,
}

/// How many times the coordinator's timeout a participant waits before it runs the
/// termination protocol: long enough that a coordinator that is alive has always moved
/// on by then (Skeen's assumption of bounded delays).
pub const PARTICIPANT_PATIENCE: Time = 3;
