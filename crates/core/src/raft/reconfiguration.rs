//! How a leader changes the membership (Ongaro's thesis ch. 4; the paper's §6).
//!
//! An operator asks the leader to add a server, remove one, or make any set the voters.
//! The leader makes one change at a time: a change waits until the latest configuration
//! in its log is committed. A server to be added first catches up as a non-voting
//! learner, in rounds (§4.2.1). Then — once the leader has committed an entry of its own
//! term, the fix of 2015 — it appends a configuration entry, which every server uses as
//! soon as it is in its log (§4.1). A change of any size goes through the joint
//! configuration C_old,new first (§6), and the leader appends C_new once that is
//! committed. A leader that the committed configuration leaves out steps down (§4.2.2).

use crate::protocol::{MemberChange, Out};
use crate::raft::config::RaftBug;
use crate::raft::log::{Entry, LogIndex};
use crate::raft::member_note::{ChangeRefusal, MemberNote};
use crate::raft::node::RaftNode;
use crate::raft::note::RaftNote;
use crate::raft::quorum::Quorum;
use crate::raft::role::{Progress, Role};
use crate::types::{NodeId, Time};
use crate::vec_map::VecSet;

/// How many rounds a leader replicates to a new server before giving up (§4.2.1).
pub const CATCH_UP_ROUNDS: u32 = 10;

/// The membership changes a leader was asked for and has not finished.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LeaderChanges {
    /// Asked for and not yet appended, oldest first (a handful at most: a plain list).
    queued: Vec<MemberChange>,
    /// The new servers of the first queued change, catching up as learners.
    /// Invariant: `None` when `queued` is empty.
    catch_up: Option<CatchUp>,
    /// Whether the leader said that the first queued change waits for an entry of its own
    /// term to commit (so it says it once).
    waiting_said: bool,
}

/// Replicating to new servers in rounds before they vote (§4.2.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatchUp {
    /// The servers catching up. Invariant: not empty, none of them a voter.
    pub servers: VecSet<NodeId>,
    /// The current round, from 1. Invariant: `1 <= round <= CATCH_UP_ROUNDS`.
    pub round: u32,
    /// The round ends when every one of `servers` stores every entry through this index
    /// (the leader's last index when the round began).
    pub through: LogIndex,
    /// When the round began.
    pub round_started: Time,
    /// When the first round began.
    pub started: Time,
    /// Whether a round took less than an election timeout: they may be added.
    pub done: bool,
    /// The servers that have answered an AppendEntries of the catch-up: a round ends
    /// only when every server answered (a crashed one stores nothing, even of an empty log).
    pub answered: VecSet<NodeId>,
}

impl LeaderChanges {
    /// Whether nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.queued.is_empty()
    }

    /// The servers catching up as learners, if any.
    pub fn learners(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.catch_up.iter().flat_map(|c| c.servers.iter().copied())
    }

    /// Everything pending, for the note when leadership ends.
    pub fn take(&mut self) -> Vec<MemberChange> {
        self.catch_up = None;
        std::mem::take(&mut self.queued)
    }
}

/// The voters `change` asks for, starting from `voters`, or why it changes nothing.
fn target(voters: &VecSet<NodeId>, change: &MemberChange) -> Result<VecSet<NodeId>, ChangeRefusal> {
    let mut target = voters.clone();
    match change {
        MemberChange::Add(id) if voters.contains(id) => return Err(ChangeRefusal::AlreadyVoter(*id)),
        MemberChange::Add(id) => {
            target.insert(*id);
        }
        MemberChange::Remove(id) if !voters.contains(id) => return Err(ChangeRefusal::NotVoter(*id)),
        MemberChange::Remove(id) if voters.len() == 1 => return Err(ChangeRefusal::LastVoter(*id)),
        MemberChange::Remove(id) => {
            target.remove(id);
        }
        MemberChange::Joint(ids) => {
            target = ids.iter().copied().collect();
            if &target == voters {
                return Err(ChangeRefusal::SameVoters);
            }
        }
    }
    Ok(target)
}

impl RaftNode {
    /// An operator asked this node, the leader, for a membership change.
    pub(crate) fn request_change(&mut self, change: MemberChange, out: &mut Out<Self>) {
        let waits_for = (!self.membership_committed()).then_some(self.membership_at);
        let Role::Leader { changes, .. } = &mut self.role else {
            return;
        };
        let behind = changes.queued.len();
        changes.queued.push(change.clone());
        self.note_membership(
            MemberNote::Requested {
                change,
                waits_for,
                behind,
            },
            out,
        );
        self.advance_changes(out);
    }

