//! The built-in stories, compiled into the page so it never fetches anything.

/// A built-in story: its file name (without `.json`) and its scenario text.
pub struct Story {
    /// The name used in links (`#story=raft-figure-8`).
    pub slug: &'static str,
    /// The scenario file's text.
    pub text: &'static str,
}

/// Every built-in story, in teaching order: each protocol from its first run to its
/// hardest case, Raft first, then the comparisons.
pub const STORIES: &[Story] = &[
    Story {
        slug: "raft-first-election",
        text: include_str!("../../../scenarios/raft-first-election.json"),
    },
    Story {
        slug: "raft-split-vote",
        text: include_str!("../../../scenarios/raft-split-vote.json"),
    },
    Story {
        slug: "raft-leader-crash",
        text: include_str!("../../../scenarios/raft-leader-crash.json"),
    },
    Story {
        slug: "raft-lagging-follower",
        text: include_str!("../../../scenarios/raft-lagging-follower.json"),
    },
    Story {
        slug: "raft-partition",
        text: include_str!("../../../scenarios/raft-partition.json"),
    },
    Story {
        slug: "raft-figure-8",
        text: include_str!("../../../scenarios/raft-figure-8.json"),
    },
    Story {
        slug: "raft-same-timeouts",
        text: include_str!("../../../scenarios/raft-same-timeouts.json"),
    },
    Story {
        slug: "raft-snapshot-catch-up",
        text: include_str!("../../../scenarios/raft-snapshot-catch-up.json"),
    },
    Story {
        slug: "raft-add-server",
        text: include_str!("../../../scenarios/raft-add-server.json"),
    },
    Story {
        slug: "raft-replace-leader",
        text: include_str!("../../../scenarios/raft-replace-leader.json"),
    },
    Story {
        slug: "raft-joint-consensus",
        text: include_str!("../../../scenarios/raft-joint-consensus.json"),
    },
    Story {
        slug: "2pc-happy-path",
        text: include_str!("../../../scenarios/2pc-happy-path.json"),
    },
    Story {
        slug: "2pc-vote-no",
        text: include_str!("../../../scenarios/2pc-vote-no.json"),
    },
    Story {
        slug: "2pc-coordinator-crash",
        text: include_str!("../../../scenarios/2pc-coordinator-crash.json"),
    },
    Story {
        slug: "2pc-participant-down",
        text: include_str!("../../../scenarios/2pc-participant-down.json"),
    },
    Story {
        slug: "2pc-coordinator-forgets",
        text: include_str!("../../../scenarios/2pc-coordinator-forgets.json"),
    },
    Story {
        slug: "paxos-single-proposer",
        text: include_str!("../../../scenarios/paxos-single-proposer.json"),
    },
    Story {
        slug: "paxos-adopt-accepted",
        text: include_str!("../../../scenarios/paxos-adopt-accepted.json"),
    },
    Story {
        slug: "paxos-dueling",
        text: include_str!("../../../scenarios/paxos-dueling.json"),
    },
    Story {
        slug: "paxos-duel-forever",
        text: include_str!("../../../scenarios/paxos-duel-forever.json"),
    },
    Story {
        slug: "paxos-learner-catch-up",
        text: include_str!("../../../scenarios/paxos-learner-catch-up.json"),
    },
    Story {
        slug: "3pc-happy-path",
        text: include_str!("../../../scenarios/3pc-happy-path.json"),
    },
    Story {
        slug: "3pc-coordinator-crash",
        text: include_str!("../../../scenarios/3pc-coordinator-crash.json"),
    },
    Story {
        slug: "3pc-partition-split",
        text: include_str!("../../../scenarios/3pc-partition-split.json"),
    },
    Story {
        slug: "paxos-commit-happy-path",
        text: include_str!("../../../scenarios/paxos-commit-happy-path.json"),
    },
    Story {
        slug: "paxos-commit-coordinator-crash",
        text: include_str!("../../../scenarios/paxos-commit-coordinator-crash.json"),
    },
    Story {
        slug: "paxos-commit-partition",
        text: include_str!("../../../scenarios/paxos-commit-partition.json"),
    },
    Story {
        slug: "compare-coordinator-crash",
        text: include_str!("../../../scenarios/compare-coordinator-crash.json"),
    },
    Story {
        slug: "compare-commit-coordinator-crash",
        text: include_str!("../../../scenarios/compare-commit-coordinator-crash.json"),
    },
    Story {
        slug: "compare-commit-partition",
        text: include_str!("../../../scenarios/compare-commit-partition.json"),
    },
    Story {
        slug: "compare-commit-protocols",
        text: include_str!("../../../scenarios/compare-commit-protocols.json"),
    },
    Story {
        slug: "compare-leader-crash-gap",
        text: include_str!("../../../scenarios/compare-leader-crash-gap.json"),
    },
    Story {
        slug: "raft-prevote-isolated-follower",
        text: include_str!("../../../scenarios/raft-prevote-isolated-follower.json"),
    },
    Story {
        slug: "raft-checkquorum-minority-leader",
        text: include_str!("../../../scenarios/raft-checkquorum-minority-leader.json"),
    },
    Story {
        slug: "raft-partial-partition",
        text: include_str!("../../../scenarios/raft-partial-partition.json"),
    },
    Story {
        slug: "raft-stale-read",
        text: include_str!("../../../scenarios/raft-stale-read.json"),
    },
    Story {
        slug: "raft-leadership-transfer",
        text: include_str!("../../../scenarios/raft-leadership-transfer.json"),
    },
    Story {
        slug: "raft-remove-server-disrupts",
        text: include_str!("../../../scenarios/raft-remove-server-disrupts.json"),
    },
    Story {
        slug: "raft-membership-bug-2015",
        text: include_str!("../../../scenarios/raft-membership-bug-2015.json"),
    },
];

