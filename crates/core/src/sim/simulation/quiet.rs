//! Quiet windows: the stretches over which progress is judged (see
//! [`crate::check::progress`]). The window starts at the last fault once everything is
//! whole (every node up, no partition or cut link, no loss, automatic delivery and timers,
//! no drop armed); after `liveness_window_ms` of it the protocol's progress properties are
//! judged, and again every `liveness_window_ms` while it lasts. A protocol that promises
//! progress with nodes down ([`Progress::JUDGED_WITH_CRASHES`]) is also judged over
//! windows in which the network is whole, no node crashes or restarts, and some are down.

use super::*;
use crate::check::progress::{Conditions, Progress, Window};

/// The current quiet window of a run of protocol `P`.
#[derive(Clone, Debug)]
pub(super) struct QuietWindow<G> {
    /// When everything became whole.
    pub(super) since: Time,
    /// When the window being judged began (`since`, then every judgment's time).
    pub(super) from: Time,
    /// What the cluster had achieved at `from`.
    pub(super) start: G,
    /// What it had achieved shortly before the judgment (taken at `from + W - grace`).
    pub(super) late: Option<G>,
}

/// How long before a judgment its `late` mark is taken: a tenth of the window.
fn grace(window: Time) -> Time {
    window / 10
}

impl<P: Protocol> Simulation<P> {
    /// Whether nothing outside the protocol stands in the way of progress now.
    pub fn is_quiet(&self) -> bool {
        self.nodes.iter().all(|n| n.up) && self.network_is_quiet()
    }

    /// Whether the network stands in nobody's way now (nodes may be down).
    fn network_is_quiet(&self) -> bool {
        let network = &self.settings.network;
        self.partition.is_whole()
            && network.loss <= 0.0
            && !network.manual
            && !self.settings.manual_timers
            && self.armed_drops.is_empty()
    }

    /// A fault or a change of the network or timers happened now: the quiet window, if
    /// any, starts again from now (or ends, when something is still broken).
    pub(super) fn conditions_changed(&mut self) {
        self.last_fault = Some(self.time);
        let window = |sim: &Self| QuietWindow {
            since: sim.time,
            from: sim.time,
            start: P::Progress::mark(&sim.nodes),
            late: None,
        };
        self.quiet = self.is_quiet().then(|| window(self));
        let crashes = P::Progress::JUDGED_WITH_CRASHES && !self.is_quiet() && self.network_is_quiet();
        self.crash_quiet = crashes.then(|| window(self));
    }

    /// Judges progress at every window end up to `until` (called before time moves there;
    /// the cluster does not change in between).
    pub(super) fn judge_progress_until(&mut self, until: Time) {
        let window = self.settings.liveness_window_ms;
        if !self.settings.check || window == 0 {
            return;
        }
        for with_crashes in [false, true] {
            let mut quiet = if with_crashes {
                self.crash_quiet.take()
            } else {
                self.quiet.take()
            };
            if let Some(quiet) = &mut quiet {
                self.judge_window(quiet, window, until, with_crashes);
            }
            if with_crashes {
                self.crash_quiet = quiet;
            } else {
                self.quiet = quiet;
            }
        }
    }

    /// Judges `quiet` (a window of `window` ms, with nodes down when `with_crashes`) at
    /// every end up to `until`.
    fn judge_window(&mut self, quiet: &mut QuietWindow<P::Progress>, window: Time, until: Time, with_crashes: bool) {
        loop {
            let late_at = quiet.from + window - grace(window);
            if quiet.late.is_none() && late_at <= until {
                quiet.late = Some(P::Progress::mark(&self.nodes));
            }
            let end = quiet.from + window;
            if end > until {
                return;
            }
            let mut found = Vec::new();
            let judged = Window {
                quiet_since: quiet.since,
                from: quiet.from,
                now: end,
                nodes: &self.nodes,
                clients: self.clients.from_first_open(),
                with_crashes,
            };
            let late = quiet.late.as_ref().unwrap_or(&quiet.start);
            if with_crashes {
                P::Progress::judge_with_crashes(&quiet.start, late, &judged, &mut found);
            } else {
                P::Progress::judge(&quiet.start, late, &judged, &mut found);
            }
            quiet.from = end;
            quiet.start = P::Progress::mark(&self.nodes);
            quiet.late = None;
            for violation in found {
                if !self.violations.iter().any(|v| v.invariant == violation.invariant) {
                    self.violations.push(violation);
                }
            }
        }
    }

    /// Why the protocol cannot make progress now, in words (`None` when it can).
    pub fn why_stuck(&self) -> Option<String> {
        let partition = &self.partition;
        P::Progress::why_stuck(&Conditions {
            nodes: &self.nodes,
            connected: &|a, b| partition.connects(a, b),
            down_since: &self.down_since,
        })
    }

    /// Records in the trace why the protocol cannot progress, when that changed since the
    /// last call (the scenario runner calls it after every step).
    pub fn record_progress(&mut self) {
        if !self.settings.record_trace {
            return;
        }
        let now = self.why_stuck();
        if now != self.stuck_reported {
            self.stuck_reported.clone_from(&now);
            self.record(TraceEvent::Progress(now));
        }
    }

    /// When the current quiet stretch began, if everything is whole now.
    pub fn quiet_since(&self) -> Option<Time> {
        self.quiet.as_ref().map(|q| q.since)
    }

    /// When the last fault (crash, restart, partition, heal, cut, network or timer
    /// change, dropped message) happened, if any.
    pub fn last_fault(&self) -> Option<Time> {
        self.last_fault
    }
}
