//! Every protocol's bug switches in one list, from the protocol table: for the CLI's
//! `consensus bugs`, the page's menus, validation and the docs table.

use crate::any::ProtocolName;
use crate::bug::BugSwitch;

/// One bug switch as menus, help text and docs show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BugInfo {
    /// The protocol it belongs to.
    pub protocol: ProtocolName,
    /// Its name in scenario files.
    pub name: &'static str,
    /// What it does, for readers.
    pub title: &'static str,
    /// The rule it breaks.
    pub breaks: &'static str,
}

impl BugInfo {
    /// What `bug`, a switch of `protocol`, says about itself.
    pub(crate) fn of<B: BugSwitch>(protocol: ProtocolName, bug: B) -> Self {
        Self {
            protocol,
            name: bug.name(),
            title: bug.title(),
            breaks: bug.breaks(),
        }
    }
}

/// Every bug switch of every protocol: protocol by protocol in the table's order.
pub fn registry() -> Vec<BugInfo> {
    let mut all = Vec::new();
    for protocol in ProtocolName::ALL {
        all.extend(protocol.bug_switches());
    }
    all
}

/// Whether the switch called `name` breaks a rule of membership changes, so that only
/// schedules that change the membership can show it.
pub fn breaks_membership(name: &str) -> bool {
    ProtocolName::ALL.iter().any(|p| p.membership_bugs().contains(&name))
}

/// The switch called `name`, of any protocol.
pub fn find(name: &str) -> Option<BugInfo> {
    registry().into_iter().find(|b| b.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_over_every_protocol() {
        let all = registry();
        for (i, a) in all.iter().enumerate() {
            assert!(all[i + 1..].iter().all(|b| b.name != a.name), "{} twice", a.name);
            assert!(!a.title.is_empty() && !a.breaks.is_empty());
        }
    }
}
