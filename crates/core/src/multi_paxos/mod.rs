//! Multi-Paxos (Lamport, "Paxos Made Simple" §3; van Renesse & Altınbüken, "Paxos Made
//! Moderately Complex", 2015): a log of single-decree Paxos instances run by one
//! distinguished leader.
//!
//! A node that hears no leader for a randomized timeout runs phase 1 once, with one ballot
//! for every slot from its first undecided one (`Prepare{ballot, from_slot}`). Each
//! acceptor promises that ballot for all those slots at once and reports every value it
//! accepted there. With promises from a majority the node leads: in each reported slot it
//! proposes the value of the highest ballot reported, in a hole below the highest reported
//! slot a no-op, and client commands in new slots — paying only phase 2 (`Accept`,
//! `Accepted`) per command, up to `window` slots in flight. A value accepted by a majority
//! is chosen; the leader tells every learner (`Decided`) and catches up a node that was
//! away from its heartbeats' answers. A `Nack` naming a higher ballot makes a leader or a
//! candidate step down. Slot i decides command i, so the log sits beside Raft's.

mod acceptor;
pub mod check;
pub mod config;
pub mod display;
mod explain;
mod facts;
mod leader;
mod learner;
pub mod message;
mod narration;
pub mod node;
pub mod note;
pub mod progress;
pub mod view;

pub use config::{MultiPaxosBug, MultiPaxosConfig};
pub use message::{Ballot, MultiPaxosMessage, Proposal, Slot, Value};
pub use node::{MultiPaxosNode, MultiPaxosPersistent, MultiPaxosTimer, Role};
pub use note::MultiPaxosNote;
pub use view::MultiPaxosView;
