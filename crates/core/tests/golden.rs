//! Golden traces, in the spirit of etcd's interaction tests: a scenario's whole trace in
//! words, compared line for line with a file under `tests/golden/`. A reviewer reads the
//! diff of a golden file to see exactly how a change alters behaviour.
//! Regenerate with `UPDATE_GOLDEN=1 cargo test --test golden`.

mod common;

fn check_golden(story: &str) {
    let report = common::run_story(story);
    let mut text = String::new();
    for line in report.trace.unwrap() {
        text.push_str(&format!("{:>6} ms  {}\n", line.time_ms, line.text));
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(story.replace(".json", ".trace"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{} is missing", path.display()));
    if expected != text {
        let first_difference = expected
            .lines()
            .zip(text.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(text.lines().count()));
        panic!(
            "{story}: trace differs from {} at line {}:\n  expected: {:?}\n  actual:   {:?}",
            path.display(),
            first_difference + 1,
            expected.lines().nth(first_difference),
            text.lines().nth(first_difference)
        );
    }
}

#[test]
fn golden_first_election() {
    check_golden("raft-first-election.json");
}

#[test]
fn golden_lagging_follower() {
    check_golden("raft-lagging-follower.json");
}

#[test]
fn golden_figure_8() {
    check_golden("raft-figure-8.json");
}
