//! Checks that run beside the simulation: per-protocol invariants after every event,
//! progress over quiet windows ([`progress`]), and the linearizability of the client
//! history at the end.

pub mod history;
pub mod linearizability;

pub use crate::protocol::checks::{Checker, Violation};
/// Progress (liveness): its traits and window live beside [`Protocol`](crate::protocol::Protocol),
/// each protocol's properties in its own folder.
pub use crate::protocol::progress;
