//! Runs a scenario to its end and reports the result (the output of `consensus run`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::any::AnyNode;
use crate::check::{Violation, linearizability};
use crate::metrics::{Metrics, metrics};
use crate::protocol::initial::InitialNode;
use crate::protocol::{Facts, MemberChange, Protocol};
use crate::scenario::error::ScenarioError;
use crate::scenario::format::{Mode, Scenario, Step};
use crate::sim::{ClientOp, ClientPolicy, NetworkConfig, SimSettings, Simulation};
use crate::types::Time;

/// The result of running a scenario.
#[derive(Clone, Debug, Serialize)]
pub struct RunReport {
    /// Virtual time at the end.
    pub time_ms: Time,
    /// The state at the end.
    #[serde(rename = "final")]
    pub final_state: serde_json::Value,
    /// The states recorded by `snapshot` steps, by label.
    pub snapshots: BTreeMap<String, serde_json::Value>,
    /// Every invariant violation, in the order found.
    pub violations: Vec<Violation>,
    /// Whether the client history is linearizable (`null`: no client operation, or undecided).
    pub linearizable: Option<bool>,
    /// How many events (handler calls) the run took.
    pub events: u64,
    /// Every client operation.
    pub clients: Vec<ClientOp>,
    /// What the run achieved and cost.
    pub metrics: Metrics,
    /// The trace in words, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<TraceLine>>,
}

/// One trace entry in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TraceLine {
    /// When it happened.
    pub time_ms: Time,
    /// What happened, in words.
    pub text: String,
}

/// Runs `scenario` to its end.
pub fn run(scenario: &Scenario) -> Result<RunReport, ScenarioError> {
    run_with_trace(scenario, false)
}

/// Runs `scenario` to its end; with `trace`, the report carries the trace in words.
pub fn run_with_trace(scenario: &Scenario, trace: bool) -> Result<RunReport, ScenarioError> {
    let mut sim = build(scenario)?;
    sim.set_record_trace(trace);
    let snapshots = run_steps(&mut sim, &scenario.steps)?;
    Ok(report(&sim, snapshots))
}

/// A simulation of the scenario's protocol on the one engine ([`AnyNode`]), booted as the
/// scenario says, before its first step.
pub fn build(s: &Scenario) -> Result<Simulation<AnyNode>, ScenarioError> {
    crate::scenario::validate(s)?;
    let config = s.protocol.config(&s.protocol_settings());
    Ok(Simulation::new(
        settings(s),
        config,
        initial(s, |node| s.protocol.initial(node))?,
    ))
}

/// A simulation of the scenario on an engine compiled for protocol `P` alone, booted as
/// the scenario says, before its first step. The scenario's protocol must be `P`.
pub fn build_on<P: Facts>(s: &Scenario) -> Result<Simulation<P>, ScenarioError> {
    crate::scenario::validate(s)?;
    Ok(boot_on(s, initial(s, P::initial)?))
}

/// [`build_on`]'s simulation with the nodes' saved state given (`initial`, as
/// [`Simulation::new`] takes it), without validating the scenario or reading its
/// `initial`: for a caller that knows the scenario valid and its nodes fresh (the page's
/// first module boots the plain page's cluster this way, without the validator, which
/// knows every protocol, and without the readers of saved state).
pub fn boot_on<P: Facts>(s: &Scenario, initial: Vec<P::Persistent>) -> Simulation<P> {
    Simulation::new(settings(s), P::config(&s.protocol_settings()), initial)
}

/// Each node's persistent state at boot, as the scenario's `initial` says (nothing: every
/// node starts fresh); `read` makes one node's.
fn initial<S: Clone + Default>(
    s: &Scenario,
    read: impl Fn(&InitialNode) -> Result<S, (String, String)>,
) -> Result<Vec<S>, ScenarioError> {
    if s.initial.is_empty() {
        return Ok(Vec::new());
    }
    let mut initial = vec![S::default(); s.nodes as usize];
    for (i, node) in s.initial.iter().enumerate() {
        initial[node.node as usize - 1] =
            read(node).map_err(|(field, message)| ScenarioError::invalid(format!("initial[{i}].{field}"), message))?;
    }
    Ok(initial)
}

