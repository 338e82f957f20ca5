//! Two-phase commit's settings and bug switches.

use crate::types::{NodeId, Time};

crate::bug_switches! {
    /// Rules of two-phase commit broken on purpose.
    pub enum TwoPcBug => {
        /// A prepared participant whose timeout fires aborts alone instead of waiting.
        ParticipantDecidesAlone = "participant_decides_alone",
            "a prepared participant aborts alone when its timeout fires",
            breaks "TwoPhase: a participant that voted Yes is prepared and may only learn the decision from the coordinator";
        /// A restarting coordinator leaves the transactions it began but did not decide
        /// undecided, so their prepared participants wait for ever (a liveness bug).
        CoordinatorForgetsUndecided = "coordinator_forgets_undecided",
            "a restarted coordinator leaves undecided the transactions it had not decided before its crash",
            breaks "Two-phase commit recovery (presumed abort): a coordinator that restarts must abort every transaction it began and did not decide, or its prepared participants block for ever";
        /// The lowest-numbered participant acts as a backup coordinator: when the
        /// coordinator is silent past its timeout, it decides Abort alone and tells the
        /// other participants — the tempting fix of Lamport's `2PCwithBTM` example.
        BackupCoordinatorDecidesAlone = "backup_coordinator_decides_alone",
            "the lowest-numbered participant, as a backup coordinator, aborts alone when the coordinator is silent and tells the others",
            breaks "TwoPhase: only the coordinator decides; a backup that decides when the primary is merely slow can contradict it (Lamport's 2PCwithBTM: the primary commits, pauses, the backup aborts, participants split)";
    }
}

/// Settings shared by every node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TwoPcConfig {
    /// The coordinator's id.
    pub coordinator: NodeId,
    /// The timeout range (vote timeout, re-send interval, status-query interval).
    pub timeout: (Time, Time),
    /// The bug switches that are on.
    pub bugs: crate::bug::Bugs<TwoPcBug>,
}
