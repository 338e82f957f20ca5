//! A counterexample search run in slices of real time, so a host can keep doing other
//! work between them (the page's search workers report after each), and the plain text in
//! which such a search is asked for ([`SearchRequest`]) and reports ([`SearchReport`]).
//!
//! Several searches can share the schedules: one runs numbers `first`, `first + stride`,
//! `first + 2 × stride`… (the page starts one per core). Their answer is the one a single
//! search gives, the lowest-numbered schedule that breaks something, once every search has
//! passed that number ([`Shares`]).
//!
//! The texts are written by hand rather than with serde: the page reads reports in its
//! first-load code, which then carries no deserializer for them.

use super::{Counterexample, ExploreOptions, run_schedule};
use serde::{Deserialize, Serialize};

use crate::scenario::ProtocolName;

/// Schedules tried before giving up, with a bug switch on.
pub const MAX_SCHEDULES: u64 = 200_000;
/// Schedules tried with no bug switch on: the correct protocol cannot be broken, so the
/// search is bounded and then says what it showed.
pub const CORRECT_SCHEDULES: u64 = 10_000;

/// How many schedules a search with `options` tries at most.
pub fn schedule_limit(options: &ExploreOptions) -> u64 {
    if options.bugs.is_empty() {
        CORRECT_SCHEDULES
    } else {
        MAX_SCHEDULES
    }
}

/// A search under way or finished.
#[derive(Clone, Debug)]
pub struct Search {
    /// What is explored (protocol, size, seed, bug switches).
    pub options: ExploreOptions,
    /// The first schedule this search runs, and the step to its next ones.
    /// Invariant: `first < stride`.
    pub first: u64,
    /// See `first`; 1 when one search runs every schedule.
    pub stride: u64,
    /// Schedules tried so far: `first`, `first + stride`, … (`tried` of them).
    pub tried: u64,
    /// Simulation events they took.
    pub events: u64,
    /// Real milliseconds spent working (in slices).
    pub busy_ms: f64,
    /// Whether it is still looking: false once it found something, reached `limit` or
    /// could not run.
    pub running: bool,
    /// What it found (shrunk).
    pub found: Option<Counterexample>,
    /// Schedules are numbered below this ([`schedule_limit`]).
    pub limit: u64,
}

impl Search {
    /// A search with `options` over every schedule, that has tried nothing yet.
    pub fn new(options: ExploreOptions) -> Self {
        Self::share(options, 0, 1)
    }

    /// A search with `options` over schedules `first`, `first + stride`, …
    pub fn share(options: ExploreOptions, first: u64, stride: u64) -> Self {
        let stride = stride.max(1);
        Self {
            limit: schedule_limit(&options),
            options,
            first: first % stride,
            stride,
            tried: 0,
            events: 0,
            busy_ms: 0.0,
            running: true,
            found: None,
        }
    }

    /// Runs schedules until `budget_ms` of real time (measured by `now`) has passed, a
    /// counterexample is found or the limit is reached; returns the counterexample when
    /// found, or why the options cannot run, in words (the page puts it in its sentence).
    pub fn slice(&mut self, budget_ms: f64, now: impl Fn() -> f64) -> Result<Option<Counterexample>, String> {
        let start = now();
        let mut found = None;
        if self.next() >= self.limit {
            self.running = false;
        }
        while self.running && now() - start < budget_ms {
            let outcome = match run_schedule(&self.options, self.next()) {
                Ok(outcome) => outcome,
                Err(e) => {
                    self.running = false;
                    return Err(e.to_string());
                }
            };
            self.tried += 1;
            self.events += outcome.events;
            if let Some(counterexample) = outcome.counterexample {
                self.running = false;
                self.found = Some(counterexample.clone());
                found = Some(counterexample);
            } else if self.next() >= self.limit {
                self.running = false;
            }
        }
        self.busy_ms += now() - start;
        Ok(found)
    }

    /// The number of the next schedule it would run.
    pub fn next(&self) -> u64 {
        self.first + self.tried * self.stride
    }

    /// The report of this search so far; `error` is why it could not go on.
    pub fn report(&self, error: Option<String>) -> SearchReport {
        SearchReport {
            tried: self.tried,
            events: self.events,
            busy_us: (self.busy_ms * 1000.0) as u64,
            running: self.running && error.is_none(),
            found: self.found.as_ref().map(|f| {
                let scenario = serde_json::to_string(&f.scenario).expect("scenarios serialize");
                (f.schedule, scenario)
            }),
            error,
        }
    }
}

/// What a search is asked to explore. It crosses to the search's worker as a JavaScript
/// object (the page passes it with `serde-wasm-bindgen`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchRequest {
    /// The protocol.
    pub protocol: ProtocolName,
    /// Cluster size.
    pub nodes: u32,
    /// The seed every schedule's seed is derived from.
    pub seed: u64,
    /// The bug switches on.
    pub bugs: Vec<String>,
    /// The share of the schedules asked for: `first`, `first + stride`, …
    pub first: u64,
    /// See `first`.
    pub stride: u64,
}

