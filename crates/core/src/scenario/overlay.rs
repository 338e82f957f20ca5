//! The settings a pane lays over its scenario's `config`: every field of
//! [`ScenarioConfig`], each optional, so a pane says only what it changes.

use serde::{Deserialize, Serialize};

use super::{ReadMode, ScenarioConfig};
use crate::sim::StreamMode;
use crate::types::{NodeId, Time};

macro_rules! config_overlay {
    ($($field:ident: $ty:ty),* $(,)?) => {
        /// Settings laid over a scenario's `config`: each field as in [`ScenarioConfig`],
        /// present only where the pane changes it.
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct ConfigOverlay {
            $(
                #[doc = concat!("`config.", stringify!($field), "`, where the pane sets it.")]
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
        }

        impl ConfigOverlay {
            /// `base` with these settings laid over it.
            pub fn over(&self, base: &ScenarioConfig) -> ScenarioConfig {
                let mut config = base.clone();
                $( if let Some(value) = &self.$field { config.$field = value.clone(); } )*
                config
            }

            /// The settings that turn `base` into `own`: the fields that differ.
            pub fn between(base: &ScenarioConfig, own: &ScenarioConfig) -> Self {
                Self { $( $field: (base.$field != own.$field).then(|| own.$field.clone()), )* }
            }

            /// Whether it changes nothing.
            pub fn is_empty(&self) -> bool {
                *self == Self::default()
            }
        }
    };
}

config_overlay! {
    election_timeout_ms: [Time; 2],
    heartbeat_ms: Time,
    latency_ms: [Time; 2],
    loss: f64,
    duplicate: f64,
    noop_on_election: bool,
    pre_vote: bool,
    check_quorum: bool,
    reads: ReadMode,
    snapshot_after: u64,
    bugs: Vec<String>,
    client_retry_ms: Time,
    client_timeout_ms: Time,
    coordinator: NodeId,
    acceptors: u32,
    window: u64,
    liveness_window_ms: Time,
    random_streams: StreamMode,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_overlay_changes_only_the_fields_it_names() {
        let overlay: ConfigOverlay = serde_json::from_str(r#"{"pre_vote": true, "heartbeat_ms": 30}"#).unwrap();
        let config = overlay.over(&ScenarioConfig::default());
        assert!(config.pre_vote && !config.check_quorum);
        assert_eq!((config.heartbeat_ms, config.election_timeout_ms), (30, [150, 300]));
        assert_eq!(ConfigOverlay::between(&ScenarioConfig::default(), &config), overlay);
        let error = serde_json::from_str::<ConfigOverlay>(r#"{"pre_votes": true}"#)
            .unwrap_err()
            .to_string();
        assert!(error.contains("unknown field `pre_votes`"), "{error}");
    }
}
