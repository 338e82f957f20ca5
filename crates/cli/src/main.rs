//! `consensus`: run, explore and compare consensus scenarios without a browser.
//!
//! Exit codes: 0 success; 1 `explore` found a violation; 2 bad input (unreadable
//! file, malformed scenario, a step that cannot apply, bad arguments).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use consensus_core::diagram::svg::SvgStream;
use consensus_core::explore::threads::explore_on_threads;
use consensus_core::explore::{ExploreOptions, ExploreReport, Faults};
use consensus_core::scenario::streaming::{StreamOptions, moments_of, run_streaming};
use consensus_core::scenario::{self, ProtocolName};

/// Run, explore and compare consensus scenarios (Raft, two-phase commit, Paxos).
#[derive(Parser)]
#[command(name = "consensus", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario file and print the result as JSON.
    Run {
        /// The scenario file (JSON; see docs/scenarios.md).
        file: PathBuf,
        /// Include the trace, one sentence per event.
        #[arg(long)]
        trace: bool,
        /// Also write the run's space-time diagram to this SVG file.
        #[arg(long, value_name = "FILE")]
        diagram: Option<PathBuf>,
    },
    /// Run one scenario under each protocol in its "protocols" list and print results and
    /// metrics; with --against-correct, run it with its bug switches and without, and print
    /// where the two runs part.
    Compare {
        /// The scenario file.
        file: PathBuf,
        /// Set the run with its bug switches beside the same scenario and seed without them.
        #[arg(long)]
        against_correct: bool,
    },
    /// List every bug switch: its protocol, name, what it does and the rule it breaks.
    Bugs,
    /// Run random schedules with random faults; on a violation, write a scenario that replays it and exit 1.
    Explore {
        /// The protocol.
        #[arg(long, value_parser = parse_protocol, default_value = "raft")]
        protocol: ProtocolName,
        /// Cluster size.
        #[arg(long, default_value_t = 5)]
        nodes: u32,
        /// How many schedules to run.
        #[arg(long, default_value_t = 1000)]
        schedules: u64,
        /// Seed from which every schedule is derived.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Turn on a bug switch (repeatable); `consensus bugs` lists them.
        #[arg(long = "bug", value_parser = parse_bug)]
        bugs: Vec<String>,
        /// Random steps per schedule.
        #[arg(long, default_value_t = 80, value_parser = clap::value_parser!(u64).range(1..=100_000))]
        steps: u64,
        /// Where to write the counterexample.
        #[arg(long, default_value = "counterexample.json")]
        out: PathBuf,
        /// The quiet window after which progress is judged, in virtual ms (0: safety only).
        #[arg(long, default_value_t = consensus_core::check::progress::DEFAULT_LIVENESS_WINDOW_MS,
              value_parser = clap::value_parser!(u64).range(0..=3_600_000))]
        liveness_window_ms: u64,
        /// Draw every schedule from every kind of step at fixed rates, instead of swarm
        /// testing (each schedule its own mix of faults, aimed at leaders).
        #[arg(long)]
        uniform: bool,
        /// The kinds of fault schedules may have, comma-separated: crashes (and restarts),
        /// partitions, timeouts (timers fired early), drops (lost messages). Crashes alone
        /// keep a protocol within three-phase commit's assumptions.
        #[arg(long, value_parser = Faults::parse, default_value = "crashes,partitions,timeouts,drops")]
        faults: Faults,
        /// Threads to run schedules on (default: one per core). The answer is the same on
        /// any number: the lowest-numbered schedule that breaks something.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=256))]
        threads: Option<u64>,
        /// Raft: ask for pre-votes before elections (thesis §9.6).
        #[arg(long)]
        pre_vote: bool,
        /// Raft: leaders step down without a majority's word, with the vote lease (§6.2).
        #[arg(long)]
        check_quorum: bool,
        /// Raft: how reads are served: log, read_index or lease (lease needs --check-quorum).
        #[arg(long, value_parser = parse_reads, default_value = "log")]
        reads: consensus_core::protocol::ReadMode,
        /// Raft: compact the log once this many entries were applied beyond the last
        /// snapshot (thesis ch. 5); schedules then also compact nodes at random.
        #[arg(long, default_value_t = 0)]
        snapshot_after: u64,
        /// Raft: schedules change the membership — the last node starts as a spare, and
        /// servers are added, removed and replaced (thesis ch. 4). On by itself with
        /// --bug change_before_own_term_commit.
        #[arg(long)]
        membership: bool,
        /// Multi-Paxos: the slots a leader may have in flight at once (`config.window`).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=1000))]
        window: u64,
    },
}

