//! Which rule of its protocol a node followed, and which events are milestones (a node
//! becoming leader, a decision): the words behind the guided tours and the marks on the
//! space-time diagram.

use serde::Serialize;

/// A rule of a protocol, as its source states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// Where it is stated (`Raft §5.2, Figure 2`).
    pub name: &'static str,
    /// The rule in plain words.
    pub text: &'static str,
    /// A link to the source.
    pub source: &'static str,
}

/// What a protocol's notes say beyond their sentence.
pub trait Explain {
    /// The rule this note is an instance of, if it follows one.
    fn rule(&self) -> Option<&'static Rule>;
    /// A short label when the note marks a change worth a mark on the diagram
    /// (`leader`, `commit`), else `None`.
    fn milestone(&self) -> Option<&'static str>;
    /// Whether the note changes what the run is about — a role change, a commit by
    /// counting, an overwrite, a decision, a node blocked, a rule broken under a bug
    /// switch — so that a tour lists it before routine traffic. Milestones always are.
    fn decisive(&self) -> bool {
        self.milestone().is_some()
    }
}
