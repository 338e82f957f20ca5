//! The plain page's two modules draw the same cluster: the first module boots it on an
//! engine compiled for Raft alone (`consensus_shell::plain::first_state`), the full page
//! opens the plain page with the seed the first module hands it, on its one engine. If
//! the two ever differed, the reader would see the cluster change at the hand-over.

use consensus_web::app::{App, Environment};
use consensus_web::share::Opening;

#[test]
fn the_full_page_opens_the_plain_page_on_the_state_the_first_module_drew() {
    for seed in [0, 1, 7, 4_242, 123_456, 999_999] {
        let first = consensus_shell::plain::first_state(seed);
        let app = App::open(
            Ok(Opening::Default),
            Environment {
                seed,
                reduced_motion: false,
            },
        );
        let full = app.session.first().display();
        assert_eq!(full.time_ms, 0);
        assert_eq!(full.nodes.len() as u32, consensus_shell::plain::NODES);
        assert_eq!(
            serde_json::to_string(&first).unwrap(),
            serde_json::to_string(&full).unwrap(),
            "seed {seed}: the first module and the full page boot different clusters"
        );
    }
}

#[test]
fn seeds_differ_so_the_comparison_above_sees_the_seed() {
    let timers = |seed| serde_json::to_string(&consensus_shell::plain::first_state(seed).timers).unwrap();
    assert_ne!(timers(1), timers(2), "the election timers are drawn from the seed");
}
