//! What the playground knows about two-phase commit (see [`Facts`]): transactions start
//! at the coordinator, only write, and each participant may be told to vote No.

use crate::bug::Bugs;
use crate::display::ThemeColour;
use crate::protocol::{Facts, Settings};
use crate::two_phase::{TwoPcBug, TwoPcConfig, TwoPcNode, check};
use crate::types::NodeId;

impl Facts for TwoPcNode {
    const NAME: &'static str = "two_phase_commit";
    const TITLE: &'static str = "Two-phase commit";
    const SHORT_TITLE: &'static str = "2PC";
    /// A coordinator and at least one participant.
    const SMALLEST_CLUSTER: u32 = 2;
    const LEGEND: &'static str = crate::two_phase::display::LEGEND;
    const CHART_COLOUR: ThemeColour = ThemeColour::Blocked;
    const INVARIANTS: &'static [&'static str] =
        &[check::ATOMICITY, check::COMMIT_NEEDS_ALL_YES, check::DECISIONS_FINAL];
    const PROGRESS: &'static [(&'static str, &'static str)] = crate::two_phase::progress::TwoPcProgress::PROPERTIES;
    const TAKES_VOTE_NO: bool = true;
    const READS: bool = false;
    type Bug = TwoPcBug;

    fn config(settings: &Settings<'_>) -> TwoPcConfig {
        TwoPcConfig {
            coordinator: settings.coordinator,
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
