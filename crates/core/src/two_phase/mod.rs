//! Two-phase commit, after Lamport and Gray's "Consensus on Transaction Commit" and
//! Lamport's TwoPhase specification.
//!
//! A client's command starts a transaction at the coordinator, which durably records it
//! and sends Prepare to every participant. A participant that can commit durably records
//! that it is prepared and votes Yes; otherwise it aborts and votes No. With Yes from
//! all, the coordinator durably records Commit, otherwise (a No, or a vote missing past
//! its timeout) Abort, and sends the decision, re-sending it until every participant
//! acknowledges. A prepared participant may never decide alone: while the coordinator is
//! down it stays blocked, asking again at every timeout. A restarted coordinator
//! recovers its decisions from its log; a transaction with no decision logged aborts.

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
pub mod view;

pub use config::{TwoPcBug, TwoPcConfig};
pub use message::{TwoPcMessage, TxnId};
pub use node::{CoordinatorRecord, Decision, ParticipantState, TwoPcNode, TwoPcPersistent, TwoPcTimer};
pub use note::TwoPcNote;
pub use view::TwoPcView;
