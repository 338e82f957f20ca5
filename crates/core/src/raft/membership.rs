//! A node's configuration (thesis ch. 4): the latest configuration entry in its log,
//! committed or not (§4.1), else its snapshot's, else the one the cluster started from.
//! Its voters are whom the node asks for votes and replicates to, and whose majority counts.

use crate::raft::log::LogIndex;
use crate::raft::node::RaftNode;
use crate::raft::quorum::Quorum;
use crate::types::NodeId;

impl RaftNode {
    /// Every other server of this node's configuration (of either configuration during
    /// joint consensus), in id order: whom it asks for votes and replicates to.
    pub(crate) fn peers(&self) -> impl Iterator<Item = NodeId> + use<> {
        let me = self.id;
        let quorum = self.quorum();
        (1..=self.nodes).filter(move |&p| p != me && quorum.votes(p))
    }

    /// The servers whose votes and stored entries count: this node's latest configuration
    /// (thesis §4.1). Every majority decision goes through it.
    pub fn quorum(&self) -> std::sync::Arc<Quorum> {
        std::sync::Arc::clone(&self.membership)
    }

    /// The latest configuration in this node's log, committed or not (§4.1): the last
    /// configuration entry, else its snapshot's, else the one it started from; with the
    /// index of its entry (0 when it comes from the snapshot or the start: committed).
    pub(crate) fn latest_membership(&self) -> (std::sync::Arc<Quorum>, LogIndex) {
        let log = self.log();
        let first = log.first_index().0;
        let from_log = log.entries().iter().enumerate().rev().find_map(|(i, e)| {
            e.config
                .as_ref()
                .map(|config| (std::sync::Arc::clone(config), LogIndex(first + i as u64)))
        });
        if let Some(found) = from_log {
            return found;
        }
        if let Some(config) = self.persistent.snapshot.as_ref().and_then(|s| s.membership.as_ref()) {
            return (std::sync::Arc::clone(config), LogIndex::ZERO);
        }
        (std::sync::Arc::new(self.initial_membership()), LogIndex::ZERO)
    }

    /// Sets the configuration from the log again, after it changed in a way that may have
    /// added or removed a configuration entry.
    pub(crate) fn refresh_membership(&mut self) {
        (self.membership, self.membership_at) = self.latest_membership();
    }

    /// Whether this node's latest configuration is committed as far as it knows (a change
    /// waits for the previous one to commit: one at a time, thesis §4.1).
    pub(crate) fn membership_committed(&self) -> bool {
        self.membership_at <= self.commit_index
    }

    /// Whether this node stands for election when its timer fires. A voter of its latest
    /// configuration does; so does a server that configuration removed while the entry is
    /// not known to be committed: "it might still be needed until the C_new entry is
    /// committed" (thesis §4.2.2, Figure 4.6), though its own vote does not count. A spare,
    /// a learner, or a server that knows its removal committed does not (§4.1).
    pub(crate) fn stands_for_election(&self) -> bool {
        self.membership.votes(self.id) || (!self.membership_committed() && self.removed_by_latest_configuration())
    }

    /// How the view calls a follower outside its latest configuration: a learner while a
    /// leader replicates to it on its way in (§4.2.1); a server that was in the
    /// configuration before its latest one, or never heard from a leader, is not one.
    pub(crate) fn is_learner(&self) -> bool {
        matches!(self.role, crate::raft::Role::Follower { leader: Some(_) })
            && !self.membership.votes(self.id)
            && !self.removed_by_latest_configuration()
    }

    /// Whether the configuration before this node's latest one counted it: the latest one
    /// removed it (thesis §4.2.2).
    fn removed_by_latest_configuration(&self) -> bool {
        let log = self.log();
        if self.membership_at == LogIndex::ZERO {
            return false;
        }
        let before_latest = (self.membership_at - log.first_index()) as usize;
        let before = log.entries()[..before_latest]
            .iter()
            .rev()
            .find_map(|e| e.config.clone())
            .or_else(|| self.persistent.snapshot.as_ref().and_then(|s| s.membership.clone()));
        match before {
            Some(config) => config.votes(self.id),
            None => self.initial_membership().votes(self.id),
        }
    }

    /// The configuration the cluster started from: the scenario's members, or every node.
    fn initial_membership(&self) -> Quorum {
        match &self.config.members {
            Some(members) => Quorum::of(members.iter().copied()),
            None => Quorum::all(self.nodes),
        }
    }
}
