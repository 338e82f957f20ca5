//! Paxos Commit's progress: as the other commit protocols' (every transaction decided
//! once every node is up and reachable, every request answered), and non-blocking as long
//! as a majority of acceptors is up: with the network whole, the participants that are up
//! decide every transaction even while the coordinator is down for good.

use crate::commit::TxnId;
use crate::commit::progress::{CommitProgress, LIVE_PARTICIPANTS_DECIDE, begun, judge_quiet, live_participants_decide};
use crate::paxos_commit::PaxosCommitNode;
use crate::protocol::progress::{Conditions, Progress, Window, nodes_text};
use crate::protocol::{NodeOf, NodeSlot, Protocol, Violation};
use crate::types::NodeId;

/// The transactions begun by one moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaxosCommitProgress {
    /// How many transactions the coordinator had begun.
    begun: TxnId,
}

impl PaxosCommitProgress {
    /// The progress properties: (name, what each promises).
    pub const PROPERTIES: &'static [(&'static str, &'static str)] = &[
        crate::commit::progress::DECIDED_PROPERTY,
        crate::commit::progress::ANSWERED_PROPERTY,
        (
            LIVE_PARTICIPANTS_DECIDE,
            "non-blocking: with the network whole and a majority of acceptors up, the participants that are up decide every transaction even while the coordinator is down",
        ),
    ];
}

impl CommitProgress for PaxosCommitNode {
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
        !self.is_coordinator() && self.state(txn) == crate::paxos_commit::node::RmState::Prepared
    }

    fn began(&self) -> TxnId {
        self.durable().log.len() as TxnId
    }
}

/// How many acceptors of `nodes` are up, and how many make a majority.
fn acceptors_up<P: NodeOf<PaxosCommitNode>>(nodes: &[NodeSlot<P>]) -> (usize, usize) {
    let up = nodes.iter().filter(|n| n.up && n.state.node().is_acceptor()).count();
    let majority = nodes.first().map_or(1, |n| n.state.node().config().majority());
    (up, majority)
}

impl<P: Protocol + NodeOf<PaxosCommitNode>> Progress<P> for PaxosCommitProgress {
    fn mark(nodes: &[NodeSlot<P>]) -> Self {
        Self {
            begun: begun::<PaxosCommitNode, P>(nodes),
        }
    }

    fn judge(start: &Self, _late: &Self, window: &Window<'_, P>, found: &mut Vec<Violation>) {
        judge_quiet::<PaxosCommitNode, P>(start.begun, window, found);
    }

    const JUDGED_WITH_CRASHES: bool = true;

    fn judge_with_crashes(start: &Self, _late: &Self, window: &Window<'_, P>, found: &mut Vec<Violation>) {
        let (up, majority) = acceptors_up(window.nodes);
        if up >= majority {
            live_participants_decide::<PaxosCommitNode, P>(start.begun, window, found);
        }
    }

    fn why_stuck(cluster: &Conditions<'_, P>) -> Option<String> {
        let nodes = cluster.nodes;
        if <PaxosCommitNode as crate::protocol::CouldCommit>::could_commit(nodes, cluster.connected) {
            return None;
        }
        let coordinator = nodes.iter().find(|n| n.state.node().is_coordinator())?;
        let id = coordinator.state.node().id;
        let (up, majority) = acceptors_up(nodes);
        let taking_over: Vec<NodeId> = nodes
            .iter()
            .filter(|n| n.up && n.state.node().taking_over().next().is_some())
            .map(|n| n.state.node().id)
            .collect();
        let head = if !coordinator.up {
            format!(
                "coordinator {id} is {}: no new transaction can begin",
                cluster.down_text(id)
            )
        } else {
            "a participant is down or cut off from the coordinator, so no new transaction can collect every vote"
                .to_string()
        };
        let tail = if up < majority {
            format!("; only {up} of the acceptors are up and {majority} are needed, so no instance can choose a value")
        } else if !taking_over.is_empty() {
            format!(
                "; {} {} over undecided transactions with a majority of acceptors",
                nodes_text(&taking_over),
                if taking_over.len() == 1 { "takes" } else { "take" }
            )
        } else {
            "; a majority of acceptors is up, so the participants decide without the coordinator".to_string()
        };
        Some(format!("{head}{tail}"))
    }
}