impl SearchRequest {
    /// The request for every schedule of `options`.
    pub fn of(options: &ExploreOptions) -> Self {
        Self {
            protocol: options.protocol,
            nodes: options.nodes,
            seed: options.seed,
            bugs: options.bugs.clone(),
            first: 0,
            stride: 1,
        }
    }

    /// The request for share `first` of `stride` shares of the schedules.
    pub fn share(&self, first: u64, stride: u64) -> Self {
        Self {
            first,
            stride,
            ..self.clone()
        }
    }

    /// The search it asks for.
    pub fn search(&self) -> Search {
        Search::share(self.options(), self.first, self.stride)
    }

    /// The explorer's options for it.
    pub fn options(&self) -> ExploreOptions {
        let mut options = ExploreOptions::new(self.protocol, self.nodes, self.seed);
        options.bugs = self.bugs.clone();
        options
    }
}

/// What a search reports after a slice, back from the search's worker as a JavaScript
/// object (passed with `serde-wasm-bindgen`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchReport {
    /// Schedules tried so far.
    pub tried: u64,
    /// Simulation events they took.
    pub events: u64,
    /// Real microseconds spent working (whole numbers: the page's reader then needs no
    /// float parser).
    pub busy_us: u64,
    /// Whether it is still looking.
    pub running: bool,
    /// What it found: the schedule and its shrunk scenario as JSON.
    pub found: Option<(u64, String)>,
    /// Why it could not run.
    pub error: Option<String>,
}

impl SearchReport {
    /// The report of a search that could not run, and why.
    pub fn failed(error: impl Into<String>) -> Self {
        Self {
            tried: 0,
            events: 0,
            busy_us: 0,
            running: false,
            found: None,
            error: Some(error.into()),
        }
    }
}

/// Several searches sharing the schedules (see [`SearchRequest::share`]), as their
/// reports tell them, and the one answer they give together.
#[derive(Clone, Debug, PartialEq)]
pub struct Shares {
    /// Per share, in order (share `i` runs `i`, `i + n`, … of `n` shares): its latest report.
    reports: Vec<SearchReport>,
}

