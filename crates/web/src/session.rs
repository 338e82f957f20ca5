//! The run on screen: one pane, or several side by side under one clock, recorded so it
//! can be scrubbed, stepped back, shared and replayed.

use consensus_core::parting::{Parting, against_correct};
use consensus_core::run::{AnyRun, Lockstep, TourStop};
use consensus_core::scenario::{self, ProtocolName, Scenario, ScenarioConfig, Step};
use consensus_core::types::Time;

/// The run the page shows.
#[derive(Clone, Debug)]
pub struct Session {
    /// The panes. Invariant: at least one; exactly two when `beside_correct`.
    pub panes: Lockstep,
    /// Whether the panes are one run with its bug switches on and the same run with none
    /// (the bug beside the rule), rather than one pane per protocol.
    pub beside_correct: bool,
    /// Where the two runs part, when `beside_correct` and they do. Invariant: it is the
    /// parting of the first pane's recording as it was when last looked for (see
    /// [`Session::look_for_parting`]).
    pub parting: Option<Parting>,
    /// The recording's length in steps and its end time when the parting was last looked for.
    parting_looked_at: (usize, Time),
}

/// The longest recording (in moments) searched again for where the runs part after it
/// changed: the search replays both runs whole.
const PARTING_SEARCH_MOMENTS: u64 = 200_000;

/// The cluster the page opens with when no link or story says otherwise.
pub fn default_scenario(protocols: &[ProtocolName], nodes: u32, seed: u64) -> Scenario {
    let protocol = protocols.first().copied().unwrap_or(ProtocolName::Raft);
    let mut scenario = Scenario::plain(protocol, nodes, seed);
    if protocols.len() > 1 {
        scenario.protocols = default_panes(protocols);
    }
    scenario
}

/// The panes of a new comparison of `protocols`: each protocol with the scenario's
/// settings, except that a protocol shown a second time gets its options switched on (Raft
/// beside Raft with PreVote and CheckQuorum), under a title that says so.
fn default_panes(protocols: &[ProtocolName]) -> Vec<scenario::Pane> {
    let mut panes: Vec<scenario::Pane> = Vec::new();
    for &protocol in protocols {
        let mut pane = scenario::Pane::plain(protocol);
        if panes.iter().any(|p| p.protocol == protocol) {
            let base = ScenarioConfig::default();
            let mut config = base.clone();
            for option in protocol.options().iter().filter(|o| o.choices.is_empty()) {
                config = option.set(&config, "true").unwrap_or(config);
            }
            let title =
                consensus_core::scenario::options::heading(protocol.title(), protocol.options(), &config, false);
            pane = scenario::Pane::between(protocol, Some(title), &base, &config);
            if let Some(first) = panes.iter_mut().find(|p| p.protocol == protocol) {
                first.title = Some(protocol.title().to_string());
            }
        }
        panes.push(pane);
    }
    panes
}

impl Session {
    /// A session recording `scenario` (its steps replayed; the cursor at the end): one
    /// pane per protocol it lists.
    pub fn new(scenario: &Scenario) -> Result<Self, String> {
        Ok(Self {
            panes: Lockstep::new(scenario)?,
            beside_correct: false,
            parting: None,
            parting_looked_at: (0, 0),
        })
    }

    /// The bug beside the rule: `scenario` (one protocol, bug switches on) in the first
    /// pane, the same scenario and seed without bug switches in the second, on one clock,
    /// and where the two runs part.
    pub fn beside_correct(scenario: &Scenario) -> Result<Self, String> {
        let mut session = Self {
            panes: Lockstep::beside_correct(scenario)?,
            beside_correct: true,
            parting: None,
            parting_looked_at: (0, 0),
        };
        session.look_for_parting(true);
        Ok(session)
    }

    /// The first pane alone (the run with its bug switches, out of the comparison).
    pub fn alone(&self) -> Self {
        Self {
            panes: Lockstep {
                panes: vec![self.first().clone()],
            },
            beside_correct: false,
            parting: None,
            parting_looked_at: (0, 0),
        }
    }

    /// Looks again for where the runs part when the recording changed since the last look
    /// in a way that can move the parting: while the runs have not parted, or when the
    /// recording was cut before the parting. `always` looks regardless. A recording too
    /// long to replay at once keeps what was found.
    pub fn look_for_parting(&mut self, always: bool) {
        if !self.beside_correct {
            return;
        }
        let now = (self.first().recording().steps.len(), self.first().end_time());
        if !always && now == self.parting_looked_at {
            return;
        }
        let moved = self.parting.as_ref().is_none_or(|p| p.time_ms >= self.time());
        if !always && (!moved || self.first().end() > PARTING_SEARCH_MOMENTS) {
            self.parting_looked_at = now;
            return;
        }
        self.parting_looked_at = now;
        self.parting = against_correct(self.first().recording()).ok().flatten();
    }

    /// Whether several protocols run side by side (time moves by virtual time, not by moment).
    pub fn side_by_side(&self) -> bool {
        self.panes.panes.len() > 1
    }

    /// Every pane, in the scenario's order.
    pub fn panes(&self) -> &[AnyRun] {
        &self.panes.panes
    }

    /// The first pane.
    pub fn first(&self) -> &AnyRun {
        &self.panes.panes[0]
    }

    /// Pane `index` (the first when out of range).
    pub fn pane(&self, index: usize) -> &AnyRun {
        self.panes.panes.get(index).unwrap_or(&self.panes.panes[0])
    }

