//! Prints the guided tour of each story given on the command line (for authors of stories).
fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).expect("readable story");
        let scenario = consensus_core::scenario::parse(&text).expect("valid story");
        let panes = consensus_core::run::Lockstep::new(&scenario).expect("story runs").panes;
        println!("=== {path}");
        for (i, stop) in consensus_core::run::tour_of_panes(&panes).iter().enumerate() {
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
