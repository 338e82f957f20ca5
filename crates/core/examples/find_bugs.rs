//! How fast random exploration finds each bug switch and how short its counterexample
//! shrinks: for every switch, seeds 1–10 on 5 nodes, the schedules tried, the real time
//! taken (search and shrinking) and the shrunk scenario's steps; medians and the worst
//! case. The README's table comes from `cargo run --release -p consensus-core --example
//! find_bugs` (`-- --uniform`: without swarm testing; `-- --threads N`: on N threads, one
//! per core by default; `-- NAME`: one switch).
use std::time::Instant;

use consensus_core::explore::ExploreOptions;
use consensus_core::explore::threads::explore_on_threads;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let uniform = args.iter().any(|a| a == "--uniform");
    let threads = args
        .iter()
        .position(|a| a == "--threads")
        .and_then(|at| args.get(at + 1)?.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    let only = args
        .iter()
        .enumerate()
        .find(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--threads"))
        .map(|(_, a)| a);
    println!("on {threads} thread(s)\n");
    println!(
        "| bug switch | found (seeds 1–10) | schedules, median (max) | time, median (max) | steps, median (max) |"
    );
    println!("|---|---|---|---|---|");
    for bug in consensus_core::any::bugs::registry() {
        if only.is_some_and(|o| o != bug.name) {
            continue;
        }
        let (mut schedules, mut seconds, mut steps) = (Vec::new(), Vec::new(), Vec::new());
        for seed in 1..=10 {
            let mut options = ExploreOptions::new(bug.protocol, 5, seed);
            options.bugs = vec![bug.name.to_string()];
            options.swarm = !uniform;
            let start = Instant::now();
            let report = explore_on_threads(&options, 20_000, threads, |_| {}).expect("explores");
            let elapsed = start.elapsed().as_secs_f64();
            if let Some(found) = report.counterexample {
                schedules.push(report.schedules as f64);
                seconds.push(elapsed);
                steps.push(found.scenario.steps.len() as f64);
            }
        }
        let max = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
        println!(
            "| `{}` | {}/10 | {:.0} ({:.0}) | {:.2} s ({:.2} s) | {:.0} ({:.0}) |",
            bug.name,
            steps.len(),
            median(schedules.clone()),
            max(&schedules),
            median(seconds.clone()),
            max(&seconds),
            median(steps.clone()),
            max(&steps)
        );
    }
}
