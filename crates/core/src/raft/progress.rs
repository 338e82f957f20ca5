//! Raft's progress: once the cluster is whole, one leader emerges (§5.2: randomized
//! timeouts make split votes rare), every request is committed, applied and answered,
//! and every follower learns how far the log is committed.

use crate::protocol::NodeOf;
use crate::protocol::NodeSlot;
use crate::protocol::Protocol;
use crate::protocol::Violation;
use crate::protocol::progress::{Conditions, Progress, REQUESTS_ANSWERED, Window, list, nodes_text};
use crate::raft::{LogIndex, RaftNode, Role, Term};
use crate::types::NodeId;
use crate::vec_map::VecSet;

/// Eventually One Leader: after a quiet window exactly one node leads, in the highest term.
pub const EVENTUALLY_ONE_LEADER: &str = "Eventually One Leader";
/// Commit Indexes Caught Up: after a quiet window every node's commit index has reached
/// the leader's (as it was shortly before the window's end).
pub const COMMIT_INDEXES_CAUGHT_UP: &str = "Commit Indexes Caught Up";

/// What a Raft cluster had achieved at one moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RaftProgress {
    /// The leader of the highest term and its commit index, if a leader exists.
    leader: Option<(NodeId, LogIndex)>,
}

/// The highest term any up node that counts is in: with a leader, the nodes outside the
/// configuration of the leader of the highest term do not count — a removed server that
/// never heard of its removal may climb terms alone, ignored (thesis §4.2.3).
fn highest_term<P: NodeOf<RaftNode>>(nodes: &[NodeSlot<P>]) -> Term {
    let up = || nodes.iter().filter(|n| n.up).map(|n| n.state.node());
    let leader = up().filter(|n| n.is_leader()).max_by_key(|n| n.current_term());
    let counts = |n: &RaftNode| leader.is_none_or(|l| n.is_leader() || l.quorum().votes(n.id()));
    up().filter(|n| counts(n))
        .map(|n| n.current_term())
        .max()
        .unwrap_or(Term::ZERO)
}

/// The up nodes that lead, in id order.
fn leaders<P: NodeOf<RaftNode>>(nodes: &[NodeSlot<P>]) -> Vec<&RaftNode> {
    nodes
        .iter()
        .filter(|n| n.up && n.state.node().is_leader())
        .map(|n| n.state.node())
        .collect()
}

impl RaftProgress {
    /// The progress properties: (name, what each promises).
    pub const PROPERTIES: &'static [(&'static str, &'static str)] = &[
        (
            EVENTUALLY_ONE_LEADER,
            "once the cluster is whole, exactly one node leads, in the highest term",
        ),
        (
            REQUESTS_ANSWERED,
            "every request sent before the cluster became whole is committed, applied and answered",
        ),
        (
            COMMIT_INDEXES_CAUGHT_UP,
            "every node's commit index reaches the leader's",
        ),
    ];
}

impl<P: Protocol + NodeOf<RaftNode>> Progress<P> for RaftProgress {
    fn mark(nodes: &[NodeSlot<P>]) -> Self {
        let top = highest_term(nodes);
        let leader = leaders(nodes)
            .into_iter()
            .find(|l| l.current_term() == top)
            .map(|l| (l.id(), l.commit_index()));
        Self { leader }
    }

