//! Prints the guided tour of each story given on the command line (for authors of stories);
//! a story with a bug switch on is toured beside the correct run, as the page's
//! "Compare with the correct protocol" shows it.
fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).expect("readable story");
        let scenario = consensus_core::scenario::parse(&text).expect("valid story");
        let stops = if scenario.config.bugs.is_empty() {
            let panes = consensus_core::run::Lockstep::new(&scenario).expect("story runs").panes;
            consensus_core::run::tour_of_panes(&panes)
        } else {
            let panes = consensus_core::run::Lockstep::beside_correct(&scenario)
                .expect("story runs")
                .panes;
            let parting = consensus_core::parting::against_correct(&scenario).expect("story runs");
            consensus_core::run::tour_beside_correct(&panes, parting.as_ref())
        };
        println!("=== {path}");
        for (i, stop) in stops.iter().enumerate() {
            println!("[{}] {}", i + 1, stop.action);
            if let Some(caption) = &stop.caption {
                println!("  » {caption}");
            }
            for line in &stop.happened {
                println!("    {} ms: {}", line.time, line.text);
            }
            if stop.more > 0 {
                println!("    …and {} more", stop.more);
            }
        }
    }
}
