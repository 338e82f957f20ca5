//! Random exploration: many random schedules with random faults, each checked after
//! every event, and the first violation shrunk to a short scenario that replays it.
//!
//! A schedule is built while it runs, so every step it records is valid at its turn
//! (a `drop` names a message that is in flight, a `restart` a node that is down). The
//! recorded steps, the seed and the settings form an ordinary [`Scenario`]: replaying
//! it gives the same run, event for event.

mod mix;
mod options;
pub mod search;
mod shrink;
pub mod threads;

use crate::any::OwnEngine;
use crate::check::{Violation, linearizability};
use crate::protocol::Facts;
use crate::protocol::Protocol;
use crate::scenario::runner::{apply_step, build, build_on};
use crate::scenario::{
    ClientStep, MessagePick, NetworkStep, OneServer, ProtocolName, Scenario, ScenarioConfig, ScenarioError, Step,
};
use crate::sim::{SimRng, Simulation, StreamMode};
use crate::types::NodeId;
pub use mix::Faults;
use mix::Mix;
pub use options::{ExploreOptions, RaftOptions};
use shrink::shrink;

pub use crate::check::linearizability::LINEARIZABILITY;

/// A schedule that broke an invariant, shrunk.
#[derive(Clone, Debug)]
pub struct Counterexample {
    /// Which schedule (0-based) found it.
    pub schedule: u64,
    /// A scenario that replays it.
    pub scenario: Scenario,
    /// What it breaks when replayed.
    pub violations: Vec<Violation>,
}

/// What exploring found.
#[derive(Clone, Debug)]
pub struct ExploreReport {
    /// How many schedules ran.
    pub schedules: u64,
    /// How many events they took.
    pub events: u64,
    /// The first violation found, if any.
    pub counterexample: Option<Counterexample>,
}

/// Runs schedules `0..schedules`, stopping at the first violation.
pub fn explore(options: &ExploreOptions, schedules: u64) -> Result<ExploreReport, ScenarioError> {
    explore_with_progress(options, schedules, |_| {})
}

/// [`explore`], calling `progress` with the report so far after every schedule (the CLI
/// shows it on a terminal; it must be cheap).
pub fn explore_with_progress(
    options: &ExploreOptions,
    schedules: u64,
    mut progress: impl FnMut(&ExploreReport),
) -> Result<ExploreReport, ScenarioError> {
    let mut report = ExploreReport {
        schedules: 0,
        events: 0,
        counterexample: None,
    };
    for schedule in 0..schedules {
        let outcome = run_schedule(options, schedule)?;
        report.schedules += 1;
        report.events += outcome.events;
        progress(&report);
        if let Some(counterexample) = outcome.counterexample {
            report.counterexample = Some(counterexample);
            break;
        }
    }
    Ok(report)
}

/// What one schedule did.
#[derive(Clone, Debug)]
pub struct ScheduleOutcome {
    /// The schedule as a scenario that replays it.
    pub scenario: Scenario,
    /// Events it took.
    pub events: u64,
    /// Its shrunk counterexample, if it broke something.
    pub counterexample: Option<Counterexample>,
}

/// Runs schedule number `schedule` (for chunked exploration, e.g. in the page).
pub fn run_schedule(options: &ExploreOptions, schedule: u64) -> Result<ScheduleOutcome, ScenarioError> {
    run_schedule_unless(options, schedule, &|| false)
}

