//! The bug beside the rule: a counterexample run with its bug switch and again without it
//! parts exactly where the broken rule first changed what a node did.

use consensus_core::parting::against_correct;
use consensus_core::scenario::parse;

fn counterexample() -> consensus_core::scenario::Scenario {
    // Found by `consensus explore --protocol raft --nodes 5 --seed 7 --bug
    // count_previous_term_entries` and shrunk to 11 steps.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/figure-8-counterexample.json");
    parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_figure_8_runs_part_where_the_buggy_leader_counts_an_earlier_term_entry_as_committed() {
    let parting = against_correct(&counterexample()).unwrap().expect("the runs part");
    let line = parting.with_bug.as_ref().unwrap();
    assert!(line.text.contains("counted entry 1 as committed"), "{}", line.text);
    assert!(
        line.text.contains("the bug switch is on; Raft's rule (§5.4.2)"),
        "{}",
        line.text
    );
    assert_eq!(parting.time_ms, line.time_ms);
    assert!(parting.shared_lines > 100, "the runs agree for a long while first");
    let violation = &parting.violations[0];
    assert_eq!(violation.invariant, "Leader Completeness");
    assert!(
        violation.time_ms >= parting.time_ms,
        "the violation comes after the parting"
    );
    assert!(parting.correct_violations.is_empty());
    assert!(
        parting
            .summary
            .starts_with(&format!("Here the runs part, at {} ms", parting.time_ms))
    );
    assert!(parting.summary.contains("Correct Raft breaks nothing."));
}

#[test]
fn a_scenario_without_a_bug_switch_has_nothing_to_set_beside() {
    let mut scenario = counterexample();
    scenario.config.bugs.clear();
    let error = against_correct(&scenario).unwrap_err().to_string();
    assert!(
        error.contains("config.bugs") && error.contains("no bug switch is on"),
        "{error}"
    );
}

#[test]
fn the_parting_moment_is_the_moment_of_the_buggy_leaders_commit() {
    let scenario = counterexample();
    let parting = against_correct(&scenario).unwrap().unwrap();
    let run = consensus_core::run::AnyRun::new(scenario).unwrap();
    let lines = run.all_lines();
    let line = &lines[parting.shared_lines];
    assert_eq!(line.moment, parting.moment);
    assert!(line.text.contains("counted entry 1 as committed"), "{}", line.text);
    assert!(
        lines[..parting.shared_lines]
            .iter()
            .all(|l| !l.text.contains("bug switch")),
        "nothing before the parting mentions the bug"
    );
}

#[test]
fn the_tour_beside_the_correct_run_marks_the_parting_and_links_the_violation_back_to_it() {
    use consensus_core::run::{Lockstep, tour_beside_correct};
    let scenario = counterexample();
    let parting = against_correct(&scenario).unwrap().unwrap();
    let beside = Lockstep::beside_correct(&scenario).unwrap();
    let stops = tour_beside_correct(&beside.panes, Some(&parting));
    let at = stops.iter().position(|s| s.parting).expect("a stop marks the parting");
    assert_eq!(stops.iter().filter(|s| s.parting).count(), 1);
    let stop = &stops[at];
    assert_eq!(stop.moment, parting.moment);
    let [bug_line, correct_line, ..] = stop.happened.as_slice() else {
        panic!("the parting stop sets two lines side by side")
    };
    assert!(bug_line.text.starts_with("With the bug: "), "{}", bug_line.text);
    assert!(
        bug_line.text.contains("5 counted entry 1 as committed"),
        "{}",
        bug_line.text
    );
    assert!(
        correct_line.text.starts_with("Correct Raft: does not do this (§5.4.2"),
        "{}",
        correct_line.text
    );
    assert!(!correct_line.text.contains("bug switch"));
    for line in &stop.happened[2..] {
        assert!(
            line.text.starts_with("Both runs: ") && line.moment < parting.moment,
            "{}",
            line.text
        );
    }
    let caption = stop.caption.as_deref().unwrap();
    assert!(caption.contains("Until now both did exactly the same"), "{caption}");
    assert!(caption.contains("Leader Completeness breaks 158 ms later"), "{caption}");
    assert!(caption.contains("Correct Raft breaks nothing"), "{caption}");
    assert!(
        stops[..at].iter().all(|s| s.moment <= parting.moment),
        "stops stay in order"
    );
    assert!(
        stops[at + 1..].iter().all(|s| s.moment >= parting.moment),
        "stops stay in order"
    );
    let linked = stops[at + 1..]
        .iter()
        .filter_map(|s| s.caption.as_deref())
        .find(|c| c.contains("Leader Completeness breaks here"))
        .expect("the violation's stop points back");
    assert!(
        linked.contains(&format!("from where the runs parted, 158 ms earlier (stop {})", at + 1)),
        "{linked}"
    );
    // Before the parting a stop tells once what both runs did; after it, both sides.
    for stop in &stops[..at] {
        assert!(stop.happened.iter().all(|l| l.text.starts_with("Both runs: ")));
    }
    for stop in &stops[at + 1..] {
        for line in &stop.happened {
            assert!(
                line.text.starts_with("With the bug: ") || line.text.starts_with("Correct Raft: "),
                "{}",
                line.text
            );
        }
    }
}
#[test]
fn beside_the_correct_run_means_one_protocol_with_a_bug_switch_on() {
    use consensus_core::run::Lockstep;
    let mut scenario = counterexample();
    let beside = Lockstep::beside_correct(&scenario).unwrap();
    assert_eq!(beside.panes.len(), 2);
    assert!(!beside.panes[0].recording().config.bugs.is_empty());
    assert!(beside.panes[1].recording().config.bugs.is_empty());
    scenario.config.bugs.clear();
    assert!(
        Lockstep::beside_correct(&scenario)
            .unwrap_err()
            .contains("no bug switch is on")
    );
}

/// The counterexample `consensus explore` found for bug switch `name` (the command is in
/// the file's name field).
fn found_for(name: &str) -> consensus_core::scenario::Scenario {
    let path = format!("{}/tests/data/counterexamples/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse(&text).unwrap()
}

#[test]
fn for_every_bug_switch_the_parting_precedes_and_leads_to_the_violation() {
    use consensus_core::parting::violations_held_until;
    for bug in consensus_core::any::bugs::registry() {
        let scenario = found_for(bug.name);
        assert_eq!(scenario.config.bugs, vec![bug.name.to_string()]);
        let parting = against_correct(&scenario).unwrap().expect("the runs part");
        let violation = parting
            .violations
            .first()
            .unwrap_or_else(|| panic!("{}: breaks something", bug.name));
        assert!(parting.correct_violations.is_empty(), "{}", bug.name);
        assert!(
            parting.time_ms <= violation.time_ms,
            "{}: the parting comes first",
            bug.name
        );
        // Leads to: with the switch held off until the parting, the same invariant still
        // breaks (what the bug did before does not matter to it).
        let held_to = violations_held_until(&scenario, parting.moment).unwrap();
        assert!(
            held_to.iter().any(|v| v.invariant == violation.invariant),
            "{}: held off until the parting, {} still breaks",
            bug.name,
            violation.invariant
        );
        if let Some(first) = &parting.first_difference {
            assert!(first.time_ms <= parting.time_ms, "{}", bug.name);
            assert!(
                parting.summary.contains("does not lead to the violation"),
                "{}",
                bug.name
            );
        }
    }
}

#[test]
fn a_forgotten_vote_for_a_term_long_over_is_not_where_the_runs_part() {
    let scenario = found_for("forget_voted_for_on_restart");
    let parting = against_correct(&scenario).unwrap().unwrap();
    let violation = &parting.violations[0];
    assert_eq!(violation.invariant, "Election Safety");
    assert!(violation.message.contains("in term 3"), "{}", violation.message);
    // The first difference: 3 forgets its vote of term 1, a term over long before.
    let first = parting
        .first_difference
        .as_ref()
        .expect("an earlier, harmless difference");
    let harmless = first.with_bug.as_ref().unwrap();
    assert!(
        harmless.text.contains("3 forgot that it voted for 3 in term 1"),
        "{}",
        harmless.text
    );
    // The parting: the vote forgotten in the very term that gets two leaders.
    let line = parting.with_bug.as_ref().unwrap();
    assert!(
        line.text.contains("forgot that it voted for 4 in term 3"),
        "{}",
        line.text
    );
    assert!(
        parting
            .correct_instead
            .starts_with("does not do this (Figure 2: votedFor is persistent state"),
        "{}",
        parting.correct_instead
    );
    assert!(first.time_ms < parting.time_ms && parting.time_ms < violation.time_ms);
    // Held off past this forgetting, the bug no longer elects two leaders.
    let held_past = consensus_core::parting::violations_held_until(&scenario, parting.moment + 1).unwrap();
    assert!(
        held_past.iter().all(|v| v.invariant != "Election Safety"),
        "{held_past:?}"
    );
}

#[test]
fn beside_the_correct_run_a_harmless_first_difference_is_told_apart_from_the_parting() {
    use consensus_core::run::{Lockstep, tour_beside_correct};
    let scenario = found_for("forget_voted_for_on_restart");
    let parting = against_correct(&scenario).unwrap().unwrap();
    let beside = Lockstep::beside_correct(&scenario).unwrap();
    let stops = tour_beside_correct(&beside.panes, Some(&parting));
    let at = stops.iter().position(|s| s.parting).expect("a stop marks the parting");
    assert_eq!(stops[at].moment, parting.moment);
    assert!(
        stops[at].happened[0]
            .text
            .contains("forgot that it voted for 4 in term 3")
    );
    let first = stops
        .iter()
        .position(|s| {
            s.caption
                .as_deref()
                .is_some_and(|c| c.contains("The runs first differ here"))
        })
        .expect("a stop says where the runs first differ");
    assert!(first < at);
    let caption = stops[first].caption.as_deref().unwrap();
    assert!(caption.contains(&format!("(stop {})", at + 1)), "{caption}");
    assert!(caption.contains("Election Safety still breaks"), "{caption}");
    // From the first difference on, no line claims both runs did it.
    for stop in &stops[first..] {
        assert!(
            stop.happened.iter().all(|l| !l.text.starts_with("Both runs: ")),
            "{:?}",
            stop.happened
        );
    }
}