/// What shared searches have settled on.
#[derive(Clone, Debug, PartialEq)]
pub enum Settled<'a> {
    /// Still looking (or waiting for a share to pass a lower find).
    Open,
    /// Done: the lowest-numbered schedule that broke something, and its scenario's JSON.
    Found(u64, &'a str),
    /// Done without a find: every share reached its limit or stopped.
    Nothing,
    /// A share could not run, and why.
    Failed(&'a str),
}

impl Shares {
    /// `count` shares that have reported nothing yet.
    pub fn new(count: usize) -> Self {
        let quiet = SearchReport {
            tried: 0,
            events: 0,
            busy_us: 0,
            running: true,
            found: None,
            error: None,
        };
        Self {
            reports: vec![quiet; count.max(1)],
        }
    }

    /// Takes in share `share`'s latest report (ignored when there is no such share).
    pub fn take(&mut self, share: usize, report: SearchReport) {
        if let Some(slot) = self.reports.get_mut(share) {
            *slot = report;
        }
    }

    /// How many shares there are.
    pub fn count(&self) -> usize {
        self.reports.len()
    }

    /// Schedules tried by all of them.
    pub fn tried(&self) -> u64 {
        self.reports.iter().map(|r| r.tried).sum()
    }

    /// Simulation events they took.
    pub fn events(&self) -> u64 {
        self.reports.iter().map(|r| r.events).sum()
    }

    /// Real microseconds of the busiest share (they run at the same time).
    pub fn busy_us(&self) -> u64 {
        self.reports.iter().map(|r| r.busy_us).max().unwrap_or(0)
    }

    /// The number of the next schedule share `share` would run.
    fn next(&self, share: usize) -> u64 {
        share as u64 + self.reports[share].tried * self.count() as u64
    }

    /// What they have settled on. A find is the answer only once every other share has
    /// found something too or passed its number: until then a lower one may still break.
    pub fn settled(&self) -> Settled<'_> {
        if let Some(error) = self.reports.iter().find_map(|r| r.error.as_deref()) {
            return Settled::Failed(error);
        }
        let lowest = self
            .reports
            .iter()
            .filter_map(|r| r.found.as_ref())
            .min_by_key(|(schedule, _)| *schedule);
        match lowest {
            Some((schedule, scenario)) => {
                let passed =
                    (0..self.count()).all(|share| !self.reports[share].running || self.next(share) > *schedule);
                if passed {
                    Settled::Found(*schedule, scenario)
                } else {
                    Settled::Open
                }
            }
            None if self.reports.iter().all(|r| !r.running) => Settled::Nothing,
            None => Settled::Open,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A clock that moves 1 ms each time it is read.
    fn ticking() -> impl Fn() -> f64 {
        let now = Cell::new(0.0);
        move || {
            now.set(now.get() + 1.0);
            now.get()
        }
    }

    #[test]
    fn a_slice_stops_when_its_budget_is_spent_and_the_next_one_goes_on() {
        let mut search = Search::new(ExploreOptions::raft(3, 1));
        search.slice(6.0, ticking()).unwrap();
        let first = search.tried;
        assert!(first >= 1 && search.running);
        search.slice(6.0, ticking()).unwrap();
        assert!(
            search.tried > first,
            "schedules are numbered on from where the last slice stopped"
        );
    }

    #[test]
    fn the_search_finds_a_bug_and_stops() {
        let mut options = ExploreOptions::raft(5, 1);
        options.bugs = vec!["skip_up_to_date_check".into()];
        let mut search = Search::new(options);
        let mut found = None;
        while search.running && found.is_none() {
            found = search.slice(1_000.0, ticking()).unwrap();
        }
        let found = found.expect("the bug is caught within a few schedules");
        assert!(!search.running);
        assert!(!found.violations.is_empty());
    }

    #[test]
    fn without_a_bug_the_search_is_bounded() {
        let mut search = Search::new(ExploreOptions::raft(3, 1));
        assert_eq!(search.limit, CORRECT_SCHEDULES);
        search.limit = 30;
        while search.running {
            assert!(search.slice(1_000.0, ticking()).unwrap().is_none());
        }
        assert_eq!(search.tried, 30);
    }

    #[test]
    fn requests_and_reports_read_back_whole() {
        let mut options = ExploreOptions::raft(5, 1);
        options.bugs = vec!["skip_up_to_date_check".into(), "forget_voted_for_on_restart".into()];
        let request: SearchRequest = through_serde(&SearchRequest::of(&options));
        assert_eq!(request.options(), options, "the search explores what was asked");
        let mut search = Search::new(request.options());
        while search.running {
            search.slice(1_000.0, ticking()).unwrap();
        }
        let report = search.report(None);
        assert!(report.found.is_some());
        assert_eq!(through_serde(&report), report);
        let failed = SearchReport::failed("no search was started");
        assert_eq!(through_serde(&failed), failed);
        let wrong = serde_json::from_str::<SearchRequest>(
            r#"{"protocol":"ralf","nodes":5,"seed":1,"bugs":[],"first":0,"stride":1}"#,
        );
        assert!(wrong.unwrap_err().to_string().contains("ralf"));
    }

    /// `value` written and read back as the page and its workers pass it (through serde).
    fn through_serde<T: Serialize + for<'a> Deserialize<'a>>(value: &T) -> T {
        serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
    }

    /// Runs `count` shares slice by slice, round robin, until they settle.
    fn shared(options: &ExploreOptions, count: u64, limit: u64) -> (Shares, Vec<Search>) {
        let request = SearchRequest::of(options);
        let mut searches: Vec<Search> = (0..count)
            .map(|share| {
                let mut search = through_serde(&request.share(share, count)).search();
                search.limit = limit;
                search
            })
            .collect();
        let mut shares = Shares::new(count as usize);
        while shares.settled() == Settled::Open {
            for (share, search) in searches.iter_mut().enumerate() {
                search.slice(3.0, ticking()).unwrap();
                shares.take(share, search.report(None));
            }
        }
        (shares, searches)
    }

    #[test]
    fn shared_searches_settle_on_what_one_search_finds() {
        for seed in 1..=4 {
            let mut options = ExploreOptions::raft(5, seed);
            options.bugs = vec!["count_previous_term_entries".into()];
            let mut one = Search::new(options.clone());
            let alone = loop {
                if let Some(found) = one.slice(1_000.0, ticking()).unwrap() {
                    break found;
                }
            };
            let (shares, _) = shared(&options, 3, MAX_SCHEDULES);
            let Settled::Found(schedule, scenario) = shares.settled() else {
                panic!("seed {seed}: {:?}", shares.settled());
            };
            assert_eq!(schedule, alone.schedule, "seed {seed}: the lowest-numbered find");
            assert_eq!(crate::scenario::parse(scenario).unwrap(), alone.scenario);
            assert!(shares.tried() > alone.schedule, "every schedule below it ran");
        }
    }

    #[test]
    fn shared_searches_without_a_bug_run_each_schedule_once_up_to_the_limit() {
        let (shares, searches) = shared(&ExploreOptions::raft(3, 1), 3, 31);
        assert_eq!(shares.settled(), Settled::Nothing);
        assert_eq!(shares.tried(), 31);
        let tried: Vec<u64> = searches.iter().map(|s| s.tried).collect();
        assert_eq!(tried, vec![11, 10, 10], "0, 3, … 30; 1, 4, … 28; 2, 5, … 29");
    }

    #[test]
    fn a_search_that_cannot_run_says_why_and_stops() {
        let mut search = Search::new(ExploreOptions::new(ProtocolName::Raft, 0, 1));
        assert!(search.slice(10.0, ticking()).is_err());
        assert!(!search.running, "no endless retries");
    }
}
