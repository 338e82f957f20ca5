//! The space-time (Lamport) diagram of a run as data: one line per node, time flowing
//! down one row per moment, each message an arrow from the moment it was sent to the
//! moment it arrived or was dropped, crashes, restarts and role changes marked on the
//! lines. Views draw the rows they show; [`svg`] writes the whole diagram.

pub mod svg;

use serde::Serialize;

use crate::explain::Explain;
use crate::sim::{DropReason, TraceEntry, TraceEvent};
use crate::timeline::TraceWindow;
use crate::types::{NodeId, Time};

/// How a message's arrow ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fate {
    /// Still on the wire at the end of what the diagram has seen.
    InFlight,
    /// It arrived.
    Delivered,
    /// Removed by a user or a `drop` step.
    Dropped,
    /// Lost by the network.
    Lost,
    /// Stopped by a partition or cut link.
    Partitioned,
    /// Its receiver was crashed.
    ReceiverDown,
}

impl From<DropReason> for Fate {
    fn from(reason: DropReason) -> Self {
        match reason {
            DropReason::Dropped => Fate::Dropped,
            DropReason::Lost => Fate::Lost,
            DropReason::Partitioned | DropReason::CutOneWay => Fate::Partitioned,
            DropReason::ReceiverDown => Fate::ReceiverDown,
        }
    }
}

/// One message.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Arrow {
    /// The message id.
    pub id: u64,
    /// The sender.
    pub from: NodeId,
    /// The receiver.
    pub to: NodeId,
    /// Its type.
    pub kind: &'static str,
    /// Its fields in words, as the trace recorded them when it was sent.
    pub contents: String,
    /// The moment it was sent.
    pub sent: u64,
    /// The moment it arrived or was dropped (`None` while in flight).
    pub ended: Option<u64>,
    /// How it ended.
    pub fate: Fate,
}

/// What a mark on a node's line says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// The node crashed.
    Crash,
    /// The node restarted.
    Restart,
    /// A role change or decision (its label says which).
    Milestone,
}

/// A mark on a node's line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mark {
    /// The node.
    pub node: NodeId,
    /// The moment.
    pub moment: u64,
    /// Its kind.
    pub kind: MarkKind,
    /// `crashed`, `leader`, `commit`...
    pub label: &'static str,
}

/// The diagram of a run, built incrementally from its trace.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Diagram {
    /// How many node lines.
    pub nodes: u32,
    /// Messages in the order they were sent. Invariant: `sent` non-decreasing.
    pub arrows: Vec<Arrow>,
    /// Marks in moment order.
    pub marks: Vec<Mark>,
    /// The virtual time of each moment seen so far, as `(moment, time)` pairs in moment order.
    pub times: Vec<(u64, Time)>,
    /// The first moment held: the diagram shows moments `first_moment..=last_moment`
    /// (a long run's diagram holds only the stretch a reader looks at).
    pub first_moment: u64,
    /// The last moment held.
    pub last_moment: u64,
    /// The longest span (in moments) of any ended arrow, to find arrows crossing a window.
    longest: u64,
    /// The whole-trace index just past the last entry taken in.
    #[serde(skip)]
    seen: u64,
    /// The generation of the trace window it was built from and follows (`None`: built
    /// from a trace of its own).
    #[serde(skip)]
    generation: Option<u64>,
}

/// Most arrows a diagram keeps while it follows a run; past it, arrows before the stretch
/// a reader looks at are forgotten.
pub const MAX_ARROWS: usize = 30_000;

impl Diagram {
    /// An empty diagram of `nodes` nodes.
    pub fn new(nodes: u32) -> Self {
        Self {
            nodes,
            ..Self::default()
        }
    }

    /// The diagram of a whole trace.
    pub fn of<N: Explain>(nodes: u32, trace: &[TraceEntry<N>]) -> Self {
        let mut diagram = Self::new(nodes);
        diagram.update(trace);
        diagram
    }

    /// The diagram of moments `from_moment..=to_moment` of a run, from their trace
    /// (`first`: the index of its first entry in the whole trace).
    pub fn of_stretch<N: Explain>(
        nodes: u32,
        first: u64,
        from_moment: u64,
        to_moment: u64,
        trace: &[TraceEntry<N>],
    ) -> Self {
        let mut diagram = Self::new(nodes);
        diagram.first_moment = from_moment;
        diagram.seen = first;
        diagram.update(trace);
        diagram.last_moment = diagram.last_moment.max(to_moment);
        diagram
    }

    /// The diagram of what a trace window holds, following it from then on.
    pub fn of_window<N: Explain>(nodes: u32, window: &TraceWindow<N>) -> Self {
        let mut diagram = Self::of_stretch(
            nodes,
            window.first(),
            window.from_moment(),
            window.to_moment(),
            window.entries(),
        );
        diagram.generation = Some(window.generation());
        diagram
    }

