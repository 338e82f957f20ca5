//! What faults a schedule may have: the kinds the explorer is allowed ([`Faults`], e.g.
//! crashes only, to check a protocol under the assumptions it states) and the mix one
//! schedule draws from them (`Mix`, swarm testing).

use crate::sim::SimRng;

/// The kinds of fault schedules may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Faults {
    /// Crashes and restarts.
    pub crashes: bool,
    /// Partitions and heals.
    pub partitions: bool,
    /// Timers fired early (a failure detector that suspects a live node).
    pub timeouts: bool,
    /// Messages dropped, by hand or by a lossy network.
    pub drops: bool,
}

impl Faults {
    /// Every kind.
    pub const ALL: Faults = Faults {
        crashes: true,
        partitions: true,
        timeouts: true,
        drops: true,
    };

    /// The kinds' names, as `--faults` takes them.
    pub const NAMES: &'static str = "crashes, partitions, timeouts, drops";

    /// The kinds named in `list` (`crashes,partitions`); what is wrong with it, in words.
    pub fn parse(list: &str) -> Result<Faults, String> {
        let mut faults = Faults {
            crashes: false,
            partitions: false,
            timeouts: false,
            drops: false,
        };
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let kind = match name {
                "crashes" => &mut faults.crashes,
                "partitions" => &mut faults.partitions,
                "timeouts" => &mut faults.timeouts,
                "drops" => &mut faults.drops,
                _ => return Err(format!("no fault kind is called `{name}`: expected {}", Self::NAMES)),
            };
            *kind = true;
        }
        Ok(faults)
    }
}

/// Which kinds of step one schedule draws from. Swarm testing (Groce et al., 2012): each
/// schedule leaves some kinds out, so a fault that would mask a bug in one schedule (a
/// crash that ends the leader a bug needs, a drop that loses the write it needs) is absent
/// from many others, and the kinds left in come more often.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Mix {
    /// Crashes and restarts.
    pub(super) crashes: bool,
    /// Partitions and heals.
    pub(super) partitions: bool,
    /// Timers fired early.
    pub(super) timeouts: bool,
    /// Messages dropped.
    pub(super) drops: bool,
    /// Client reads besides writes.
    pub(super) reads: bool,
    /// Faults aimed at leaders (Jepsen's leader isolation): while a node leads, every
    /// partition puts a leader on the minority side (with fewer than half of the others)
    /// and half of the crashes take a leader down. Leaders are where consensus bugs live:
    /// Figure 8 needs leaders cut off, again and again, with entries they could not
    /// replicate.
    pub(super) at_leaders: bool,
}

impl Mix {
    /// Every kind, as before swarm testing.
    pub(super) const ALL: Mix = Mix {
        crashes: true,
        partitions: true,
        timeouts: true,
        drops: true,
        reads: true,
        at_leaders: false,
    };

    /// A random mix: partitions in three schedules of four, every other fault kind and
    /// client reads in half of them; faults aimed at leaders.
    pub(super) fn draw(rng: &mut SimRng) -> Mix {
        Mix {
            crashes: rng.chance(0.5),
            partitions: rng.chance(0.75),
            timeouts: rng.chance(0.5),
            drops: rng.chance(0.5),
            reads: rng.chance(0.5),
            at_leaders: true,
        }
    }

    /// This mix without the kinds `faults` leaves out.
    pub(super) fn limited_to(self, faults: Faults) -> Mix {
        Mix {
            crashes: self.crashes && faults.crashes,
            partitions: self.partitions && faults.partitions,
            timeouts: self.timeouts && faults.timeouts,
            drops: self.drops && faults.drops,
            ..self
        }
    }
}
