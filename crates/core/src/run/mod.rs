//! A recorded run of any protocol, with the protocol left out of its type: what a page,
//! a comparison or a tour holds. [`AnyRun`] wraps a [`Timeline`] of the one engine
//! ([`AnyNode`]: Raft, two-phase commit or Paxos) and answers in protocol-free terms
//! ([`NodeDisplay`], [`EventLine`]).
//! [`Lockstep`] runs several under one clock and one fault script.

mod bugs;
mod event_line;
mod heading;
mod lockstep;
mod tour;

pub use bugs::{BugInfo, bug_switches, invariants, is_progress_property, progress_properties};
pub use event_line::{EventClass, EventLine, class_of};
pub use lockstep::Lockstep;
pub use tour::{TourStop, tour, tour_beside_correct, tour_of_panes};

use crate::any::AnyNode;
use crate::check::{Violation, linearizability};
use crate::diagram::{Diagram, MAX_ARROWS};
use crate::display::NodeDisplay;
use crate::metrics::{Metrics, Outcomes, metrics, outcomes};
use crate::scenario::runner::{apply_step, build};
use crate::scenario::{ProtocolName, Scenario, Step};
use crate::sim::{ClusterState, InFlightView, SimSettings};
use crate::timeline::Timeline;
use crate::types::{NodeId, Time};

/// Most moments a trace export holds (about 100 MB of JSON for a busy cluster).
pub const EXPORT_MOMENTS: u64 = 200_000;

/// Whether a run can make progress, as the checker's progress part shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProgressState {
    /// Nothing stands in the way; `quiet_since` is when every node was last all up with
    /// the network whole (when the progress properties' window began), if it is now.
    Progressing {
        /// When the current quiet window began.
        quiet_since: Option<Time>,
    },
    /// The protocol cannot progress now, and why. Not a violation: a fault is in the way,
    /// or (with `quiet_since` set) the quiet window that must end it is still running.
    Stuck {
        /// Why, in words.
        why: String,
        /// When the current quiet window began, if everything is whole now.
        quiet_since: Option<Time>,
    },
    /// A progress property was violated (listed among the violations).
    Violated,
}

/// A recorded run of one of the protocols, on the one engine.
#[derive(Clone, Debug)]
pub struct AnyRun {
    /// The run's timeline.
    timeline: Timeline<AnyNode>,
    /// The pane's own title, when a comparison gave it one.
    title: Option<String>,
}

impl AnyRun {
    /// Records `scenario` under its `protocol` (its steps replayed; the cursor at the end).
    pub fn new(scenario: Scenario) -> Result<Self, String> {
        let e = |e: crate::scenario::ScenarioError| e.to_string();
        let booted = build(&scenario).map_err(e)?;
        Ok(AnyRun {
            timeline: Timeline::new(scenario, booted).map_err(e)?,
            title: None,
        })
    }

    /// The protocol.
    pub fn protocol(&self) -> ProtocolName {
        self.recording().protocol
    }

    /// The recording: settings, initial state and every step.
    pub fn recording(&self) -> &Scenario {
        self.timeline.recording()
    }

    /// The cursor (moments passed).
    pub fn position(&self) -> u64 {
        self.timeline.position()
    }

    /// The last moment of the recording.
    pub fn end(&self) -> u64 {
        self.timeline.end()
    }

    /// The virtual time at the end of the recording.
    pub fn end_time(&self) -> Time {
        self.timeline.end_time()
    }

    /// Whether the cursor is at the end of the recording.
    pub fn at_end(&self) -> bool {
        self.timeline.at_end()
    }

    /// Whether the next recorded step is a stretch of time.
    pub fn next_is_timed(&self) -> bool {
        self.timeline.next_is_timed()
    }

    /// The virtual time at the cursor.
    pub fn time(&self) -> Time {
        self.timeline.sim().time()
    }

    /// The simulation's settings.
    pub fn settings(&self) -> &SimSettings {
        self.timeline.sim().settings()
    }

    /// The cluster size.
    pub fn nodes(&self) -> u32 {
        self.settings().nodes
    }

    /// Whether node `id` is up (false for a node that does not exist).
    pub fn is_up(&self, id: NodeId) -> bool {
        self.timeline.sim().node(id).is_ok_and(|n| n.up)
    }

