//! A scenario run under several protocols (`consensus compare`, the page's side-by-side
//! view): which protocols, and the scenario as each one runs it.

use super::{ProtocolName, Scenario, Step};

impl Scenario {
    /// The protocols it runs under: its `protocols` list, or else just its `protocol`.
    pub fn compared_protocols(&self) -> Vec<ProtocolName> {
        if self.protocols.is_empty() {
            vec![self.protocol]
        } else {
            self.protocols.clone()
        }
    }

    /// The scenario as `protocol` alone runs it: that protocol, no list, and without the
    /// steps that only apply to another protocol (`vote_no`, where it takes no votes).
    pub fn for_protocol(&self, protocol: ProtocolName) -> Scenario {
        let mut variant = self.clone();
        variant.protocol = protocol;
        variant.protocols = Vec::new();
        if !protocol.takes_vote_no() {
            variant.steps.retain(|s| !matches!(s, Step::VoteNo(_)));
        }
        variant
    }
}
