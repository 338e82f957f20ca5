//! Simulated events per second: Raft under a steady client load, checker on.
//!
//! Each iteration runs 10 s of virtual time in which a client sends a write every 10 ms,
//! to each node in turn (so most requests are redirected to the leader). An event is one
//! handler call: a message delivered, a timer fired, a client request received. Runs are
//! deterministic, so every iteration handles the same events; divan reports them as
//! items per second. Run with `cargo bench -p consensus-core`.
//!
//! The runs use the one engine every front end runs ([`AnyNode`]); `raft_own_engine`
//! runs the same on an engine compiled for Raft alone, to show what the erasure costs.

use consensus_core::any::{AnyConfig, AnyNode};
use consensus_core::command::Command;
use consensus_core::protocol::Protocol;
use consensus_core::raft::{RaftConfig, RaftNode};
use consensus_core::sim::{SimSettings, Simulation};
use divan::counter::ItemsCount;
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

/// Virtual time per iteration.
const VIRTUAL_MS: u64 = 10_000;
/// Time between client writes.
const CLIENT_EVERY_MS: u64 = 10;

fn commands() -> Vec<Command> {
    (0..VIRTUAL_MS / CLIENT_EVERY_MS)
        .map(|i| Command::parse(&format!("set k{} {i}", i % 8)).unwrap())
        .collect()
}

fn run_loaded<P: Protocol>(nodes: u32, check: bool, commands: &[Command], config: P::Config) -> Simulation<P>
where
    P::Persistent: Default,
{
    let mut settings = SimSettings::new(nodes, 1);
    settings.record_trace = false;
    settings.check = check;
    let mut sim = Simulation::<P>::new(settings, config, vec![]);
    for (i, command) in commands.iter().enumerate() {
        let node = i as u32 % nodes + 1;
        sim.client_request(node, command.clone()).unwrap();
        sim.run_for(CLIENT_EVERY_MS);
    }
    assert!(sim.violations().is_empty());
    sim
}

fn bench<P: Protocol>(bencher: Bencher, nodes: u32, check: bool, config: P::Config)
where
    P::Persistent: Default,
    P::Config: Sync,
{
    let commands = commands();
    let events = run_loaded::<P>(nodes, check, &commands, config.clone()).events();
    bencher
        .counter(ItemsCount::new(events))
        .bench(|| black_box(run_loaded::<P>(nodes, check, &commands, config.clone())));
}

fn one_engine() -> AnyConfig {
    AnyConfig::Raft(RaftConfig::default())
}

/// Events per second with the invariant checker on after every event.
#[divan::bench(args = [3, 5, 9, 25, 101], sample_count = 10, sample_size = 1)]
fn raft_checked(bencher: Bencher, nodes: u32) {
    bench::<AnyNode>(bencher, nodes, true, one_engine());
}

/// The same without the checker, to show what checking costs.
#[divan::bench(args = [5], sample_count = 10, sample_size = 1)]
fn raft_unchecked(bencher: Bencher, nodes: u32) {
    bench::<AnyNode>(bencher, nodes, false, one_engine());
}

/// Checked, on an engine compiled for Raft alone (`Simulation<RaftNode>`).
#[divan::bench(args = [5, 101], sample_count = 10, sample_size = 1)]
fn raft_own_engine(bencher: Bencher, nodes: u32) {
    bench::<RaftNode>(bencher, nodes, true, RaftConfig::default());
}
