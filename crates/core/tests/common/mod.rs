//! Helpers shared by the integration tests: run scenarios and read their JSON state.
#![allow(dead_code)]

use consensus_core::scenario::{self, RunReport};
use serde_json::Value;

/// Parses and runs a scenario given as JSON text, with the trace on.
pub fn run(text: &str) -> RunReport {
    let scenario = scenario::parse(text).unwrap_or_else(|e| panic!("scenario does not parse: {e}"));
    scenario::run_with_trace(&scenario, true).unwrap_or_else(|e| panic!("scenario does not run: {e}"))
}

/// Runs a file of `scenarios/`.
pub fn run_story(name: &str) -> RunReport {
    run(&std::fs::read_to_string(story_path(name)).expect("story file exists"))
}

/// The path of a file of `scenarios/`.
pub fn story_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios")
        .join(name)
}

/// The field `key` of an object; panics when it is absent, so a renamed field fails a
/// test instead of silently reading as `null`.
pub fn field<'a>(value: &'a Value, key: &str) -> &'a Value {
    value
        .get(key)
        .unwrap_or_else(|| panic!("no field {key:?} in {}", short(value)))
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    text.chars().take(200).collect()
}

/// Node `id` of a STATE.
pub fn node(state: &Value, id: u64) -> &Value {
    field(state, "nodes")
        .get(id as usize - 1)
        .unwrap_or_else(|| panic!("no node {id}"))
}

/// The terms of node `id`'s log.
pub fn terms(state: &Value, id: u64) -> Vec<u64> {
    field(node(state, id), "log")
        .as_array()
        .unwrap()
        .iter()
        .map(|e| field(e, "term").as_u64().unwrap())
        .collect()
}

/// The role of node `id`.
pub fn role(state: &Value, id: u64) -> &str {
    field(node(state, id), "role").as_str().unwrap()
}

/// The current term of node `id`.
pub fn term(state: &Value, id: u64) -> u64 {
    field(node(state, id), "term").as_u64().unwrap()
}

/// The commit index of node `id`.
pub fn commit_index(state: &Value, id: u64) -> u64 {
    field(node(state, id), "commit_index").as_u64().unwrap()
}

/// The ids of the nodes that are up and leading.
pub fn leaders(state: &Value) -> Vec<u64> {
    field(state, "nodes")
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| field(n, "up") == true && field(n, "role") == "leader")
        .map(|n| field(n, "id").as_u64().unwrap())
        .collect()
}

/// The types of the messages in flight.
pub fn in_flight_types(state: &Value) -> Vec<String> {
    field(state, "in_flight")
        .as_array()
        .unwrap()
        .iter()
        .map(|m| field(m, "type").as_str().unwrap().to_string())
        .collect()
}

/// Whether some trace line contains `text`.
pub fn trace_has(report: &RunReport, text: &str) -> bool {
    report
        .trace
        .as_ref()
        .unwrap()
        .iter()
        .any(|line| line.text.contains(text))
}

/// The invariants a run violated.
pub fn broken(report: &RunReport) -> Vec<&'static str> {
    report.violations.iter().map(|v| v.invariant).collect()
}
