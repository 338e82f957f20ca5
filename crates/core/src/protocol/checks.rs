//! What a protocol's checks answer to: the invariant checker run after every event, and
//! the violation it reports.

use std::fmt;

use serde::Serialize;

use crate::protocol::{NodeSlot, Protocol};
use crate::types::{NodeId, Time};

/// A broken invariant: which one, when, who, and a sentence saying what went wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The invariant's name, e.g. `Election Safety`.
    pub invariant: &'static str,
    /// The virtual time of the event after which it was found.
    pub time_ms: Time,
    /// The nodes involved.
    pub nodes: Vec<NodeId>,
    /// What went wrong, in words.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} violated at {} ms: {}",
            self.invariant, self.time_ms, self.message
        )
    }
}

/// A protocol's invariant checker. It is called after every event with the node the
/// event touched, and may keep history between calls (e.g. who led which term).
pub trait Checker<P: Protocol>: Clone + fmt::Debug {
    /// A checker for a cluster of `nodes` nodes with `config` that has seen nothing yet.
    fn new(config: &P::Config, nodes: u32) -> Self;

    /// Checks the cluster after an event at `time` that touched node `touched`,
    /// pushing each violation it finds for the first time into `found`.
    fn check(&mut self, time: Time, nodes: &[NodeSlot<P>], touched: NodeId, found: &mut Vec<Violation>);
}
