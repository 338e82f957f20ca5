//! Faults and hand-made network events: firing a timer, delivering or dropping a
//! message, crashes and restarts, partitions and cut links, network changes, injected faults.

use std::collections::VecDeque;

use super::*;
use crate::sim::network::NetworkConfig;

impl<P: Protocol> Simulation<P> {
    /// Fires node `id`'s earliest pending timer now. Returns false (and changes nothing)
    /// when the node is crashed or has no pending timer. A timer fired by hand is an
    /// intervention like a fault: the quiet window starts again from now (a forced
    /// election timeout deposes a leader; judging progress across it would blame the
    /// protocol for what the hand did).
    pub fn fire_timer(&mut self, id: NodeId) -> Result<bool, SimError> {
        self.check_node(id)?;
        let earliest = self
            .timers
            .iter()
            .filter(|((node, _), _)| *node == id)
            .min_by_key(|((_, timer), t)| (t.fires_at, *timer))
            .map(|((_, timer), _)| *timer);
        let Some(timer) = earliest else {
            return Ok(false);
        };
        self.timers.remove(&(id, timer));
        self.moments += 1;
        self.fire(id, timer);
        self.conditions_changed();
        Ok(true)
    }

    /// Delivers the `nth` oldest (1-based) in-flight message from `from` to `to` now.
    pub fn deliver_between(&mut self, from: NodeId, to: NodeId, nth: usize) -> Result<(), SimError> {
        let id = self.find_message(from, to, nth)?;
        self.deliver(id)
    }

    /// Drops the `nth` oldest (1-based) in-flight message from `from` to `to`.
    pub fn drop_between(&mut self, from: NodeId, to: NodeId, nth: usize) -> Result<(), SimError> {
        let id = self.find_message(from, to, nth)?;
        self.drop_message(id)
    }

    /// Drops the oldest in-flight message from `from` to `to`; when none is in flight,
    /// the next one `from` sends to `to` is dropped as it is sent.
    pub fn drop_next(&mut self, from: NodeId, to: NodeId) -> Result<(), SimError> {
        self.check_node(from)?;
        self.check_node(to)?;
        match self.find_message(from, to, 1) {
            Ok(id) => self.drop_message(id),
            Err(_) => {
                self.moments += 1;
                self.armed_drops.push((from, to));
                self.record(TraceEvent::NetworkChanged(format!(
                    "the next message from {from} to {to} will be dropped"
                )));
                self.conditions_changed();
                Ok(())
            }
        }
    }

    /// Delivers message `id` now (a partition or a crashed receiver still stops it).
    pub fn deliver(&mut self, id: MessageId) -> Result<(), SimError> {
        if !self.wire.contains(id) {
            return Err(SimError::NoMessageWithId(id));
        }
        self.moments += 1;
        self.deliver_now(id);
        Ok(())
    }

    pub(super) fn deliver_now(&mut self, id: MessageId) {
        let message = self.wire.take(id).expect("checked by the caller");
        let reason = if !self.partition.connects(message.from, message.to) {
            Some(if self.partition.cut_only_one_way(message.from, message.to) {
                DropReason::CutOneWay
            } else {
                DropReason::Partitioned
            })
        } else if !self.nodes[message.to as usize - 1].up {
            Some(DropReason::ReceiverDown)
        } else {
            None
        };
        let kind = crate::protocol::MessageKind::kind(&message.message);
        let (from, to) = (message.from, message.to);
        if let Some(reason) = reason {
            self.record(TraceEvent::Dropped {
                id,
                from,
                to,
                kind,
                reason,
            });
            return;
        }
        self.record(TraceEvent::Delivered { id, from, to, kind });
        self.run_inputs(VecDeque::from([Input::Message {
            from,
            to,
            message: message.message,
        }]));
    }

    /// Removes message `id` from the wire without delivering it.
    pub fn drop_message(&mut self, id: MessageId) -> Result<(), SimError> {
        let message = self.wire.take(id).ok_or(SimError::NoMessageWithId(id))?;
        self.moments += 1;
        self.record(TraceEvent::Dropped {
            id,
            from: message.from,
            to: message.to,
            kind: crate::protocol::MessageKind::kind(&message.message),
            reason: DropReason::Dropped,
        });
        self.conditions_changed();
        Ok(())
    }

    /// Delivers every in-flight message and those they cause, oldest first, until none
    /// is left. Fires no timer and does not move time. Returns how many were delivered.
    pub fn stabilize(&mut self) -> Result<usize, SimError> {
        let mut delivered = 0;
        while let Some(id) = self.wire.oldest() {
            if delivered == STABILIZE_LIMIT {
                return Err(SimError::DidNotStabilize(delivered));
            }
            self.deliver(id)?;
            delivered += 1;
        }
        Ok(delivered)
    }

