//! What the playground knows about Paxos Commit (see [`Facts`]): as the other commit
//! protocols, transactions start at the coordinator, only write, and a participant may be
//! told to vote No; its acceptors are nodes `1..=config.acceptors`.

use crate::bug::Bugs;
use crate::display::ThemeColour;
use crate::paxos_commit::{PaxosCommitBug, PaxosCommitConfig, PaxosCommitNode};
use crate::protocol::{Facts, Settings};
use crate::types::NodeId;

impl Facts for PaxosCommitNode {
    const NAME: &'static str = "paxos_commit";
    const TITLE: &'static str = "Paxos Commit";
    const SHORT_TITLE: &'static str = "Paxos Commit";
    /// A coordinator and two participants, to hold the default three acceptors.
    const SMALLEST_CLUSTER: u32 = 3;
    const LEGEND: &'static str = crate::paxos_commit::display::LEGEND;
    const CHART_COLOUR: ThemeColour = ThemeColour::Leader;
    const INVARIANTS: &'static [&'static str] = &[
        crate::commit::invariants::ATOMICITY,
        crate::commit::invariants::COMMIT_NEEDS_ALL_YES,
        crate::commit::invariants::DECISIONS_FINAL,
        crate::paxos_commit::check::ONE_VALUE_CHOSEN,
    ];
    const PROGRESS: &'static [(&'static str, &'static str)] =
        crate::paxos_commit::progress::PaxosCommitProgress::PROPERTIES;
    const TAKES_VOTE_NO: bool = true;
    const READS: bool = false;
    type Bug = PaxosCommitBug;

    fn config(settings: &Settings<'_>) -> PaxosCommitConfig {
        PaxosCommitConfig {
            coordinator: settings.coordinator,
            acceptors: settings.acceptors,
            timeout: settings.timeout_ms,
            bugs: Bugs::from_names(settings.bugs),
        }
    }

    fn client_entry(settings: &Settings<'_>) -> Option<NodeId> {
        Some(settings.coordinator)
    }

    fn check_client_node(settings: &Settings<'_>, node: NodeId) -> Result<(), String> {
        crate::commit::check_client_node(settings.coordinator, node)
    }

    fn check_vote_no(settings: &Settings<'_>, node: NodeId) -> Result<(), String> {
        crate::commit::check_vote_no(settings.coordinator, node)
    }
}
