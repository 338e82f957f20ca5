//! Who decides in Raft: the voting servers and their majorities. A candidate needs votes
//! from a majority to lead (§5.2); a leader commits what a majority stores (§5.3). Every
//! majority decision of a Raft node goes through a [`Quorum`], so a change of membership
//! (chapter 4 of Ongaro's thesis) changes what a quorum is in one place. During joint
//! consensus (the paper's §6) a decision needs separate majorities of the old and the new
//! configuration.

use crate::raft::LogIndex;
use crate::types::{NodeId, majority};
use crate::vec_map::VecSet;

/// The servers whose votes and stored entries count.
/// Invariant: `voters` is not empty; `joint`, when present, is not empty either.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quorum {
    /// The configuration's voters (during joint consensus, the old configuration's).
    voters: VecSet<NodeId>,
    /// During joint consensus, the new configuration's voters.
    joint: Option<VecSet<NodeId>>,
}

impl Quorum {
    /// Every server of a cluster of `nodes` votes.
    pub fn all(nodes: u32) -> Self {
        debug_assert!(nodes >= 1, "a cluster has a server");
        Self::of(1..=nodes)
    }

    /// The servers `voters` vote.
    pub fn of(voters: impl IntoIterator<Item = NodeId>) -> Self {
        Self {
            voters: voters.into_iter().collect(),
            joint: None,
        }
    }

    /// Joint consensus: decisions need majorities of both `old` and `new`.
    pub fn joint(old: impl IntoIterator<Item = NodeId>, new: impl IntoIterator<Item = NodeId>) -> Self {
        Self {
            voters: old.into_iter().collect(),
            joint: Some(new.into_iter().collect()),
        }
    }

    /// The voters, in id order (the old configuration's during joint consensus).
    pub fn voters(&self) -> &VecSet<NodeId> {
        &self.voters
    }

    /// During joint consensus, the new configuration's voters.
    pub fn new_voters(&self) -> Option<&VecSet<NodeId>> {
        self.joint.as_ref()
    }

    /// Each configuration whose majority a decision needs: one, or two during joint consensus.
    fn configurations(&self) -> impl Iterator<Item = &VecSet<NodeId>> {
        std::iter::once(&self.voters).chain(self.joint.as_ref())
    }

    /// How many voters make a majority of the (old) configuration: more than half.
    pub fn majority(&self) -> usize {
        majority(self.voters.len() as u32)
    }

    /// Whether `granted` (the servers that voted for a candidate, itself included) holds
    /// a majority of every configuration.
    pub fn is_majority(&self, granted: &VecSet<NodeId>) -> bool {
        self.configurations().all(|voters| {
            let yes = voters.iter().filter(|id| granted.contains(id)).count();
            yes >= majority(voters.len() as u32)
        })
    }

    /// Whether server `id` votes (in either configuration during joint consensus).
    pub fn votes(&self, id: NodeId) -> bool {
        self.configurations().any(|voters| voters.contains(&id))
    }

    /// The highest index stored on a majority of every configuration, given each server's
    /// match index (the leader's own last index among them; servers not listed store
    /// nothing), and how many voters store it.
    pub fn stored_on_majority(&self, matched: &[(NodeId, LogIndex)]) -> (LogIndex, usize) {
        let match_of = |id: &NodeId| {
            matched
                .iter()
                .find(|(n, _)| n == id)
                .map_or(LogIndex::ZERO, |&(_, m)| m)
        };
        let index = self
            .configurations()
            .map(|voters| {
                let mut indexes: Vec<LogIndex> = voters.iter().map(match_of).collect();
                indexes.sort_unstable_by(|a, b| b.cmp(a));
                indexes[majority(voters.len() as u32) - 1]
            })
            .min()
            .unwrap_or(LogIndex::ZERO);
        let mut counted = VecSet::new();
        for voters in self.configurations() {
            for id in voters.iter().filter(|id| match_of(id) >= index) {
                counted.insert(*id);
            }
        }
        (index, counted.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(ids: &[NodeId]) -> VecSet<NodeId> {
        ids.iter().copied().collect()
    }

    fn matched(pairs: &[(NodeId, u64)]) -> Vec<(NodeId, LogIndex)> {
        pairs.iter().map(|&(n, m)| (n, LogIndex(m))).collect()
    }

    #[test]
    fn three_of_five_are_a_majority_and_two_are_not() {
        let quorum = Quorum::all(5);
        assert!(quorum.is_majority(&set(&[1, 4, 5])));
        assert!(!quorum.is_majority(&set(&[2, 3])));
        assert!(
            Quorum::all(1).is_majority(&set(&[1])),
            "a server alone is its own majority"
        );
    }

    #[test]
    fn the_index_stored_on_a_majority_is_the_majoritys_lowest_match_index() {
        // §5.3: with match indexes 7, 5, 5, 3, 1 on five servers, index 5 is on three.
        assert_eq!(
            Quorum::all(5).stored_on_majority(&matched(&[(1, 3), (2, 7), (3, 1), (4, 5), (5, 5)])),
            (LogIndex(5), 3)
        );
        assert_eq!(
            Quorum::all(4).stored_on_majority(&matched(&[(1, 4), (2, 4), (3, 2), (4, 9)])),
            (LogIndex(4), 3)
        );
    }

    #[test]
    fn only_voters_count_and_a_server_outside_the_configuration_stores_for_no_one() {
        let quorum = Quorum::of([1, 2, 3]);
        assert!(!quorum.is_majority(&set(&[1, 4, 5])), "4 and 5 do not vote");
        assert_eq!(
            quorum.stored_on_majority(&matched(&[(1, 9), (4, 9), (5, 9), (2, 2), (3, 1)])),
            (LogIndex(2), 2)
        );
    }

    #[test]
    fn joint_consensus_needs_separate_majorities_of_both_configurations() {
        // §6: from {1, 2, 3} to {4, 5, 6}.
        let quorum = Quorum::joint([1, 2, 3], [4, 5, 6]);
        assert!(!quorum.is_majority(&set(&[1, 2, 3])), "the old alone is not enough");
        assert!(
            !quorum.is_majority(&set(&[1, 2, 4])),
            "one of the new is not a majority of it"
        );
        assert!(quorum.is_majority(&set(&[1, 2, 4, 5])));
        assert_eq!(
            quorum.stored_on_majority(&matched(&[(1, 8), (2, 8), (3, 8), (4, 3), (5, 6), (6, 1)])),
            (LogIndex(3), 5),
            "index 3 is on 1, 2, 3 and on 4, 5"
        );
        assert!(quorum.votes(6) && !Quorum::of([1, 2, 3]).votes(6));
    }
}
