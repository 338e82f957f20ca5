//! Who decides in Raft: the voting servers and their majorities. A candidate needs votes
//! from a majority to lead (§5.2); a leader commits what a majority stores (§5.3). Every
//! majority decision of a Raft node goes through a [`Quorum`], so a change of membership
//! (chapter 4 of Ongaro's thesis) changes what a quorum is in one place.

use crate::raft::LogIndex;
use crate::types::{NodeId, majority};
use crate::vec_map::VecSet;

/// The servers whose votes and stored entries count.
/// Invariant: the voters are `1..=voters` (every server of the cluster), at least one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quorum {
    voters: u32,
}

impl Quorum {
    /// Every server of a cluster of `nodes` votes.
    pub fn all(nodes: u32) -> Self {
        debug_assert!(nodes >= 1, "a cluster has a server");
        Self { voters: nodes }
    }

    /// How many voters make a majority: more than half.
    pub fn majority(self) -> usize {
        majority(self.voters)
    }

    /// Whether `granted` (the servers that voted for a candidate, itself included) holds
    /// a majority of the voters.
    pub fn is_majority(self, granted: &VecSet<NodeId>) -> bool {
        granted.iter().filter(|&&id| self.votes(id)).count() >= self.majority()
    }

    /// Whether server `id` votes.
    pub fn votes(self, id: NodeId) -> bool {
        (1..=self.voters).contains(&id)
    }

    /// The highest index stored on a majority of the voters, given every voter's match
    /// index (the leader's own last index among them), and how many store it.
    pub fn stored_on_majority(self, mut matched: Vec<LogIndex>) -> (LogIndex, usize) {
        matched.sort_unstable_by(|a, b| b.cmp(a));
        let index = matched[self.majority() - 1];
        let stored_on = matched.iter().filter(|&&m| m >= index).count();
        (index, stored_on)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_of_five_are_a_majority_and_two_are_not() {
        let quorum = Quorum::all(5);
        assert!(quorum.is_majority(&[1, 4, 5].into_iter().collect()));
        assert!(!quorum.is_majority(&[2, 3].into_iter().collect()));
        assert!(
            Quorum::all(1).is_majority(&[1].into_iter().collect()),
            "a server alone is its own majority"
        );
    }

    #[test]
    fn the_index_stored_on_a_majority_is_the_majoritys_lowest_match_index() {
        // §5.3: with match indexes 7, 5, 5, 3, 1 on five servers, index 5 is on three.
        assert_eq!(
            Quorum::all(5).stored_on_majority([3, 7, 1, 5, 5].map(LogIndex).to_vec()),
            (LogIndex(5), 3)
        );
        assert_eq!(
            Quorum::all(4).stored_on_majority([4, 4, 2, 9].map(LogIndex).to_vec()),
            (LogIndex(4), 3)
        );
    }
}