    /// For each recorded step, the moment at which it ends.
    pub fn step_ends(&self) -> Vec<u64> {
        self.timeline.step_ends()
    }

    /// Moves the cursor to moment `moment`.
    pub fn seek(&mut self, moment: u64) {
        self.timeline.seek(moment)
    }

    /// Moves the cursor to moment `moment`, then inside a stretch of time on to `time`.
    pub fn seek_to(&mut self, moment: u64, time: Time) {
        self.timeline.seek_to(moment, time)
    }

    /// Moves the cursor to virtual time `time`.
    pub fn seek_time(&mut self, time: Time) {
        self.timeline.seek_time(time)
    }

    /// Plays forward `ms` of virtual time (see [`Timeline::play`]).
    pub fn play(&mut self, ms: Time) -> Result<(), String> {
        self.timeline.play(ms)
    }

    /// Records `step` at the cursor (cutting the recording there if it is not the end).
    pub fn record(&mut self, step: Step) -> Result<(), String> {
        self.timeline.record(step)
    }

    /// Drops the recording after the cursor (see [`Timeline::truncate`]).
    pub fn truncate(&mut self) {
        self.timeline.truncate()
    }

    /// Whether `step` can be applied at the cursor (tried on a copy of the state).
    pub fn check_step(&self, step: &Step) -> Result<(), String> {
        {
            let mut copy = self.timeline.sim().clone();
            copy.set_record_trace(false);
            apply_step(&mut copy, step, &mut |_, _| {})
        }
    }

    /// One moment forward: the next recorded moment, or at the end the next scheduled event.
    pub fn step_forward(&mut self) -> Result<(), String> {
        if self.at_end() {
            self.record(Step::Events(1))
        } else {
            let next = self.position() + 1;
            self.seek(next);
            Ok(())
        }
    }

    /// The virtual time of the next scheduled event that would change something.
    pub fn next_due(&mut self) -> Option<Time> {
        self.timeline.next_live_due()
    }

    /// The latest virtual time before `time` at which something happened in the recording.
    pub fn previous_event_time(&self, time: Time) -> Option<Time> {
        self.timeline.previous_event_time(time)
    }

    /// The cluster at the cursor, drawn the common way. Messages' contents are left
    /// empty (ask [`AnyRun::message_contents`] for the one a reader looks at).
    pub fn display(&self) -> ClusterState<NodeDisplay> {
        self.timeline.sim().display()
    }

    /// The messages on the wire, oldest first (contents left empty).
    pub fn in_flight(&self) -> Vec<InFlightView> {
        self.timeline.sim().in_flight_views_with(false)
    }

    /// The fields of in-flight message `id` in its protocol's own names.
    pub fn message_contents(&self, id: u64) -> Option<String> {
        self.timeline.sim().message_contents(id)
    }

    /// Whether the link between `a` and `b` is cut one by one.
    pub fn is_cut(&self, a: NodeId, b: NodeId) -> bool {
        self.timeline
            .sim()
            .partition()
            .cut_links()
            .contains(&(a.min(b), a.max(b)))
    }

    /// Whether messages from `from` to `to` are lost by a one-way cut of that direction.
    pub fn is_cut_one_way(&self, from: NodeId, to: NodeId) -> bool {
        self.timeline.sim().partition().one_way_cuts().contains(&(from, to))
    }

    /// How many trace entries lie at or before the cursor (counted over the whole run,
    /// though only those around the cursor are held).
    pub fn trace_len(&self) -> usize {
        self.timeline.trace_len() as usize
    }

    /// Counts the times the held trace was filled anew (a jump far from what it held):
    /// indices of [`AnyRun::lines`] continue each other only within one generation.
    pub fn trace_generation(&self) -> u64 {
        self.timeline.window().generation()
    }

    /// The trace entries `range` (whole-trace indices, up to the cursor), protocol-free;
    /// only those held around the cursor (at least
    /// [`CONTEXT_MOMENTS`](crate::timeline::CONTEXT_MOMENTS) moments before it).
    pub fn lines(&self, range: std::ops::Range<usize>) -> Vec<EventLine> {
        {
            let end = (range.end as u64).min(self.timeline.trace_len());
            self.timeline
                .window()
                .slice(range.start as u64..end)
                .iter()
                .map(EventLine::of)
                .collect()
        }
    }

