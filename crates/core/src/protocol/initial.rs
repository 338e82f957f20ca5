//! A node's saved state at the start of a scenario (its `initial` list): a current
//! term, a vote and a log, as Raft keeps them. Read by the scenario format; a protocol
//! that starts from saved state turns it into its own (`Facts::initial`).

use serde::{Deserialize, Serialize};

use crate::types::NodeId;

/// A node's persistent state at the start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitialNode {
    /// The node's id.
    pub node: NodeId,
    /// Its current term (default: the last log entry's term).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<u64>,
    /// Whom it voted for in that term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voted_for: Option<NodeId>,
    /// Its log, index 1 first.
    #[serde(default)]
    pub log: Vec<InitialEntry>,
}

/// A log entry in a scenario: a bare term (placeholder command) or a term and a command.
/// Read by hand ([`InitialEntry::deserialize`]): serde's derived reading of an untagged
/// enum buffers the input in its own tree first, code the page would carry for this alone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum InitialEntry {
    /// Just the term.
    Term(u64),
    /// The term and the command (`null`: a no-op).
    Full {
        /// The entry's term.
        term: u64,
        /// `set K V`, `get K`, or `null`.
        #[serde(default)]
        command: Option<String>,
    },
}

impl<'de> Deserialize<'de> for InitialEntry {
    /// A number is a bare term; an object has a `term` and may have a `command` (a string
    /// or `null`), nothing else.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(InitialEntryVisitor)
    }
}

struct InitialEntryVisitor;

impl<'de> serde::de::Visitor<'de> for InitialEntryVisitor {
    type Value = InitialEntry;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a log entry: a term, or {\"term\": T, \"command\": \"set K V\" or null}")
    }

    fn visit_u64<E: serde::de::Error>(self, term: u64) -> Result<InitialEntry, E> {
        Ok(InitialEntry::Term(term))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<InitialEntry, A::Error> {
        use serde::de::Error;
        const FIELDS: &[&str] = &["term", "command"];
        let mut term = None;
        let mut command = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "term" if term.is_none() => term = Some(map.next_value()?),
                "command" if command.is_none() => command = Some(map.next_value()?),
                "term" | "command" => return Err(A::Error::duplicate_field(FIELDS[usize::from(key == "command")])),
                other => return Err(A::Error::unknown_field(other, FIELDS)),
            }
        }
        Ok(InitialEntry::Full {
            term: term.ok_or_else(|| A::Error::missing_field("term"))?,
            command: command.flatten(),
        })
    }
}