    /// The servers a leader replicates to: its configuration's other voters and the
    /// learners catching up, in id order.
    pub(crate) fn replication_targets(&self) -> Vec<NodeId> {
        let mut targets: VecSet<NodeId> = self.peers().collect();
        if let Role::Leader { changes, .. } = &self.role {
            for id in changes.learners() {
                targets.insert(id);
            }
        }
        targets.into_iter().collect()
    }

    /// Moves the membership changes on as far as the rules allow; called whenever what
    /// they wait for may have happened (a commit, a learner's answer, a heartbeat).
    pub(crate) fn advance_changes(&mut self, out: &mut Out<Self>) {
        if !self.is_leader() || !self.membership_committed() {
            return;
        }
        if !self.membership.votes(self.id) {
            // §4.2.2: the configuration that leaves this leader out is committed.
            let index = self.membership_at;
            self.note_membership(MemberNote::LeftConfiguration { index }, out);
            self.abandon_changes(out);
            self.step_down_in_term(out);
            return;
        }
        let breaks_2015_rule = self.has_bug(RaftBug::ChangeBeforeOwnTermCommit);
        if let Some(new) = self.membership.new_voters() {
            // §6: C_old,new is committed; on to C_new (a configuration entry too, so after
            // an entry of this leader's term, like any other).
            let config = Quorum::of(new.iter().copied());
            if !self.own_term_committed() && !breaks_2015_rule {
                let change = MemberChange::Joint(new.iter().copied().collect());
                self.wait_for_own_term(change, out);
                return;
            }
            self.append_configuration(config, true, out);
            return;
        }
        while let Some(change) = self.first_queued() {
            let voters = self.membership.voters().clone();
            let target = match target(&voters, &change) {
                Ok(target) => target,
                Err(why) => {
                    self.pop_change();
                    self.note_membership(MemberNote::Refused { change, why }, out);
                    continue;
                }
            };
            let newcomers: VecSet<NodeId> = target.iter().copied().filter(|id| !voters.contains(id)).collect();
            if !newcomers.is_empty() && !self.caught_up(&change, newcomers, out) {
                return;
            }
            if !self.own_term_committed() && !breaks_2015_rule {
                self.wait_for_own_term(change, out);
                return;
            }
            self.pop_change();
            let config = match change {
                MemberChange::Joint(_) => Quorum::joint(voters.iter().copied(), target.iter().copied()),
                _ => Quorum::of(target.iter().copied()),
            };
            self.append_configuration(config, false, out);
            return;
        }
    }

    /// A learner being caught up answered an AppendEntries with success.
    pub(crate) fn learner_answered(&mut self, id: NodeId) {
        if let Role::Leader { changes, .. } = &mut self.role
            && let Some(catch_up) = &mut changes.catch_up
            && catch_up.servers.contains(&id)
        {
            catch_up.answered.insert(id);
        }
    }

    /// A leader stopping with changes not yet made drops them, and says so.
    pub(crate) fn abandon_changes(&mut self, out: &mut Out<Self>) {
        let Role::Leader { changes, .. } = &mut self.role else {
            return;
        };
        if changes.is_empty() {
            return;
        }
        let changes = changes.take();
        self.note_membership(MemberNote::Abandoned { changes }, out);
    }

    fn first_queued(&self) -> Option<MemberChange> {
        match &self.role {
            Role::Leader { changes, .. } => changes.queued.first().cloned(),
            _ => None,
        }
    }

    fn pop_change(&mut self) {
        if let Role::Leader { changes, .. } = &mut self.role {
            if !changes.queued.is_empty() {
                changes.queued.remove(0);
            }
            changes.catch_up = None;
            changes.waiting_said = false;
        }
    }

    /// Whether this leader has committed an entry of its own term.
    fn own_term_committed(&self) -> bool {
        self.log().term_at(self.commit_index) == Some(self.current_term())
    }

    /// The 2015 fix: the change waits for an entry of this leader's term to commit; with
    /// none in its log, the leader appends a no-op to have one.
    fn wait_for_own_term(&mut self, change: MemberChange, out: &mut Out<Self>) {
        let term = self.current_term();
        let needs_noop = self.log().last_term() < term;
        let Role::Leader { changes, .. } = &mut self.role else {
            return;
        };
        if std::mem::replace(&mut changes.waiting_said, true) {
            return;
        }
        let noop = needs_noop.then(|| self.log().last_index() + 1);
        self.note_membership(MemberNote::WaitsForOwnTerm { change, noop }, out);
        if needs_noop {
            self.persistent.log.append(Entry::new(term, None, None));
            self.replicate_new_entry(out);
        }
    }