fn parse_reads(name: &str) -> Result<consensus_core::protocol::ReadMode, String> {
    serde_json::from_value(serde_json::Value::String(name.into()))
        .map_err(|_| format!("unknown way to read {name:?} (known: log, read_index, lease)"))
}

fn parse_protocol(name: &str) -> Result<ProtocolName, String> {
    serde_json::from_value(serde_json::Value::String(name.into()))
        .map_err(|_| format!("unknown protocol {name:?} (known: {})", ProtocolName::known_names()))
}

fn parse_bug(name: &str) -> Result<String, String> {
    match consensus_core::any::bugs::find(name) {
        Some(bug) => Ok(bug.name.to_string()),
        None => Err(format!(
            "unknown bug switch {name:?} (known: {})",
            consensus_core::scenario::validate::known_bugs().join(", ")
        )),
    }
}

fn list_bugs() -> Result<ExitCode, String> {
    let mut text = String::new();
    for bug in consensus_core::any::bugs::registry() {
        text.push_str(&format!(
            "{}: {}\n    {}\n    breaks {}\n",
            bug.protocol.title(),
            bug.name,
            bug.title,
            bug.breaks
        ));
    }
    print_out(text.trim_end());
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Run { file, trace, diagram } => run(&file, trace, diagram.as_deref()),
        Command::Compare { file, against_correct } => compare(&file, against_correct),
        Command::Bugs => list_bugs(),
        Command::Explore {
            protocol,
            nodes,
            schedules,
            seed,
            bugs,
            steps,
            out,
            liveness_window_ms,
            uniform,
            faults,
            threads,
            pre_vote,
            check_quorum,
            reads,
            snapshot_after,
            membership,
            window,
        } => {
            if reads == consensus_core::protocol::ReadMode::Lease && !check_quorum {
                eprintln!("error: --reads lease rests on CheckQuorum's vote lease (thesis §6.4.1): add --check-quorum");
                return ExitCode::from(2);
            }
            let options = ExploreOptions {
                protocol,
                nodes,
                seed,
                bugs,
                steps: steps as usize,
                liveness_window_ms,
                swarm: !uniform,
                faults,
                raft: consensus_core::explore::RaftOptions {
                    pre_vote,
                    check_quorum,
                    reads,
                    snapshot_after,
                    membership,
                },
                window,
            };
            let threads = threads.map_or_else(
                || std::thread::available_parallelism().map_or(1, usize::from),
                |n| n as usize,
            );
            explore_command(&options, schedules, threads, &out)
        }
    };
    match outcome {
        Ok(code) => code,
        Err(message) => {
            eprintln!("consensus: error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The most work one command takes on: nodes × seconds of virtual time. Measured here, a
/// node-second costs 10 to 100 µs (more in large clusters), so a run within the budget ends
/// within minutes: 5 nodes for 11 days, 25 nodes for 2 days, 1,000 nodes for 83 minutes.
const MAX_NODE_SECONDS: u64 = 5_000_000;

/// Refuses a scenario whose cluster × virtual time is past [`MAX_NODE_SECONDS`].
fn within_budget(scenario: &scenario::Scenario) -> Result<(), String> {
    let run_ms = run_ms_of(scenario);
    let node_seconds = u64::from(scenario.nodes).saturating_mul(run_ms / 1000);
    if node_seconds > MAX_NODE_SECONDS {
        return Err(format!(
            "steps: {} nodes for {} s of virtual time is {node_seconds} node-seconds, over the limit of {MAX_NODE_SECONDS} \
             (e.g. 5 nodes for 11 days, 1,000 nodes for 83 minutes), which keeps a run to minutes",
            scenario.nodes,
            run_ms / 1000
        ));
    }
    Ok(())
}

/// Runs a scenario file and prints its report. The trace (`--trace`) and the diagram
/// (`--diagram`) are written as the run goes, never held whole, so memory stays flat
/// however long the run; with the trace, the report's `"trace"` comes first.
fn run(file: &Path, trace: bool, diagram: Option<&Path>) -> Result<ExitCode, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let in_file = |e: scenario::ScenarioError| format!("{}: {e}", file.display());
    let scenario = scenario::parse(&text).map_err(in_file)?;
    within_budget(&scenario).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut svg = match diagram {
        Some(out) => {
            let moments = moments_of(&scenario).map_err(in_file)?;
            let cannot = |e: std::io::Error| format!("cannot write {}: {e}", out.display());
            let mut writer = std::io::BufWriter::new(std::fs::File::create(out).map_err(cannot)?);
            let (stream, start) = SvgStream::new(scenario.nodes, moments);
            writer.write_all(start.as_bytes()).map_err(cannot)?;
            Some((out, writer, stream))
        }
        None => None,
    };
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    if trace {
        write_out(&mut stdout, "{\n  \"trace\": [");
    }
    let total_ms = run_ms_of(&scenario);
    let mut progress = ProgressLine::new();
    let mut lines_written = 0u64;
    let mut svg_error = None;
    let options = StreamOptions {
        lines: trace,
        diagram: svg.is_some(),
    };
    let (report, last) = run_streaming(&scenario, options, &mut |stretch| {
        for line in stretch.lines {
            let separator = if lines_written == 0 { "\n    " } else { ",\n    " };
            let json = serde_json::to_string(line).expect("trace lines serialize");
            write_out(&mut stdout, &format!("{separator}{json}"));
            lines_written += 1;
        }
        if let (Some(d), Some((_, writer, stream))) = (stretch.diagram, svg.as_mut())
            && let Err(e) = writer.write_all(stream.drain(d).as_bytes())
        {
            svg_error.get_or_insert(e);
        }
        if let Some(line) = &mut progress {
            line.show(|| {
                format!(
                    "running: {} s of {} s of virtual time",
                    stretch.time_ms / 1000,
                    total_ms / 1000
                )
            });
        }
    })
    .map_err(in_file)?;
    if let Some(line) = &progress {
        line.finish();
    }
    if let Some((out, mut writer, stream)) = svg {
        let end = last.map(|mut d| stream.finish(&mut d)).unwrap_or_default();
        let written = match svg_error {
            Some(e) => Err(e),
            None => writer.write_all(end.as_bytes()).and_then(|()| writer.flush()),
        };
        written.map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    }
    let rest = serde_json::to_string_pretty(&report).expect("reports serialize");
    if trace {
        // The rest of the report after the trace: its fields without the opening brace.
        write_out(
            &mut stdout,
            &format!("\n  ],\n{}\n", rest.trim_start_matches('{').trim_start_matches('\n')),
        );
    } else {
        write_out(&mut stdout, &format!("{rest}\n"));
    }
    if let Err(e) = stdout.flush() {
        fail_to_write(&e);
    }
    Ok(ExitCode::SUCCESS)
}

/// The virtual time a scenario's steps run, in ms.
fn run_ms_of(scenario: &scenario::Scenario) -> u64 {
    scenario
        .steps
        .iter()
        .map(|s| match s {
            scenario::Step::RunMs(ms) => *ms,
            _ => 0,
        })
        .fold(0, u64::saturating_add)
}

/// Writes `text` to `out`; a reader that closed the pipe early ends the command quietly.
fn write_out(out: &mut impl Write, text: &str) {
    if let Err(e) = out.write_all(text.as_bytes()) {
        fail_to_write(&e);
    }
}

/// Ends the command after a failed write to stdout: quietly when the reader closed the
/// pipe (`consensus run x | head`), with an error otherwise.
fn fail_to_write(e: &std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("consensus: error: cannot write the output: {e}");
    std::process::exit(2);
}

/// Prints `text` and a newline on stdout. A reader that closed the pipe early
/// (`consensus run x | head`) ends the command quietly instead of panicking.
fn print_out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let written = writeln!(stdout, "{text}").and_then(|()| stdout.flush());
    if let Err(e) = written {
        fail_to_write(&e);
    }
}

/// Shows a long command's progress on one stderr line, a few times a second, when stderr
/// is a terminal (nothing for the first second, so short commands stay silent).
struct ProgressLine {
    shown: bool,
    last: std::time::Instant,
}

impl ProgressLine {
    fn new() -> Option<Self> {
        std::io::stderr().is_terminal().then(|| Self {
            shown: false,
            last: std::time::Instant::now() + std::time::Duration::from_millis(750),
        })
    }

    fn show(&mut self, text: impl FnOnce() -> String) {
        if std::time::Instant::now() < self.last + std::time::Duration::from_millis(250) {
            return;
        }
        self.last = std::time::Instant::now();
        self.shown = true;
        eprint!("\r\x1b[2K{}", text());
    }

    fn finish(&self) {
        if self.shown {
            eprint!("\r\x1b[2K");
        }
    }
}

fn compare(file: &Path, against_correct: bool) -> Result<ExitCode, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let scenario = scenario::parse(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    within_budget(&scenario).map_err(|e| format!("{}: {e}", file.display()))?;
    if against_correct {
        let parting =
            consensus_core::parting::against_correct(&scenario).map_err(|e| format!("{}: {e}", file.display()))?;
        let json = match parting {
            Some(parting) => serde_json::to_value(&parting).expect("partings serialize"),
            None => {
                serde_json::json!({"parted": false, "summary": "the runs never part: the bug switch changed nothing here"})
            }
        };
        print_out(&serde_json::to_string_pretty(&json).expect("values serialize"));
        return Ok(ExitCode::SUCCESS);
    }
    let report = scenario::compare(&scenario).map_err(|e| format!("{}: {e}", file.display()))?;
    print_out(&serde_json::to_string_pretty(&report).expect("reports serialize"));
    Ok(ExitCode::SUCCESS)
}

fn explore_command(options: &ExploreOptions, schedules: u64, threads: usize, out: &Path) -> Result<ExitCode, String> {
    let mut progress = ProgressLine::new();
    let report = explore_on_threads(options, schedules, threads, |r: &ExploreReport| {
        if let Some(line) = &mut progress {
            line.show(|| {
                format!(
                    "exploring: {} of {schedules} schedules, {} events, no violation yet",
                    r.schedules, r.events
                )
            });
        }
    });
    if let Some(line) = &progress {
        line.finish();
    }
    let report = report.map_err(|e| e.to_string())?;
    let Some(found) = report.counterexample else {
        print_out(
            &serde_json::json!({"schedules": report.schedules, "events": report.events, "violations": 0}).to_string(),
        );
        return Ok(ExitCode::SUCCESS);
    };
    let text = serde_json::to_string_pretty(&found.scenario).expect("scenarios serialize");
    std::fs::write(out, text + "\n").map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    let first = found.violations.first().map(ToString::to_string).unwrap_or_default();
    eprintln!(
        "violation found in schedule {} of {}: {first}\nreplay it with: consensus run {}",
        found.schedule + 1,
        report.schedules,
        out.display()
    );
    print_out(
        &serde_json::json!({
            "schedules": report.schedules,
            "events": report.events,
            "violations": found.violations,
            "counterexample": out.display().to_string(),
            "steps": found.scenario.steps.len(),
        })
        .to_string(),
    );
    Ok(ExitCode::from(1))
}
