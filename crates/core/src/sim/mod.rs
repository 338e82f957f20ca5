//! The simulator: virtual time, the event queue, the network, faults, clients and the trace.
//!
//! [`Simulation`] owns everything that is not protocol logic. It is `Clone`, so a
//! snapshot for step-back or scrubbing is a clone.

pub mod client;
pub mod network;
pub mod queue;
pub mod rng;
pub mod simulation;
pub mod streams;
pub mod trace;

pub use crate::protocol::{NodeSlot, reachable_from, reaches_majority};
pub use client::{Answer, ClientHistory, ClientOp, ClientPolicy};
pub use network::{InFlight, InFlightView, MessageId, NetworkConfig, Partition};
pub use rng::SimRng;
pub use simulation::{ClusterState, SimError, SimSettings, Simulation, TimerView, Usage};
pub use streams::{RandomStreams, Stream, StreamMode};
pub use trace::{DropReason, TraceEntry, TraceEvent};
