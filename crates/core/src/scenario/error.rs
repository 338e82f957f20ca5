//! What can be wrong with a scenario, each error naming where.

use thiserror::Error;

/// A scenario that cannot be read or run.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ScenarioError {
    /// The text is not a scenario (malformed JSON, a missing or unknown field, a wrong type).
    #[error("scenario is not valid: {0}")]
    Parse(String),
    /// A field has a value the simulator cannot use.
    #[error("{field}: {message}")]
    Invalid {
        /// Where, e.g. `config.loss` or `steps[3].client.node`.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// A step could not be applied when its turn came.
    #[error("steps[{index}]: {message}")]
    Step {
        /// The step's position (0-based).
        index: usize,
        /// What went wrong.
        message: String,
    },
    /// The protocol is not available in this build.
    #[error("protocol {0:?} is not supported yet")]
    Unsupported(String),
}

impl ScenarioError {
    /// An [`ScenarioError::Invalid`] for `field`.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        ScenarioError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}
