//! The counterexample search as the page sees it: the search itself runs in Web Workers,
//! one per core, each on a share of the schedules, on the search's own WebAssembly module
//! ([`crate::search_worker`], loaded when a search starts, not with the page); the page
//! hears their reports, shows the progress and loads what they settle on.

use consensus_core::explore::search::{SearchReport, Settled, Shares, schedule_limit};
use consensus_core::explore::{Counterexample, ExploreOptions};

/// A search under way or finished, as its workers' reports tell it.
#[derive(Clone, Debug)]
pub struct Hunt {
    /// What is explored (protocol, size, seed, bug switches).
    pub options: ExploreOptions,
    /// The workers' latest reports, one per share of the schedules.
    pub shares: Shares,
    /// Whether it is still looking.
    pub running: bool,
    /// What it found.
    pub found: Option<Counterexample>,
    /// Schedules are numbered below this.
    pub limit: u64,
    /// Where the counterexample parts from the same scenario without the bug, in words.
    pub parting: Option<String>,
    /// Whether its workers have started.
    pub in_worker: bool,
}

impl Hunt {
    /// A search with `options` that has tried nothing yet.
    pub fn new(options: ExploreOptions) -> Self {
        Self {
            limit: schedule_limit(&options),
            shares: Shares::new(1),
            parting: None,
            in_worker: false,
            options,
            running: true,
            found: None,
        }
    }

    /// The workers have started, `count` of them, each with its share of the schedules.
    pub fn started(&mut self, count: usize) {
        self.shares = Shares::new(count);
        self.in_worker = true;
    }

    /// Schedules tried so far, by every worker.
    pub fn tried(&self) -> u64 {
        self.shares.tried()
    }

    /// Simulation events they took.
    pub fn events(&self) -> u64 {
        self.shares.events()
    }

    /// Real milliseconds the search has worked (its busiest worker's).
    pub fn busy_ms(&self) -> f64 {
        self.shares.busy_us() as f64 / 1000.0
    }

    /// Sets the counterexample found beside the correct run (the parting, in words).
    pub fn settle(&mut self, found: &Counterexample) {
        self.parting = consensus_core::parting::against_correct(&found.scenario)
            .ok()
            .flatten()
            .map(|p| p.summary);
        self.found = Some(found.clone());
        self.running = false;
    }

    /// Takes in worker `share`'s report; returns the counterexample once the workers have
    /// settled on one (replayed here for its violations, exactly as the search found them).
    pub fn take_report(&mut self, share: usize, report: SearchReport) -> Result<Option<Counterexample>, String> {
        self.shares.take(share, report);
        let (schedule, text) = match self.shares.settled() {
            Settled::Open => return Ok(None),
            Settled::Nothing => {
                self.running = false;
                return Ok(None);
            }
            Settled::Failed(error) => {
                self.running = false;
                return Err(format!("The search cannot run here: {error}"));
            }
            Settled::Found(schedule, text) => (schedule, text),
        };
        self.running = false;
        let scenario = consensus_core::scenario::parse(text)
            .map_err(|e| format!("The search's counterexample could not be read: {e}"))?;
        let violations = consensus_core::explore::replay(&scenario);
        Ok(Some(Counterexample {
            schedule,
            scenario,
            violations,
        }))
    }

    /// Progress in words.
    pub fn progress(&self) -> String {
        let (tried, seconds) = (self.tried(), self.busy_ms() / 1000.0);
        let rate = if seconds > 0.0 { tried as f64 / seconds } else { 0.0 };
        match (&self.found, self.running) {
            (Some(found), _) => format!(
                "Found after {} schedules ({seconds:.1} s): schedule {} broke {}; shrunk to {} steps.",
                tried,
                found.schedule,
                found.violations.first().map_or("an invariant", |v| v.invariant),
                found.scenario.steps.len()
            ),
            (None, true) => format!("Searching… {} schedules tried in {seconds:.1} s ({rate:.0}/s).", tried),
            (None, false) if self.options.bugs.is_empty() && tried >= self.limit => format!(
                "{} random schedules with crashes, partitions, loss and duplication ({seconds:.1} s): no violation — correct {} held every safety and progress property. Switch a bug on to see one break.",
                thousands(tried),
                self.options.protocol.title()
            ),
            (None, false) => format!(
                "Stopped after {} schedules ({seconds:.1} s): no invariant broke.",
                thousands(tried)
            ),
        }
    }
}

