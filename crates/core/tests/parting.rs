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
