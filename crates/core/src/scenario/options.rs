//! Reading and setting a protocol's pane options ([`PaneOption`]) in a scenario's
//! `config`, and the heading a pane gets from them.

use crate::protocol::PaneOption;
use crate::scenario::ScenarioConfig;

impl PaneOption {
    /// The option's value in `config`, as files spell it (`true`, `"read_index"`).
    pub fn value(&self, config: &ScenarioConfig) -> serde_json::Value {
        match serde_json::to_value(config) {
            Ok(serde_json::Value::Object(fields)) => fields.get(self.field).cloned().unwrap_or_else(|| self.default()),
            _ => self.default(),
        }
    }

    /// Its default value.
    pub fn default(&self) -> serde_json::Value {
        match self.choices.first() {
            Some((value, _)) => serde_json::Value::String(value.to_string()),
            None => serde_json::Value::Bool(false),
        }
    }

    /// What a heading says of it in `config`: its label when a switch is on, its choice's
    /// name when not the default; `None` otherwise.
    pub fn in_heading(&self, config: &ScenarioConfig) -> Option<&'static str> {
        let value = self.value(config);
        if self.choices.is_empty() {
            return (value == serde_json::Value::Bool(true)).then_some(self.label);
        }
        self.choices
            .iter()
            .find(|(v, _)| value.as_str() == Some(*v))
            .map(|(_, name)| *name)
            .filter(|name| !name.is_empty())
    }

    /// `config` with this option set to `value`; an error says what does not read.
    pub fn set(&self, config: &ScenarioConfig, value: serde_json::Value) -> Result<ScenarioConfig, String> {
        let mut fields = serde_json::Map::new();
        fields.insert(self.field.to_string(), value);
        crate::scenario::Pane {
            protocol: crate::scenario::ProtocolName::Raft,
            title: None,
            config: fields,
        }
        .config_over(config)
    }
}

/// A pane's heading: the protocol's title and the options on (`Raft + PreVote + CheckQuorum`).
pub fn heading(title: &str, options: &[PaneOption], config: &ScenarioConfig) -> String {
    let mut heading = title.to_string();
    for name in options.iter().filter_map(|o| o.in_heading(config)) {
        heading.push_str(" + ");
        heading.push_str(name);
    }
    heading
}
