//! The plain page (opened with no link and no story): the cluster it opens with, and that
//! cluster as its first frame draws it. The first module (`crates/first`) boots it on an
//! engine compiled for Raft alone; the full page boots the same scenario on its one engine
//! and takes over with the same seed, so both draw the same state (`crates/web/tests/
//! plain.rs` holds them equal).

use consensus_core::display::NodeDisplay;
use consensus_core::protocol::Facts;
use consensus_core::raft::node::RaftNode;
use consensus_core::scenario::{self, ProtocolName, Scenario, ScenarioConfig, runner};
use consensus_core::sim::{ClusterState, Simulation};

/// How many nodes the plain page's cluster has.
pub const NODES: u32 = 5;

/// The plain page's protocol: the one the first module carries.
pub const PROTOCOL: ProtocolName = ProtocolName::Raft;

/// A cluster of `protocol` alone, `nodes` nodes, `seed`, default settings and no steps.
pub fn scenario(protocol: ProtocolName, nodes: u32, seed: u64) -> Scenario {
    Scenario {
        version: scenario::FORMAT_VERSION,
        name: None,
        description: None,
        protocol,
        protocols: Vec::new(),
        members: Vec::new(),
        nodes,
        seed,
        timers: Default::default(),
        network: Default::default(),
        config: ScenarioConfig::default(),
        initial: Vec::new(),
        steps: Vec::new(),
    }
}

/// The plain page's cluster for `seed`, booted (before its first event) on an engine
/// compiled for Raft alone, drawn the common way.
pub fn first_state(seed: u64) -> ClusterState<NodeDisplay> {
    let scenario = scenario(PROTOCOL, NODES, seed);
    // The default settings are valid (the full page validates the same scenario when it
    // takes over); the first module skips the validator, which knows every protocol.
    let config = RaftNode::config(&scenario.protocol_settings());
    let sim: Simulation<RaftNode> = Simulation::new(runner::settings(&scenario), config, Vec::new());
    sim.display()
}

/// A fresh seed for the plain page's cluster, from the browser's random source (never the
/// simulation's): below a million, so a link spells it short.
pub fn fresh_seed() -> u64 {
    let mut bytes = [0u8; 4];
    if getrandom::fill(&mut bytes).is_err() {
        return 1;
    }
    u64::from(u32::from_le_bytes(bytes) % 1_000_000)
}
