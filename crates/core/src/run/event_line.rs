//! One trace entry with the protocol left out: its sentence, the nodes and message it
//! involves, the rule it follows. What event logs, tours and trace exports show.

use serde::Serialize;

use crate::explain::{Explain, Rule};
use crate::sim::{TraceEntry, TraceEvent};
use crate::types::{NodeId, Time};

/// What sort of event a line is (for styling and filtering).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventClass {
    /// A message sent or received.
    Traffic,
    /// A node explained a decision.
    Note,
    /// A crash, a drop, a partition, a cut link.
    Fault,
    /// A client request or answer.
    Client,
    /// A timer fired (what the node did about it follows as a note).
    Timer,
    /// Anything else (a timer, a restart, a network change).
    Other,
}

/// One event, protocol-free.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventLine {
    /// Virtual time (ms).
    pub time: Time,
    /// The moment it belongs to.
    pub moment: u64,
    /// The sentence.
    pub text: String,
    /// Its sort.
    pub class: EventClass,
    /// The nodes involved.
    pub nodes: Vec<NodeId>,
    /// The message it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<u64>,
    /// Whether it is a message's arrival.
    pub arrival: bool,
    /// The fields of the message it sends, in words (sent messages only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contents: Option<String>,
    /// The protocol rule it follows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'static Rule>,
    /// Whether it changes what the run is about (a role change, a commit, an overwrite, a
    /// decision, blocking, a crash): a tour never hides it behind routine events.
    pub decisive: bool,
}

impl EventLine {
    /// The line for `entry`.
    pub fn of<N: std::fmt::Display + Explain>(entry: &TraceEntry<N>) -> Self {
        let event = &entry.event;
        Self {
            time: entry.time,
            moment: entry.moment,
            text: event.to_string(),
            class: class_of(event),
            nodes: event.nodes(),
            message: event.message(),
            arrival: matches!(event, TraceEvent::Delivered { .. }),
            contents: match event {
                TraceEvent::Sent { contents, .. } if !contents.is_empty() => Some(contents.clone()),
                _ => None,
            },
            rule: match event {
                TraceEvent::Note { note, .. } => note.rule(),
                _ => None,
            },
            decisive: is_decisive(event),
        }
    }
}

/// Whether `event` is decisive (see [`EventLine::decisive`]).
pub fn is_decisive<N: Explain>(event: &TraceEvent<N>) -> bool {
    match event {
        TraceEvent::Note { note, .. } => note.decisive(),
        TraceEvent::Crashed(_)
        | TraceEvent::Restarted(_)
        | TraceEvent::Partitioned(_)
        | TraceEvent::Healed
        | TraceEvent::LinkCut(..)
        | TraceEvent::LinkRestored(..)
        | TraceEvent::OneWayCut(..)
        | TraceEvent::OneWayRestored(..) => true,
        _ => false,
    }
}

/// The class of `event`.
pub fn class_of<N>(event: &TraceEvent<N>) -> EventClass {
    match event {
        TraceEvent::Sent { .. } | TraceEvent::Delivered { .. } => EventClass::Traffic,
        TraceEvent::Note { .. } => EventClass::Note,
        TraceEvent::Dropped { .. }
        | TraceEvent::Crashed(_)
        | TraceEvent::LinkCut(..)
        | TraceEvent::OneWayCut(..)
        | TraceEvent::Partitioned(_) => EventClass::Fault,
        TraceEvent::ClientSent { .. } | TraceEvent::ClientAnswered { .. } => EventClass::Client,
        TraceEvent::TimerFired { .. } => EventClass::Timer,
        _ => EventClass::Other,
    }
}
