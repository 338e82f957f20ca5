//! Exploring on several threads with exactly the answer one thread gives: schedules are
//! handed out in order, a thread stops taking new ones once one at a lower number broke an
//! invariant, and the counterexample reported is the lowest-numbered schedule's — every
//! schedule below it has run, so it is the one [`super::explore`] would find, with the
//! same schedule count and events. WebAssembly has no threads here: it runs on one (the page
//! runs several workers instead).

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use super::{Counterexample, ExploreOptions, ExploreReport, explore_with_progress, run_schedule_unless};
use crate::scenario::ScenarioError;

/// What the threads share, behind one lock.
struct Shared<F> {
    /// Events per schedule run, by schedule number (0 for those not run).
    events: Vec<u64>,
    /// Schedules run so far, and their events, for the progress callback.
    tried: u64,
    events_total: u64,
    /// The lowest-numbered counterexample so far.
    found: Option<Counterexample>,
    /// A schedule that could not be built (then none can).
    error: Option<ScenarioError>,
    progress: F,
}

/// [`explore_with_progress`] on `threads` threads (one, or any number in WebAssembly:
/// exactly that function). `progress` hears the schedules run so far, in whatever order
/// they finish.
pub fn explore_on_threads<F: FnMut(&ExploreReport) + Send>(
    options: &ExploreOptions,
    schedules: u64,
    threads: usize,
    progress: F,
) -> Result<ExploreReport, ScenarioError> {
    if threads <= 1 || cfg!(target_family = "wasm") {
        return explore_with_progress(options, schedules, progress);
    }
    let next = AtomicU64::new(0);
    // The lowest schedule number that broke something (or failed to build) so far.
    let lowest_found = AtomicU64::new(u64::MAX);
    let shared = Mutex::new(Shared {
        events: Vec::new(),
        tried: 0,
        events_total: 0,
        found: None,
        error: None,
        progress,
    });
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let schedule = next.fetch_add(1, Ordering::SeqCst);
                    if schedule >= schedules || schedule > lowest_found.load(Ordering::SeqCst) {
                        return;
                    }
                    let moot = || lowest_found.load(Ordering::SeqCst) < schedule;
                    let outcome = run_schedule_unless(options, schedule, &moot);
                    let mut shared = shared.lock().expect("no thread panics holding the lock");
                    let outcome = match outcome {
                        Ok(outcome) => outcome,
                        Err(e) => {
                            lowest_found.fetch_min(schedule, Ordering::SeqCst);
                            shared.error.get_or_insert(e);
                            return;
                        }
                    };
                    let at = schedule as usize;
                    if shared.events.len() <= at {
                        shared.events.resize(at + 1, 0);
                    }
                    shared.events[at] = outcome.events;
                    shared.tried += 1;
                    shared.events_total += outcome.events;
                    let so_far = ExploreReport {
                        schedules: shared.tried,
                        events: shared.events_total,
                        counterexample: None,
                    };
                    (shared.progress)(&so_far);
                    if let Some(found) = outcome.counterexample {
                        lowest_found.fetch_min(schedule, Ordering::SeqCst);
                        if shared.found.as_ref().is_none_or(|f| schedule < f.schedule) {
                            shared.found = Some(found);
                        }
                    }
                }
            });
        }
    });
    let shared = shared.into_inner().expect("no thread panicked");
    if let Some(e) = shared.error {
        return Err(e);
    }
    let ran = shared.found.as_ref().map_or(schedules, |f| f.schedule + 1);
    Ok(ExploreReport {
        schedules: ran,
        events: shared.events.iter().take(ran as usize).sum(),
        counterexample: shared.found,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explore::explore;

    #[test]
    fn several_threads_find_what_one_thread_finds() {
        for seed in 1..=3 {
            let mut options = ExploreOptions::raft(5, seed);
            options.bugs = vec!["count_previous_term_entries".into()];
            let one = explore(&options, 3_000).unwrap();
            let three = explore_on_threads(&options, 3_000, 3, |_| {}).unwrap();
            assert_eq!(three.schedules, one.schedules, "seed {seed}");
            assert_eq!(three.events, one.events, "seed {seed}");
            let (a, b) = (one.counterexample.unwrap(), three.counterexample.unwrap());
            assert_eq!(a.schedule, b.schedule);
            assert_eq!(a.scenario, b.scenario);
            assert_eq!(a.violations, b.violations);
        }
    }

    #[test]
    fn several_threads_without_a_find_run_every_schedule() {
        let options = ExploreOptions::raft(3, 1);
        let one = explore(&options, 40).unwrap();
        let two = explore_on_threads(&options, 40, 2, |_| {}).unwrap();
        assert_eq!((two.schedules, two.events), (one.schedules, one.events));
        assert!(two.counterexample.is_none());
        let broken = ExploreOptions::raft(0, 1);
        assert!(
            explore_on_threads(&broken, 40, 2, |_| {}).is_err(),
            "a schedule that cannot build is an error"
        );
    }
}
