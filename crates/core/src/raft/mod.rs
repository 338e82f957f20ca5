//! Raft, as in Figure 2 of "In Search of an Understandable Consensus Algorithm"
//! (Ongaro and Ousterhout, 2014).
//!
//! Each server is a follower, a candidate or a leader. A follower that hears from no
//! leader for an election timeout becomes a candidate in a new term and asks for votes;
//! a candidate with votes from a majority becomes leader. The leader appends client
//! commands to its log and replicates them with AppendEntries; an entry of the leader's
//! term stored on a majority is committed and applied to the key-value state machine.
//! Any message with a newer term turns its receiver into a follower in that term.
//!
//! Options from Ongaro's thesis, each off by default so plain Raft stays Figure 2:
//! PreVote (§9.6, [`pre_vote`]), CheckQuorum with the vote lease (§6.2, §4.2.3, also in
//! [`pre_vote`] and [`replication`]), leadership transfer (§3.10, [`transfer`]) and reads
//! without a log entry (§6.4, [`reads`]).

pub mod check;
pub mod config;
pub mod display;
pub mod election;
mod explain;
mod facts;
pub mod log;
pub mod member_note;
mod membership;
pub mod message;
mod narration;
pub mod node;
pub mod note;
pub mod pre_vote;
pub mod progress;
pub mod quorum;
pub mod reads;
pub mod reconfiguration;
pub mod replication;
pub mod role;
pub mod role_change;
pub mod snapshot;
pub mod transfer;
pub mod view;

pub use config::{RaftBug, RaftBugs, RaftConfig, ReadMode};
pub use log::{Entry, EntryId, LogIndex, RaftLog, Term};
pub use message::{AppendEntries, AppendEntriesReply, RaftMessage, RequestVote, RequestVoteReply, TimeoutNow};
pub use node::{RaftNode, RaftPersistent, RaftTimer};
pub use note::{AppendRefusal, LeaderSeen, RaftNote, ReadBasis, VoteRefusal};
pub use quorum::Quorum;
pub use role::{Progress, Role};
pub use view::RaftView;
