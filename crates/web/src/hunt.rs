//! The counterexample search in the page: random schedules run in slices of a few
//! milliseconds, in a Web Worker ([`crate::search_worker`]) or, where there is none,
//! between frames on the main thread, until the checker finds a violation (shrunk to a
//! short scenario) or the user cancels.

use consensus_core::explore::{Counterexample, ExploreOptions, run_schedule};
use consensus_core::scenario::ProtocolName;

/// Real milliseconds of work per slice.
pub const SLICE_MS: f64 = 40.0;
/// Schedules tried before giving up, with a bug switch on.
pub const MAX_SCHEDULES: u64 = 200_000;
/// Schedules tried with no bug switch on: the correct protocol cannot be broken, so the
/// search is bounded and then says what it showed.
pub const CORRECT_SCHEDULES: u64 = 10_000;

/// A search under way or finished.
#[derive(Clone, Debug)]
pub struct Hunt {
    /// What is explored (protocol, size, seed, bug switches).
    pub options: ExploreOptions,
    /// Schedules tried so far.
    pub tried: u64,
    /// Simulation events they took.
    pub events: u64,
    /// Real milliseconds spent working (in slices).
    pub busy_ms: f64,
    /// Whether it is still looking.
    pub running: bool,
    /// What it found.
    pub found: Option<Counterexample>,
    /// How many schedules it tries at most.
    pub limit: u64,
    /// Where the counterexample parts from the same scenario without the bug, in words.
    pub parting: Option<String>,
    /// Whether the schedules run in a Web Worker (the page then only hears its reports).
    pub in_worker: bool,
}

/// What a search is asked to explore, as the page sends it to its worker.
#[derive(Clone, Debug, PartialEq)]
pub struct HuntRequest {
    /// The protocol.
    pub protocol: ProtocolName,
    /// Cluster size.
    pub nodes: u32,
    /// The seed every schedule's seed is derived from.
    pub seed: u64,
    /// The bug switches on.
    pub bugs: Vec<String>,
}

impl HuntRequest {
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

    /// The request as the worker reads it: `protocol nodes seed bug,bug` on one line
    /// (written by hand, so the page's download carries no deserializer for it).
    pub fn encode(&self) -> String {
        format!(
            "{} {} {} {}",
            self.protocol.as_str(),
            self.nodes,
            self.seed,
            self.bugs.join(",")
        )
    }

    /// Reads [`HuntRequest::encode`]'s line back.
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

/// What a worker's search reports after each slice.
#[derive(Clone, Debug, PartialEq)]
pub struct HuntReport {
    /// Schedules tried so far.
    pub tried: u64,
    /// Simulation events they took.
    pub events: u64,
    /// Real microseconds spent working (whole numbers: the page reads no floats from JSON,
    /// which keeps the float parser out of its download).
    pub busy_us: u64,
    /// Whether it is still looking.
    pub running: bool,
    /// What it found: the schedule and its shrunk scenario as JSON.
    pub found: Option<(u64, String)>,
    /// Why it could not run.
    pub error: Option<String>,
}

impl HuntReport {
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

    /// The report as the worker posts it: a first line `tried events busy_us running`, then
    /// `found SCHEDULE` and the scenario's JSON, or `error` and the reason, or nothing
    /// (written by hand, so the page's download carries no deserializer for it).
    pub fn encode(&self) -> String {
        let mut text = format!("{} {} {} {}", self.tried, self.events, self.busy_us, self.running);
        if let Some((schedule, scenario)) = &self.found {
            text.push_str(&format!("\nfound {schedule}\n{scenario}"));
        } else if let Some(error) = &self.error {
            text.push_str(&format!("\nerror\n{error}"));
        }
        text
    }

