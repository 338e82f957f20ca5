//! What an [`AnyNode`](super::AnyNode) exchanges with the engine: each protocol's own
//! message, timer, note, configuration, persistent state and view, wrapped. Every trait
//! the engine asks of them passes straight through to the protocol's own, so a run of the
//! one engine reads, prints and serializes exactly as the protocol's own run does.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::explain::{Explain, Rule};
use crate::paxos::{PaxosConfig, PaxosMessage, PaxosNote, PaxosPersistent, PaxosTimer, PaxosView};
use crate::protocol::MessageKind;
use crate::raft::{RaftConfig, RaftMessage, RaftNote, RaftPersistent, RaftTimer, RaftView};
use crate::two_phase::{TwoPcConfig, TwoPcMessage, TwoPcNote, TwoPcPersistent, TwoPcTimer, TwoPcView};

/// Runs `$body` with `$x` bound to the wrapped value, whatever the protocol.
macro_rules! each {
    ($type:ident, $value:expr, $x:ident => $body:expr) => {
        match $value {
            $type::Raft($x) => $body,
            $type::TwoPhase($x) => $body,
            $type::Paxos($x) => $body,
        }
    };
}

/// A message of any protocol.
#[derive(Clone)]
pub enum AnyMessage {
    /// Raft's.
    Raft(RaftMessage),
    /// Two-phase commit's.
    TwoPhase(TwoPcMessage),
    /// Paxos's (boxed: the largest of the three, it would make every message as large).
    Paxos(Box<PaxosMessage>),
}

impl MessageKind for AnyMessage {
    fn kind(&self) -> &'static str {
        each!(AnyMessage, self, m => m.kind())
    }

    fn contents(&self) -> String {
        each!(AnyMessage, self, m => m.contents())
    }
}

impl fmt::Debug for AnyMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        each!(AnyMessage, self, m => m.fmt(f))
    }
}

/// A timer of any protocol. Timers of one cluster are all of one protocol, so they
/// order as the protocol's own do.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AnyTimer {
    /// Raft's.
    Raft(RaftTimer),
    /// Two-phase commit's.
    TwoPhase(TwoPcTimer),
    /// Paxos's.
    Paxos(PaxosTimer),
}

impl fmt::Debug for AnyTimer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        each!(AnyTimer, self, t => fmt::Debug::fmt(t, f))
    }
}

impl fmt::Display for AnyTimer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        each!(AnyTimer, self, t => fmt::Display::fmt(t, f))
    }
}

/// A note (what a node did and why) of any protocol.
#[derive(Clone)]
pub enum AnyNote {
    /// Raft's.
    Raft(RaftNote),
    /// Two-phase commit's.
    TwoPhase(TwoPcNote),
    /// Paxos's (boxed: the largest of the three, it would make every note as large).
    Paxos(Box<PaxosNote>),
}

impl fmt::Debug for AnyNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        each!(AnyNote, self, n => fmt::Debug::fmt(n, f))
    }
}

impl fmt::Display for AnyNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        each!(AnyNote, self, n => fmt::Display::fmt(n, f))
    }
}

impl Explain for AnyNote {
    fn rule(&self) -> Option<&'static Rule> {
        each!(AnyNote, self, n => n.rule())
    }

    fn milestone(&self) -> Option<&'static str> {
        each!(AnyNote, self, n => n.milestone())
    }

    fn decisive(&self) -> bool {
        each!(AnyNote, self, n => n.decisive())
    }
}

/// The settings a cluster of any protocol shares; says which protocol it runs.
#[derive(Clone, Debug)]
pub enum AnyConfig {
    /// Raft's.
    Raft(RaftConfig),
    /// Two-phase commit's.
    TwoPhase(TwoPcConfig),
    /// Paxos's.
    Paxos(PaxosConfig),
}

/// The state that survives a crash, of any protocol.
#[derive(Clone, Debug, Default)]
pub enum AnyPersistent {
    /// None yet: the protocol's state of a node that never ran (what the cluster's
    /// configuration says the protocol is).
    #[default]
    Fresh,
    /// Raft's.
    Raft(RaftPersistent),
    /// Two-phase commit's.
    TwoPhase(TwoPcPersistent),
    /// Paxos's.
    Paxos(PaxosPersistent),
}

/// A node of any protocol as a snapshot shows it; serialized as the protocol's own view.
#[derive(Clone)]
pub enum AnyView {
    /// Raft's.
    Raft(RaftView),
    /// Two-phase commit's.
    TwoPhase(TwoPcView),
    /// Paxos's.
    Paxos(PaxosView),
}

impl fmt::Debug for AnyView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        each!(AnyView, self, v => v.fmt(f))
    }
}

impl Serialize for AnyView {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        each!(AnyView, self, v => v.serialize(serializer))
    }
}

impl crate::display::Display for AnyView {
    fn display(&self) -> crate::display::NodeDisplay {
        each!(AnyView, self, v => v.display())
    }
}
