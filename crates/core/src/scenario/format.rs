//! The scenario file format (see `docs/scenarios.md`): serde types for reading and writing.

use serde::{Deserialize, Serialize};

use crate::sim::StreamMode;
use crate::types::{NodeId, Time};

/// The format version this build writes; older versions stay readable.
pub const FORMAT_VERSION: u32 = 1;

/// A scenario: a cluster, its settings, and the steps to run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The format version (default 1).
    #[serde(default = "default_version")]
    pub version: u32,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Free text explaining the story.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The protocol, by its name in files ([`ProtocolName`]).
    pub protocol: ProtocolName,
    /// For `consensus compare` and the side-by-side view: the panes to run the same
    /// scenario in, each a protocol with its own title and settings ([`Pane`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub protocols: Vec<Pane>,
    /// Cluster size; node ids are `1..=nodes`.
    pub nodes: u32,
    /// Raft: the initial voting configuration (thesis §4.1); empty: every node. The other
    /// nodes are up but outside it until added.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<NodeId>,
    /// Seed of the run's one random generator.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Whether timers fire by themselves.
    #[serde(default)]
    pub timers: Mode,
    /// Whether messages arrive by themselves.
    #[serde(default)]
    pub network: Mode,
    /// Protocol and network settings.
    #[serde(default)]
    pub config: ScenarioConfig,
    /// Raft: nodes' persistent state at the start.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub initial: Vec<InitialNode>,
    /// What happens, in order.
    pub steps: Vec<Step>,
}

fn default_version() -> u32 {
    FORMAT_VERSION
}

fn default_seed() -> u64 {
    1
}

impl Scenario {
    /// A cluster of `nodes` nodes running `protocol` alone from `seed`: default settings,
    /// every node a voter, no initial state, no steps. What the page opens with, and what
    /// an explored schedule starts from.
    pub fn plain(protocol: ProtocolName, nodes: u32, seed: u64) -> Self {
        Self {
            version: FORMAT_VERSION,
            name: None,
            description: None,
            protocol,
            protocols: Vec::new(),
            members: Vec::new(),
            nodes,
            seed,
            timers: Mode::default(),
            network: Mode::default(),
            config: ScenarioConfig::default(),
            initial: Vec::new(),
            steps: Vec::new(),
        }
    }
}

pub use super::pane::Pane;
pub use crate::any::ProtocolName;
pub use crate::protocol::ReadMode;
pub use crate::protocol::initial::{InitialEntry, InitialNode};

/// `auto` (things happen by themselves) or `manual` (only when a step says so).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Timers fire and messages arrive by themselves.
    #[default]
    Auto,
    /// Only steps fire timers and deliver messages.
    Manual,
}

/// Protocol and network settings; every field has a default.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScenarioConfig {
    /// The protocol's timeout range in ms: Raft's election timeout; two-phase commit's
    /// vote timeout, re-send and status-query intervals; Paxos's retry and backoff pause.
    pub election_timeout_ms: [Time; 2],
    /// Raft: heartbeat interval in ms.
    pub heartbeat_ms: Time,
    /// Message delay range in ms.
    pub latency_ms: [Time; 2],
    /// Probability that a message is lost.
    pub loss: f64,
    /// Probability that a message is delivered twice.
    pub duplicate: f64,
    /// Raft: a new leader appends a no-op entry.
    pub noop_on_election: bool,
    /// Raft: a node asks for pre-votes before it starts an election (thesis §9.6).
    #[serde(skip_serializing_if = "is_false")]
    pub pre_vote: bool,
    /// Raft: a leader that has not heard from a majority within an election timeout steps
    /// down (thesis §6.2), and a node that heard from a leader within the minimum election
    /// timeout ignores RequestVote (the vote lease of §4.2.3).
    #[serde(skip_serializing_if = "is_false")]
    pub check_quorum: bool,
    /// Raft: how a leader serves a read (`get K`): through the log, by ReadIndex (§6.4) or
    /// within a lease (§6.4.1, needs `check_quorum`).
    #[serde(skip_serializing_if = "ReadMode::is_log")]
    pub reads: ReadMode,
    /// Raft: a node compacts its log into a snapshot once this many entries were applied
    /// beyond its last one (thesis ch. 5); 0 never.
    #[serde(skip_serializing_if = "is_zero")]
    pub snapshot_after: u64,
    /// Bug switches to turn on, by name.
    pub bugs: Vec<String>,
    /// How long a client waits before re-sending when no leader is known.
    pub client_retry_ms: Time,
    /// How long a client waits for an answer before trying another node.
    pub client_timeout_ms: Time,
    /// Two-phase commit, three-phase commit and Paxos Commit: the coordinator's id.
    pub coordinator: NodeId,
    /// Paxos Commit: how many acceptors (2F + 1, on nodes `1..=acceptors`).
    #[serde(skip_serializing_if = "is_three")]
    pub acceptors: u32,
    /// Multi-Paxos: how many slots of client commands a leader may have in flight at once.
    /// Invariant (validated): at least 1.
    #[serde(skip_serializing_if = "is_one")]
    pub window: u64,
    /// How long every node must be up and the network whole (no partition, cut link or
    /// loss, nothing held by hand) before progress is judged, in ms; 0 turns progress
    /// checks off.
    pub liveness_window_ms: Time,
    /// `shared`: one random stream for the whole run (stories, saved runs); `split`: each
    /// draw depends only on its node or link and the virtual time, so removing a step
    /// disturbs only what it touches (the counterexamples `consensus explore` writes). See
    /// [`crate::sim::streams`].
    #[serde(skip_serializing_if = "is_shared")]
    pub random_streams: StreamMode,
}

