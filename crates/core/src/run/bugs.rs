//! The checked invariants and progress properties of every protocol, and the bug
//! switches that break them, for menus and panels (each read from the protocol table).

use crate::scenario::ProtocolName;

pub use crate::any::BugInfo;

/// The bug switches of `protocol`.
pub fn bug_switches(protocol: ProtocolName) -> Vec<BugInfo> {
    protocol.bug_switches()
}

/// The progress properties judged for `protocol` over quiet windows: (name, what must hold).
pub fn progress_properties(protocol: ProtocolName) -> &'static [(&'static str, &'static str)] {
    protocol.progress_properties()
}

/// Whether `invariant` names one of `protocol`'s progress properties (not a safety one).
pub fn is_progress_property(protocol: ProtocolName, invariant: &str) -> bool {
    progress_properties(protocol).iter().any(|(name, _)| *name == invariant)
}

/// The safety properties the checker verifies for `protocol`, after every event.
pub fn invariants(protocol: ProtocolName) -> &'static [&'static str] {
    protocol.invariants()
}
