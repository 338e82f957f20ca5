//! The counterexample search as the page sees it: the search itself runs in a Web Worker
//! on its own WebAssembly module ([`crate::search_worker`], loaded when a search starts,
//! not with the page); the page hears its reports, shows its progress and loads what it
//! found.

use consensus_core::explore::search::{SearchReport, schedule_limit};
use consensus_core::explore::{Counterexample, ExploreOptions};

/// A search under way or finished, as its reports tell it.
#[derive(Clone, Debug)]
pub struct Hunt {
    /// What is explored (protocol, size, seed, bug switches).
    pub options: ExploreOptions,
    /// Schedules tried so far.
    pub tried: u64,
    /// Simulation events they took.
    pub events: u64,
    /// Real milliseconds the search has worked.
    pub busy_ms: f64,
    /// Whether it is still looking.
    pub running: bool,
    /// What it found.
    pub found: Option<Counterexample>,
    /// How many schedules it tries at most.
    pub limit: u64,
    /// Where the counterexample parts from the same scenario without the bug, in words.
    pub parting: Option<String>,
    /// Whether its worker has started.
    pub in_worker: bool,
}

impl Hunt {
    /// A search with `options` that has tried nothing yet.
    pub fn new(options: ExploreOptions) -> Self {
        Self {
            limit: schedule_limit(&options),
            parting: None,
            in_worker: false,
            options,
            tried: 0,
            events: 0,
            busy_ms: 0.0,
            running: true,
            found: None,
        }
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

    /// Takes in a report of the search; returns the counterexample when it carries one
    /// (replayed here for its violations, exactly as the search found them).
    pub fn take_report(&mut self, report: &SearchReport) -> Result<Option<Counterexample>, String> {
        self.tried = report.tried;
        self.events = report.events;
        self.busy_ms = report.busy_us as f64 / 1000.0;
        self.running = report.running;
        if let Some(error) = &report.error {
            self.running = false;
            return Err(format!("The search cannot run here: {error}"));
        }
        let Some((schedule, text)) = &report.found else {
            return Ok(None);
        };
        self.running = false;
        let scenario = consensus_core::scenario::parse(text)
            .map_err(|e| format!("The search's counterexample could not be read: {e}"))?;
        let violations = consensus_core::explore::replay(&scenario);
        Ok(Some(Counterexample {
            schedule: *schedule,
            scenario,
            violations,
        }))
    }

    /// Progress in words.
    pub fn progress(&self) -> String {
        let seconds = self.busy_ms / 1000.0;
        let rate = if seconds > 0.0 {
            self.tried as f64 / seconds
        } else {
            0.0
        };
        match (&self.found, self.running) {
            (Some(found), _) => format!(
                "Found after {} schedules ({seconds:.1} s): schedule {} broke {}; shrunk to {} steps.",
                self.tried,
                found.schedule,
                found.violations.first().map_or("an invariant", |v| v.invariant),
                found.scenario.steps.len()
            ),
            (None, true) => format!(
                "Searching… {} schedules tried in {seconds:.1} s ({rate:.0}/s).",
                self.tried
            ),
            (None, false) if self.options.bugs.is_empty() && self.tried >= self.limit => format!(
                "{} random schedules with crashes, partitions, loss and duplication ({seconds:.1} s): no violation — correct {} held every safety and progress property. Switch a bug on to see one break.",
                thousands(self.tried),
                self.options.protocol.title()
            ),
            (None, false) => format!(
                "Stopped after {} schedules ({seconds:.1} s): no invariant broke.",
                thousands(self.tried)
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

    /// What a worker does with the page's request: runs it to its end and reports.
    fn worker(options: &ExploreOptions, limit: Option<u64>) -> SearchReport {
        let request = SearchRequest::decode(&SearchRequest::of(options).encode()).unwrap();
        let mut search = Search::new(request.options());
        if let Some(limit) = limit {
            search.limit = limit;
        }
        while search.running {
            search.slice(1_000.0, ticking()).unwrap();
        }
        SearchReport::decode(&search.report(None).encode()).unwrap()
    }

    #[test]
    fn a_report_carries_the_search_and_its_counterexample_whole() {
        let mut options = ExploreOptions::raft(5, 1);
        options.bugs = vec!["skip_up_to_date_check".into()];
        let report = worker(&options, None);
        let mut page = Hunt::new(options.clone());
        page.in_worker = true;
        let found = page.take_report(&report).unwrap().expect("the report carries it");
        assert_eq!(page.tried, report.tried);
        assert!(!page.running);
        let mut search = Search::new(options);
        let original = loop {
            if let Some(found) = search.slice(1_000.0, ticking()).unwrap() {
                break found;
            }
        };
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
        assert!(hunt.take_report(&worker(&options, Some(30))).unwrap().is_none());
        assert!(!hunt.running);
        assert_eq!(hunt.tried, 30);
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
        let error = hunt
            .take_report(&SearchReport::failed("its worker stopped with an error"))
            .unwrap_err();
        assert_eq!(error, "The search cannot run here: its worker stopped with an error");
        assert!(!hunt.running, "no endless retries");
    }
}