impl ScenarioConfig {
    /// The settings every protocol reads its configuration from.
    pub fn protocol_settings(&self) -> crate::protocol::Settings<'_> {
        crate::protocol::Settings {
            timeout_ms: (self.election_timeout_ms[0], self.election_timeout_ms[1]),
            heartbeat_ms: self.heartbeat_ms,
            noop_on_election: self.noop_on_election,
            pre_vote: self.pre_vote,
            check_quorum: self.check_quorum,
            reads: self.reads,
            snapshot_after: self.snapshot_after,
            members: &[],
            bugs: &self.bugs,
            coordinator: self.coordinator,
            acceptors: self.acceptors,
            window: self.window,
        }
    }
}

/// Whether a count is 0 (its default), left out of written files.
fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Whether a switch is off (its default), left out of written files.
fn is_false(on: &bool) -> bool {
    !*on
}

/// Whether `acceptors` is the default, left out of written files.
fn is_three(acceptors: &u32) -> bool {
    *acceptors == 3
}

/// Whether a window is 1 (its default), left out of written files.
fn is_one(n: &u64) -> bool {
    *n == 1
}

/// Whether `mode` is the default, left out of written files.
fn is_shared(mode: &StreamMode) -> bool {
    *mode == StreamMode::Shared
}

impl Default for ScenarioConfig {
    fn default() -> Self {
        Self {
            election_timeout_ms: [150, 300],
            heartbeat_ms: 50,
            latency_ms: [10, 20],
            loss: 0.0,
            duplicate: 0.0,
            noop_on_election: false,
            pre_vote: false,
            check_quorum: false,
            reads: ReadMode::Log,
            snapshot_after: 0,
            bugs: Vec::new(),
            client_retry_ms: 100,
            client_timeout_ms: 1000,
            coordinator: 1,
            acceptors: 3,
            window: 1,
            liveness_window_ms: crate::check::progress::DEFAULT_LIVENESS_WINDOW_MS,
            random_streams: StreamMode::Shared,
        }
    }
}

/// Picks an in-flight message: `[from, to]` (the oldest) or `[from, to, k]` (the k-th oldest).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<u64>", into = "Vec<u64>")]
pub struct MessagePick {
    /// The sender.
    pub from: NodeId,
    /// The receiver.
    pub to: NodeId,
    /// Which one, 1 = oldest.
    pub nth: usize,
}

impl TryFrom<Vec<u64>> for MessagePick {
    type Error = String;

    fn try_from(v: Vec<u64>) -> Result<Self, String> {
        let id = |x: u64| NodeId::try_from(x).map_err(|_| format!("node id {x} is too large"));
        match v.as_slice() {
            [from, to] => Ok(Self {
                from: id(*from)?,
                to: id(*to)?,
                nth: 1,
            }),
            [from, to, nth] if *nth >= 1 => Ok(Self {
                from: id(*from)?,
                to: id(*to)?,
                nth: usize::try_from(*nth).map_err(|_| "k is too large".to_string())?,
            }),
            _ => Err(format!("expected [from, to] or [from, to, k] with k >= 1, got {v:?}")),
        }
    }
}

impl From<MessagePick> for Vec<u64> {
    fn from(p: MessagePick) -> Self {
        if p.nth == 1 {
            vec![p.from.into(), p.to.into()]
        } else {
            vec![p.from.into(), p.to.into(), p.nth as u64]
        }
    }
}

/// A client request step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientStep {
    /// The node the client sends to.
    pub node: NodeId,
    /// `set K V` or `get K`.
    pub command: String,
}

/// A change of the network's behaviour from now on (what the page's sliders record).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkStep {
    /// New latency range, if changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<[Time; 2]>,
    /// New loss rate, if changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loss: Option<f64>,
    /// New duplication rate, if changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate: Option<f64>,
    /// Switch to manual (`true`) or automatic (`false`) delivery, if changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manual: Option<bool>,
}