    /// The whole recording's trace, protocol-free (beyond the cursor too), made again by
    /// replaying the recording.
    pub fn all_lines(&self) -> Vec<EventLine> {
        self.timeline.whole_trace().iter().map(EventLine::of).collect()
    }

    /// The moments a trace export holds: the whole recording when it has at most
    /// [`EXPORT_MOMENTS`], otherwise the last [`EXPORT_MOMENTS`] up to the cursor (a long
    /// run's whole trace would not fit in a download).
    pub fn exported_moments(&self) -> std::ops::RangeInclusive<u64> {
        if self.end() <= EXPORT_MOMENTS {
            0..=self.end()
        } else {
            let to = self.position().max(EXPORT_MOMENTS);
            to - EXPORT_MOMENTS + 1..=to
        }
    }

    /// The trace of [`AnyRun::exported_moments`], protocol-free, made again by replaying.
    pub fn exported_lines(&self) -> Vec<EventLine> {
        let moments = self.exported_moments();
        let from = moments.start().saturating_sub(1);
        self.timeline
            .trace_between(from, *moments.end())
            .2
            .iter()
            .map(EventLine::of)
            .collect()
    }

    /// The diagram of the whole recording (made again by replaying it).
    pub fn whole_diagram(&self) -> Diagram {
        Diagram::of(self.nodes(), &self.timeline.whole_trace())
    }

    /// Brings `diagram` up to date for a view of moments `from..=to`: it follows the
    /// trace held around the cursor while it can; when the view looks where the diagram
    /// holds nothing, it is made again from the held trace or, for a stretch far from the
    /// cursor, by replaying that stretch. Past the cursor it shows what the held trace
    /// reaches. A diagram past [`MAX_ARROWS`] forgets what lies
    /// before the view.
    pub fn update_diagram(&self, diagram: &mut Diagram, from: u64, to: u64) {
        // Past the cursor, only what the held trace reaches is drawn (the recording's
        // future shows as the cursor gets there).
        let reach = self.timeline.window().to_moment().max(self.timeline.position());
        let to = to.min(reach);
        let from = from.min(to);
        {
            let window = self.timeline.window();
            diagram.follow(window);
            if !diagram.holds(from, to) {
                *diagram = if window.holds(from, to) {
                    Diagram::of_window(self.nodes(), window)
                } else {
                    let span = to - from;
                    let (first, from_moment, trace) = self.timeline.trace_between(from.saturating_sub(span), to + span);
                    Diagram::of_stretch(self.nodes(), first, from_moment, (to + span).min(self.end()), &trace)
                };
            }
        };
        if diagram.arrows.len() > MAX_ARROWS {
            diagram.forget_before(from.saturating_sub(to - from));
        }
    }

    /// The invariant violations found so far (up to the cursor).
    pub fn violations(&self) -> &[Violation] {
        self.timeline.sim().violations()
    }

    /// Whether the run is making progress now, as the checker's progress part shows it.
    pub fn progress(&self) -> ProgressState {
        let protocol = self.protocol();
        if self
            .violations()
            .iter()
            .any(|v| is_progress_property(protocol, v.invariant))
        {
            return ProgressState::Violated;
        }
        let quiet_since = self.timeline.sim().quiet_since();
        match self.timeline.sim().why_stuck() {
            Some(why) => ProgressState::Stuck { why, quiet_since },
            None => ProgressState::Progressing { quiet_since },
        }
    }

    /// The run's outcome so far in one line, for a comparison's headline: "Raft 9
    /// committed", "Two-phase commit 3 committed, 6 waiting: coordinator 1 is down since
    /// 1500 ms: no transaction can begin or be decided", and the safety properties it broke
    /// ("· ✗ Atomic Commit broken").
    pub fn outcome(&self) -> String {
        self.outcome_named(self.protocol().title())
    }

