//! The stretch of a recording's trace that a timeline holds: around the cursor, bounded,
//! so that a run played for hours keeps as much as a reader can look at, not its history.

use crate::sim::TraceEntry;

/// Past this many entries a window drops its oldest, down to [`KEPT`] (never into the
/// context a view needs before the cursor, which a very large cluster may make longer).
pub const HELD: usize = 20_000;
/// How many entries a window keeps when it drops its oldest.
pub const KEPT: usize = 10_000;

/// A contiguous stretch of a recording's trace.
#[derive(Clone, Debug)]
pub struct TraceWindow<N> {
    /// Invariant: in trace order (moments non-decreasing); every entry of the recording
    /// whose moment lies in `from_moment..=to_moment`, and none after `to_moment`.
    entries: Vec<TraceEntry<N>>,
    /// The index of `entries[0]` in the recording's whole trace.
    first: u64,
    /// The first moment held whole.
    from_moment: u64,
    /// The last moment held.
    to_moment: u64,
    /// Counts the times the window was filled anew (not extended): the indices of two
    /// generations need not continue each other.
    generation: u64,
}

impl<N> TraceWindow<N> {
    /// A window holding `entries`, the entries of moments `from_moment..=to_moment`, the
    /// first of which has index `first` in the whole trace.
    pub fn new(first: u64, from_moment: u64, to_moment: u64, entries: Vec<TraceEntry<N>>, generation: u64) -> Self {
        Self {
            entries,
            first,
            from_moment,
            to_moment,
            generation,
        }
    }

    /// The entries held, in order.
    pub fn entries(&self) -> &[TraceEntry<N>] {
        &self.entries
    }

    /// The index of the first entry held in the whole trace.
    pub fn first(&self) -> u64 {
        self.first
    }

    /// The index in the whole trace just past the last entry held.
    pub fn end(&self) -> u64 {
        self.first + self.entries.len() as u64
    }

    /// The first moment held whole.
    pub fn from_moment(&self) -> u64 {
        self.from_moment
    }

    /// The last moment held.
    pub fn to_moment(&self) -> u64 {
        self.to_moment
    }

    /// Which filling this is (see the field).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Whether it holds every entry of moments `from..=to`.
    pub fn holds(&self, from: u64, to: u64) -> bool {
        self.from_moment <= from && to <= self.to_moment
    }

    /// The index in the whole trace just past the entries at or before moment `moment`
    /// (of those held).
    pub fn end_at(&self, moment: u64) -> u64 {
        self.first + self.entries.partition_point(|e| e.moment <= moment) as u64
    }

    /// The entries held whose whole-trace indices lie in `range` (clamped to what is held).
    pub fn slice(&self, range: std::ops::Range<u64>) -> &[TraceEntry<N>] {
        let clamp = |i: u64| (i.clamp(self.first, self.end()) - self.first) as usize;
        let (start, end) = (clamp(range.start), clamp(range.end));
        &self.entries[start..end.max(start)]
    }

    /// Appends `more`, which continues the window exactly, up to moment `to_moment`.
    pub fn extend(&mut self, more: Vec<TraceEntry<N>>, to_moment: u64) {
        self.entries.extend(more);
        self.to_moment = self.to_moment.max(to_moment);
    }

    /// Appends those of `more` that come after the last moment held (`more` starts at or
    /// before it), up to moment `to_moment`.
    pub fn extend_after(&mut self, more: Vec<TraceEntry<N>>, to_moment: u64) {
        let last = self.to_moment;
        self.entries.extend(more.into_iter().filter(|e| e.moment > last));
        self.to_moment = self.to_moment.max(to_moment);
    }

    /// Drops every entry after moment `moment` (the recording was cut there).
    pub fn cut_after(&mut self, moment: u64) {
        let keep = self.entries.partition_point(|e| e.moment <= moment);
        self.entries.truncate(keep);
        self.to_moment = self.to_moment.min(moment);
    }

    /// Past [`HELD`] entries, drops the oldest whole moments down to about [`KEPT`], but
    /// none from moment `keep_from` on (the context a view needs before the cursor).
    pub fn trim(&mut self, keep_from: u64) {
        if self.entries.len() <= HELD {
            return;
        }
        let moment = self.entries[self.entries.len() - KEPT].moment.min(keep_from);
        let cut = self.entries.partition_point(|e| e.moment < moment);
        if cut == 0 {
            return;
        }
        self.entries.drain(..cut);
        self.first += cut as u64;
        self.from_moment = moment;
    }
}
