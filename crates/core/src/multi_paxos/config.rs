//! Multi-Paxos's settings and bug switches.

use crate::types::Time;

crate::bug_switches! {
    /// Rules of Multi-Paxos broken on purpose.
    pub enum MultiPaxosBug => {
        /// A new leader ignores the values its promises report and puts its own client
        /// commands (or no-ops) in those slots.
        LeaderIgnoresPromisedValues = "leader_ignores_promised_values",
            "a new leader ignores the values acceptors already accepted and proposes its own in their slots",
            breaks "Paxos Made Simple §3 (with §2.2, P2c): a new leader proposes in each slot the value of the highest-numbered proposal its promises report";
        /// A leader counts a value chosen when one acceptor fewer than a majority accepted
        /// it (the mutation suggested for tlaplus/Examples' MultiPaxos-SMR).
        ChosenOneShortOfMajority = "chosen_one_short_of_majority",
            "a leader counts a value chosen with one Accepted fewer than a majority",
            breaks "Paxos Made Simple §2.2: a value is chosen only when a majority of acceptors has accepted it";
    }
}

/// Settings shared by every node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MultiPaxosConfig {
    /// The range a node's leader timeout is drawn from: with no heartbeat for that long,
    /// it runs phase 1.
    pub timeout: (Time, Time),
    /// How often a leader sends heartbeats.
    pub heartbeat: Time,
    /// How many slots of client commands a leader may have in flight at once (at least 1).
    pub window: u64,
    /// The bug switches that are on.
    pub bugs: crate::bug::Bugs<MultiPaxosBug>,
}