    fn judge(_start: &Self, late: &Self, window: &Window<'_, P>, found: &mut Vec<Violation>) {
        let nodes = window.nodes;
        let top = highest_term(nodes);
        let leading = leaders(nodes);
        let in_top: Vec<NodeId> = leading
            .iter()
            .filter(|l| l.current_term() == top)
            .map(|l| l.id())
            .collect();
        if in_top.len() != 1 || leading.len() != 1 {
            let what = if leading.is_empty() {
                let candidates: Vec<NodeId> = nodes
                    .iter()
                    .filter(|n| n.up && matches!(n.state.node().role(), Role::Candidate { .. }))
                    .map(|n| n.state.node().id())
                    .collect();
                if candidates.is_empty() {
                    format!("no node leads (the highest term is {top})")
                } else {
                    let (verb, each) = if candidates.len() == 1 {
                        ("is a candidate", "")
                    } else {
                        ("are candidates", "each ")
                    };
                    format!(
                        "no node leads: {} {verb} in term {top}, {each}short of a majority of votes",
                        nodes_text(&candidates)
                    )
                }
            } else if leading.len() > 1 {
                let ids: Vec<String> = leading
                    .iter()
                    .map(|l| format!("{} (term {})", l.id(), l.current_term()))
                    .collect();
                format!("{} nodes believe they lead: {}", leading.len(), list(&ids))
            } else {
                let ahead: Vec<NodeId> = nodes
                    .iter()
                    .filter(|n| n.up && n.state.node().current_term() == top)
                    .map(|n| n.state.node().id())
                    .collect();
                format!(
                    "node {} leads term {}, but {} {} in the higher term {top}",
                    leading[0].id(),
                    leading[0].current_term(),
                    nodes_text(&ahead),
                    if ahead.len() == 1 { "is" } else { "are" }
                )
            };
            let involved = nodes.iter().filter(|n| n.up).map(|n| n.state.node().id()).collect();
            found.push(window.violation(EVENTUALLY_ONE_LEADER, involved, what));
        }
        let leader = in_top.first().copied();
        window.requests_answered(found, &|_| match leader {
            None => "no leader to commit it".into(),
            Some(l) => format!("leader {l} has not answered it"),
        });
        if let Some((leader, commit)) = late.leader {
            // The leader replicates only to its configuration: a spare or a removed server
            // is not expected to learn how far the log is committed.
            let members = nodes[leader as usize - 1].state.node().quorum();
            let behind: Vec<NodeId> = nodes
                .iter()
                .filter(|n| n.up && n.state.node().commit_index() < commit && members.votes(n.state.node().id()))
                .map(|n| n.state.node().id())
                .collect();
            if !behind.is_empty() {
                let what = format!(
                    "{} had not learned that the log is committed up to index {commit}, as leader {leader} knew",
                    nodes_text(&behind)
                );
                found.push(window.violation(COMMIT_INDEXES_CAUGHT_UP, behind, what));
            }
        }
    }

    fn why_stuck(cluster: &Conditions<'_, P>) -> Option<String> {
        let nodes = cluster.nodes;
        if <RaftNode as crate::protocol::CouldCommit>::could_commit(nodes, cluster.connected) {
            return None;
        }
        if let Some(reason) = cluster.no_majority() {
            return Some(reason);
        }
        let top = highest_term(nodes);
        let leading = leaders(nodes);
        if let Some(leader) = leading.iter().find(|l| l.current_term() == top) {
            let quorum = leader.quorum();
            if quorum.voters().len() != nodes.len() || quorum.new_voters().is_some() {
                // Some nodes do not vote (thesis ch. 4): only the configuration's count.
                let voters = VecSet::union_of_ascending(quorum.voters(), quorum.new_voters().into_iter().flatten());
                let reached: Vec<NodeId> = voters
                    .iter()
                    .copied()
                    .filter(|&v| {
                        nodes[v as usize - 1].up
                            && (v == leader.id()
                                || (cluster.connected)(leader.id(), v) && (cluster.connected)(v, leader.id()))
                    })
                    .collect();
                let voters: Vec<NodeId> = voters.into_iter().collect();
                return Some(format!(
                    "leader {} cannot reach a majority of its configuration's voters ({}): it reaches {}",
                    leader.id(),
                    crate::words::list(&voters),
                    if reached.is_empty() {
                        "none".into()
                    } else {
                        crate::words::list(&reached)
                    }
                ));
            }
            return Some(format!(
                "leader {} cannot reach a majority: its side has {} of {} nodes",
                leader.id(),
                cluster.reachable_from(leader.id()),
                nodes.len()
            ));
        }
        let candidates: Vec<NodeId> = nodes
            .iter()
            .filter(|n| n.up && matches!(n.state.node().role(), Role::Candidate { .. }))
            .map(|n| n.state.node().id())
            .collect();
        Some(if candidates.is_empty() {
            format!("no leader in term {top}: waiting for an election timeout")
        } else {
            format!(
                "no leader yet: {} asking for votes in term {top}",
                nodes_text(&candidates)
            )
        })
    }
}
