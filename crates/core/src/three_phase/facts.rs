//! What the playground knows about three-phase commit (see [`Facts`]): as two-phase
//! commit, transactions start at the coordinator, only write, and a participant may be
//! told to vote No.

use crate::bug::Bugs;
use crate::display::ThemeColour;
use crate::protocol::{Facts, Settings};
use crate::three_phase::{ThreePcBug, ThreePcConfig, ThreePcNode};
use crate::types::NodeId;

impl Facts for ThreePcNode {
    const NAME: &'static str = "three_phase_commit";
    const TITLE: &'static str = "Three-phase commit";
    const SHORT_TITLE: &'static str = "3PC";
    /// A coordinator and at least one participant.
    const SMALLEST_CLUSTER: u32 = 2;
    const LEGEND: &'static str = crate::three_phase::display::LEGEND;
    const CHART_COLOUR: ThemeColour = ThemeColour::Candidate;
    const INVARIANTS: &'static [&'static str] = crate::commit::invariants::INVARIANTS;
    const PROGRESS: &'static [(&'static str, &'static str)] = crate::three_phase::progress::ThreePcProgress::PROPERTIES;
    const TAKES_VOTE_NO: bool = true;
    const READS: bool = false;
    type Bug = ThreePcBug;

    fn config(settings: &Settings<'_>) -> ThreePcConfig {
        ThreePcConfig {
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
