//! Paxos Commit, after Gray & Lamport, "Consensus on Transaction Commit" (ACM TODS 2006)
//! and Lamport's TLA+ specification `PaxosCommit.tla` (tlaplus/Examples,
//! `specifications/transaction_commit`).
//!
//! Two-phase commit with its coordinator's decision replaced by consensus. Each
//! participant (resource manager) has its own instance of Paxos, deciding whether that
//! participant is `prepared` or `aborted`, run by `2F + 1` acceptors (`config.acceptors`,
//! on nodes `1..=acceptors`). The coordinator (the initial leader) begins a transaction
//! and sends `Prepare` to every participant. Ballot 0 of a participant's instance belongs
//! to the participant itself: it sends its vote straight to the acceptors as a `Phase2a`
//! (no phase 1), and each acceptor that accepts it reports a `Phase2b` to the leader. An
//! instance's value is chosen once a majority of acceptors accepted it in one ballot.
//! When every instance chose `prepared` the leader sends `Commit`; when any chose
//! `aborted`, `Abort`.
//!
//! When the leader is silent, any other node takes over with a higher ballot: it runs
//! phase 1 (`Phase1a`, `Phase1b`) for the transaction's instances at once, proposes in
//! each the value of the highest ballot the promises report, or `aborted` where none was
//! accepted, learns what is chosen and sends the decision. Safe under every fault:
//! crashes, lost messages, partitions, timers fired early. It decides whenever a majority
//! of acceptors and one node that takes over can talk.

mod acceptor;
pub mod check;
pub mod config;
pub mod display;
mod explain;
mod facts;
mod leader;
pub mod message;
pub mod node;
pub mod note;
mod participant;
pub mod progress;
pub mod view;

pub use config::{PaxosCommitBug, PaxosCommitConfig};
pub use message::{Ballot, PaxosCommitMessage, Vote};
pub use node::{PaxosCommitNode, PaxosCommitPersistent, PaxosCommitTimer};
pub use note::PaxosCommitNote;
pub use view::PaxosCommitView;