/// [`run_schedule`], given up part way (its outcome then means nothing) as soon as
/// `abandon` says so — when another thread found a counterexample in a lower-numbered
/// schedule, which makes this one's moot.
pub(crate) fn run_schedule_unless(
    options: &ExploreOptions,
    schedule: u64,
    abandon: &dyn Fn() -> bool,
) -> Result<ScheduleOutcome, ScenarioError> {
    let mut rng = SimRng::new(options.seed ^ schedule.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let mut scenario = base_scenario(options, &mut rng);
    let mix = if options.swarm { Mix::draw(&mut rng) } else { Mix::ALL }.limited_to(options.faults);
    let (steps, events, violations) = options.protocol.on_own_engine(RandomSchedule {
        scenario: &scenario,
        options,
        mix,
        rng: &mut rng,
        abandon,
    })?;
    scenario.steps = steps;
    if violations.is_empty() {
        return Ok(ScheduleOutcome {
            scenario,
            events,
            counterexample: None,
        });
    }
    let shrunk = shrink(scenario.clone(), violations[0].invariant, abandon);
    let violations = replay_on_own_engine(&shrunk);
    Ok(ScheduleOutcome {
        scenario,
        events,
        counterexample: Some(Counterexample {
            schedule,
            scenario: shrunk,
            violations,
        }),
    })
}

/// The settings of a schedule: latency, loss and duplication vary from one to the next.
fn base_scenario(options: &ExploreOptions, rng: &mut SimRng) -> Scenario {
    let low = rng.between(1, 10);
    let config = ScenarioConfig {
        latency_ms: [low, low + rng.between(0, 30)],
        // Lost messages are drops: off with them (the draw is kept, so schedules stay the same).
        loss: if rng.chance(0.3) && options.faults.drops {
            0.05
        } else {
            0.0
        },
        duplicate: if rng.chance(0.3) { 0.05 } else { 0.0 },
        bugs: options.bugs.clone(),
        pre_vote: options.raft.pre_vote,
        // A removed server never hears of its removal and stands for election forever
        // (thesis §4.2.3): schedules that change the membership keep CheckQuorum's vote
        // lease on unless PreVote stops it, or every one of them would fail on progress.
        check_quorum: options.raft.check_quorum || (options.membership() && !options.raft.pre_vote),
        reads: options.raft.reads,
        snapshot_after: options.raft.snapshot_after,
        liveness_window_ms: options.liveness_window_ms,
        window: options.window,
        random_streams: StreamMode::Split,
        ..ScenarioConfig::default()
    };
    // The seed is drawn after the settings, as it always was: the schedules stay the same.
    let seed = rng.next_u64() >> 11;
    Scenario {
        name: Some("counterexample found by consensus explore".into()),
        // With membership changes, the last node starts as a spare, so there is one to add.
        members: if options.membership() && options.nodes > 1 {
            (1..options.nodes).collect()
        } else {
            Vec::new()
        },
        config,
        ..Scenario::plain(options.protocol, options.nodes, seed)
    }
}

/// Applies the options' random steps (stopping at the first violation, or with none when
/// `abandon` says the schedule is moot), then lets the cluster recover so open client
/// requests can finish, and checks linearizability.
/// A random schedule drawn and run on the protocol's own engine: its steps, events and
/// violations.
struct RandomSchedule<'a> {
    scenario: &'a Scenario,
    options: &'a ExploreOptions,
    mix: Mix,
    rng: &'a mut SimRng,
    abandon: &'a dyn Fn() -> bool,
}

impl OwnEngine for RandomSchedule<'_> {
    type Output = Result<(Vec<Step>, u64, Vec<Violation>), ScenarioError>;

    fn run<P: Facts>(self) -> Self::Output {
        let sim = build_on::<P>(self.scenario)?;
        let entry = P::client_entry(&self.scenario.config.protocol_settings());
        Ok(random_steps(sim, entry, self.options, self.mix, self.rng, self.abandon))
    }
}

/// Draws and runs `options.steps` random steps (clients send to `entry` when the
/// protocol has one node where requests start), then the steps that let it recover.
fn random_steps<P: Protocol>(
    mut sim: Simulation<P>,
    entry: Option<NodeId>,
    options: &ExploreOptions,
    mix: Mix,
    rng: &mut SimRng,
    abandon: &dyn Fn() -> bool,
) -> (Vec<Step>, u64, Vec<Violation>) {
    sim.set_record_trace(false);
    let sim = &mut sim;
    let mut steps = Vec::new();
    let mut writes = 0;
    let membership = options.membership();
    // Half the schedules that change the membership have few clients: a leader that has
    // committed an entry of its term has nothing left for the rule of 2015 to forbid.
    // (Drawn only with membership changes, so other schedules stay what they were.)
    let few_writes = membership && rng.chance(0.5);
    for _ in 0..options.steps {
        if abandon() {
            return (steps, sim.events(), Vec::new());
        }
        let extra = Extra {
            production: options.raft.any() && options.protocol.takes_transfer(),
            membership,
            few_writes,
        };
        let step = random_step(sim, options.protocol, entry, mix, extra, rng, &mut writes);
        apply(sim, &step);
        steps.push(step);
        if !sim.violations().is_empty() {
            return (steps, sim.events(), sim.violations().to_vec());
        }
    }
    for step in recovery_steps(sim) {
        apply(sim, &step);
        steps.push(step);
    }
    (steps, sim.events(), final_violations(sim))
}

