//! What the playground knows about Basic Paxos (see [`Facts`]).

use crate::bug::Bugs;
use crate::display::ThemeColour;
use crate::paxos::{PaxosBug, PaxosConfig, PaxosNode, check};
use crate::protocol::{Facts, Settings};

impl Facts for PaxosNode {
    const NAME: &'static str = "paxos";
    const TITLE: &'static str = "Paxos";
    const LEGEND: &'static str = crate::paxos::display::LEGEND;
    const CHART_COLOUR: ThemeColour = ThemeColour::Accent;
    const INVARIANTS: &'static [&'static str] = &[
        check::ONE_VALUE_CHOSEN,
        check::CHOSEN_WAS_PROPOSED,
        check::ONE_VALUE_PER_BALLOT,
        check::PROMISE_MONOTONIC,
        check::ACCEPTED_WITHIN_PROMISE,
    ];
    const PROGRESS: &'static [(&'static str, &'static str)] = crate::paxos::progress::PaxosProgress::PROPERTIES;
    type Bug = PaxosBug;

    fn config(settings: &Settings<'_>) -> PaxosConfig {
        PaxosConfig {
            retry: settings.timeout_ms,
            bugs: Bugs::from_names(settings.bugs),
        }
    }
}