/// The story with this slug.
pub fn story(slug: &str) -> Option<&'static Story> {
    STORIES.iter().find(|s| s.slug == slug)
}

/// The menu group a story belongs to: its protocol's name, or "Side by side".
pub fn group(scenario: &consensus_core::scenario::Scenario) -> &'static str {
    if scenario.protocols.len() > 1 {
        "Side by side"
    } else {
        scenario.protocol.title()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_story_runs_protocols_the_run_menu_offers_so_it_never_shows_a_blank() {
        let menu: Vec<String> = consensus_core::scenario::ProtocolName::menu()
            .into_iter()
            .map(|(value, _)| value)
            .collect();
        for story in STORIES {
            let scenario = consensus_core::scenario::parse(story.text).unwrap();
            let names: Vec<&str> = scenario.compared_protocols().iter().map(|p| p.as_str()).collect();
            let value = names.join(",");
            assert!(menu.contains(&value), "{}: {value} is not in the Run menu", story.slug);
        }
    }

    #[test]
    fn the_menu_starts_each_protocol_with_its_first_story_and_groups_stay_together() {
        let groups: Vec<&str> = STORIES
            .iter()
            .map(|s| group(&consensus_core::scenario::parse(s.text).unwrap()))
            .collect();
        let mut seen: Vec<&str> = Vec::new();
        for g in &groups {
            if seen.last() != Some(g) {
                assert!(!seen.contains(g), "{g} appears in two places: {groups:?}");
                seen.push(g);
            }
        }
        assert_eq!(
            seen,
            [
                "Raft",
                "Two-phase commit",
                "Paxos",
                "Three-phase commit",
                "Paxos Commit",
                "Side by side"
            ]
        );
        assert_eq!(STORIES[0].slug, "raft-first-election");
    }

    #[test]
    fn every_scenario_file_is_a_built_in_story_that_parses() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios");
        for entry in std::fs::read_dir(dir).expect("scenarios/ exists") {
            let name = entry.expect("readable").file_name().into_string().expect("utf-8");
            let slug = name.strip_suffix(".json").expect("only .json files in scenarios/");
            let story = story(slug).unwrap_or_else(|| panic!("{name} is not a built-in story"));
            consensus_core::scenario::parse(story.text).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}