/// The invariant violations of a finished run, plus one if its client history is not linearizable.
fn final_violations<P: Protocol>(sim: &Simulation<P>) -> Vec<Violation> {
    let mut violations = sim.violations().to_vec();
    violations.extend(linearizability::violation(sim.clients().ops()));
    violations
}

fn apply<P: Protocol>(sim: &mut Simulation<P>, step: &Step) {
    apply_step(sim, step, &mut |_, _| {}).expect("random steps are chosen to be valid");
}

/// The quiet tail: heal, restart everyone, stop losing messages, and give the cluster a
/// whole liveness window of quiet, after which its progress is judged (and open client
/// requests have had time to finish).
fn recovery_steps<P: Protocol>(sim: &Simulation<P>) -> Vec<Step> {
    let mut steps = vec![Step::Heal(true)];
    for (i, node) in sim.nodes().iter().enumerate() {
        if !node.up {
            steps.push(Step::Restart(i as NodeId + 1));
        }
    }
    if sim.settings().network.loss > 0.0 {
        steps.push(Step::Network(NetworkStep {
            loss: Some(0.0),
            ..NetworkStep::default()
        }));
    }
    let window = sim.settings().liveness_window_ms;
    steps.push(Step::RunMs(if window == 0 { 5_000 } else { window }));
    steps
}

/// The step kinds only some schedules draw (only then, so the schedules of plain Raft
/// stay what they were).
#[derive(Clone, Copy)]
struct Extra {
    /// One-way cuts, leadership transfers and compactions (Raft's production options).
    production: bool,
    /// Servers added, removed and replaced (Raft's membership changes).
    membership: bool,
    /// Clients send one request in five of the usual.
    few_writes: bool,
}

/// One random step valid now.
fn random_step<P: Protocol>(
    sim: &Simulation<P>,
    protocol: ProtocolName,
    entry: Option<NodeId>,
    mix: Mix,
    extra: Extra,
    rng: &mut SimRng,
    writes: &mut u64,
) -> Step {
    let production = extra.production;
    // Clients send to `entry` if the protocol has one (two-phase commit's coordinator,
    // node 1 in every schedule), read if it lets them, and a participant (any node but 1)
    // may be told to vote No if it takes votes: as the protocol's facts say.
    let reads = mix.reads && protocol.reads();
    let votes = protocol.takes_vote_no();
    let nodes = sim.settings().nodes;
    let any_node = |rng: &mut SimRng| rng.between(1, u64::from(nodes)) as NodeId;
    let down: Vec<NodeId> = (1..=nodes).filter(|&n| !sim.nodes()[n as usize - 1].up).collect();
    let leaders: Vec<NodeId> = if mix.at_leaders {
        (1..=nodes)
            .filter(|&n| {
                let slot = &sim.nodes()[n as usize - 1];
                slot.up && slot.state.leads()
            })
            .collect()
    } else {
        Vec::new()
    };
    let leader = |rng: &mut SimRng| (!leaders.is_empty()).then(|| leaders[rng.index(leaders.len())]);
    loop {
        let step = match rng.between(0, 99) {
            0..=34 => Step::RunMs(rng.between(1, 200)),
            35..=38 if votes && nodes > 1 => Step::VoteNo(rng.between(2, u64::from(nodes)) as NodeId),
            35..=54 if production && protocol.takes_compact() && rng.chance(0.1) => Step::Compact(any_node(rng)),
            35..=54 if extra.few_writes && rng.chance(0.8) => continue,
            35..=54 => {
                let node = entry.unwrap_or_else(|| any_node(rng));
                Step::Client(random_command(node, reads, rng, writes))
            }
            55..=62 if mix.crashes && down.len() < nodes as usize => {
                let aim = rng.chance(0.5);
                Step::Crash(leader(rng).filter(|_| aim).unwrap_or_else(|| any_node(rng)))
            }
            63..=72 if !down.is_empty() => Step::Restart(down[rng.index(down.len())]),
            73..=77 if mix.partitions && production && nodes > 1 && rng.chance(0.4) => {
                let from = any_node(rng);
                let to = loop {
                    let to = any_node(rng);
                    if to != from {
                        break to;
                    }
                };
                Step::CutOneWay([from, to])
            }
            73..=77 if mix.partitions => Step::Partition(match leader(rng) {
                Some(leader) => minority_with(leader, nodes, rng),
                None => random_split(nodes, rng),
            }),
            78..=83 if mix.partitions => Step::Heal(true),
            84..=91 if extra.membership && rng.chance(0.7) => match rng.between(0, 4) {
                0 | 1 => Step::AddServer(OneServer(any_node(rng))),
                2 | 3 => Step::RemoveServer(OneServer(any_node(rng))),
                _ => {
                    let voters: Vec<NodeId> = (1..=nodes).filter(|_| rng.chance(0.6)).collect();
                    if voters.is_empty() {
                        continue;
                    }
                    Step::ChangeMembers(voters)
                }
            },
            84..=91 if mix.timeouts && production && rng.chance(0.3) => Step::TransferLeadership(any_node(rng)),
            84..=91 if mix.timeouts => Step::Timeout(any_node(rng)),
            92..=99 if mix.drops => match random_message(sim, rng) {
                Some(pick) => Step::Drop(pick),
                None => continue,
            },
            _ => continue,
        };
        return step;
    }
}

