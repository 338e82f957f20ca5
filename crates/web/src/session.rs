//! The run on screen: one pane, or several side by side under one clock, recorded so it
//! can be scrubbed, stepped back, shared and replayed.

use consensus_core::run::{AnyRun, Lockstep};
use consensus_core::scenario::{self, ProtocolName, Scenario, ScenarioConfig, Step};
use consensus_core::types::Time;

/// The run the page shows.
#[derive(Clone, Debug)]
pub struct Session {
    /// The panes. Invariant: at least one.
    pub panes: Lockstep,
}

/// The cluster the page opens with when no link or story says otherwise.
pub fn default_scenario(protocols: &[ProtocolName], nodes: u32, seed: u64) -> Scenario {
    Scenario {
        version: scenario::FORMAT_VERSION,
        name: None,
        description: None,
        protocol: protocols.first().copied().unwrap_or(ProtocolName::Raft),
        protocols: if protocols.len() > 1 {
            protocols.to_vec()
        } else {
            Vec::new()
        },
        nodes,
        seed,
        timers: Default::default(),
        network: Default::default(),
        config: ScenarioConfig::default(),
        initial: Vec::new(),
        steps: Vec::new(),
    }
}

impl Session {
    /// A session recording `scenario` (its steps replayed; the cursor at the end): one
    /// pane per protocol it lists.
    pub fn new(scenario: &Scenario) -> Result<Self, String> {
        Ok(Self {
            panes: Lockstep::new(scenario)?,
        })
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
        if self.side_by_side() {
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

    /// Moves the cursor to pane `pane`'s moment `moment` (every pane to its time when side by side).
    pub fn seek_moment(&mut self, pane: usize, moment: u64) {
        if self.side_by_side() {
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

    /// The same recording with bug `name` switched on or off in every pane, at the same time.
    pub fn with_bug(&self, name: &str, on: bool) -> Result<Self, String> {
        let panes = self
            .panes
            .panes
            .iter()
            .map(|p| p.with_bug(name, on))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            panes: Lockstep { panes },
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