    /// Crashes node `id`: it loses its volatile state and timers; messages to it are lost.
    pub fn crash(&mut self, id: NodeId) -> Result<(), SimError> {
        self.check_node(id)?;
        let slot = &mut self.nodes[id as usize - 1];
        if !slot.up {
            return Ok(());
        }
        slot.up = false;
        slot.state = slot.state.rebooted();
        self.moments += 1;
        self.timers.retain(|(node, _), _| *node != id);
        self.down_since[id as usize - 1] = Some(self.time);
        self.record(TraceEvent::Crashed(id));
        self.conditions_changed();
        self.check(id);
        Ok(())
    }

    /// Restarts a crashed node `id` from its persistent state.
    pub fn restart(&mut self, id: NodeId) -> Result<(), SimError> {
        self.check_node(id)?;
        let slot = &mut self.nodes[id as usize - 1];
        if slot.up {
            return Ok(());
        }
        slot.up = true;
        slot.state = slot.state.rebooted();
        self.moments += 1;
        self.down_since[id as usize - 1] = None;
        self.record(TraceEvent::Restarted(id));
        self.run_inputs(VecDeque::from([Input::Start(id)]));
        self.conditions_changed();
        Ok(())
    }

    /// Splits the network into `groups`; a node in no group is alone.
    pub fn partition_into(&mut self, groups: &[Vec<NodeId>]) -> Result<(), SimError> {
        let mut seen = crate::vec_map::VecSet::new();
        for &id in groups.iter().flatten() {
            self.check_node(id)?;
            if !seen.insert(id) {
                return Err(SimError::NodeInTwoGroups(id));
            }
        }
        let (cut, one_way) = (self.partition.cut_links(), self.partition.one_way_cuts());
        self.partition = Partition::split(self.settings.nodes, groups);
        for (a, b) in cut {
            self.partition.cut_link(a, b);
        }
        for (from, to) in one_way {
            self.partition.cut_one_way(from, to);
        }
        self.moments += 1;
        self.record(TraceEvent::Partitioned(self.partition.groups()));
        self.conditions_changed();
        Ok(())
    }

    /// Makes the network whole again: no groups, no cut link.
    pub fn heal(&mut self) {
        self.partition = Partition::default();
        self.moments += 1;
        self.record(TraceEvent::Healed);
        self.conditions_changed();
    }

    /// Cuts the link between `a` and `b`: messages between them are lost both ways.
    pub fn cut_link(&mut self, a: NodeId, b: NodeId) -> Result<(), SimError> {
        self.check_node(a)?;
        self.check_node(b)?;
        self.partition.cut_link(a, b);
        self.moments += 1;
        self.record(TraceEvent::LinkCut(a.min(b), a.max(b)));
        self.conditions_changed();
        Ok(())
    }

    /// Restores the link between `a` and `b`.
    pub fn restore_link(&mut self, a: NodeId, b: NodeId) -> Result<(), SimError> {
        self.check_node(a)?;
        self.check_node(b)?;
        self.partition.restore_link(a, b);
        self.moments += 1;
        self.record(TraceEvent::LinkRestored(a.min(b), a.max(b)));
        self.conditions_changed();
        Ok(())
    }

    /// Cuts the link from `from` to `to` in that direction only: messages from `from` to
    /// `to` are lost, messages from `to` to `from` still arrive.
    pub fn cut_one_way(&mut self, from: NodeId, to: NodeId) -> Result<(), SimError> {
        self.check_node(from)?;
        self.check_node(to)?;
        self.partition.cut_one_way(from, to);
        self.moments += 1;
        self.record(TraceEvent::OneWayCut(from, to));
        self.conditions_changed();
        Ok(())
    }

    /// Restores the direction `from` → `to` of the link cut by [`Self::cut_one_way`].
    pub fn restore_one_way(&mut self, from: NodeId, to: NodeId) -> Result<(), SimError> {
        self.check_node(from)?;
        self.check_node(to)?;
        self.partition.restore_one_way(from, to);
        self.moments += 1;
        self.record(TraceEvent::OneWayRestored(from, to));
        self.conditions_changed();
        Ok(())
    }

    /// An operator asks the node that leads now to hand its leadership to `to` (Raft's
    /// leadership transfer, thesis §3.10). With no leader, nothing happens and the trace
    /// says so.
    pub fn transfer_leadership(&mut self, to: NodeId) -> Result<(), SimError> {
        self.check_node(to)?;
        self.ask_leader(
            crate::protocol::NodeFault::TransferLeadership { to },
            TraceEvent::NoLeaderToTransfer(to),
        )
    }

    /// An operator asks the node that leads now to change the cluster's voting membership
    /// (Raft, thesis ch. 4). With no leader, nothing happens and the trace says so.
    pub fn change_members(&mut self, change: crate::protocol::MemberChange) -> Result<(), SimError> {
        match &change {
            crate::protocol::MemberChange::Add(id) | crate::protocol::MemberChange::Remove(id) => {
                self.check_node(*id)?
            }
            crate::protocol::MemberChange::Joint(ids) => ids.iter().try_for_each(|&id| self.check_node(id))?,
        }
        let none = TraceEvent::NoLeaderToChangeMembers(change.clone());
        self.ask_leader(crate::protocol::NodeFault::ChangeMembers(change), none)
    }

