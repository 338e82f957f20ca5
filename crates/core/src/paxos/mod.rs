//! Basic Paxos (Lamport, "Paxos Made Simple"), one single-decree instance per log slot.
//!
//! Every node is proposer, acceptor and learner. A proposer picks a ballot (round, id)
//! higher than any it has seen and sends Prepare; an acceptor promises to ignore lower
//! ballots and reports the highest-ballot value it accepted. With promises from a
//! majority, the proposer sends Accept with that reported value — or its own if none was
//! reported. A value accepted by a majority under one ballot is chosen; the proposer
//! tells every learner. A rejected proposer backs off for a random while and retries
//! with a higher ballot, so dueling proposers eventually let one through. Slot i decides
//! command i, so a Paxos log can be set beside Raft's.

mod acceptor;
pub mod check;
pub mod config;
pub mod display;
mod explain;
mod facts;
mod learner;
pub mod message;
pub mod node;
pub mod note;
pub mod progress;
mod proposer;
pub mod view;

pub use acceptor::AcceptorState;
pub use config::{PaxosBug, PaxosConfig};
pub use message::{Ballot, PaxosMessage, Proposal, Slot};
pub use node::{Changes, PaxosNode, PaxosPersistent, PaxosTimer};
pub use note::PaxosNote;
pub use view::PaxosView;