    /// The whole recording as one scenario (with every protocol listed when side by side).
    pub fn recording(&self) -> Scenario {
        if self.side_by_side() && !self.beside_correct {
            self.panes.recording()
        } else {
            self.first().recording().clone()
        }
    }

    /// The virtual time on screen.
    pub fn time(&self) -> Time {
        self.panes.time()
    }

    /// Records a user action at the cursor, in every pane.
    pub fn act(&mut self, step: Step) -> Result<(), String> {
        self.panes.act(step)
    }

    /// One step forward: one moment with a single pane; side by side, on to the next
    /// virtual time at which any pane has something to do.
    pub fn step_forward(&mut self) -> Result<(), String> {
        if self.side_by_side() {
            self.panes.step()
        } else {
            self.panes.panes[0].step_forward()
        }
    }

    /// One step back.
    pub fn step_back(&mut self) {
        if self.side_by_side() {
            let now = self.time();
            let previous = self.panes.panes.iter().filter_map(|p| p.previous_event_time(now)).max();
            self.panes.seek_time(previous.unwrap_or(0));
        } else {
            let position = self.first().position();
            self.panes.panes[0].seek(position.saturating_sub(1));
        }
    }

    /// The scrubber's range and value: moments with one pane, virtual ms side by side.
    pub fn scrubber(&self) -> (u64, u64) {
        if self.side_by_side() {
            (self.panes.end_time(), self.time())
        } else {
            (self.first().end(), self.first().position())
        }
    }

    /// Moves the cursor where the scrubber says.
    pub fn scrub(&mut self, value: u64) {
        if self.side_by_side() {
            self.panes.seek_time(value);
        } else {
            self.panes.panes[0].seek(value);
        }
    }

    /// Moves to a tour stop: side by side, every pane to the end of the stop's step (the
    /// moment after it and before the next, even when the next happens at the same time);
    /// a stop that ends inside its step (where two runs part) by its moment.
    pub fn seek_stop(&mut self, stop: &TourStop) {
        let ends_its_step = self.first().step_ends().get(stop.step) == Some(&stop.moment);
        if self.side_by_side() && ends_its_step {
            self.panes.seek_step_end(stop.step);
        } else {
            self.seek_moment(0, stop.moment);
        }
    }

    /// Moves the cursor to pane `pane`'s moment `moment` (every pane to its time when side by side).
    pub fn seek_moment(&mut self, pane: usize, moment: u64) {
        if moment == 0 {
            // The start, before anything happened: by time it would be after every moment
            // at time 0, which a story told by hand can be all of.
            for run in &mut self.panes.panes {
                run.seek(0);
            }
        } else if self.side_by_side() {
            let mut probe = self.pane(pane).clone();
            probe.seek(moment);
            self.panes.seek_time(probe.time());
        } else {
            self.panes.panes[0].seek(moment);
        }
    }

    /// Plays `ms` of virtual time.
    pub fn play(&mut self, ms: Time) -> Result<(), String> {
        if self.side_by_side() {
            self.panes.play(ms)
        } else {
            self.panes.panes[0].play(ms)
        }
    }

    /// Whether time should move moment by moment (a recorded step that is not a stretch of time).
    pub fn plays_by_moments(&self) -> bool {
        !self.side_by_side() && !self.first().at_end() && !self.first().next_is_timed()
    }

    /// The same recording with pane `pane`'s option `field` set to `value`, at the same
    /// time; the pane's title becomes the one its options give (a story's title would no
    /// longer be true), made distinct from the other panes'.
    pub fn with_pane_option(&self, pane: usize, field: &str, value: &str) -> Result<Self, String> {
        let run = self
            .panes
            .panes
            .get(pane)
            .ok_or_else(|| format!("there is no pane {pane}"))?;
        let protocol = run.protocol();
        let option = protocol
            .options()
            .iter()
            .find(|o| o.field == field)
            .ok_or_else(|| format!("{} has no option {field}", protocol.title()))?;
        let config = option.set(&run.recording().config, value)?;
        let mut title =
            consensus_core::scenario::options::heading(protocol.title(), protocol.options(), &config, false);
        let others: Vec<String> = (0..self.panes.panes.len())
            .filter(|&i| i != pane)
            .map(|i| self.panes.panes[i].heading())
            .collect();
        if others.contains(&title) {
            title = format!("{title} ({})", pane + 1);
        }
        let mut panes = self.panes.panes.clone();
        panes[pane] = run.with_config(config)?.titled(Some(title));
        Ok(Self {
            panes: Lockstep { panes },
            beside_correct: false,
            parting: None,
            parting_looked_at: (0, 0),
        })
    }

    /// The same recording with bug `name` switched on or off in every pane, at the same time.
    /// Beside the correct run, only the run with the bug goes on, alone.
    pub fn with_bug(&self, name: &str, on: bool) -> Result<Self, String> {
        if self.beside_correct {
            return self.alone().with_bug(name, on);
        }
        let panes = self
            .panes
            .panes
            .iter()
            .map(|p| p.with_bug(name, on))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            panes: Lockstep { panes },
            beside_correct: false,
            parting: None,
            parting_looked_at: (0, 0),
        })
    }

    /// Whether bug `name` is on.
    pub fn has_bug(&self, name: &str) -> bool {
        self.first().has_bug(name)
    }

    /// How many violations the checkers have found so far, over every pane.
    pub fn violation_count(&self) -> usize {
        self.panes.panes.iter().map(|p| p.violations().len()).sum()
    }
}
