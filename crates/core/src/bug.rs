//! Bug switches: rules of a protocol broken on purpose, so a reader can watch the
//! checker catch what the rule prevents. Every protocol declares its switches with
//! [`bug_switches!`](crate::bug_switches), one line of facts each (the name scenario files use, the
//! sentence readers see, the rule it breaks); the protocol table (`crate::any::bugs`) lists
//! them all for the CLI, the page, validation and the docs table, so adding a switch touches one place plus
//! the behaviour it changes.

use std::marker::PhantomData;

/// What a protocol's bug switch enum says about each switch. Implemented by
/// [`bug_switches!`](crate::bug_switches), never by hand.
pub trait BugSwitch: Copy + Eq + std::fmt::Debug + 'static {
    /// Every switch, in the order menus list them.
    const ALL: &'static [Self];
    /// The switch's name in scenario files and on the command line (`count_previous_term_entries`).
    fn name(self) -> &'static str;
    /// What it does, in words a reader sees ("a leader counts replicas of earlier-term entries").
    fn title(self) -> &'static str;
    /// The rule it breaks, with its source ("§5.4.2: …").
    fn breaks(self) -> &'static str;
    /// The switch's position in [`BugSwitch::ALL`].
    fn position(self) -> usize;
}

/// Declares a protocol's bug switch enum and its [`BugSwitch`] facts in one place.
#[macro_export]
macro_rules! bug_switches {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident => {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $id:literal, $title:literal, breaks $rule:literal;
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $crate::bug::BugSwitch for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn name(self) -> &'static str {
                match self { $($name::$variant => $id,)+ }
            }
            fn title(self) -> &'static str {
                match self { $($name::$variant => $title,)+ }
            }
            fn breaks(self) -> &'static str {
                match self { $($name::$variant => $rule,)+ }
            }
            fn position(self) -> usize {
                // The variants are declared in the order of `ALL`, from 0.
                self as usize
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::bug::BugSwitch::title(*self))
            }
        }
    };
}

/// Which of protocol `B`'s switches are on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bugs<B: BugSwitch> {
    /// Bit `i` is switch `B::ALL[i]`. Invariant: no bit at or past `B::ALL.len()`.
    on: u32,
    /// While true every switch acts as off: the parting search's runs hold a bug back
    /// until a chosen moment, to find which of its effects leads to a violation.
    held: bool,
    switches: PhantomData<B>,
}

impl<B: BugSwitch> Default for Bugs<B> {
    fn default() -> Self {
        Self {
            on: 0,
            held: false,
            switches: PhantomData,
        }
    }
}

impl<B: BugSwitch> Bugs<B> {
    /// The set holding exactly `bugs`.
    pub fn of(bugs: &[B]) -> Self {
        let mut set = Self::default();
        for &bug in bugs {
            set.on |= 1 << bug.position();
        }
        set
    }

    /// The switches of this protocol named in `names` (names of other protocols' switches
    /// are left to them; validation has already refused unknown names).
    pub fn from_names(names: &[String]) -> Self {
        let on: Vec<B> = B::ALL
            .iter()
            .copied()
            .filter(|b| names.iter().any(|n| n == b.name()))
            .collect();
        Self::of(&on)
    }

    /// Whether `bug` is on (and not held back).
    pub fn has(self, bug: B) -> bool {
        !self.held && self.on & (1 << bug.position()) != 0
    }

    /// Holds every switch back (`true`: they act as off) or lets them act again.
    pub fn hold(&mut self, held: bool) {
        self.held = held;
    }

    /// The switches that are on, in [`BugSwitch::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = B> {
        B::ALL.iter().copied().filter(move |&b| self.has(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raft::RaftBug;

    #[test]
    fn every_switch_sits_at_its_position_in_all() {
        for (i, bug) in RaftBug::ALL.iter().enumerate() {
            assert_eq!(bug.position(), i);
        }
    }

    #[test]
    fn a_set_holds_exactly_the_switches_named() {
        let bugs: Bugs<RaftBug> = Bugs::from_names(&["skip_up_to_date_check".into(), "ignore_promised_values".into()]);
        assert!(bugs.has(RaftBug::SkipUpToDateCheck));
        assert!(!bugs.has(RaftBug::CountPreviousTermEntries));
        assert_eq!(bugs.iter().collect::<Vec<_>>(), vec![RaftBug::SkipUpToDateCheck]);
    }
}