    /// [`AnyRun::outcome`] with the run called `name` ("Correct Raft 3 committed").
    pub fn outcome_named(&self, name: &str) -> String {
        let m = self.outcomes();
        let mut text = format!("{name} {} committed", m.committed);
        if m.aborted > 0 {
            text.push_str(&format!(", {} aborted", m.aborted));
        }
        if m.open > 0 {
            text.push_str(&format!(", {} waiting", m.open));
            if let Some(why) = self.timeline.sim().why_stuck() {
                text.push_str(&format!(" ({why})"));
            }
        }
        // What it broke comes first in a reader's eye: say it in the same line.
        let protocol = self.protocol();
        let broken: Vec<&str> = (self.timeline.sim().violations().iter())
            .filter(|v| !is_progress_property(protocol, v.invariant))
            .map(|v| v.invariant)
            .collect();
        if !broken.is_empty() {
            text.push_str(&format!(" · ✗ {} broken", crate::words::list(&broken)));
        }
        text
    }

    /// Whether the clients' history so far is linearizable (`None` before any answer).
    pub fn linearizable(&self) -> Option<bool> {
        linearizability::check_history(self.timeline.sim().clients().ops())
    }

    /// What the checker says of the clients' history so far, in one sentence that is true
    /// of it: linearizable or not, nothing answered yet, nothing to check (commands that
    /// are plain values, as Paxos agrees on, not reads and writes of keys), or undecided.
    /// `linearizable` is [`Self::linearizable`], searched once by the caller.
    pub fn history_verdict(&self, linearizable: Option<bool>) -> &'static str {
        let ops = self.timeline.sim().clients().ops();
        match linearizable {
            Some(true) => "The clients' history is linearizable.",
            Some(false) => "✗ The clients' history is not linearizable: some read saw a value it could not have.",
            None if ops.iter().all(|op| op.answer.is_none()) => "No client request has completed yet.",
            None if ops.iter().all(|op| op.command.key().is_none()) => {
                "The clients' requests were answered; they are plain values, not reads and writes of keys, so there is no history of reads and writes to check for linearizability."
            }
            None => {
                "The clients' history is undecided: the linearizability search gave up on it (too many operations overlap)."
            }
        }
    }

    /// The clients' history up to the cursor, per key, with the order the checker found
    /// (see [`crate::check::history`]).
    pub fn history(&self) -> Vec<crate::check::history::KeyHistory> {
        crate::check::history::history(self.timeline.sim().clients().ops())
    }

    /// How the client commands stand up to the cursor (committed, aborted, open), cheaply.
    pub fn outcomes(&self) -> Outcomes {
        outcomes(self.timeline.sim().clients().ops())
    }

    /// The comparison metrics up to the cursor.
    pub fn metrics(&self) -> Metrics {
        metrics(
            self.timeline.sim().clients().ops(),
            self.timeline.sim().usage(),
            self.timeline.sim().last_fault(),
        )
    }

    /// When each committed client command was answered, in order.
    pub fn commit_times(&self) -> Vec<Time> {
        {
            let mut times: Vec<Time> = self
                .timeline
                .sim()
                .clients()
                .ops()
                .iter()
                .filter_map(|op| op.answer.as_ref().filter(|a| a.output.is_some()).map(|a| a.at_ms))
                .collect();
            times.sort_unstable();
            times
        }
    }

    /// The same recording with bug `name` switched on or off, at the same moment.
    pub fn with_bug(&self, name: &str, on: bool) -> Result<Self, String> {
        let mut scenario = self.recording().clone();
        scenario.config.bugs.retain(|b| b != name);
        if on {
            scenario.config.bugs.push(name.to_string());
        }
        self.with_config(scenario.config)
    }

    /// The same recording under settings `config` (a pane's options switched), at the same
    /// moment, keeping its title. Settings the scenario format refuses are refused here too.
    pub fn with_config(&self, config: crate::scenario::ScenarioConfig) -> Result<Self, String> {
        let mut scenario = self.recording().clone();
        scenario.config = config;
        crate::scenario::validate(&scenario).map_err(|e| e.to_string())?;
        let mut run = Self::new(scenario)?.titled(self.title.clone());
        run.seek_to(self.position(), self.time());
        Ok(run)
    }

    /// Whether bug `name` is switched on.
    pub fn has_bug(&self, name: &str) -> bool {
        self.recording().config.bugs.iter().any(|b| b == name)
    }
}