/// The simulator settings a scenario asks for.
pub fn settings(s: &Scenario) -> SimSettings {
    SimSettings {
        nodes: s.nodes,
        seed: s.seed,
        streams: s.config.random_streams,
        manual_timers: s.timers == Mode::Manual,
        network: NetworkConfig {
            latency: (s.config.latency_ms[0], s.config.latency_ms[1]),
            loss: s.config.loss,
            duplicate: s.config.duplicate,
            manual: s.network == Mode::Manual,
        },
        client: ClientPolicy {
            retry_ms: s.config.client_retry_ms,
            timeout_ms: s.config.client_timeout_ms,
        },
        record_trace: true,
        check: true,
        liveness_window_ms: crate::check::progress::effective_window(
            s.config.liveness_window_ms,
            s.config.client_timeout_ms,
            s.config.election_timeout_ms[1],
        ),
    }
}

/// Applies every step in order, returning the labelled snapshots.
pub fn run_steps<P: Protocol>(
    sim: &mut Simulation<P>,
    steps: &[Step],
) -> Result<BTreeMap<String, serde_json::Value>, ScenarioError> {
    let mut snapshots = BTreeMap::new();
    for (index, step) in steps.iter().enumerate() {
        let mut record = |label: &str, sim: &Simulation<P>| {
            snapshots.insert(label.to_string(), to_json(&sim.snapshot()));
        };
        apply_step(sim, step, &mut record).map_err(|message| ScenarioError::Step { index, message })?;
    }
    Ok(snapshots)
}

/// What a `snapshot` step does with the state: `(label, simulation)`.
pub type SnapshotSink<'a, P> = dyn FnMut(&str, &Simulation<P>) + 'a;

/// Applies one step; a `snapshot` step hands the state to `snapshot`. Afterwards the
/// trace says so if whether the protocol can progress changed.
pub fn apply_step<P: Protocol>(
    sim: &mut Simulation<P>,
    step: &Step,
    snapshot: &mut SnapshotSink<P>,
) -> Result<(), String> {
    let result = apply_step_only(sim, step, snapshot);
    sim.record_progress();
    result
}

