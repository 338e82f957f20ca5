//! Shrinking a counterexample by its meaning: each change is kept only if the replay
//! still breaks the same invariant.

use super::replay_on_own_engine;
use crate::scenario::{ClientStep, MessagePick, OneServer, Scenario, ScenarioConfig, Step};
use crate::types::NodeId;

/// How many replays shrinking may spend.
const SHRINK_BUDGET: usize = 1000;

/// Shrinks a counterexample by its meaning, keeping each change only if the replay still
/// breaks `invariant`: drops made robust to earlier removals, message loss and duplication
/// turned off, delta debugging over the steps (chunks, then single steps), a crash with its
/// restart and a partition with its heal removed together, adjacent waits merged (also across
/// a step between them) and shortened, and nodes taken out with the steps about them; once
/// none of that helps and the scenario is short, any two steps removed together. Repeats
/// until a round changes nothing or the budget is spent.
pub(super) fn shrink(mut scenario: Scenario, invariant: &str, abandon: &dyn Fn() -> bool) -> Scenario {
    let mut shrinker = Shrinker {
        invariant,
        budget: SHRINK_BUDGET,
        abandon,
    };
    scenario = shrinker.loosen_drops(scenario);
    scenario = shrinker.calm_network(scenario);
    loop {
        let before = (scenario.steps.clone(), scenario.nodes);
        scenario = shrinker.remove_chunks(scenario);
        scenario = shrinker.remove_pairs(scenario);
        scenario = shrinker.merge_waits(scenario);
        scenario = shrinker.merge_waits_across(scenario);
        scenario = shrinker.shorten_waits(scenario);
        scenario = shrinker.fewer_nodes(scenario);
        if (scenario.steps.clone(), scenario.nodes) == before && scenario.steps.len() <= ANY_TWO_UP_TO {
            // Stuck where no single change helps: try every two steps together (quadratic,
            // so only once the scenario is short).
            scenario = shrinker.remove_any_two(scenario);
        }
        if shrinker.budget == 0 || (scenario.steps.clone(), scenario.nodes) == before {
            return scenario;
        }
    }
}

/// The longest scenario whose every two steps shrinking tries to remove together.
const ANY_TWO_UP_TO: usize = 30;

/// The state of one shrinking: what must still break, and how many replays are left.
struct Shrinker<'a> {
    invariant: &'a str,
    budget: usize,
    /// Whether to stop now (the result is no longer wanted): the budget is then spent.
    abandon: &'a dyn Fn() -> bool,
}

