//! The run on screen: a recorded timeline of a Raft cluster, with the page's operations on it.

use consensus_core::raft::{RaftBug, RaftNode};
use consensus_core::scenario::runner::build_raft;
use consensus_core::scenario::{self, ProtocolName, Scenario, ScenarioConfig, Step};
use consensus_core::timeline::Timeline;

/// The run the page shows.
pub struct Session {
    /// The recording and the state at its cursor.
    pub timeline: Timeline<RaftNode>,
}

/// The cluster the page opens with when no link or story says otherwise.
pub fn default_scenario(nodes: u32, seed: u64) -> Scenario {
    Scenario {
        version: scenario::FORMAT_VERSION,
        name: None,
        description: None,
        protocol: ProtocolName::Raft,
        protocols: Vec::new(),
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
    /// A session recording `scenario` (its steps replayed; the cursor at the end).
    pub fn new(scenario: Scenario) -> Result<Self, String> {
        if scenario.protocol != ProtocolName::Raft {
            return Err(format!(
                "this page shows Raft; {} is not available here yet",
                scenario.protocol.as_str()
            ));
        }
        let booted = build_raft(&scenario).map_err(|e| e.to_string())?;
        let timeline = Timeline::new(scenario, booted).map_err(|e| e.to_string())?;
        Ok(Self { timeline })
    }

    /// The same recording with `bug` switched on or off, at the same moment: the run
    /// replays under the new rules.
    pub fn with_bug(&self, bug: RaftBug, on: bool) -> Result<Self, String> {
        let mut scenario = self.timeline.recording().clone();
        scenario.config.bugs.retain(|b| b != bug.name());
        if on {
            scenario.config.bugs.push(bug.name().to_string());
        }
        let mut session = Self::new(scenario)?;
        session.timeline.seek(self.timeline.position());
        Ok(session)
    }

    /// Whether `bug` is switched on.
    pub fn has_bug(&self, bug: RaftBug) -> bool {
        self.timeline.recording().config.bugs.iter().any(|b| b == bug.name())
    }

    /// Records a user action at the cursor.
    pub fn act(&mut self, step: Step) -> Result<(), String> {
        self.timeline.record(step)
    }

    /// One moment forward: replays the next recorded moment, or at the end handles the
    /// next scheduled event.
    pub fn step_forward(&mut self) -> Result<(), String> {
        if self.timeline.at_end() {
            self.timeline.record(Step::Events(1))
        } else {
            self.timeline.seek(self.timeline.position() + 1);
            Ok(())
        }
    }

    /// One moment back.
    pub fn step_back(&mut self) {
        let position = self.timeline.position();
        self.timeline.seek(position.saturating_sub(1));
    }
}
