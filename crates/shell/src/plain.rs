//! The plain page (opened with no link and no story): the cluster it opens with, and that
//! cluster as its first frame draws it. The first module (`crates/first`) boots it on an
//! engine compiled for Raft alone; the full page boots the same scenario on its one engine
//! and takes over with the same seed, so both draw the same state (`crates/web/tests/
//! plain.rs` holds them equal).

use consensus_core::display::NodeDisplay;
use consensus_core::raft::node::RaftNode;
use consensus_core::scenario::{ProtocolName, Scenario, runner};
use consensus_core::sim::ClusterState;

/// How many nodes the plain page's cluster has.
pub const NODES: u32 = 5;

/// The plain page's protocol: the one the first module carries.
pub const PROTOCOL: ProtocolName = ProtocolName::Raft;

/// The plain page's scenario for `seed`: its protocol alone on its nodes.
pub fn scenario(seed: u64) -> Scenario {
    Scenario::plain(PROTOCOL, NODES, seed)
}

/// The plain page's cluster for `seed`, booted (before its first event) on an engine
/// compiled for Raft alone, drawn the common way. The plain scenario is valid and its
/// nodes start fresh (the full page validates the same scenario when it takes over), so
/// the first module boots it without the validator, which knows every protocol.
pub fn first_state(seed: u64) -> ClusterState<NodeDisplay> {
    runner::boot_on::<RaftNode>(&scenario(seed), Vec::new()).display()
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
