//! Three-phase commit's progress: as two-phase commit's (every transaction decided once
//! every node is up and reachable, every request answered), and the promise two-phase
//! commit cannot make: with the network whole, the participants that are up decide every
//! transaction even while the coordinator is down for good (Live Participants Decide).

use crate::commit::TxnId;
use crate::commit::progress::{CommitProgress, LIVE_PARTICIPANTS_DECIDE, begun, judge_quiet, live_participants_decide};
use crate::protocol::progress::{Conditions, Progress, Window, nodes_text};
use crate::protocol::{NodeOf, NodeSlot, Protocol, Violation};
use crate::three_phase::ThreePcNode;
use crate::three_phase::node::Phase;
use crate::types::NodeId;

/// The transactions begun by one moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThreePcProgress {
    /// How many transactions the coordinator had begun.
    begun: TxnId,
}

impl ThreePcProgress {
    /// The progress properties: (name, what each promises).
    pub const PROPERTIES: &'static [(&'static str, &'static str)] = &[
        crate::commit::progress::DECIDED_PROPERTY,
        crate::commit::progress::ANSWERED_PROPERTY,
        (
            LIVE_PARTICIPANTS_DECIDE,
            "non-blocking: with the network whole, the participants that are up decide every transaction even while the coordinator is down",
        ),
    ];
}

impl CommitProgress for ThreePcNode {
    fn commit_node_id(&self) -> NodeId {
        self.id
    }

    fn coordinates(&self) -> bool {
        self.is_coordinator()
    }

    fn decided(&self, txn: TxnId) -> bool {
        self.has_decided(txn)
    }

    fn decided_up_to(&self) -> TxnId {
        self.decided_through()
    }

    fn waiting(&self, txn: TxnId) -> bool {
        !self.is_coordinator() && self.state(txn).waiting()
    }

    fn began(&self) -> TxnId {
        self.durable().log.len() as TxnId
    }

    fn recovering(&self, txn: TxnId) -> bool {
        self.is_recovering(txn)
    }
}

impl<P: Protocol + NodeOf<ThreePcNode>> Progress<P> for ThreePcProgress {
    fn mark(nodes: &[NodeSlot<P>]) -> Self {
        Self {
            begun: begun::<ThreePcNode, P>(nodes),
        }
    }

    fn judge(start: &Self, _late: &Self, window: &Window<'_, P>, found: &mut Vec<Violation>) {
        judge_quiet::<ThreePcNode, P>(start.begun, window, found);
    }

    const JUDGED_WITH_CRASHES: bool = true;

    fn judge_with_crashes(start: &Self, _late: &Self, window: &Window<'_, P>, found: &mut Vec<Violation>) {
        live_participants_decide::<ThreePcNode, P>(start.begun, window, found);
    }

    fn why_stuck(cluster: &Conditions<'_, P>) -> Option<String> {
        let nodes = cluster.nodes;
        if <ThreePcNode as crate::protocol::CouldCommit>::could_commit(nodes, cluster.connected) {
            return None;
        }
        let coordinator = nodes.iter().find(|n| n.state.node().is_coordinator())?;
        let id = coordinator.state.node().id;
        let terminating: Vec<NodeId> = nodes
            .iter()
            .filter(|n| n.up && n.state.node().terminating().next().is_some())
            .map(|n| n.state.node().id)
            .collect();
        let uncertain: Vec<NodeId> = nodes
            .iter()
            .filter(|n| n.up && !n.state.node().is_coordinator() && n.state.node().terminating().next().is_none())
            .filter(|n| n.state.node().durable().participant.values().any(|(s, _)| s.waiting()))
            .map(|n| n.state.node().id)
            .collect();
        let open = coordinator
            .state
            .node()
            .durable()
            .log
            .values()
            .any(|r| !matches!(r.phase, Phase::Decided(_)));
        let head = if coordinator.up {
            "a participant is down or cut off from the coordinator, so no new transaction can collect every vote"
                .to_string()
        } else {
            format!(
                "coordinator {id} is {}: no new transaction can begin",
                cluster.down_text(id)
            )
        };
        let mut tail = String::new();
        if !terminating.is_empty() {
            tail.push_str(&format!(
                "; {} {} the termination protocol, deciding without the coordinator",
                nodes_text(&terminating),
                if terminating.len() == 1 { "runs" } else { "run" }
            ));
        }
        if !uncertain.is_empty() {
            tail.push_str(&format!(
                "; {} will run the termination protocol when {} wait runs out, not block",
                nodes_text(&uncertain),
                if uncertain.len() == 1 { "its" } else { "their" }
            ));
        }
        if terminating.is_empty() && uncertain.is_empty() && open && !coordinator.up {
            tail.push_str("; the participants decided without it: none blocks");
        }
        Some(format!("{head}{tail}"))
    }
}
