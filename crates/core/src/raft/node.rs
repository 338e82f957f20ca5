//! A Raft node: its state (Figure 2, "State") and the entry point for every event.
//!
//! Every message first goes through the rule all servers share — a higher term makes
//! a node a follower in that term — and then to the handler for its type
//! ([`election`](super::election), [`replication`](super::replication)).

use crate::vec_map::VecMap;

use crate::command::{CommandOutput, KvStore};
use crate::protocol::{ClientReply, ClientRequest, Out, Protocol};
use crate::raft::config::{RaftBug, RaftConfig};
use crate::raft::log::{LogIndex, RaftLog, Term};
use crate::raft::message::RaftMessage;
use crate::raft::note::RaftNote;
use crate::raft::quorum::Quorum;
use crate::raft::role::Role;
use crate::raft::view::RaftView;
use crate::types::{NodeId, RequestId};

/// The state that survives a crash ("persistent state on all servers").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RaftPersistent {
    /// The latest term this node has seen. Invariant: never decreases.
    pub current_term: Term,
    /// Whom this node voted for in `current_term`, if anyone.
    pub voted_for: Option<NodeId>,
    /// The log. Invariant: terms never decrease along it and none exceeds `current_term`.
    pub log: RaftLog,
    /// The latest snapshot. Invariant: its last entry is the log's base (`log.base()`).
    pub snapshot: Option<std::sync::Arc<crate::raft::snapshot::Snapshot>>,
}

/// Raft's timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RaftTimer {
    /// Followers and candidates: start an election when it fires.
    Election,
    /// Leaders: send AppendEntries to everyone when it fires.
    Heartbeat,
    /// Leaders handing over leadership: give up when it fires (§3.10).
    Transfer,
}

impl std::fmt::Display for RaftTimer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RaftTimer::Election => "election",
            RaftTimer::Heartbeat => "heartbeat",
            RaftTimer::Transfer => "transfer",
        })
    }
}

/// One Raft server.
#[derive(Clone, Debug)]
pub struct RaftNode {
    pub(crate) id: NodeId,
    /// The cluster size; peers are every other id in `1..=nodes`.
    pub(crate) nodes: u32,
    pub(crate) config: RaftConfig,
    pub(crate) persistent: RaftPersistent,
    /// The highest index known to be committed. Volatile: 0 after a restart.
    /// Invariant: `commit_index <= log.last_index()`.
    pub(crate) commit_index: LogIndex,
    /// The highest index applied to `kv`. Invariant: `last_applied <= commit_index`.
    pub(crate) last_applied: LogIndex,
    pub(crate) role: Role,
    /// The state machine: entries `1..=last_applied` applied in order.
    pub(crate) kv: KvStore,
    /// The output of every client request applied so far, so a request that a client
    /// retried and that was appended twice is applied once (§8).
    pub(crate) applied_requests: VecMap<RequestId, CommandOutput>,
    /// For narration only, never read by the rules: the vote (term, candidate) that the
    /// `forget_voted_for_on_restart` bug erased at the last restart, so notes can say what it did.
    pub(crate) forgotten_vote: Option<(Term, NodeId)>,
    /// When this node last heard from a current leader (volatile), for PreVote and the
    /// vote lease: set by a leader's AppendEntries and, with CheckQuorum, by a restart.
    pub(crate) last_leader_contact: Option<crate::raft::pre_vote::LastLeaderContact>,
    /// The latest configuration in the log (a cache of [`RaftNode::latest_membership`]).
    pub(crate) membership: std::sync::Arc<Quorum>,
    /// The index of `membership`'s entry; 0 when it comes from the snapshot or the start.
    pub(crate) membership_at: LogIndex,
}

impl RaftNode {
    /// The node with its state machine restored from its snapshot, if it has one.
    fn with_state_machine_restored(mut self) -> Self {
        self.restore_state_machine();
        self.refresh_membership();
        self
    }

    /// This node's id.
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// The current role.
    pub fn role(&self) -> &Role {
        &self.role
    }

    /// Whether this node currently believes it is the leader.
    pub fn is_leader(&self) -> bool {
        matches!(self.role, Role::Leader { .. })
    }

    /// The latest term this node has seen.
    pub fn current_term(&self) -> Term {
        self.persistent.current_term
    }

    /// Whom it voted for in the current term.
    pub fn voted_for(&self) -> Option<NodeId> {
        self.persistent.voted_for
    }

    /// The log.
    pub fn log(&self) -> &RaftLog {
        &self.persistent.log
    }

    /// The highest index known to be committed.
    pub fn commit_index(&self) -> LogIndex {
        self.commit_index
    }

    /// The key-value state built from the applied entries.
    pub fn kv(&self) -> &KvStore {
        &self.kv
    }

    /// The leader this node knows of in its current term (itself when leading).
    pub fn known_leader(&self) -> Option<NodeId> {
        match &self.role {
            Role::Follower { leader } => *leader,
            Role::PreCandidate { .. } | Role::Candidate { .. } => None,
            Role::Leader { .. } => Some(self.id),
        }
    }