impl Shrinker<'_> {
    /// Whether `candidate` still breaks the invariant (spending one replay).
    fn keeps(&mut self, candidate: &Scenario) -> bool {
        if (self.abandon)() {
            self.budget = 0;
        }
        if self.budget == 0 {
            return false;
        }
        self.budget -= 1;
        replay_on_own_engine(candidate)
            .iter()
            .any(|v| v.invariant == self.invariant)
    }

    /// Delta debugging: removes chunks of steps, halves first, then quarters, down to single
    /// steps (last first), keeping every removal after which it still breaks.
    fn remove_chunks(&mut self, mut scenario: Scenario) -> Scenario {
        let mut size = (scenario.steps.len() / 2).max(1);
        loop {
            let mut end = scenario.steps.len();
            while end > 0 && self.budget > 0 {
                let start = end.saturating_sub(size);
                let mut candidate = scenario.clone();
                candidate.steps.drain(start..end);
                if self.keeps(&candidate) {
                    scenario = candidate;
                }
                end = start;
            }
            if size == 1 || self.budget == 0 {
                return scenario;
            }
            size /= 2;
        }
    }

    /// Turns every `drop` of a message picked by its place in flight into `drop_next` on
    /// its link (the same message when it is the oldest), so that removing an earlier step
    /// no longer makes a later drop name a message that is not there.
    fn loosen_drops(&mut self, scenario: Scenario) -> Scenario {
        let mut candidate = scenario.clone();
        for step in &mut candidate.steps {
            if let Step::Drop(pick) = step {
                *step = Step::DropNext([pick.from, pick.to]);
            }
        }
        if candidate.steps != scenario.steps && self.keeps(&candidate) {
            candidate
        } else {
            scenario
        }
    }

    /// Turns random message loss, then duplication, off where the violation does not need
    /// them (fewer things for a reader to account for).
    fn calm_network(&mut self, mut scenario: Scenario) -> Scenario {
        for calm in [
            |c: &mut ScenarioConfig| c.loss = 0.0,
            |c: &mut ScenarioConfig| c.duplicate = 0.0,
        ] {
            let mut candidate = scenario.clone();
            calm(&mut candidate.config);
            if candidate.config != scenario.config && self.keeps(&candidate) {
                scenario = candidate;
            }
        }
        scenario
    }

    /// Removes a crash together with the restart of the same node that follows it, and a
    /// partition together with the heal that follows it: either alone would leave the
    /// other meaningless (a restart of a node that is up is refused).
    fn remove_pairs(&mut self, mut scenario: Scenario) -> Scenario {
        let mut i = scenario.steps.len();
        while i > 0 && self.budget > 0 {
            i -= 1;
            let Some(step) = scenario.steps.get(i) else {
                continue;
            };
            let partner = scenario.steps[i + 1..].iter().position(|later| match (step, later) {
                (Step::Crash(a), Step::Restart(b)) => a == b,
                (Step::Partition(_), Step::Heal(_)) => true,
                _ => false,
            });
            if let Some(offset) = partner {
                let candidate = without_two(&scenario, i, i + 1 + offset);
                if self.keeps(&candidate) {
                    scenario = candidate;
                }
            }
        }
        scenario
    }

    /// Removes any two steps together, later ones first, where neither could go alone (a
    /// restart and the crash after it, a cut and a restore, two waits that balance out).
    fn remove_any_two(&mut self, mut scenario: Scenario) -> Scenario {
        let mut j = scenario.steps.len();
        while j > 1 && self.budget > 0 {
            j -= 1;
            let mut i = j;
            while i > 0 && self.budget > 0 && j < scenario.steps.len() {
                i -= 1;
                let candidate = without_two(&scenario, i, j);
                if self.keeps(&candidate) {
                    scenario = candidate;
                    j = j.min(scenario.steps.len());
                    break;
                }
            }
        }
        scenario
    }

    /// Merges each run of adjacent `run_ms` steps into one wait of their total.
    fn merge_waits(&mut self, mut scenario: Scenario) -> Scenario {
        let mut i = 0;
        while i + 1 < scenario.steps.len() {
            if let (Step::RunMs(a), Step::RunMs(b)) = (&scenario.steps[i], &scenario.steps[i + 1]) {
                let mut candidate = scenario.clone();
                candidate.steps[i] = Step::RunMs(a + b);
                candidate.steps.remove(i + 1);
                if self.keeps(&candidate) {
                    scenario = candidate;
                    continue;
                }
            }
            i += 1;
        }
        scenario
    }

    /// Merges the two waits around a step into one, the step moved to the start of the
    /// merged wait or to its end (whichever still breaks): one step fewer, the step a
    /// little earlier or later.
    fn merge_waits_across(&mut self, mut scenario: Scenario) -> Scenario {
        let mut i = 1;
        while i + 1 < scenario.steps.len() && self.budget > 0 {
            if let (Step::RunMs(a), Step::RunMs(b)) = (&scenario.steps[i - 1], &scenario.steps[i + 1])
                && !matches!(scenario.steps[i], Step::RunMs(_))
            {
                let (wait, step) = (Step::RunMs(a + b), scenario.steps[i].clone());
                let kept = [[step.clone(), wait.clone()], [wait, step]]
                    .into_iter()
                    .find_map(|pair| {
                        let mut candidate = scenario.clone();
                        candidate.steps.splice(i - 1..=i + 1, pair);
                        self.keeps(&candidate).then_some(candidate)
                    });
                if let Some(candidate) = kept {
                    scenario = candidate;
                    continue;
                }
            }
            i += 1;
        }
        scenario
    }

    /// Halves each wait while it still breaks (a shorter story to read).
    fn shorten_waits(&mut self, mut scenario: Scenario) -> Scenario {
        for i in 0..scenario.steps.len() {
            while let Step::RunMs(ms) = scenario.steps[i] {
                if ms < 2 || self.budget == 0 {
                    break;
                }
                let mut candidate = scenario.clone();
                candidate.steps[i] = Step::RunMs(ms / 2);
                if !self.keeps(&candidate) {
                    break;
                }
                scenario = candidate;
            }
        }
        scenario
    }

    /// Takes nodes out one at a time, highest first, while it still breaks: each with
    /// the steps that are about it (see [`without_node`]), the nodes above it numbered down.
    fn fewer_nodes(&mut self, mut scenario: Scenario) -> Scenario {
        let mut node = scenario.nodes;
        while node >= 1 && scenario.nodes > 1 && self.budget > 0 {
            if let Some(candidate) = without_node(&scenario, node)
                && self.keeps(&candidate)
            {
                scenario = candidate;
            }
            node -= 1;
        }
        scenario
    }
}

/// `scenario` without its steps `first` and `second` (`first < second`).
fn without_two(scenario: &Scenario, first: usize, second: usize) -> Scenario {
    let mut candidate = scenario.clone();
    candidate.steps.remove(second);
    candidate.steps.remove(first);
    candidate
}

