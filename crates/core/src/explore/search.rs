//! A counterexample search run in slices of real time, so a host can keep doing other
//! work between them (the page's search worker reports after each), and the plain text in
//! which such a search is asked for ([`SearchRequest`]) and reports ([`SearchReport`]).
//!
//! The texts are written by hand rather than with serde: the page reads reports in its
//! first-load code, which then carries no deserializer for them.

use super::{Counterexample, ExploreOptions, run_schedule};
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
    /// Schedules tried so far (schedules `0..tried`).
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
    /// How many schedules it tries at most ([`schedule_limit`]).
    pub limit: u64,
}

impl Search {
    /// A search with `options` that has tried nothing yet.
    pub fn new(options: ExploreOptions) -> Self {
        Self {
            limit: schedule_limit(&options),
            options,
            tried: 0,
            events: 0,
            busy_ms: 0.0,
            running: true,
            found: None,
        }
    }

    /// Runs schedules until `budget_ms` of real time (measured by `now`) has passed, a
    /// counterexample is found or the limit is reached; returns the counterexample when
    /// found, an error in words when the options cannot run.
    pub fn slice(&mut self, budget_ms: f64, now: impl Fn() -> f64) -> Result<Option<Counterexample>, String> {
        let start = now();
        let mut found = None;
        while self.running && now() - start < budget_ms {
            let outcome = match run_schedule(&self.options, self.tried) {
                Ok(outcome) => outcome,
                Err(e) => {
                    self.running = false;
                    return Err(format!("The search cannot run here: {e}"));
                }
            };
            self.tried += 1;
            self.events += outcome.events;
            if let Some(counterexample) = outcome.counterexample {
                self.running = false;
                self.found = Some(counterexample.clone());
                found = Some(counterexample);
            } else if self.tried >= self.limit {
                self.running = false;
            }
        }
        self.busy_ms += now() - start;
        Ok(found)
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

/// What a search is asked to explore.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchRequest {
    /// The protocol.
    pub protocol: ProtocolName,
    /// Cluster size.
    pub nodes: u32,
    /// The seed every schedule's seed is derived from.
    pub seed: u64,
    /// The bug switches on.
    pub bugs: Vec<String>,
}

impl SearchRequest {
    /// The request for `options`.
    pub fn of(options: &ExploreOptions) -> Self {
        Self {
            protocol: options.protocol,
            nodes: options.nodes,
            seed: options.seed,
            bugs: options.bugs.clone(),
        }
    }

    /// The explorer's options for it.
    pub fn options(&self) -> ExploreOptions {
        let mut options = ExploreOptions::new(self.protocol, self.nodes, self.seed);
        options.bugs = self.bugs.clone();
        options
    }

    /// The request on one line: `protocol nodes seed bug,bug`.
    pub fn encode(&self) -> String {
        format!(
            "{} {} {} {}",
            self.protocol.as_str(),
            self.nodes,
            self.seed,
            self.bugs.join(",")
        )
    }

    /// Reads [`SearchRequest::encode`]'s line back; what is wrong with it, in words.
    pub fn decode(line: &str) -> Result<Self, String> {
        let mut fields = line.splitn(4, ' ');
        let mut next = |what: &str| fields.next().ok_or(format!("the request has no {what}"));
        let protocol = next("protocol")?;
        let protocol = ProtocolName::from_name(protocol).ok_or(format!("no protocol is called {protocol}"))?;
        let nodes = next("size")?.parse().map_err(|_| "the cluster size is not a number")?;
        let seed = next("seed")?.parse().map_err(|_| "the seed is not a number")?;
        let bugs = next("bug list")?
            .split(',')
            .filter(|b| !b.is_empty())
            .map(str::to_string)
            .collect();
        Ok(Self {
            protocol,
            nodes,
            seed,
            bugs,
        })
    }
}

/// What a search reports after a slice.
#[derive(Clone, Debug, PartialEq)]
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

    /// The report as text: a first line `tried events busy_us running`, then `found
    /// SCHEDULE` and the scenario's JSON, or `error` and the reason, or nothing.
    pub fn encode(&self) -> String {
        let mut text = format!("{} {} {} {}", self.tried, self.events, self.busy_us, self.running);
        if let Some((schedule, scenario)) = &self.found {
            text.push_str(&format!("\nfound {schedule}\n{scenario}"));
        } else if let Some(error) = &self.error {
            text.push_str(&format!("\nerror\n{error}"));
        }
        text
    }

    /// Reads [`SearchReport::encode`]'s text back; what is wrong with it, in words.
    pub fn decode(text: &str) -> Result<Self, String> {
        let mut lines = text.splitn(3, '\n');
        let head: Vec<&str> = lines.next().unwrap_or_default().split(' ').collect();
        let [tried, events, busy_us, running] = head.as_slice() else {
            return Err(format!("the search's report is not understood: {text}"));
        };
        let number = |field: &str| field.parse::<u64>().map_err(|_| format!("{field} is not a number"));
        let mut report = Self {
            tried: number(tried)?,
            events: number(events)?,
            busy_us: number(busy_us)?,
            running: *running == "true",
            found: None,
            error: None,
        };
        match (lines.next(), lines.next()) {
            (Some(kind), Some(rest)) if kind.starts_with("found ") => {
                report.found = Some((number(&kind["found ".len()..])?, rest.to_string()));
            }
            (Some("error"), Some(rest)) => report.error = Some(rest.to_string()),
            _ => {}
        }
        Ok(report)
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
        let request = SearchRequest::decode(&SearchRequest::of(&options).encode()).unwrap();
        assert_eq!(request.options(), options, "the search explores what was asked");
        let mut search = Search::new(request.options());
        while search.running {
            search.slice(1_000.0, ticking()).unwrap();
        }
        let report = search.report(None);
        assert!(report.found.is_some());
        assert_eq!(SearchReport::decode(&report.encode()).unwrap(), report);
        let failed = SearchReport::failed("no search was started");
        assert_eq!(SearchReport::decode(&failed.encode()).unwrap(), failed);
        assert!(SearchReport::decode("12 x").is_err());
        assert!(SearchRequest::decode("ralf 5 1 ").unwrap_err().contains("ralf"));
    }

    #[test]
    fn a_search_that_cannot_run_says_why_and_stops() {
        let mut search = Search::new(ExploreOptions::new(ProtocolName::Raft, 0, 1));
        assert!(search.slice(10.0, ticking()).is_err());
        assert!(!search.running, "no endless retries");
    }
}