/// Applies one step without the trace's word on progress afterwards: a timeline that
/// merges stretches of time into one recorded step says it once, when the step ends.
pub fn apply_step_only<P: Protocol>(
    sim: &mut Simulation<P>,
    step: &Step,
    snapshot: &mut SnapshotSink<P>,
) -> Result<(), String> {
    let e = |err: crate::sim::SimError| err.to_string();
    match step {
        Step::Timeout(node) => sim.fire_timer(*node).map(|_| ()).map_err(e),
        Step::Deliver(p) => sim.deliver_between(p.from, p.to, p.nth).map_err(e),
        Step::Drop(p) => sim.drop_between(p.from, p.to, p.nth).map_err(e),
        Step::DropNext([from, to]) => sim.drop_next(*from, *to).map_err(e),
        Step::Stabilize(_) => sim.stabilize().map(|_| ()).map_err(e),
        Step::RunMs(ms) => {
            sim.run_for(*ms);
            Ok(())
        }
        Step::Crash(node) => sim.crash(*node).map_err(e),
        Step::Restart(node) => sim.restart(*node).map_err(e),
        Step::Partition(groups) => sim.partition_into(groups).map_err(e),
        Step::Heal(_) => {
            sim.heal();
            Ok(())
        }
        Step::Events(n) => {
            for _ in 0..*n {
                if !sim.step() {
                    break;
                }
            }
            Ok(())
        }
        Step::Cut([a, b]) => sim.cut_link(*a, *b).map_err(e),
        Step::Restore([a, b]) => sim.restore_link(*a, *b).map_err(e),
        Step::Client(c) => {
            let command = P::parse_command(sim.config(), &c.command)?;
            sim.client_request(c.node, command).map(|_| ()).map_err(e)
        }
        Step::VoteNo(node) => sim.inject(*node, crate::protocol::NodeFault::VoteNo).map_err(e),
        Step::TransferLeadership(node) => sim.transfer_leadership(*node).map_err(e),
        Step::AddServer(node) => sim.change_members(MemberChange::Add(node.0)).map_err(e),
        Step::RemoveServer(node) => sim.change_members(MemberChange::Remove(node.0)).map_err(e),
        Step::ChangeMembers(ids) => {
            let mut ids = ids.clone();
            ids.sort_unstable();
            sim.change_members(MemberChange::Joint(ids.into())).map_err(e)
        }
        Step::Compact(node) => sim.inject(*node, crate::protocol::NodeFault::Compact).map_err(e),
        Step::CutOneWay([from, to]) => sim.cut_one_way(*from, *to).map_err(e),
        Step::RestoreOneWay([from, to]) => sim.restore_one_way(*from, *to).map_err(e),
        Step::Caption(_) => Ok(()),
        Step::Snapshot(label) => {
            snapshot(label, sim);
            Ok(())
        }
        Step::Timers(mode) => {
            sim.set_manual_timers(*mode == Mode::Manual);
            Ok(())
        }
        Step::Network(change) => {
            let mut network = sim.settings().network.clone();
            if let Some([low, high]) = change.latency_ms {
                network.latency = (low, high);
            }
            network.loss = change.loss.unwrap_or(network.loss);
            network.duplicate = change.duplicate.unwrap_or(network.duplicate);
            network.manual = change.manual.unwrap_or(network.manual);
            sim.set_network(network);
            Ok(())
        }
    }
}

/// The report of a finished simulation.
pub fn report<P: Protocol>(sim: &Simulation<P>, snapshots: BTreeMap<String, serde_json::Value>) -> RunReport {
    RunReport {
        time_ms: sim.time(),
        final_state: to_json(&sim.snapshot()),
        snapshots,
        violations: sim.violations().to_vec(),
        linearizable: linearizability::check_history(sim.clients().ops()),
        events: sim.events(),
        clients: sim.clients().ops().to_vec(),
        metrics: metrics(sim.clients().ops(), sim.usage(), sim.last_fault()),
        trace: sim.settings().record_trace.then(|| {
            sim.trace()
                .iter()
                .map(|entry| TraceLine {
                    time_ms: entry.time,
                    text: entry.event.to_string(),
                })
                .collect()
        }),
    }
}

fn to_json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).expect("snapshots contain only strings, numbers and maps with string keys")
}

/// One protocol's part of a comparison.
#[derive(Clone, Debug, Serialize)]
pub struct Compared {
    /// The run, as `consensus run` reports it.
    pub result: RunReport,
    /// Its metrics.
    pub metrics: Metrics,
}

/// The same scenario in several panes.
#[derive(Clone, Debug, Serialize)]
pub struct CompareReport {
    /// Per pane: keyed by the pane's title when it has one, else by its protocol's name.
    pub protocols: BTreeMap<String, Compared>,
}

/// Runs `scenario` under each protocol in its `protocols` list (or just its `protocol`):
/// same nodes, seed, workload and fault steps. Steps that only apply to another protocol
/// (`vote_no` outside two-phase commit) are left out of that protocol's run.
pub fn compare(scenario: &Scenario) -> Result<CompareReport, ScenarioError> {
    let mut report = CompareReport {
        protocols: BTreeMap::new(),
    };
    for pane in scenario.panes() {
        let key = pane.key();
        let variant = scenario.for_pane(&pane);
        let result = run(&variant).map_err(|e| match e {
            ScenarioError::Invalid { field, message } => ScenarioError::Invalid {
                field: format!("{field} ({key})"),
                message,
            },
            other => other,
        })?;
        let metrics = result.metrics.clone();
        report.protocols.insert(key, Compared { result, metrics });
    }
    Ok(report)
}
