//! Golden interaction traces, in the style of etcd's `testdata/*.txt`: each step of a
//! story is echoed (`> {"timeout":1}`, the step as the scenario file spells it) before the
//! trace lines it caused, and the whole is compared line for line with a file under
//! `tests/golden/`. A reviewer reads a golden file's diff to see exactly how a change
//! alters behaviour, step by step.
//!
//! Regenerate every file after an intended change with
//! `UPDATE_GOLDEN=1 cargo test -p consensus-core --test golden`, then read the diff.

use consensus_core::any::OwnEngine;
use consensus_core::protocol::{Facts, Protocol};
use consensus_core::scenario::runner::{apply_step, build_on};
use consensus_core::scenario::{self, Scenario};
use consensus_core::sim::Simulation;

/// The interaction text of `scenario` run in `sim`.
fn interaction<P: Protocol>(mut sim: Simulation<P>, scenario: &Scenario) -> String {
    let mut text = String::new();
    let mut seen = sim.trace().len();
    for (index, step) in scenario.steps.iter().enumerate() {
        let echo = serde_json::to_string(step).expect("steps serialize");
        text.push_str(&format!("> {echo}\n"));
        let result = apply_step(&mut sim, step, &mut |_, _| {});
        for entry in &sim.trace()[seen..] {
            text.push_str(&format!("{:>6} ms  {}\n", entry.time, entry.event));
        }
        seen = sim.trace().len();
        if let Err(message) = result {
            panic!("step {index} ({echo}) failed: {message}");
        }
    }
    for violation in sim.violations() {
        text.push_str(&format!("violation: {violation}\n"));
    }
    text
}

/// The interaction text of a scenario on its protocol's own engine.
struct Interaction<'a>(&'a Scenario);

impl OwnEngine for Interaction<'_> {
    type Output = String;

    fn run<P: Facts>(self) -> String {
        interaction(build_on::<P>(self.0).unwrap(), self.0)
    }
}

fn check_golden(story: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios")
        .join(story);
    let scenario = scenario::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
    // A story of several panes gives each its own section, headed by the pane's key.
    let text = if scenario.protocols.is_empty() {
        scenario.protocol.on_own_engine(Interaction(&scenario))
    } else {
        let mut text = String::new();
        for pane in scenario.panes() {
            let variant = scenario.for_pane(&pane);
            text.push_str(&format!("## pane: {}\n", pane.key()));
            text.push_str(&variant.protocol.on_own_engine(Interaction(&variant)));
        }
        text
    };
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(story.replace(".json", ".trace"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run UPDATE_GOLDEN=1 cargo test -p consensus-core --test golden",
            path.display()
        )
    });
    if expected != text {
        let first_difference = expected
            .lines()
            .zip(text.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(text.lines().count()));
        panic!(
            "{story}: trace differs from {} at line {}:\n  expected: {:?}\n  actual:   {:?}\n\
             (if the change is intended: UPDATE_GOLDEN=1 cargo test -p consensus-core --test golden)",
            path.display(),
            first_difference + 1,
            expected.lines().nth(first_difference),
            text.lines().nth(first_difference)
        );
    }
}

#[test]
fn golden_raft_first_election() {
    check_golden("raft-first-election.json");
}

#[test]
fn golden_raft_lagging_follower() {
    check_golden("raft-lagging-follower.json");
}

#[test]
fn golden_raft_figure_8() {
    check_golden("raft-figure-8.json");
}

#[test]
fn golden_two_phase_commit_happy_path() {
    check_golden("2pc-happy-path.json");
}

#[test]
fn golden_two_phase_commit_coordinator_crash() {
    check_golden("2pc-coordinator-crash.json");
}

#[test]
fn golden_three_phase_commit_happy_path() {
    check_golden("3pc-happy-path.json");
}

#[test]
fn golden_three_phase_commit_coordinator_crash() {
    check_golden("3pc-coordinator-crash.json");
}

#[test]
fn golden_three_phase_commit_partition_split() {
    check_golden("3pc-partition-split.json");
}

#[test]
fn golden_paxos_commit_coordinator_crash() {
    check_golden("paxos-commit-coordinator-crash.json");
}

#[test]
fn golden_paxos_commit_partition() {
    check_golden("paxos-commit-partition.json");
}

#[test]
fn golden_paxos_adopt_accepted() {
    check_golden("paxos-adopt-accepted.json");
}

#[test]
fn golden_paxos_dueling() {
    check_golden("paxos-dueling.json");
}

#[test]
fn golden_raft_pre_vote_isolated_follower() {
    check_golden("raft-prevote-isolated-follower.json");
}

#[test]
fn golden_raft_check_quorum_minority_leader() {
    check_golden("raft-checkquorum-minority-leader.json");
}

#[test]
fn golden_raft_partial_partition() {
    check_golden("raft-partial-partition.json");
}

#[test]
fn golden_raft_stale_read() {
    check_golden("raft-stale-read.json");
}

#[test]
fn golden_raft_leadership_transfer() {
    check_golden("raft-leadership-transfer.json");
}

#[test]
fn golden_raft_snapshot_catch_up() {
    check_golden("raft-snapshot-catch-up.json");
}

#[test]
fn golden_raft_add_server() {
    check_golden("raft-add-server.json");
}

#[test]
fn golden_raft_replace_leader() {
    check_golden("raft-replace-leader.json");
}

#[test]
fn golden_raft_joint_consensus() {
    check_golden("raft-joint-consensus.json");
}

#[test]
fn golden_raft_remove_server_disrupts() {
    check_golden("raft-remove-server-disrupts.json");
}

#[test]
fn golden_raft_membership_bug_2015() {
    check_golden("raft-membership-bug-2015.json");
}

#[test]
fn golden_compare_leader_crash_gap() {
    check_golden("compare-leader-crash-gap.json");
}