    /// Whether `window` continues what the diagram has taken in, so that
    /// [`Diagram::follow`] can add what is new.
    pub fn continues(&self, window: &TraceWindow<impl Sized>) -> bool {
        self.generation == Some(window.generation()) && (window.first()..=window.end()).contains(&self.seen)
    }

    /// Takes in what `window` holds that the diagram has not seen (when it
    /// [continues](Diagram::continues) the diagram).
    pub fn follow<N: Explain>(&mut self, window: &TraceWindow<N>) {
        if !self.continues(window) {
            return;
        }
        self.update(window.slice(self.seen..window.end()));
        self.last_moment = self.last_moment.max(window.to_moment());
    }

    /// Whether it holds every moment of `from..=to`.
    pub fn holds(&self, from: u64, to: u64) -> bool {
        self.first_moment <= from && to <= self.last_moment
    }

    /// Forgets the arrows, marks and times before moment `moment` (arrows still in flight
    /// then or arriving later stay).
    pub fn forget_before(&mut self, moment: u64) {
        if moment <= self.first_moment {
            return;
        }
        self.arrows
            .retain(|a| a.sent >= moment || a.ended.is_none_or(|e| e >= moment));
        self.marks.retain(|m| m.moment >= moment);
        let keep = self.times.partition_point(|(m, _)| *m < moment).saturating_sub(1);
        self.times.drain(..keep);
        self.first_moment = moment;
    }

    /// Takes in the entries of `trace`, which continue what the diagram has seen.
    pub fn update<N: Explain>(&mut self, trace: &[TraceEntry<N>]) {
        for entry in trace {
            self.take(entry);
        }
        self.seen += trace.len() as u64;
    }

    fn take<N: Explain>(&mut self, entry: &TraceEntry<N>) {
        let moment = entry.moment;
        if self.times.last().is_none_or(|(m, _)| *m != moment) {
            self.times.push((moment, entry.time));
        }
        self.last_moment = moment;
        let mark = |node, kind, label| Mark {
            node,
            moment,
            kind,
            label,
        };
        match &entry.event {
            TraceEvent::Sent {
                id,
                from,
                to,
                kind,
                contents,
                ..
            } => self.arrows.push(Arrow {
                id: *id,
                from: *from,
                to: *to,
                kind,
                contents: contents.clone(),
                sent: moment,
                ended: None,
                fate: Fate::InFlight,
            }),
            TraceEvent::Delivered { id, .. } => self.end(*id, moment, Fate::Delivered),
            TraceEvent::Dropped { id, reason, .. } => self.end(*id, moment, (*reason).into()),
            TraceEvent::Crashed(node) => self.marks.push(mark(*node, MarkKind::Crash, "crashed")),
            TraceEvent::Restarted(node) => self.marks.push(mark(*node, MarkKind::Restart, "restarted")),
            TraceEvent::Note { node, note } => {
                if let Some(label) = note.milestone() {
                    self.marks.push(mark(*node, MarkKind::Milestone, label));
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, id: u64, moment: u64, fate: Fate) {
        // Messages end roughly in the order they were sent: search from the back.
        if let Some(arrow) = self.arrows.iter_mut().rev().find(|a| a.id == id) {
            arrow.ended = Some(moment);
            arrow.fate = fate;
            self.longest = self.longest.max(moment - arrow.sent);
        }
    }

    /// The arrows that cross moments `from..=to` (sent, in flight or ending in it), as
    /// indices into `arrows`. Looks only at arrows sent in the window or just before it.
    pub fn arrows_between(&self, from: u64, to: u64) -> impl Iterator<Item = usize> + '_ {
        let earliest = from.saturating_sub(self.longest);
        let start = self.arrows.partition_point(|a| a.sent < earliest);
        let end = self.arrows.partition_point(|a| a.sent <= to);
        (start..end).filter(move |&i| {
            let a = &self.arrows[i];
            a.ended.is_none_or(|e| e >= from)
        })
    }

    /// The marks at moments `from..=to`.
    pub fn marks_between(&self, from: u64, to: u64) -> &[Mark] {
        let start = self.marks.partition_point(|m| m.moment < from);
        let end = self.marks.partition_point(|m| m.moment <= to);
        &self.marks[start..end]
    }

    /// The virtual time of `moment` (of the latest moment at or before it).
    pub fn time_of(&self, moment: u64) -> Time {
        let i = self.times.partition_point(|(m, _)| *m <= moment);
        i.checked_sub(1).map_or(0, |i| self.times[i].1)
    }

    /// The arrow of message `id`.
    pub fn arrow(&self, id: u64) -> Option<&Arrow> {
        self.arrows.iter().rev().find(|a| a.id == id)
    }
}