    /// Reads [`HuntReport::encode`]'s text back.
    pub fn decode(text: &str) -> Result<Self, String> {
        let mut lines = text.splitn(3, '\n');
        let head: Vec<&str> = lines.next().unwrap_or_default().split(' ').collect();
        let [tried, events, busy_us, running] = head.as_slice() else {
            return Err(format!("the worker's report is not understood: {text}"));
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

impl Hunt {
    /// A search with `options` that has tried nothing yet.
    pub fn new(options: ExploreOptions) -> Self {
        let limit = if options.bugs.is_empty() {
            CORRECT_SCHEDULES
        } else {
            MAX_SCHEDULES
        };
        Self {
            limit,
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

    /// Runs schedules until `budget_ms` of real time (measured by `now`) has passed or a
    /// counterexample is found; returns it when found.
    pub fn slice(&mut self, budget_ms: f64, now: impl Fn() -> f64) -> Result<Option<Counterexample>, String> {
        let start = now();
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
            if let Some(found) = outcome.counterexample {
                self.running = false;
                self.found = Some(found.clone());
                self.busy_ms += now() - start;
                return Ok(Some(found));
            }
            if self.tried >= self.limit {
                self.running = false;
            }
        }
        self.busy_ms += now() - start;
        Ok(None)
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

    /// The report of this search so far, as a worker sends it.
    pub fn report(&self, error: Option<String>) -> HuntReport {
        HuntReport {
            tried: self.tried,
            events: self.events,
            busy_us: (self.busy_ms * 1000.0) as u64,
            running: self.running,
            found: self.found.as_ref().map(|f| {
                let scenario = serde_json::to_string(&f.scenario).expect("scenarios serialize");
                (f.schedule, scenario)
            }),
            error,
        }
    }

    /// Takes in a worker's report; returns the counterexample when it carries one (replayed
    /// here for its violations, exactly as the worker found them).
    pub fn take_report(&mut self, report: &HuntReport) -> Result<Option<Counterexample>, String> {
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
        let mut hunt = Hunt::new(ExploreOptions::raft(3, 1));
        hunt.slice(6.0, ticking()).unwrap();
        let first = hunt.tried;
        assert!(first >= 1 && hunt.running);
        hunt.slice(6.0, ticking()).unwrap();
        assert!(
            hunt.tried > first,
            "schedules are numbered on from where the last slice stopped"
        );
    }

    #[test]
    fn the_search_finds_a_bug_and_stops() {
        let mut options = ExploreOptions::raft(5, 1);
        options.bugs = vec!["skip_up_to_date_check".into()];
        let mut hunt = Hunt::new(options);
        let mut found = None;
        while hunt.running && found.is_none() {
            found = hunt.slice(1_000.0, ticking()).unwrap();
        }
        let found = found.expect("the bug is caught within a few schedules");
        assert!(!hunt.running);
        hunt.settle(&found);
        let parting = hunt.parting.as_deref().expect("set beside the correct run");
        assert!(parting.starts_with("Here the runs part, at "), "{parting}");
        assert!(!found.violations.is_empty());
        assert!(hunt.progress().starts_with("Found after"));
    }

    #[test]
    fn without_a_bug_the_search_is_bounded_and_says_what_it_showed() {
        let mut hunt = Hunt::new(ExploreOptions::raft(3, 1));
        assert_eq!(hunt.limit, CORRECT_SCHEDULES);
        hunt.limit = 30;
        while hunt.running {
            assert!(hunt.slice(1_000.0, ticking()).unwrap().is_none());
        }
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
    fn a_worker_report_carries_the_search_and_its_counterexample_whole() {
        let mut options = ExploreOptions::raft(5, 1);
        options.bugs = vec!["skip_up_to_date_check".into()];
        let request = HuntRequest::of(&options);
        let request = HuntRequest::decode(&request.encode()).unwrap();
        assert_eq!(request.options(), options, "the worker explores what the page asked");
        let mut worker = Hunt::new(request.options());
        while worker.running {
            worker.slice(1_000.0, ticking()).unwrap();
        }
        let report = HuntReport::decode(&worker.report(None).encode()).unwrap();
        assert_eq!(report, worker.report(None));
        let failed = HuntReport {
            found: None,
            error: Some("no search was started".into()),
            ..report.clone()
        };
        assert_eq!(HuntReport::decode(&failed.encode()).unwrap(), failed);
        let mut page = Hunt::new(options);
        page.in_worker = true;
        let found = page.take_report(&report).unwrap().expect("the report carries it");
        assert_eq!(page.tried, worker.tried);
        assert!(!page.running);
        let original = worker.found.as_ref().unwrap();
        assert_eq!(found.scenario, original.scenario);
        assert_eq!(
            found.violations, original.violations,
            "the replay breaks what the worker saw"
        );
        page.settle(&found);
        assert!(page.progress().starts_with("Found after"), "{}", page.progress());
    }

    #[test]
    fn a_search_that_cannot_run_says_why_and_stops() {
        let mut hunt = Hunt::new(ExploreOptions::new(consensus_core::scenario::ProtocolName::Raft, 0, 1));
        assert!(hunt.slice(10.0, ticking()).is_err());
        assert!(!hunt.running, "no endless retries");
    }
}
