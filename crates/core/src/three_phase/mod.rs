//! Three-phase commit, after Skeen's "Nonblocking Commit Protocols" (SIGMOD 1981) and its
//! termination protocol (Skeen, "A Quorum-Based Commit Protocol", 1982; Bernstein,
//! Hadzilacos & Goodman, "Concurrency Control and Recovery in Database Systems", 1987,
//! §7.5).
//!
//! A client's command starts a transaction at the coordinator, which records it and sends
//! `CanCommit` to every participant. A participant votes Yes (it is now *prepared*:
//! uncertain) or No (it aborts). With Yes from all, the coordinator records that it is
//! precommitted and sends `PreCommit`; a participant that receives it is *precommitted*
//! (it knows every vote was Yes) and acknowledges with `Ack`. Once every participant
//! acknowledged (or, past a timeout, with the silent ones taken for crashed), the
//! coordinator commits and sends `DoCommit`. A No or a missing vote aborts (`Abort`).
//!
//! The third phase is what makes it non-blocking: no state is next to both commit and
//! abort, so a participant that hears nothing for too long need not wait. It runs the
//! **termination protocol** (`StateRequest`, `StateReply`): the lowest-numbered
//! participant it can reach collects the states of every participant it reaches and
//! decides by Skeen's rule — any aborted: abort; any committed: commit; any precommitted
//! (none aborted): send `PreCommit` to the uncertain ones, then commit; all uncertain:
//! abort — and tells the others.
//!
//! The rule is safe only under Skeen's assumptions: the network never partitions and a
//! silent site has crashed. When the network splits, each side runs its own termination
//! and they may decide differently; the checker's `Atomic Commit` catches it. Timeouts
//! rest on bounded delays too: a participant waits three times the coordinator's timeout
//! before it takes the coordinator for crashed.

pub mod check;
pub mod config;
mod coordinator;
pub mod display;
mod explain;
mod facts;
pub mod message;
pub mod node;
pub mod note;
mod participant;
pub mod progress;
mod termination;
pub mod view;

pub use config::{ThreePcBug, ThreePcConfig};
pub use message::ThreePcMessage;
pub use node::{ThreePcNode, ThreePcPersistent, ThreePcTimer, TxnState};
pub use note::ThreePcNote;
pub use view::ThreePcView;