    pub(crate) fn has_bug(&self, bug: RaftBug) -> bool {
        self.config.bugs.has(bug)
    }

    /// Restarts the election timer with a freshly drawn timeout (§5.2); with the
    /// `same_election_timeout` bug, always the shortest one.
    pub(crate) fn reset_election_timer(&self, out: &mut Out<Self>) {
        let (min, max) = self.config.election_timeout;
        let max = if self.has_bug(RaftBug::SameElectionTimeout) {
            min
        } else {
            max
        };
        out.set_timer(RaftTimer::Election, min, max);
    }

    /// Moves to a newer term as a follower (the rule for all servers: "If RPC request or
    /// response contains term T > currentTerm: set currentTerm = T, convert to follower").
    pub(crate) fn adopt_term(&mut self, from: NodeId, term: Term, out: &mut Out<Self>) {
        out.note(RaftNote::SawHigherTerm {
            node: self.id,
            from,
            was: self.role.name(),
            old: self.persistent.current_term,
            new: term,
        });
        self.become_follower(term, None, out);
    }

    /// Applies newly committed entries to the state machine, answering waiting clients.
    pub(crate) fn apply_committed(&mut self, out: &mut Out<Self>) {
        while self.last_applied < self.commit_index {
            self.last_applied += 1;
            let index = self.last_applied;
            let entry = self.persistent.log.entry(index).expect("commit_index <= last_index");
            let Some(command) = &entry.command else { continue };
            let output = match entry.request {
                Some(request) => match self.applied_requests.get(&request) {
                    Some(output) => output.clone(),
                    None => {
                        let output = self.kv.apply(command);
                        self.applied_requests.insert(request, output.clone());
                        output
                    }
                },
                None => self.kv.apply(command),
            };
            if let Role::Leader { waiting, .. } = &mut self.role
                && let Some(request) = waiting.remove(&index.0)
            {
                out.reply(request, ClientReply::Done(output));
            }
        }
        self.compact_if_due(out);
        self.advance_reads(out);
    }

    fn on_client(&mut self, request: ClientRequest, out: &mut Out<Self>) {
        if let Some(output) = self.applied_requests.get(&request.id) {
            out.reply(request.id, ClientReply::Done(output.clone()));
            return;
        }
        if let Some(transfer) = self.transfer() {
            out.note(RaftNote::RefusedDuringTransfer {
                node: self.id,
                to: transfer.to,
            });
            out.reply(request.id, ClientReply::NotLeader { leader: None });
        } else if self.is_leader() {
            match &request.command {
                crate::command::Command::Get { key } if self.reads_off_log() => {
                    self.serve_read(request.id, key.clone(), out)
                }
                _ => self.append_client_command(request, out),
            }
        } else {
            let leader = self.known_leader();
            out.note(RaftNote::Redirected { node: self.id, leader });
            out.reply(request.id, ClientReply::NotLeader { leader });
        }
    }
}

impl Protocol for RaftNode {
    type Message = RaftMessage;
    type Timer = RaftTimer;
    type Note = RaftNote;
    type Config = RaftConfig;
    type Persistent = RaftPersistent;
    type View = RaftView;
    type Checker = crate::raft::check::RaftChecker;
    type Progress = crate::raft::progress::RaftProgress;

    fn boot(id: NodeId, nodes: u32, config: &RaftConfig, persistent: RaftPersistent) -> Self {
        Self {
            id,
            nodes,
            config: config.clone(),
            persistent,
            commit_index: LogIndex::ZERO,
            last_applied: LogIndex::ZERO,
            role: Role::Follower { leader: None },
            kv: KvStore::default(),
            applied_requests: VecMap::new(),
            forgotten_vote: None,
            last_leader_contact: None,
            membership: std::sync::Arc::new(Quorum::all(nodes)),
            membership_at: LogIndex::ZERO,
        }
        .with_state_machine_restored()
    }

    fn rebooted(&self) -> Self {
        Self::boot(self.id, self.nodes, &self.config, self.persistent.clone())
    }

    /// Starts (or restarts after a crash) with an election timer. The
    /// `forget_voted_for_on_restart` bug loses votedFor here, as the node comes back up.
    fn on_start(&mut self, out: &mut Out<Self>) {
        if self.has_bug(RaftBug::ForgetVotedForOnRestart) {
            let term = self.persistent.current_term;
            self.forgotten_vote = self.persistent.voted_for.take().map(|v| (term, v));
        }
        if let Some((term, voted_for)) = self.forgotten_vote {
            out.note(RaftNote::ForgotVote {
                node: self.id,
                term,
                voted_for,
            });
        }
        if self.config.check_quorum && self.current_term() > Term::ZERO {
            // Back from a crash (a node in term 0 has never known a leader), it cannot know
            // whether it heard from a leader just before it went down, so the vote lease
            // (and every lease read resting on it) holds across a restart.
            self.last_leader_contact = Some(crate::raft::pre_vote::LastLeaderContact {
                leader: None,
                at: out.now(),
            });
        }
        self.reset_election_timer(out);
    }

