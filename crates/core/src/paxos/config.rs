//! Paxos's settings and bug switches, and the commands it agrees on.

use crate::command::Command;
use crate::types::Time;

crate::bug_switches! {
    /// Rules of Paxos broken on purpose.
    pub enum PaxosBug => {
        /// A proposer ignores the values reported in promises and proposes its own.
        IgnorePromisedValues = "ignore_promised_values",
            "a proposer ignores values acceptors already accepted and proposes its own",
            breaks "Paxos Made Simple §2.2 (P2c): a proposer must propose the value of the highest-numbered proposal among the promises";
        /// A refused proposer starts again at once with a higher ballot instead of pausing
        /// for a random time, so two proposers can keep preempting each other (a liveness
        /// bug: nothing unsafe happens, nothing is chosen either).
        RetryWithoutBackoff = "retry_without_backoff",
            "a refused proposer retries at once with a higher ballot instead of backing off for a random pause",
            breaks "Paxos Made Simple §2.4 (progress): competing proposers must be broken up, by one distinguished proposer or by random pauses, or they can preempt each other for ever";
    }
}

/// Settings shared by every node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaxosConfig {
    /// The range a proposer's retry and backoff pauses are drawn from.
    pub retry: (Time, Time),
    /// The bug switches that are on.
    pub bugs: crate::bug::Bugs<PaxosBug>,
}

/// Any value can be agreed on; `set K V` and `get K` also drive the key-value state.
pub fn parse_command(text: &str) -> Command {
    Command::parse_or_value(text)
}