    /// Gives `fault` to the node that leads now: the up node that leads with the highest
    /// term (a deposed leader that has not heard so yet is not asked). With no leader,
    /// records `none` instead. An operator's command changes who may lead, as a fault
    /// does: the quiet window after which progress is judged starts again.
    fn ask_leader(&mut self, fault: crate::protocol::NodeFault, none: TraceEvent<P::Note>) -> Result<(), SimError> {
        self.conditions_changed();
        let leader = self
            .nodes
            .iter()
            .zip(1..)
            .filter(|(n, _)| n.up && n.state.leads())
            .max_by_key(|(n, _)| n.state.term())
            .map(|(_, id)| id);
        match leader {
            Some(leader) => self.inject(leader, fault),
            None => {
                self.moments += 1;
                self.record(none);
                Ok(())
            }
        }
    }

    /// Timers fire only when told (`manual`) or by themselves when due. Switching to
    /// automatic schedules every pending timer at its due time (now, if that has passed);
    /// switching to manual leaves them pending for `timeout` steps.
    pub fn set_manual_timers(&mut self, manual: bool) {
        if manual != self.settings.manual_timers {
            self.settings.manual_timers = manual;
            let pending: Vec<_> = self.timers.keys().copied().collect();
            for key in pending {
                let generation = self.next_timer_generation;
                self.next_timer_generation += 1;
                let timer = self.timers.get_mut(&key).expect("listed above");
                // A new generation makes any queue entry of the old mode stale.
                timer.generation = generation;
                if !manual {
                    let at = timer.fires_at.max(self.time);
                    let (node, timer) = key;
                    self.queue.push(
                        at,
                        Due::Timer {
                            node,
                            timer,
                            generation,
                        },
                    );
                }
            }
        }
        self.moments += 1;
        self.record(TraceEvent::TimersChanged(manual));
        self.conditions_changed();
    }

    /// Changes the network for messages sent from now on. Switching from manual to
    /// automatic delivery gives each waiting message a delivery time from now.
    pub fn set_network(&mut self, network: NetworkConfig) {
        let to_auto = self.settings.network.manual && !network.manual;
        let description = describe_network(&network);
        self.settings.network = network;
        if to_auto {
            let waiting: Vec<(MessageId, NodeId, NodeId)> = self
                .wire
                .iter()
                .filter(|m| m.deliver_at.is_none())
                .map(|m| (m.id, m.from, m.to))
                .collect();
            let (low, high) = self.settings.network.latency;
            for (id, from, to) in waiting {
                let at = self.time
                    + self
                        .rng
                        .between(crate::sim::Stream::Link(from, to), self.time, low, high);
                self.wire.set_deliver_at(id, at);
                self.queue.push(at, Due::Deliver(id));
            }
        }
        self.moments += 1;
        self.record(TraceEvent::NetworkChanged(description));
        self.conditions_changed();
    }

    /// Injects a fault into node `id` (a crashed node ignores it).
    pub fn inject(&mut self, id: NodeId, fault: crate::protocol::NodeFault) -> Result<(), SimError> {
        self.check_node(id)?;
        if !self.nodes[id as usize - 1].up {
            return Ok(());
        }
        // What the fault makes the node note counts at the next moment.
        self.hold_bugs_at(id as usize - 1, self.moments + 1);
        let mut out = std::mem::take(&mut self.effects);
        out.set_now(self.time);
        let led = self.nodes[id as usize - 1].state.leads();
        let result = self.nodes[id as usize - 1].state.on_fault(fault, &mut out);
        self.count_leadership(id as usize - 1, led);
        self.moments += 1;
        let mut work = VecDeque::new();
        for effect in out.drain() {
            self.apply(id, effect, &mut work);
        }
        self.effects = out;
        self.run_inputs(work);
        self.check(id);
        result.map_err(SimError::NotApplicable)
    }

    pub(super) fn find_message(&self, from: NodeId, to: NodeId, nth: usize) -> Result<MessageId, SimError> {
        self.check_node(from)?;
        self.check_node(to)?;
        self.wire
            .nth_between(from, to, nth)
            .ok_or(SimError::NoSuchMessage { from, to, nth })
    }
}

/// The network's settings in words, for the trace.
fn describe_network(n: &NetworkConfig) -> String {
    let delivery = if n.manual {
        "messages wait to be delivered by hand"
    } else {
        "messages arrive by themselves"
    };
    format!(
        "{delivery}; latency {} to {} ms, loss {}, duplication {}",
        n.latency.0,
        n.latency.1,
        crate::words::percent(n.loss),
        crate::words::percent(n.duplicate)
    )
}
