//! What the playground knows about Multi-Paxos (see [`Facts`]).

use crate::bug::Bugs;
use crate::display::ThemeColour;
use crate::multi_paxos::{MultiPaxosBug, MultiPaxosConfig, MultiPaxosNode, check};
use crate::protocol::{Facts, Settings};

impl Facts for MultiPaxosNode {
    const NAME: &'static str = "multi_paxos";
    const TITLE: &'static str = "Multi-Paxos";
    const SHORT_TITLE: &'static str = "M-Paxos";
    const LEGEND: &'static str = crate::multi_paxos::display::LEGEND;
    const CHART_COLOUR: ThemeColour = ThemeColour::Candidate;
    const INVARIANTS: &'static [&'static str] = &[
        check::ONE_VALUE_CHOSEN,
        check::CHOSEN_WAS_PROPOSED,
        check::ONE_VALUE_PER_BALLOT,
        check::PROMISE_MONOTONIC,
        check::ACCEPTED_WITHIN_PROMISE,
    ];
    const PROGRESS: &'static [(&'static str, &'static str)] =
        crate::multi_paxos::progress::MultiPaxosProgress::PROPERTIES;
    type Bug = MultiPaxosBug;

    fn config(settings: &Settings<'_>) -> MultiPaxosConfig {
        MultiPaxosConfig {
            timeout: settings.timeout_ms,
            heartbeat: settings.heartbeat_ms,
            window: settings.window,
            bugs: Bugs::from_names(settings.bugs),
        }
    }
}
