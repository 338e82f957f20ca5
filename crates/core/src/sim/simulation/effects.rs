//! What a handler's effects do: a send goes on the wire (or is lost, duplicated or held, as
//! the network says), a timer is set with a delay drawn from its range, a reply reaches its
//! client, a note joins the trace.

use super::*;
use crate::protocol::{Effect, Protocol};
use crate::sim::Stream;
use crate::sim::network::MessageId;
use crate::sim::trace::{DropReason, TraceEvent};
use crate::types::{NodeId, Time};
use std::collections::VecDeque;

impl<P: Protocol> Simulation<P> {
    pub(super) fn apply(
        &mut self,
        node: NodeId,
        effect: Effect<P::Message, P::Timer, P::Note>,
        work: &mut VecDeque<Input<P>>,
    ) {
        match effect {
            Effect::Send { to, message } if to == node => work.push_back(Input::Message {
                from: node,
                to,
                message,
            }),
            Effect::Send { to, message } => self.send(node, to, message),
            Effect::SetTimer { timer, min, max } => self.set_timer(node, timer, min, max),
            Effect::CancelTimer(timer) => {
                self.timers.remove(&(node, timer));
            }
            Effect::Reply { request, reply } => self.client_reply(node, request, reply, work),
            Effect::Note(note) => self.record(TraceEvent::Note { node, note }),
        }
    }

    pub(super) fn set_timer(&mut self, node: NodeId, timer: P::Timer, min: Time, max: Time) {
        let fires_at = self.time + self.rng.between(Stream::Timers(node), self.time, min, max.max(min));
        let generation = self.next_timer_generation;
        self.next_timer_generation += 1;
        self.timers.insert(
            (node, timer),
            PendingTimer {
                set_at: self.time,
                fires_at,
                generation,
            },
        );
        if !self.settings.manual_timers {
            self.queue.push(
                fires_at,
                Due::Timer {
                    node,
                    timer,
                    generation,
                },
            );
        }
    }

    pub(super) fn send(&mut self, from: NodeId, to: NodeId, message: P::Message) {
        let kind = crate::protocol::MessageKind::kind(&message);
        self.usage.messages_sent += 1;
        let keep_alive = crate::protocol::MessageKind::keep_alive(&message) || self.answering_keep_alive == Some(to);
        self.usage.keep_alive_sent += u64::from(keep_alive);
        let armed = self.armed_drops.iter().position(|&link| link == (from, to));
        if let Some(index) = armed {
            self.armed_drops.remove(index);
            self.conditions_changed();
        }
        let network = &self.settings.network;
        if network.manual && armed.is_none() {
            let contents = self.contents_for_trace(&message);
            let id = self.wire.put(from, to, message, self.time, None);
            self.record_sent(id, from, to, kind, false, contents);
            return;
        }
        let (latency, loss, duplicate) = (network.latency, network.loss, network.duplicate);
        if armed.is_some() || self.rng.chance(Stream::Link(from, to), self.time, loss) {
            let contents = self.contents_for_trace(&message);
            let id = self.wire.put(from, to, message, self.time, None);
            self.wire.take(id);
            self.record_sent(id, from, to, kind, false, contents);
            self.record(TraceEvent::Dropped {
                id,
                from,
                to,
                kind,
                reason: if armed.is_some() {
                    DropReason::Dropped
                } else {
                    DropReason::Lost
                },
            });
            return;
        }
        let copies = if self.rng.chance(Stream::Link(from, to), self.time, duplicate) {
            2
        } else {
            1
        };
        self.usage.messages_sent += copies - 1;
        self.usage.keep_alive_sent += u64::from(keep_alive) * (copies - 1);
        let contents = self.contents_for_trace(&message);
        for copy in 0..copies {
            let at = self.time
                + self
                    .rng
                    .between(Stream::Link(from, to), self.time, latency.0, latency.1);
            let id = self.wire.put(from, to, message.clone(), self.time, Some(at));
            self.queue.push(at, Due::Deliver(id));
            self.record_sent(id, from, to, kind, copy == 1, contents.clone());
        }
    }

    /// The message's fields in words when the trace is recorded (else nothing, so that an
    /// unrecorded run formats no text).
    pub(super) fn contents_for_trace(&self, message: &P::Message) -> String {
        if self.settings.record_trace && !self.count_only {
            crate::protocol::MessageKind::contents(message)
        } else {
            String::new()
        }
    }

    pub(super) fn record_sent(
        &mut self,
        id: MessageId,
        from: NodeId,
        to: NodeId,
        kind: &'static str,
        duplicate: bool,
        contents: String,
    ) {
        self.record(TraceEvent::Sent {
            id,
            from,
            to,
            kind,
            duplicate,
            contents,
        });
    }
}
