//! Paxos's progress: with a majority up and connected and one proposer at a time (random
//! pauses break up duels, §2.4), every client value is chosen, and every learner learns
//! every chosen value (§2.3: whoever saw it chosen keeps telling the learners).

use crate::vec_map::VecMap;

use crate::paxos::{Ballot, PaxosNode, Proposal, Slot};
use crate::protocol::NodeOf;
use crate::protocol::NodeSlot;
use crate::protocol::Protocol;
use crate::protocol::Violation;
use crate::protocol::progress::{Conditions, Progress, REQUESTS_ANSWERED, Window, list, nodes_text};
use crate::types::NodeId;

/// Decisions Learned: after a quiet window every node has learned every slot chosen
/// (shortly before the window's end).
pub const DECISIONS_LEARNED: &str = "Decisions Learned";

/// The slots known to be chosen at one moment, with their values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaxosProgress {
    /// Every up node had learned every slot up to this one.
    learned_everywhere: Slot,
    /// Every slot above `learned_everywhere` some up node has learned, with the value. (The
    /// ones below need no judging: in a quiet window every node stays up, and what a node
    /// learned it keeps; leaving them out keeps a mark as small as the slots in flight.)
    chosen: VecMap<Slot, Proposal>,
}

/// The proposers at work on the same slot, with their ballots, when two or more are.
fn duel<P: NodeOf<PaxosNode>>(nodes: &[NodeSlot<P>]) -> Option<(Slot, Vec<(NodeId, Ballot)>)> {
    let mut by_slot: VecMap<Slot, Vec<(NodeId, Ballot)>> = VecMap::new();
    for node in nodes.iter().filter(|n| n.up) {
        if let Some((slot, ballot)) = node.state.node().proposing() {
            by_slot
                .get_or_insert_with(slot, Vec::new)
                .push((node.state.node().id, ballot));
        }
    }
    by_slot
        .iter()
        .find(|(_, proposers)| proposers.len() > 1)
        .map(|(slot, proposers)| (*slot, proposers.clone()))
}

fn duel_text(slot: Slot, proposers: &[(NodeId, Ballot)]) -> String {
    let ids: Vec<NodeId> = proposers.iter().map(|(n, _)| *n).collect();
    let ballots: Vec<String> = proposers.iter().map(|(_, b)| b.to_string()).collect();
    format!(
        "proposers {} keep outbidding each other for slot {slot} (ballots {})",
        list(&ids),
        list(&ballots)
    )
}

impl PaxosProgress {
    /// The progress properties: (name, what each promises).
    pub const PROPERTIES: &'static [(&'static str, &'static str)] = &[
        (
            REQUESTS_ANSWERED,
            "once a majority is up and connected, every value a client proposed is chosen and answered",
        ),
        (
            DECISIONS_LEARNED,
            "every node learns every chosen value, even one it missed while cut off or down",
        ),
    ];
}

impl<P: Protocol + NodeOf<PaxosNode>> Progress<P> for PaxosProgress {
    fn mark(nodes: &[NodeSlot<P>]) -> Self {
        let up = || nodes.iter().filter(|n| n.up).map(|n| n.state.node());
        let learned_everywhere = up().map(PaxosNode::decided_prefix).min().unwrap_or(0);
        let mut chosen = VecMap::new();
        for node in up() {
            for (slot, value) in node.durable().decided.range_from(&(learned_everywhere + 1)) {
                chosen.get_or_insert_with(*slot, || value.clone());
            }
        }
        Self {
            learned_everywhere,
            chosen,
        }
    }

    fn judge(_start: &Self, late: &Self, window: &Window<'_, P>, found: &mut Vec<Violation>) {
        let nodes = window.nodes;
        let missing: Vec<(Slot, Vec<NodeId>)> = late
            .chosen
            .keys()
            .filter_map(|slot| {
                let lacking: Vec<NodeId> = nodes
                    .iter()
                    .filter(|n| n.up && !n.state.node().durable().decided.contains_key(slot))
                    .map(|n| n.state.node().id)
                    .collect();
                (!lacking.is_empty()).then_some((*slot, lacking))
            })
            .collect();
        if let Some((slot, lacking)) = missing.first() {
            let knowers: Vec<NodeId> = nodes
                .iter()
                .filter(|n| n.state.node().durable().decided.contains_key(slot))
                .map(|n| n.state.node().id)
                .collect();
            let others = if missing.len() > 1 {
                format!(" (and {} more slots)", missing.len() - 1)
            } else {
                String::new()
            };
            let what = format!(
                "{} had not learned slot {slot}{others}, chosen as `{}` and known to {}",
                nodes_text(lacking),
                late.chosen[slot],
                nodes_text(&knowers)
            );
            let mut involved: Vec<NodeId> = missing.iter().flat_map(|(_, l)| l.iter().copied()).collect();
            involved.sort_unstable();
            involved.dedup();
            found.push(window.violation(DECISIONS_LEARNED, involved, what));
        }
        let dueling = duel(nodes);
        window.requests_answered(found, &|op| {
            let chosen_in = nodes.iter().find_map(|n| {
                n.state
                    .node()
                    .durable()
                    .decided
                    .iter()
                    .find(|(_, v)| v.request == op.id)
                    .map(|(slot, _)| *slot)
            });
            match (chosen_in, &dueling) {
                (Some(slot), _) => format!("its value was chosen in slot {slot} but never applied and answered"),
                (None, Some((slot, proposers))) => format!("its value is not chosen: {}", duel_text(*slot, proposers)),
                (None, None) => "its value was never chosen".into(),
            }
        });
    }

    /// Only a missing majority stops Paxos for certain; competing proposers may still get
    /// a value chosen, so a duel is named only when a window ends without progress.
    fn why_stuck(cluster: &Conditions<'_, P>) -> Option<String> {
        cluster.no_majority()
    }
}
