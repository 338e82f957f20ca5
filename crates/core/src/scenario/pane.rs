//! One pane of a comparison: a protocol with its own options and a title, so that the
//! same faults can be watched under `Raft` and `Raft with PreVote and CheckQuorum`.
//!
//! In a scenario's `"protocols"` list a pane is either a protocol's name or an object
//! `{"protocol": "raft", "title": "Raft + PreVote", "config": {"pre_vote": true}}`, whose
//! `config` is laid over the scenario's (the fields it names replace the scenario's).

use serde::{Deserialize, Serialize};

use super::{ConfigOverlay, ProtocolName, ScenarioConfig};

/// A pane: a protocol, an optional title, and the settings it changes.
#[derive(Clone, Debug, PartialEq)]
pub struct Pane {
    /// The protocol the pane runs.
    pub protocol: ProtocolName,
    /// What the pane is called (the protocol's title when `None`); `consensus compare`
    /// keys its output by it.
    pub title: Option<String>,
    /// Settings laid over the scenario's `config`.
    pub config: ConfigOverlay,
}

impl Pane {
    /// A pane that runs `protocol` with the scenario's settings, under its own title.
    pub fn plain(protocol: ProtocolName) -> Self {
        Self {
            protocol,
            title: None,
            config: ConfigOverlay::default(),
        }
    }

    /// Whether the pane is just its protocol (written as its name).
    pub fn is_plain(&self) -> bool {
        self.title.is_none() && self.config.is_empty()
    }

    /// The pane's key in `consensus compare`'s output and its heading: its title, or else
    /// its protocol's name in files.
    pub fn key(&self) -> String {
        self.title.clone().unwrap_or_else(|| self.protocol.as_str().to_string())
    }

    /// `base` with this pane's settings laid over it.
    pub fn config_over(&self, base: &ScenarioConfig) -> ScenarioConfig {
        self.config.over(base)
    }

    /// The pane that runs `protocol` with settings `own` where a comparison's settings are
    /// `base`: the fields that differ, laid over.
    pub fn between(protocol: ProtocolName, title: Option<String>, base: &ScenarioConfig, own: &ScenarioConfig) -> Self {
        Self {
            protocol,
            title,
            config: ConfigOverlay::between(base, own),
        }
    }
}

impl Serialize for Pane {
    /// A plain pane as its protocol's name, any other as an object.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        if self.is_plain() {
            return self.protocol.serialize(serializer);
        }
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("protocol", &self.protocol)?;
        if let Some(title) = &self.title {
            map.serialize_entry("title", title)?;
        }
        if !self.config.is_empty() {
            map.serialize_entry("config", &self.config)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Pane {
    /// A string is a protocol's name; an object has a `protocol` and may have a `title`
    /// and a `config`, nothing else.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PaneVisitor)
    }
}

struct PaneVisitor;

impl<'de> serde::de::Visitor<'de> for PaneVisitor {
    type Value = Pane;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "a protocol's name, or {\"protocol\": NAME, \"title\": TEXT, \"config\": {settings laid over the scenario's}}",
        )
    }

    fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Pane, E> {
        ProtocolName::deserialize(serde::de::value::StrDeserializer::new(name)).map(Pane::plain)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Pane, A::Error> {
        use serde::de::Error;
        const FIELDS: &[&str] = &["protocol", "title", "config"];
        let (mut protocol, mut title, mut config) = (None, None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "protocol" if protocol.is_none() => protocol = Some(map.next_value()?),
                "title" if title.is_none() => title = Some(map.next_value::<String>()?),
                "config" if config.is_none() => config = Some(map.next_value()?),
                "protocol" => return Err(A::Error::duplicate_field("protocol")),
                "title" => return Err(A::Error::duplicate_field("title")),
                "config" => return Err(A::Error::duplicate_field("config")),
                other => return Err(A::Error::unknown_field(other, FIELDS)),
            }
        }
        Ok(Pane {
            protocol: protocol.ok_or_else(|| A::Error::missing_field("protocol"))?,
            title,
            config: config.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panes(text: &str) -> Result<Vec<Pane>, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn a_pane_is_a_protocols_name_or_an_object_with_a_title_and_settings() {
        let read = panes(r#"["raft", {"protocol": "raft", "title": "Raft + PreVote", "config": {"pre_vote": true}}]"#)
            .unwrap();
        assert_eq!(read[0], Pane::plain(ProtocolName::Raft));
        assert_eq!(read[1].title.as_deref(), Some("Raft + PreVote"));
        assert_eq!(read[1].key(), "Raft + PreVote");
        assert_eq!(read[0].key(), "raft");
        let config = read[1].config_over(&ScenarioConfig::default());
        assert!(config.pre_vote && !config.check_quorum);
    }

    #[test]
    fn a_malformed_pane_says_what_is_wrong() {
        assert!(
            panes(r#"[{"title": "x"}]"#)
                .unwrap_err()
                .contains("missing field `protocol`")
        );
        assert!(
            panes(r#"[{"protocol": "raft", "colour": 1}]"#)
                .unwrap_err()
                .contains("unknown field `colour`")
        );
        assert!(panes(r#"["rafts"]"#).unwrap_err().contains("unknown variant `rafts`"));
        assert!(panes(r#"[3]"#).unwrap_err().contains("a protocol's name, or {"));
        assert!(
            panes(r#"[{"protocol": "raft", "config": {"pre_votes": true}}]"#)
                .unwrap_err()
                .contains("unknown field `pre_votes`")
        );
    }

    #[test]
    fn panes_are_written_back_as_they_were_read() {
        let text = r#"["raft",{"protocol":"raft","title":"Raft + CheckQuorum","config":{"check_quorum":true}}]"#;
        assert_eq!(serde_json::to_string(&panes(text).unwrap()).unwrap(), text);
    }

    #[test]
    fn the_settings_between_two_configs_lay_one_over_the_other() {
        let base = ScenarioConfig::default();
        let own = ScenarioConfig {
            pre_vote: true,
            heartbeat_ms: 30,
            ..ScenarioConfig::default()
        };
        let pane = Pane::between(ProtocolName::Raft, None, &base, &own);
        assert_eq!(
            serde_json::to_string(&pane.config).unwrap(),
            r#"{"heartbeat_ms":30,"pre_vote":true}"#
        );
        assert_eq!(pane.config_over(&base), own);
    }
}