/// One step of a scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Step {
    /// Fire node N's pending timer now.
    Timeout(NodeId),
    /// Deliver an in-flight message now.
    Deliver(MessagePick),
    /// Drop an in-flight message.
    Drop(MessagePick),
    /// Drop the next message from the first node to the second: the oldest in flight, or
    /// else the next one sent. Unlike `drop` it needs no message in flight, so one fault
    /// script fits every protocol of a comparison.
    DropNext([NodeId; 2]),
    /// Deliver everything in flight, and what that causes, until nothing is left.
    Stabilize(bool),
    /// Advance virtual time by this many ms.
    RunMs(Time),
    /// Handle the next N scheduled events, moving time to each (how a view records "step").
    Events(u64),
    /// Crash node N.
    Crash(NodeId),
    /// Restart node N.
    Restart(NodeId),
    /// Split the network into groups.
    Partition(Vec<Vec<NodeId>>),
    /// Make the network whole: no groups, no cut link.
    Heal(bool),
    /// Cut the link between two nodes (both directions).
    Cut([NodeId; 2]),
    /// Restore the link between two nodes.
    Restore([NodeId; 2]),
    /// A client sends a command to a node.
    Client(ClientStep),
    /// Record the state under a label.
    Snapshot(String),
    /// Changes nothing: words a guided tour shows on the stop of the step before it
    /// (why that step matters), written by the story's author.
    Caption(String),
    /// Change latency, loss or duplication from now on.
    Network(NetworkStep),
    /// Two-phase commit: participant N votes No on the next Prepare it receives.
    VoteNo(NodeId),
    /// Raft: the node that leads now hands its leadership to node N (thesis §3.10).
    TransferLeadership(NodeId),
    /// Lose the messages from the first node to the second; the other way still works.
    CutOneWay([NodeId; 2]),
    /// Let the messages from the first node to the second through again.
    RestoreOneWay([NodeId; 2]),
    /// Raft: node N compacts the entries it has applied into a snapshot (thesis ch. 5).
    Compact(NodeId),
    /// Timers fire by themselves (`auto`) or only on `timeout` steps (`manual`) from now on.
    Timers(Mode),
    /// Raft: the node that leads now adds node N as a voter, once N has caught up as a
    /// learner (thesis §4.2.1).
    AddServer(OneServer),
    /// Raft: the node that leads now removes node N from the voters (thesis §4.2.2).
    RemoveServer(OneServer),
    /// Raft: the node that leads now makes these nodes the voters, through a joint
    /// configuration (the paper's §6). Invariant (validated): not empty, no id twice.
    ChangeMembers(Vec<NodeId>),
}

/// The one server a single-server membership change names (`{"add_server": 4}`). A list
/// of several is refused with a sentence that points to `change_members`: one server at a
/// time is what makes the single-server change safe (thesis §4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct OneServer(pub NodeId);

impl<'de> Deserialize<'de> for OneServer {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// Reads a node id, or a list that holds one (a list of several is refused).
        struct OneServerVisitor;
        impl<'de> serde::de::Visitor<'de> for OneServerVisitor {
            type Value = OneServer;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a node id, like 4")
            }
            fn visit_u64<E: serde::de::Error>(self, id: u64) -> Result<OneServer, E> {
                NodeId::try_from(id)
                    .map(OneServer)
                    .map_err(|_| E::custom(format!("node {id} is out of range")))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<OneServer, A::Error> {
                let mut ids: Vec<NodeId> = Vec::new();
                while let Some(id) = seq.next_element()? {
                    ids.push(id);
                }
                match ids[..] {
                    [id] => Ok(OneServer(id)),
                    _ => Err(serde::de::Error::custom(format!(
                        "a single-server change names one server, got {} ({ids:?}): changing more than one voter at once \
                         could let two majorities that do not overlap decide (thesis §4.1); use change_members, which goes \
                         through a joint configuration",
                        ids.len()
                    ))),
                }
            }
        }
        deserializer.deserialize_any(OneServerVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(log: &str) -> Result<Vec<InitialEntry>, String> {
        serde_json::from_str(log).map_err(|e| e.to_string())
    }

    #[test]
    fn an_initial_log_entry_is_a_term_or_a_term_with_a_command() {
        assert_eq!(
            entries(r#"[1, {"term": 4, "command": "set x 1"}, {"term": 4, "command": null}, {"term": 5}]"#).unwrap(),
            [
                InitialEntry::Term(1),
                InitialEntry::Full {
                    term: 4,
                    command: Some("set x 1".into())
                },
                InitialEntry::Full { term: 4, command: None },
                InitialEntry::Full { term: 5, command: None },
            ]
        );
    }

    #[test]
    fn a_malformed_initial_log_entry_says_what_is_wrong() {
        assert!(
            entries(r#"[{"command": "set x 1"}]"#)
                .unwrap_err()
                .contains("missing field `term`")
        );
        assert!(
            entries(r#"[{"term": 1, "index": 2}]"#)
                .unwrap_err()
                .contains("unknown field `index`")
        );
        assert!(
            entries(r#"[{"term": 1, "term": 2}]"#)
                .unwrap_err()
                .contains("duplicate field `term`")
        );
        assert!(
            entries(r#"["set x 1"]"#)
                .unwrap_err()
                .contains("expected a log entry: a term, or {")
        );
        assert!(entries(r#"[-1]"#).unwrap_err().contains("invalid type"));
    }

    #[test]
    fn initial_log_entries_are_written_back_as_they_were_read() {
        let text = r#"[1,{"term":4,"command":"set x 1"},{"term":4,"command":null}]"#;
        assert_eq!(serde_json::to_string(&entries(text).unwrap()).unwrap(), text);
    }
}