/// "10,000".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use consensus_core::explore::search::{CORRECT_SCHEDULES, Search, SearchRequest};
    use std::cell::Cell;

    /// A clock that moves 1 ms each time it is read.
    fn ticking() -> impl Fn() -> f64 {
        let now = Cell::new(0.0);
        move || {
            now.set(now.get() + 1.0);
            now.get()
        }
    }

    /// What worker `share` of `count` does with the page's request: runs its share to its
    /// end (a find, or the limit) and reports.
    fn worker(options: &ExploreOptions, share: u64, count: u64, limit: Option<u64>) -> SearchReport {
        let mut search = SearchRequest::of(options).share(share, count).search();
        if let Some(limit) = limit {
            search.limit = limit;
        }
        while search.running {
            search.slice(1_000.0, ticking()).unwrap();
        }
        search.report(None)
    }

    #[test]
    fn the_workers_reports_settle_on_the_counterexample_one_search_finds() {
        let mut options = ExploreOptions::raft(5, 1);
        options.bugs = vec!["count_previous_term_entries".into()];
        let mut page = Hunt::new(options.clone());
        page.started(2);
        let first = page.take_report(0, worker(&options, 0, 2, None)).unwrap();
        let second = page.take_report(1, worker(&options, 1, 2, None)).unwrap();
        let found = first.or(second).expect("settled once both reported");
        assert!(!page.running);
        let mut search = Search::new(options);
        let original = loop {
            if let Some(found) = search.slice(1_000.0, ticking()).unwrap() {
                break found;
            }
        };
        assert_eq!(found.schedule, original.schedule, "the lowest-numbered find");
        assert_eq!(found.scenario, original.scenario);
        assert_eq!(
            found.violations, original.violations,
            "the replay breaks what the worker saw"
        );
        page.settle(&found);
        let parting = page.parting.as_deref().expect("set beside the correct run");
        assert!(parting.starts_with("Here the runs part, at "), "{parting}");
        assert!(page.progress().starts_with("Found after"), "{}", page.progress());
    }

    #[test]
    fn without_a_bug_the_search_is_bounded_and_says_what_it_showed() {
        let options = ExploreOptions::raft(3, 1);
        let mut hunt = Hunt::new(options.clone());
        assert_eq!(hunt.limit, CORRECT_SCHEDULES);
        hunt.limit = 30;
        hunt.started(2);
        assert!(hunt.take_report(0, worker(&options, 0, 2, Some(30))).unwrap().is_none());
        assert!(hunt.running, "the other worker is still at it");
        assert!(hunt.take_report(1, worker(&options, 1, 2, Some(30))).unwrap().is_none());
        assert!(!hunt.running);
        assert_eq!(hunt.tried(), 30);
        assert!(
            hunt.progress().starts_with("30 random schedules with crashes"),
            "{}",
            hunt.progress()
        );
        assert!(
            hunt.progress()
                .contains("correct Raft held every safety and progress property")
        );
        assert_eq!(thousands(10_000), "10,000");
    }

    #[test]
    fn a_search_that_cannot_run_says_why_and_stops() {
        let mut hunt = Hunt::new(ExploreOptions::raft(3, 1));
        hunt.started(2);
        let error = hunt
            .take_report(1, SearchReport::failed("its worker stopped with an error"))
            .unwrap_err();
        assert_eq!(error, "The search cannot run here: its worker stopped with an error");
        assert!(!hunt.running, "no endless retries");
    }

    #[test]
    fn a_worker_whose_options_cannot_run_is_named_once_in_the_sentence() {
        let options = ExploreOptions::raft(0, 1);
        let mut search = Search::new(options.clone());
        let why = search.slice(10.0, ticking()).unwrap_err();
        let report = search.report(Some(why));
        let mut hunt = Hunt::new(options);
        let error = hunt.take_report(0, report).unwrap_err();
        assert!(error.starts_with("The search cannot run here: "), "{error}");
        assert_eq!(error.matches("cannot run here").count(), 1, "{error}");
    }
}