/// `scenario` on one node fewer: node `gone` is taken out with its crashes, restarts,
/// timers, votes, client commands, messages and links; it leaves every partition (a
/// partition left with one group is dropped); the nodes above it are numbered one down.
/// `None` where a node cannot go: a scenario with initial node states, or the node where
/// the protocol's requests start (two-phase commit's coordinator).
fn without_node(scenario: &Scenario, gone: NodeId) -> Option<Scenario> {
    let entry = scenario.protocol.client_entry(&scenario.config.protocol_settings());
    if !scenario.initial.is_empty() || entry == Some(gone) {
        return None;
    }
    let renumber = |id: NodeId| if id > gone { id - 1 } else { id };
    let link = |[a, b]: [NodeId; 2]| (a != gone && b != gone).then(|| [renumber(a), renumber(b)]);
    let node = |id: NodeId| (id != gone).then(|| renumber(id));
    let steps = scenario
        .steps
        .iter()
        .filter_map(|step| {
            Some(match step {
                Step::Timeout(n) => Step::Timeout(node(*n)?),
                Step::Crash(n) => Step::Crash(node(*n)?),
                Step::Restart(n) => Step::Restart(node(*n)?),
                Step::VoteNo(n) => Step::VoteNo(node(*n)?),
                Step::TransferLeadership(n) => Step::TransferLeadership(node(*n)?),
                Step::Compact(n) => Step::Compact(node(*n)?),
                Step::AddServer(n) => Step::AddServer(OneServer(node(n.0)?)),
                Step::RemoveServer(n) => Step::RemoveServer(OneServer(node(n.0)?)),
                Step::ChangeMembers(ids) => {
                    let ids: Vec<NodeId> = ids.iter().filter_map(|&id| node(id)).collect();
                    if ids.is_empty() {
                        return None;
                    }
                    Step::ChangeMembers(ids)
                }
                Step::CutOneWay(l) => Step::CutOneWay(link(*l)?),
                Step::RestoreOneWay(l) => Step::RestoreOneWay(link(*l)?),
                Step::Deliver(pick) | Step::Drop(pick) => {
                    let [from, to] = link([pick.from, pick.to])?;
                    let pick = MessagePick { from, to, ..*pick };
                    if matches!(step, Step::Deliver(_)) {
                        Step::Deliver(pick)
                    } else {
                        Step::Drop(pick)
                    }
                }
                Step::DropNext(l) => Step::DropNext(link(*l)?),
                Step::Cut(l) => Step::Cut(link(*l)?),
                Step::Restore(l) => Step::Restore(link(*l)?),
                Step::Partition(groups) => {
                    let groups: Vec<Vec<NodeId>> = groups
                        .iter()
                        .map(|group| group.iter().filter_map(|&id| node(id)).collect::<Vec<_>>())
                        .filter(|group| !group.is_empty())
                        .collect();
                    if groups.len() < 2 {
                        return None;
                    }
                    Step::Partition(groups)
                }
                Step::Client(client) => Step::Client(ClientStep {
                    node: node(client.node)?,
                    command: client.command.clone(),
                }),
                other => other.clone(),
            })
        })
        .collect();
    let members: Vec<NodeId> = scenario.members.iter().filter_map(|&id| node(id)).collect();
    if members.is_empty() && !scenario.members.is_empty() {
        return None;
    }
    Some(Scenario {
        nodes: scenario.nodes - 1,
        members,
        steps,
        ..scenario.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::ProtocolName;

    fn scenario(protocol: ProtocolName, steps: Vec<Step>) -> Scenario {
        Scenario {
            steps,
            ..Scenario::plain(protocol, 4, 1)
        }
    }

    #[test]
    fn a_node_taken_out_takes_its_steps_leaves_partitions_and_the_nodes_above_move_down() {
        let client = |node| {
            Step::Client(ClientStep {
                node,
                command: "set x 1".into(),
            })
        };
        let before = scenario(
            ProtocolName::Raft,
            vec![
                Step::Crash(2),
                Step::Partition(vec![vec![1, 2], vec![3, 4]]),
                Step::Partition(vec![vec![2], vec![1, 3, 4]]),
                client(4),
                client(2),
                Step::DropNext([4, 1]),
                Step::Cut([2, 3]),
                Step::RunMs(10),
                Step::Restart(3),
            ],
        );
        let after = without_node(&before, 2).expect("node 2 can go");
        assert_eq!(after.nodes, 3);
        assert_eq!(
            after.steps,
            vec![
                Step::Partition(vec![vec![1], vec![2, 3]]),
                client(3),
                Step::DropNext([3, 1]),
                Step::RunMs(10),
                Step::Restart(2),
            ]
        );
    }

    #[test]
    fn the_two_phase_coordinator_is_never_taken_out() {
        let two_phase = scenario(ProtocolName::TwoPhaseCommit, vec![Step::RunMs(10)]);
        assert!(without_node(&two_phase, 1).is_none());
        assert!(without_node(&two_phase, 2).is_some());
    }
}
