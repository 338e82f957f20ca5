//! Client commands and the key-value state machine they drive.

use crate::vec_map::VecMap;
use std::fmt;
use std::sync::Arc;

use serde::Serialize;
use thiserror::Error;

/// A client command: `set K V` or `get K`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Command {
    /// Store `value` under `key`.
    Set {
        /// The key.
        key: Arc<str>,
        /// The new value.
        value: Arc<str>,
    },
    /// Read the value under `key`.
    Get {
        /// The key.
        key: Arc<str>,
    },
    /// An opaque value to agree on (a Paxos proposal such as `"v"`); it changes no key.
    Value(Arc<str>),
}

/// Why a command's text could not be read.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("command {text:?} is not `set KEY VALUE` or `get KEY`")]
pub struct CommandError {
    /// The text that was given.
    pub text: String,
}

impl Command {
    /// Reads `set K V` or `get K` (words separated by spaces; a value may not contain spaces).
    pub fn parse(text: &str) -> Result<Self, CommandError> {
        let words: Vec<&str> = text.split_whitespace().collect();
        match words.as_slice() {
            ["set", key, value] => Ok(Command::Set {
                key: Arc::from(*key),
                value: Arc::from(*value),
            }),
            ["get", key] => Ok(Command::Get { key: Arc::from(*key) }),
            _ => Err(CommandError { text: text.into() }),
        }
    }

    /// Reads `set K V` or `get K`, and anything else as an opaque value.
    pub fn parse_or_value(text: &str) -> Self {
        Self::parse(text).unwrap_or_else(|_| Command::Value(Arc::from(text)))
    }

    /// The key this command reads or writes (none for an opaque value).
    pub fn key(&self) -> Option<&Arc<str>> {
        match self {
            Command::Set { key, .. } | Command::Get { key } => Some(key),
            Command::Value(_) => None,
        }
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Command::Set { key, value } => write!(f, "set {key} {value}"),
            Command::Get { key } => write!(f, "get {key}"),
            Command::Value(value) => f.write_str(value),
        }
    }
}

impl Serialize for Command {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// What applying a command returned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CommandOutput {
    /// A `set` took effect.
    Written,
    /// A `get` read this value (`None`: the key was never set).
    Read(Option<Arc<str>>),
}

/// The replicated key-value store.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KvStore {
    values: VecMap<Arc<str>, Arc<str>>,
}

impl KvStore {
    /// Applies `command` and returns its output.
    pub fn apply(&mut self, command: &Command) -> CommandOutput {
        match command {
            Command::Set { key, value } => {
                self.values.insert(key.clone(), value.clone());
                CommandOutput::Written
            }
            Command::Get { key } => CommandOutput::Read(self.values.get(key).cloned()),
            Command::Value(_) => CommandOutput::Written,
        }
    }

    /// The current value of every key, in key order.
    pub fn values(&self) -> &VecMap<Arc<str>, Arc<str>> {
        &self.values
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_then_get_reads_the_value() {
        let mut kv = KvStore::default();
        kv.apply(&Command::parse("set x 1").unwrap());
        assert_eq!(
            kv.apply(&Command::parse("get x").unwrap()),
            CommandOutput::Read(Some("1".into()))
        );
    }

    #[test]
    fn malformed_commands_are_refused_with_their_text() {
        for text in ["", "set x", "del x", "get", "set x 1 2"] {
            let err = Command::parse(text).unwrap_err();
            assert_eq!(err.text, text);
        }
    }

    #[test]
    fn a_command_prints_as_it_was_written() {
        assert_eq!(Command::parse("set  x   1").unwrap().to_string(), "set x 1");
    }
}
