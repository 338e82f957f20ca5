//! What a pane is called: its own title when a comparison gave it one, or its protocol's
//! title with the options on (`Raft + PreVote + CheckQuorum`), long or short.

use super::AnyRun;

impl AnyRun {
    /// The same run under the pane title `title`.
    pub fn titled(mut self, title: Option<String>) -> Self {
        self.title = title;
        self
    }

    /// The pane's own title, if a comparison gave it one.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// What the pane is called: its own title, or its protocol's with the options on
    /// (`Raft + PreVote + CheckQuorum`).
    pub fn heading(&self) -> String {
        let protocol = self.protocol();
        self.title.clone().unwrap_or_else(|| {
            crate::scenario::options::heading(protocol.title(), protocol.options(), &self.recording().config, false)
        })
    }

    /// The heading where a pane is narrow: the protocol's short title and the options on,
    /// shortened (`Raft + PV + CQ`).
    pub fn short_heading(&self) -> String {
        let protocol = self.protocol();
        crate::scenario::options::heading(
            protocol.short_title(),
            protocol.options(),
            &self.recording().config,
            true,
        )
    }
}
