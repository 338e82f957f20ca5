//! A protocol's options as a pane offers them: switches and choices that are fields of a
//! scenario's `config` (Raft's PreVote, CheckQuorum and reads), so the page can show them
//! as checkboxes per pane and a pane's heading can name the ones that are on.

/// One option: a `config` field a pane may set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaneOption {
    /// The `config` field, as scenario files spell it (`pre_vote`).
    pub field: &'static str,
    /// Its name for readers (`PreVote`).
    pub label: &'static str,
    /// Its name where a pane is narrow (`PV`).
    pub short: &'static str,
    /// What it does and its source, one sentence.
    pub help: &'static str,
    /// For a choice: each value as files spell it, its name in a heading and its short
    /// name ("" for the default, which headings leave out), the default first. Empty for
    /// an on/off switch.
    pub choices: &'static [(&'static str, &'static str, &'static str)],
}
