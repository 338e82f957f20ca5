//! What a story's words state about its run — who voted, who led, what the clients got —
//! is true of the run: each claim is checked against the trace it describes.

mod common;
use consensus_core::run::AnyRun;
use consensus_core::scenario;

fn story(name: &str) -> scenario::Scenario {
    scenario::parse(&std::fs::read_to_string(common::story_path(name)).unwrap()).unwrap()
}

fn description(name: &str) -> String {
    story(name).description.unwrap()
}

fn trace(name: &str) -> Vec<String> {
    common::run_story(name)
        .trace
        .unwrap()
        .into_iter()
        .map(|l| l.text)
        .collect()
}

#[test]
fn figure_8_says_who_voted_in_term_4_as_the_run_has_it() {
    let words = description("raft-figure-8.json");
    let run = trace("raft-figure-8.json");
    assert!(
        run.iter()
            .any(|l| l == "2 refused to vote for 5: it already voted for 1 in this term")
    );
    assert!(
        run.iter()
            .any(|l| l == "3 refused to vote for 5: it already voted for 1 in this term")
    );
    assert!(run.iter().any(|l| l.starts_with("4 voted for 5 in term 4")));
    assert!(
        words.contains("2 and 3 already voted for node 1 in term 4; only 4 votes for it"),
        "{words}"
    );
    assert!(!words.contains("2, 3 and 4 voted in it already"));
    assert!(
        run.iter()
            .any(|l| l == "5 became leader for term 5 with votes from 2, 3, 5")
    );
    assert!(words.contains("wins term 5 with votes from 2 and 3"));
}

#[test]
fn the_leader_crash_story_says_who_won_term_2_and_with_how_many_votes() {
    let words = description("raft-leader-crash.json");
    let run = trace("raft-leader-crash.json");
    let won = run.iter().find(|l| l.contains("became leader for term 2")).unwrap();
    assert_eq!(won, "4 became leader for term 2 with votes from 1, 4, 5");
    assert!(
        words.contains("node 4 times out first and wins term 2 as soon as two of the other three have voted for it"),
        "{words}"
    );
    assert!(!words.contains("the votes of the other three"));
}

#[test]
fn the_checker_does_not_say_no_request_completed_when_paxos_answered_both() {
    let mut run = AnyRun::new(story("paxos-dueling.json")).unwrap();
    run.seek(run.end());
    assert!(run.outcomes().committed >= 2, "both values are chosen and answered");
    assert_eq!(
        run.history_verdict(run.linearizable()),
        "The clients' requests were answered; they are plain values, not reads and writes of keys, so there is no history of reads and writes to check for linearizability."
    );
    let fresh = AnyRun::new(story("raft-first-election.json")).unwrap();
    assert_eq!(
        fresh.history_verdict(fresh.linearizable()),
        "No client request has completed yet."
    );
}

#[test]
fn a_two_phase_participant_sends_a_client_on_without_calling_itself_a_leader() {
    let two_phase = story("compare-coordinator-crash.json").for_protocol(scenario::ProtocolName::TwoPhaseCommit);
    let run = scenario::run_with_trace(&two_phase, true).unwrap().trace.unwrap();
    let answers: Vec<&str> = run
        .iter()
        .map(|l| l.text.as_str())
        .filter(|t| t.contains("answered request"))
        .collect();
    assert!(answers.iter().any(|t| t.ends_with("sent on to node 1")), "{answers:?}");
    assert!(answers.iter().all(|t| !t.contains("leader")), "{answers:?}");
}

#[test]
fn the_membership_stories_say_what_their_runs_did() {
    let words = story("raft-add-server.json");
    let captions: Vec<String> = words
        .steps
        .iter()
        .filter_map(|s| match s {
            scenario::Step::Caption(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    let run = trace("raft-add-server.json");
    assert!(
        run.iter()
            .any(|l| l.starts_with("round 1 took") && l.contains("2 keeps catching 4 up, round 2"))
    );
    assert!(run.iter().any(|l| l.starts_with("4 caught up: round 2")));
    assert!(captions.iter().any(|c| c.contains("so node 2 runs round 2")));

    let run = trace("raft-joint-consensus.json");
    let joint = story("raft-joint-consensus.json");
    let last = joint
        .steps
        .iter()
        .rev()
        .find_map(|s| match s {
            scenario::Step::Caption(text) => Some(text.clone()),
            _ => None,
        })
        .unwrap();
    assert!(last.starts_with("Node 4 won the next election"), "{last}");
    let won = run
        .iter()
        .find(|l| l.contains("became leader for term") && !l.starts_with("1 "))
        .unwrap();
    assert!(won.starts_with("4 became leader"), "{won}");

    let run = trace("raft-replace-leader.json");
    assert!(run.iter().any(|l| l == "the configuration at index 3, which leaves 1 out, is committed: 1 steps down and will not stand for election"));
    assert!(description("raft-replace-leader.json").contains("Then node 1 steps down"));
}
