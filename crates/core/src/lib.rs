//! # consensus-core
//!
//! A deterministic cluster simulator with consensus protocols as sans-IO state
//! machines. Everything the Consensus Playground shows — the page, the CLI, the tests —
//! runs on this crate.
//!
//! ## Run a scenario
//! A scenario is JSON: a protocol, a cluster size, a seed and steps.
//! ```
//! let scenario = consensus_core::scenario::parse(r#"{
//!     "protocol": "raft", "nodes": 3,
//!     "steps": [{"run_ms": 1000}, {"client": {"node": 1, "command": "set x 1"}}, {"run_ms": 1000}]
//! }"#).unwrap();
//! let report = consensus_core::scenario::run(&scenario).unwrap();
//! assert!(report.violations.is_empty());
//! assert_eq!(report.linearizable, Some(true));
//! ```
//!
//! ## Drive a simulation by hand
//! [`Simulation`](sim::Simulation) is the engine: virtual time, one seeded random
//! generator, a network with latency, loss, duplication and partitions, crashes and
//! restarts, and the invariant checker after every event.
//! ```
//! use consensus_core::raft::{RaftConfig, RaftNode};
//! use consensus_core::sim::{SimSettings, Simulation};
//!
//! let mut sim: Simulation<RaftNode> = Simulation::new(SimSettings::new(5, 42), RaftConfig::default(), vec![]);
//! sim.run_for(1_000);
//! let leader = sim.nodes().iter().find(|n| n.state.is_leader()).expect("a leader within a second");
//! sim.crash(leader.state.id()).unwrap();
//! sim.run_for(1_000);
//! assert_eq!(sim.nodes().iter().filter(|n| n.up && n.state.is_leader()).count(), 1);
//! assert!(sim.violations().is_empty());
//! ```
//!
//! ## Same seed, same run
//! The simulation is `Clone`, and its only randomness is the seeded generator, so two
//! simulations built alike stay alike event for event, on every platform.
//! ```
//! # use consensus_core::raft::{RaftConfig, RaftNode};
//! # use consensus_core::sim::{SimSettings, Simulation};
//! let run = || {
//!     let mut sim: Simulation<RaftNode> = Simulation::new(SimSettings::new(3, 7), RaftConfig::default(), vec![]);
//!     sim.run_for(2_000);
//!     sim.trace().iter().map(|e| e.to_string()).collect::<Vec<_>>()
//! };
//! assert_eq!(run(), run());
//! ```
//!
//! ## Layout
//! - [`sim`]: time, the event queue, network, faults, clients, trace.
//! - [`protocol`]: the interface every protocol implements.
//! - [`raft`]: Raft, Figure 2 of the paper.
//! - [`check`]: invariants and linearizability; [`bug`]: the bug switches that break them on purpose.
//! - [`scenario`]: the file format and the runner.
//! - [`explore`]: random schedules that hunt for violations.
//! - [`timeline`]: a recorded run to play back, scrub, step back and branch from.
//! - [`run`]: any protocol's timeline behind one type ([`run::AnyRun`]), several under one
//!   clock ([`run::Lockstep`]), and guided tours ([`run::tour`]).
//! - [`display`], [`explain`], [`diagram`], [`metrics`]: what views show — nodes drawn the
//!   common way, the rule behind each note, the space-time diagram, the comparison numbers.
//!
//! ## Side by side
//! ```
//! use consensus_core::run::Lockstep;
//! use consensus_core::scenario::{self, Step};
//!
//! let scenario = scenario::parse(r#"{"protocol": "raft", "protocols": ["raft", "two_phase_commit"],
//!     "nodes": 3, "steps": [{"run_ms": 600}]}"#).unwrap();
//! let mut panes = Lockstep::new(&scenario).unwrap();
//! panes.act(Step::Crash(1)).unwrap();           // the same fault in every pane
//! panes.play(2_000).unwrap();                   // one clock
//! assert!(panes.panes.iter().all(|p| !p.is_up(1) && p.time() == 2_600));
//! ```

pub mod any;
pub mod bug;
pub mod check;
pub mod command;
pub mod commit;
pub mod diagram;
pub mod display;
pub mod explain;
pub mod explore;
pub mod metrics;
pub mod multi_paxos;
pub mod parting;
pub mod paxos;
pub mod paxos_commit;
pub mod protocol;
pub mod raft;
pub mod run;
pub mod scenario;
pub mod sim;
pub mod three_phase;
pub mod timeline;
pub mod two_phase;
pub mod types;
pub mod vec_map;
pub mod words;