fn random_command(node: NodeId, reads: bool, rng: &mut SimRng, writes: &mut u64) -> ClientStep {
    let key = ["x", "y", "z"][rng.index(3)];
    let command = if !reads || rng.chance(0.6) {
        *writes += 1;
        format!("set {key} {writes}")
    } else {
        format!("get {key}")
    };
    ClientStep { node, command }
}

fn random_split(nodes: u32, rng: &mut SimRng) -> Vec<Vec<NodeId>> {
    let mut groups = vec![Vec::new(), Vec::new()];
    for id in 1..=nodes {
        groups[rng.index(2)].push(id);
    }
    groups.retain(|g| !g.is_empty());
    groups
}

/// A split that leaves `node` on the minority side, with fewer than half of the others.
fn minority_with(node: NodeId, nodes: u32, rng: &mut SimRng) -> Vec<Vec<NodeId>> {
    let mut others: Vec<NodeId> = (1..=nodes).filter(|&n| n != node).collect();
    let companions = rng.between(0, u64::from(nodes.saturating_sub(1) / 2)) as usize;
    let mut minority = vec![node];
    for _ in 0..companions.min(others.len()) {
        minority.push(others.remove(rng.index(others.len())));
    }
    minority.sort_unstable();
    let groups = vec![minority, others];
    groups.into_iter().filter(|g| !g.is_empty()).collect()
}

fn random_message<P: Protocol>(sim: &Simulation<P>, rng: &mut SimRng) -> Option<MessagePick> {
    let in_flight: Vec<_> = sim.in_flight().collect();
    if in_flight.is_empty() {
        return None;
    }
    let m = in_flight[rng.index(in_flight.len())];
    let nth = 1 + in_flight
        .iter()
        .filter(|o| o.from == m.from && o.to == m.to && o.id < m.id)
        .count();
    Some(MessagePick {
        from: m.from,
        to: m.to,
        nth,
    })
}

/// The violations a scenario shows when replayed (none if it does not build or a step fails).
pub fn replay(scenario: &Scenario) -> Vec<Violation> {
    build(scenario)
        .map(|sim| replay_steps(sim, &scenario.steps))
        .unwrap_or_default()
}

/// [`replay`] on an engine compiled for the scenario's protocol alone. The search (random
/// schedules and the thousands of replays that shrink a counterexample) is the one hot
/// loop that runs on these: on the one engine ([`crate::any::AnyNode`]) it took 15–20 %
/// longer (`find_bugs`: 13.2–14.7 s against 11.5–12.3 s). It runs natively and in the
/// search's own module, which is built for speed and is not in the page's first load; the
/// page calls only [`replay`], so its download carries one engine.
fn replay_on_own_engine(scenario: &Scenario) -> Vec<Violation> {
    scenario.protocol.on_own_engine(Replay(scenario))
}

/// A scenario replayed on its protocol's own engine: the violations it shows (none if it
/// does not build or a step fails).
struct Replay<'a>(&'a Scenario);

impl OwnEngine for Replay<'_> {
    type Output = Vec<Violation>;

    fn run<P: Facts>(self) -> Vec<Violation> {
        build_on::<P>(self.0)
            .map(|sim| replay_steps(sim, &self.0.steps))
            .unwrap_or_default()
    }
}

fn replay_steps<P: Protocol>(mut sim: Simulation<P>, steps: &[Step]) -> Vec<Violation> {
    sim.set_record_trace(false);
    let sim = &mut sim;
    for step in steps {
        if apply_step(sim, step, &mut |_, _| {}).is_err() {
            return Vec::new();
        }
        if !sim.violations().is_empty() {
            return sim.violations().to_vec();
        }
    }
    final_violations(sim)
}