    /// The rule all servers share comes first — a newer term makes the receiver a
    /// follower in it — except for what never changes a term: a PreVote, a granted
    /// PreVoteReply (§9.6), and a RequestVote ignored under the vote lease (§4.2.3).
    fn on_message(&mut self, from: NodeId, message: RaftMessage, out: &mut Out<Self>) {
        let newer = message.term() > self.current_term();
        match &message {
            RaftMessage::PreVote(_) => {}
            RaftMessage::PreVoteReply(reply) if reply.granted => {}
            RaftMessage::RequestVote(request) if self.ignores_vote_in_lease(from, request, out) => return,
            _ if newer => self.adopt_term(from, message.term(), out),
            _ => {}
        }
        match message {
            RaftMessage::RequestVote(request) => self.on_request_vote(from, request, out),
            RaftMessage::RequestVoteReply(reply) => self.on_vote(from, reply, out),
            RaftMessage::AppendEntries(request) => self.on_append_entries(from, request, out),
            RaftMessage::AppendEntriesReply(reply) => self.on_append_reply(from, reply, out),
            RaftMessage::PreVote(request) => self.on_pre_vote(from, request, out),
            RaftMessage::PreVoteReply(reply) => self.on_pre_vote_reply(from, reply, out),
            RaftMessage::TimeoutNow(message) => self.on_timeout_now(from, message, out),
            RaftMessage::InstallSnapshot(message) => self.on_install_snapshot(from, message, out),
            RaftMessage::InstallSnapshotReply(reply) => self.on_install_snapshot_reply(from, reply, out),
        }
    }

    fn on_timer(&mut self, timer: RaftTimer, out: &mut Out<Self>) {
        match (timer, self.is_leader()) {
            // A server outside its own configuration does not stand for election (§4.1),
            // unless its removal may still be undone (§4.2.2).
            (RaftTimer::Election, false) if !self.stands_for_election() => {
                out.note(RaftNote::OutsideConfiguration { node: self.id });
                self.reset_election_timer(out);
            }
            (RaftTimer::Election, false) if self.config.pre_vote => self.start_pre_vote(out),
            (RaftTimer::Election, false) => self.start_election(false, out),
            (RaftTimer::Heartbeat, true) => self.heartbeat(out),
            (RaftTimer::Transfer, true) => self.abandon_transfer(out),
            // A timer left over from a role the node no longer has.
            _ => {}
        }
    }

    fn on_fault(&mut self, fault: crate::protocol::NodeFault, out: &mut Out<Self>) -> Result<(), String> {
        match fault {
            crate::protocol::NodeFault::TransferLeadership { to } => {
                self.start_transfer(to, out);
                Ok(())
            }
            crate::protocol::NodeFault::Compact => {
                self.take_snapshot(out);
                Ok(())
            }
            crate::protocol::NodeFault::ChangeMembers(change) => {
                self.request_change(change, out);
                Ok(())
            }
            other => Err(format!("{other:?} does not apply to Raft")),
        }
    }

    fn on_client_request(&mut self, request: ClientRequest, out: &mut Out<Self>) {
        self.on_client(request, out);
    }

    fn view(&self, up: bool) -> RaftView {
        RaftView::of(self, up)
    }

    fn leads(&self) -> bool {
        self.is_leader()
    }

    fn term(&self) -> Option<u64> {
        Some(self.current_term().0)
    }

    fn hold_bugs(&mut self, held: bool) {
        self.config.bugs.hold(held);
    }

    /// A leader that is up and reaches a majority (itself included) can commit.
    fn can_commit(nodes: &[crate::protocol::NodeSlot<Self>], connected: &dyn Fn(NodeId, NodeId) -> bool) -> bool {
        <Self as crate::protocol::CouldCommit>::could_commit(nodes, connected)
    }
}

impl crate::protocol::CouldCommit for RaftNode {
    /// Whether a command could commit now: an up leader reaches a majority of its
    /// configuration's voters (itself included, if it votes) both ways. `P` is the
    /// cluster's node type ([`RaftNode`] or one that runs it).
    fn could_commit<P: crate::protocol::NodeOf<RaftNode>>(
        nodes: &[crate::protocol::NodeSlot<P>],
        connected: &dyn Fn(NodeId, NodeId) -> bool,
    ) -> bool {
        nodes
            .iter()
            .filter(|l| l.up && l.state.node().is_leader())
            .any(|leader| {
                let leader = leader.state.node();
                let reached = (1..=nodes.len() as NodeId)
                    .filter(|&n| {
                        nodes[n as usize - 1].up
                            && (n == leader.id || (connected(leader.id, n) && connected(n, leader.id)))
                    })
                    .collect();
                leader.quorum().is_majority(&reached)
            })
    }
}
