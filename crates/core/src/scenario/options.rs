//! Reading and setting a protocol's pane options ([`PaneOption`]) in a scenario's
//! `config`, and the heading a pane gets from them. Values are written as files spell
//! them: `true`/`false` for a switch, the choice's name (`read_index`) for a choice.

use crate::protocol::{PaneOption, ReadMode};
use crate::scenario::ScenarioConfig;

impl PaneOption {
    /// The option's value in `config`, as files spell it (`true`, `read_index`).
    pub fn value(&self, config: &ScenarioConfig) -> &'static str {
        let switch = |on: bool| if on { "true" } else { "false" };
        match self.field {
            "pre_vote" => switch(config.pre_vote),
            "check_quorum" => switch(config.check_quorum),
            "noop_on_election" => switch(config.noop_on_election),
            "reads" => config.reads.as_str(),
            _ => "",
        }
    }

    /// What a heading says of it in `config` (`short`: where panes are narrow): its label
    /// when a switch is on, its choice's name when not the default; `None` otherwise.
    pub fn in_heading(&self, config: &ScenarioConfig, short: bool) -> Option<&'static str> {
        let value = self.value(config);
        if self.choices.is_empty() {
            return (value == "true").then_some(if short { self.short } else { self.label });
        }
        self.choices
            .iter()
            .find(|(v, ..)| *v == value)
            .map(|&(_, name, short_name)| if short { short_name } else { name })
            .filter(|name| !name.is_empty())
    }

    /// `config` with this option set to `value`; an error says what is wrong in words.
    pub fn set(&self, config: &ScenarioConfig, value: &str) -> Result<ScenarioConfig, String> {
        let mut config = config.clone();
        let switch = |value: &str| match value {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(format!("{} is on or off (true or false), not {other:?}", self.label)),
        };
        match self.field {
            "pre_vote" => config.pre_vote = switch(value)?,
            "check_quorum" => config.check_quorum = switch(value)?,
            "noop_on_election" => config.noop_on_election = switch(value)?,
            "reads" => {
                config.reads = ReadMode::from_name(value)
                    .ok_or_else(|| format!("reads are log, read_index or lease, not {value:?}"))?
            }
            other => return Err(format!("no setting is called {other}")),
        }
        Ok(config)
    }
}

/// A pane's heading: the protocol's title and the options on (`Raft + PreVote + CheckQuorum`;
/// with `short` titles and names, `Raft + PV + CQ`).
pub fn heading(title: &str, options: &[PaneOption], config: &ScenarioConfig, short: bool) -> String {
    let mut heading = title.to_string();
    for name in options.iter().filter_map(|o| o.in_heading(config, short)) {
        heading.push_str(" + ");
        heading.push_str(name);
    }
    heading
}
