//! A scenario run in several panes (`consensus compare`, the page's side-by-side view):
//! which panes, and the scenario as each one runs it.

use super::{Pane, ProtocolName, Scenario, Step};

impl Scenario {
    /// The settings its protocol reads its configuration from: its `config`'s, with the
    /// scenario's initial `members`.
    pub fn protocol_settings(&self) -> crate::protocol::Settings<'_> {
        crate::protocol::Settings {
            members: &self.members,
            ..self.config.protocol_settings()
        }
    }

    /// The panes it runs in: its `protocols` list, or else just its `protocol`.
    pub fn panes(&self) -> Vec<Pane> {
        if self.protocols.is_empty() {
            vec![Pane::plain(self.protocol)]
        } else {
            self.protocols.clone()
        }
    }

    /// The protocols of its panes, in order (a protocol may appear twice, with different settings).
    pub fn compared_protocols(&self) -> Vec<ProtocolName> {
        self.panes().iter().map(|p| p.protocol).collect()
    }

    /// The scenario as `protocol` alone runs it with the scenario's settings (see
    /// [`Self::for_pane`]).
    pub fn for_protocol(&self, protocol: ProtocolName) -> Scenario {
        self.for_pane(&Pane::plain(protocol))
    }

    /// The scenario as `pane` runs it: its protocol, its settings laid over the
    /// scenario's, no list, and without the steps its protocol does not take (`vote_no`
    /// where it takes no votes, `transfer_leadership` where no leader is elected).
    pub fn for_pane(&self, pane: &Pane) -> Scenario {
        let mut variant = self.clone();
        variant.protocol = pane.protocol;
        variant.protocols = Vec::new();
        variant.config = pane.config_over(&self.config);
        variant.steps.retain(|s| takes_step(pane.protocol, s));
        variant
    }
}

/// Whether `protocol` takes `step` (every step but those only some protocols know).
pub fn takes_step(protocol: ProtocolName, step: &Step) -> bool {
    match step {
        Step::VoteNo(_) => protocol.takes_vote_no(),
        Step::TransferLeadership(_) => protocol.takes_transfer(),
        Step::Compact(_) => protocol.takes_compact(),
        Step::AddServer(_) | Step::RemoveServer(_) | Step::ChangeMembers(_) => protocol.takes_membership(),
        _ => true,
    }
}

/// Whether every protocol takes `step`: the steps panes of different protocols share.
pub fn shared_step(step: &Step) -> bool {
    ProtocolName::ALL.iter().all(|&p| takes_step(p, step))
}