    /// Whether the new servers of `change` have caught up (§4.2.1): starts the rounds,
    /// ends one when they store everything it covers, and gives up after
    /// [`CATCH_UP_ROUNDS`] rounds or as long without an answer.
    fn caught_up(&mut self, change: &MemberChange, newcomers: VecSet<NodeId>, out: &mut Out<Self>) -> bool {
        let now = out.now();
        let last = self.log().last_index();
        let (min_timeout, max_timeout) = self.config.election_timeout;
        let Role::Leader {
            changes,
            progress,
            heard_at,
            ..
        } = &mut self.role
        else {
            return false;
        };
        let Some(catch_up) = &mut changes.catch_up else {
            for &id in newcomers.iter() {
                progress.get_or_insert_with(id, || Progress::new(last));
                heard_at.get_or_insert_with(id, || now);
            }
            changes.catch_up = Some(CatchUp {
                servers: newcomers.clone(),
                round: 1,
                through: last,
                round_started: now,
                started: now,
                done: false,
                answered: VecSet::new(),
            });
            let servers = newcomers.iter().copied().collect();
            self.note_membership(
                MemberNote::CatchUpRound {
                    servers,
                    round: 1,
                    through: last,
                    last_took_ms: None,
                },
                out,
            );
            for id in newcomers.iter().copied() {
                self.send_append(id, out);
            }
            return self.caught_up(change, newcomers, out);
        };
        if catch_up.done {
            return true;
        }
        let stored = |id: &NodeId| {
            catch_up.answered.contains(id) && progress.get(id).is_some_and(|p| p.match_index() >= catch_up.through)
        };
        let servers: Vec<NodeId> = catch_up.servers.iter().copied().collect();
        if !catch_up.servers.iter().all(stored) {
            let tried_ms = now.saturating_sub(catch_up.started);
            if tried_ms >= u64::from(CATCH_UP_ROUNDS) * max_timeout {
                let rounds = catch_up.round;
                self.give_up_change(change, rounds, tried_ms, out);
            }
            return false;
        }
        let took_ms = now.saturating_sub(catch_up.round_started);
        if took_ms < min_timeout {
            catch_up.done = true;
            let rounds = catch_up.round;
            self.note_membership(
                MemberNote::CaughtUp {
                    servers,
                    rounds,
                    took_ms,
                },
                out,
            );
            return true;
        }
        if catch_up.round >= CATCH_UP_ROUNDS {
            let (rounds, tried_ms) = (catch_up.round, now.saturating_sub(catch_up.started));
            self.give_up_change(change, rounds, tried_ms, out);
            return false;
        }
        catch_up.round += 1;
        catch_up.through = last;
        catch_up.round_started = now;
        let round = catch_up.round;
        self.note_membership(
            MemberNote::CatchUpRound {
                servers,
                round,
                through: last,
                last_took_ms: Some(took_ms),
            },
            out,
        );
        false
    }

    /// The new servers of `change` did not catch up (after `rounds` rounds, `tried_ms`
    /// in all): the change is dropped, and the trace says so.
    fn give_up_change(&mut self, change: &MemberChange, rounds: u32, tried_ms: u64, out: &mut Out<Self>) {
        self.pop_change();
        let change = change.clone();
        self.note_membership(
            MemberNote::CatchUpFailed {
                change,
                rounds,
                tried_ms,
            },
            out,
        );
    }

    /// Appends a configuration entry, which this leader uses at once (§4.1), and sends it.
    fn append_configuration(&mut self, config: Quorum, completes_joint: bool, out: &mut Out<Self>) {
        let term = self.current_term();
        // Only the bug switch lets a leader get here before an own-term commit.
        let before_own_term_commit = !self.own_term_committed() && self.has_bug(RaftBug::ChangeBeforeOwnTermCommit);
        let voters = config.voters().iter().copied().collect();
        let new_voters = config.new_voters().map(|n| n.iter().copied().collect());
        let entry = Entry {
            config: Some(std::sync::Arc::new(config)),
            ..Entry::new(term, None, None)
        };
        let index = self.persistent.log.append(entry);
        if let Role::Leader { changes, .. } = &mut self.role {
            changes.waiting_said = false;
        }
        self.refresh_membership();
        self.track_new_peers(index, out.now());
        self.note_membership(
            MemberNote::Appended {
                index,
                voters,
                new_voters,
                completes_joint,
                before_own_term_commit,
            },
            out,
        );
        self.replicate_new_entry(out);
    }

    /// Progress for voters the leader did not track yet (normally every new voter caught
    /// up as a learner first): they are sent from the configuration entry on.
    fn track_new_peers(&mut self, index: LogIndex, now: Time) {
        let peers: Vec<NodeId> = self.peers().collect();
        if let Role::Leader { progress, heard_at, .. } = &mut self.role {
            for id in peers {
                progress.get_or_insert_with(id, || Progress::new(index - 1));
                heard_at.get_or_insert_with(id, || now);
            }
        }
    }

    fn note_membership(&self, event: MemberNote, out: &mut Out<Self>) {
        out.note(RaftNote::Membership { node: self.id, event });
    }
}
