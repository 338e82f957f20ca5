//! What the rest of the playground knows about a protocol, declared once in the
//! protocol's own folder: its names, how a scenario configures it, what its clients may
//! do, what is checked, and how the page draws it. The protocol table (`crate::any`)
//! reads these facts; nothing else lists them.

use crate::bug::BugSwitch;
use crate::display::ThemeColour;
use crate::protocol::Protocol;
use crate::protocol::initial::InitialNode;
use crate::protocol::settings::Settings;
use crate::types::NodeId;

/// A protocol's facts, beside its rules ([`Protocol`]).
pub trait Facts: Protocol {
    /// The name scenario files and links use (`two_phase_commit`); the protocol table's
    /// variant is this name in CamelCase, and a test keeps the two the same.
    const NAME: &'static str;
    /// The name readers see ("Two-phase commit").
    const TITLE: &'static str;
    /// The name where room is short, side by side ("2PC").
    const SHORT_TITLE: &'static str = Self::TITLE;
    /// The smallest cluster on which the protocol shows what it is about.
    const SMALLEST_CLUSTER: u32 = 1;
    /// The one line under the page's log panel that says how its cells are drawn.
    const LEGEND: &'static str;
    /// The colour of its line in the page's commit chart.
    const CHART_COLOUR: ThemeColour;
    /// The safety properties its checker verifies after every event, by name.
    const INVARIANTS: &'static [&'static str];
    /// The progress properties judged over quiet windows: (name, what must hold).
    const PROGRESS: &'static [(&'static str, &'static str)];
    /// Whether a participant can be told to vote No (the `vote_no` step).
    const TAKES_VOTE_NO: bool = false;
    /// Whether its leader can hand its leadership to another node (the
    /// `transfer_leadership` step).
    const TAKES_TRANSFER: bool = false;
    /// Whether its nodes compact a log into snapshots (the `compact` step).
    const TAKES_COMPACT: bool = false;
    /// Whether its leader changes the cluster's membership (the `add_server`,
    /// `remove_server` and `change_members` steps).
    const TAKES_MEMBERSHIP: bool = false;
    /// Its bug switches that break a rule of membership changes, by name: only schedules
    /// that change the membership can show them.
    const MEMBERSHIP_BUGS: &'static [&'static str] = &[];
    /// The options a pane of this protocol offers (fields of a scenario's `config`).
    const OPTIONS: &'static [crate::protocol::PaneOption] = &[];
    /// Whether clients may read (`get K`) as well as write.
    const READS: bool = true;
    /// Its bug switches.
    type Bug: BugSwitch;

    /// Its configuration from a scenario's settings.
    fn config(settings: &Settings<'_>) -> Self::Config;

    /// The one node clients must send requests to, if there is one (two-phase commit's
    /// coordinator, where transactions start).
    fn client_entry(_settings: &Settings<'_>) -> Option<NodeId> {
        None
    }

    /// Why a client request sent to `node` is refused before it is sent, if it is.
    fn check_client_node(settings: &Settings<'_>, node: NodeId) -> Result<(), String> {
        match Self::client_entry(settings) {
            Some(entry) if entry != node => Err(format!("requests start at node {entry}, not at {node}")),
            _ => Ok(()),
        }
    }

    /// Why `node` may not be told to vote No, if it may not (only for
    /// [`Self::TAKES_VOTE_NO`] protocols).
    fn check_vote_no(_settings: &Settings<'_>, _node: NodeId) -> Result<(), String> {
        Ok(())
    }

    /// A node's persistent state from a scenario's `initial` entry for it, or why it
    /// cannot start so: (the entry's field at fault, what is wrong).
    fn initial(_node: &InitialNode) -> Result<Self::Persistent, (String, String)> {
        Err((
            "node".into(),
            format!(
                "{} nodes start from no saved state, so `initial` does not apply",
                Self::TITLE
            ),
        ))
    }
}
