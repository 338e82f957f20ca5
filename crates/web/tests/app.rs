//! The page's `App` driven natively, without a browser: every flow goes through
//! `App::update` with the events the page would send, and the assertions read what the
//! reader would be shown.

use consensus_core::scenario::ProtocolName;
use consensus_web::app::{
    App, BrowserEvent, DiagramEvent, Environment, PlaybackEvent, PointerEvent, SetupEvent, TourEvent, UiEvent,
};
use consensus_web::geometry::Hover;
use consensus_web::geometry::layout::Size;
use consensus_web::share::{self, Opening};
use consensus_web::view::Menu;

fn env() -> Environment {
    Environment {
        seed: 7,
        reduced_motion: false,
    }
}

const CANVAS: Size = Size {
    width: 600.0,
    height: 420.0,
};

fn open(fragment: &str) -> App {
    App::open(share::parse_fragment(fragment), env())
}

/// Plays `frames` animation frames 16 ms apart.
fn play_frames(app: &mut App, frames: u32) {
    for i in 0..frames {
        app.update(UiEvent::Playback(PlaybackEvent::Frame(f64::from(i) * 16.0)));
    }
}

/// Clicks node `id` of pane `pane` where the page draws it.
fn click_node(app: &mut App, pane: usize, id: u32) {
    let at = app.layout(CANVAS).centre(id);
    app.update(UiEvent::Pointer(PointerEvent::CanvasClick(pane, at, CANVAS)));
}

#[test]
fn play_moves_virtual_time_and_pause_stops_it() {
    let mut app = open("");
    assert!(!app.view.playing, "a page opens paused");
    app.update(UiEvent::Playback(PlaybackEvent::Speed(1.0))); // 10 virtual ms per real ms
    app.update(UiEvent::Playback(PlaybackEvent::TogglePlay));
    assert!(app.view.playing);
    play_frames(&mut app, 20);
    let played = app.session.time();
    assert!(
        played >= 2_000,
        "20 frames of 16 ms at 10× play about 3 s, got {played} ms"
    );
    app.update(UiEvent::Playback(PlaybackEvent::TogglePlay));
    assert!(!app.view.playing);
    play_frames(&mut app, 5);
    assert_eq!(
        app.session.time(),
        played,
        "a frame that arrives after pausing changes nothing"
    );
}

#[test]
fn step_goes_one_event_forward_and_back_returns_to_the_same_state() {
    let mut app = open("");
    let before = app.session.first().display();
    app.update(UiEvent::Playback(PlaybackEvent::StepForward));
    app.update(UiEvent::Playback(PlaybackEvent::StepForward));
    assert_eq!(app.session.first().position(), 2);
    app.update(UiEvent::Playback(PlaybackEvent::StepBack));
    app.update(UiEvent::Playback(PlaybackEvent::StepBack));
    assert_eq!(app.session.first().position(), 0);
    let after = app.session.first().display();
    assert_eq!(
        serde_json::to_value(&before).unwrap(),
        serde_json::to_value(&after).unwrap(),
        "back to the very state the page opened with"
    );
}

#[test]
fn crashing_a_node_in_one_pane_crashes_it_in_every_pane() {
    let mut app = open("");
    app.update(UiEvent::Setup(SetupEvent::Protocols(vec![
        ProtocolName::Raft,
        ProtocolName::TwoPhaseCommit,
    ])));
    assert!(app.session.side_by_side());
    click_node(&mut app, 1, 3);
    assert_eq!(app.view.menu, Menu::Node(1, 3), "clicking a node opens its menu");
    app.update(UiEvent::Pointer(PointerEvent::MenuCrashOrRestart));
    assert_eq!(app.view.menu, Menu::Closed);
    for pane in &app.session.panes.panes {
        assert!(!pane.is_up(3), "{:?} pane still has node 3 up", pane.protocol());
    }
    app.update(UiEvent::Playback(PlaybackEvent::Speed(1.0)));
    app.update(UiEvent::Playback(PlaybackEvent::TogglePlay));
    play_frames(&mut app, 10);
    assert!(app.session.panes.panes.iter().all(|p| !p.is_up(3)));
}

/// A keyboard's button names exactly what it presses: a node's opens its menu, a link's
/// opens the link's menu, whose first item cuts that link and, chosen again, restores it,
/// whatever is drawn at the same spot.
#[test]
fn the_keyboard_presses_exactly_the_thing_its_button_names() {
    let mut app = open("");
    app.update(UiEvent::Pointer(PointerEvent::Activate(0, Hover::Node(2))));
    assert_eq!(app.view.menu, Menu::Node(0, 2));
    app.update(UiEvent::Pointer(PointerEvent::Activate(0, Hover::Link(1, 3))));
    assert_eq!(app.view.menu, Menu::Link(0, 1, 3));
    app.update(UiEvent::Pointer(PointerEvent::MenuCutBoth));
    assert_eq!(app.view.menu, Menu::Closed);
    assert!(app.session.pane(0).is_cut(1, 3), "the link is cut");
    app.update(UiEvent::Pointer(PointerEvent::Activate(0, Hover::Link(3, 1))));
    app.update(UiEvent::Pointer(PointerEvent::MenuCutBoth));
    assert!(!app.session.pane(0).is_cut(1, 3), "and restored");
    app.update(UiEvent::Pointer(PointerEvent::Activate(7, Hover::Node(1))));
    assert_eq!(app.view.menu, Menu::Closed, "a pane that does not exist is ignored");
}

#[test]
fn hovering_a_node_names_it_and_leaving_the_canvas_forgets_it() {
    let mut app = open("");
    let at = app.layout(CANVAS).centre(2);
    app.update(UiEvent::Pointer(PointerEvent::PointerMove(0, at, CANVAS)));
    assert_eq!(app.view.hover, Hover::Node(2));
    app.update(UiEvent::Pointer(PointerEvent::PointerLeave));
    assert_eq!(app.view.hover, Hover::Nothing);
}

#[test]
fn a_tour_goes_next_and_previous_and_take_over_leaves_it_at_that_state() {
    let mut app = open("story=raft-figure-8");
    let tour = app.tour.as_ref().expect("a story opens as a tour");
    assert_eq!(tour.index, None, "at its introduction");
    let stops = tour.stops.len();
    assert!(stops > 3);
    app.update(UiEvent::Tour(TourEvent::TourNext));
    app.update(UiEvent::Tour(TourEvent::TourNext));
    let at_second = app.session.first().position();
    assert_eq!(app.tour.as_ref().unwrap().index, Some(1));
    app.update(UiEvent::Tour(TourEvent::TourNext));
    app.update(UiEvent::Tour(TourEvent::TourPrevious));
    assert_eq!(app.tour.as_ref().unwrap().index, Some(1));
    assert_eq!(
        app.session.first().position(),
        at_second,
        "Previous returns to that stop's moment"
    );
    let nodes_before = serde_json::to_value(&app.session.first().display().nodes).unwrap();
    app.update(UiEvent::Tour(TourEvent::TakeOver));
    assert!(app.tour.is_none());
    let nodes_after = serde_json::to_value(&app.session.first().display().nodes).unwrap();
    assert_eq!(nodes_after, nodes_before, "taking over keeps the state on screen");
    // Figure 8 is told step by step: switching timers and messages to automatic are the
    // two moments the reader's run starts with.
    assert_eq!(app.session.first().position(), at_second + 2);
    assert!(app.session.first().at_end(), "the story's scripted future is cut");
    let (banner, is_error) = app.view.banner.clone().unwrap();
    assert!(banner.contains("taken over"), "{banner}");
    assert!(!is_error);
}

#[test]
fn a_story_link_opens_its_tour_at_that_stop() {
    let app = open("story=raft-partition&stop=3");
    let tour = app.tour.as_ref().unwrap();
    assert_eq!(tour.slug.as_deref(), Some("raft-partition"));
    assert_eq!(tour.index, Some(2), "stop 3 counts from 1");
}

#[test]
fn a_copied_link_reopens_exactly_what_was_on_screen() {
    let mut app = open("");
    app.update(UiEvent::Playback(PlaybackEvent::Speed(1.0)));
    app.update(UiEvent::Playback(PlaybackEvent::TogglePlay));
    play_frames(&mut app, 12);
    app.update(UiEvent::Playback(PlaybackEvent::TogglePlay));
    click_node(&mut app, 0, 2);
    app.update(UiEvent::Pointer(PointerEvent::MenuCrashOrRestart));
    app.update(UiEvent::Playback(PlaybackEvent::StepForward));
    app.update(UiEvent::Playback(PlaybackEvent::StepForward));
    app.update(UiEvent::Playback(PlaybackEvent::StepBack));
    let fragment = share::fragment(&app.shared_run());
    assert!(fragment.starts_with("run="));
    let reopened = open(&fragment);
    assert!(reopened.view.banner.is_none(), "{:?}", reopened.view.banner);
    assert_eq!(reopened.session.time(), app.session.time());
    assert_eq!(reopened.session.first().position(), app.session.first().position());
    assert_eq!(
        serde_json::to_value(reopened.session.first().display()).unwrap(),
        serde_json::to_value(app.session.first().display()).unwrap(),
        "the same nodes, messages and timers"
    );
    assert!(!reopened.session.first().is_up(2));
}

#[test]
fn a_bad_link_opens_the_default_cluster_and_says_why() {
    for (fragment, says) in [
        ("run=garbage", "its run data is not valid JSON"),
        ("run=%7B%22scenario", "its run data is not valid JSON"),
        (
            "run=%7B%7D",
            "not a run the playground can read (missing field `scenario`",
        ),
        ("run=%E2%8", "not properly encoded"),
        ("story=no-such-story", "no built-in story called “no-such-story”"),
        ("story=raft-figure-8&stop=two", "not a number"),
        ("what=ever", "neither a shared run"),
    ] {
        let mut app = open(fragment);
        let (banner, is_error) = app.view.banner.clone().unwrap_or_default();
        assert!(banner.contains(says), "{fragment}: {banner}");
        assert!(is_error, "{fragment}");
        assert_eq!(app.session.first().nodes(), 5, "{fragment}: the default cluster");
        assert!(app.tour.is_none());
        app.update(UiEvent::Playback(PlaybackEvent::StepForward));
        assert_eq!(app.session.first().position(), 1, "{fragment}: the page keeps working");
    }
    assert!(matches!(share::parse_fragment(""), Ok(Opening::Default)));
    let banner = open("story=no%20such%20story").view.banner.unwrap().0;
    assert!(banner.contains("“no such story”"), "names are shown decoded: {banner}");
}

#[test]
fn the_clipboard_answer_comes_back_as_an_event_and_is_shown() {
    let mut app = open("");
    app.update(UiEvent::Browser(BrowserEvent::Copied {
        what: "Link",
        text: "http://x/#run=…".into(),
        copied: true,
    }));
    assert_eq!(app.view.banner.as_ref().unwrap().0, "Link copied to the clipboard.");
    app.update(UiEvent::Browser(BrowserEvent::Copied {
        what: "Embed code",
        text: "<iframe>".into(),
        copied: false,
    }));
    let banner = &app.view.banner.as_ref().unwrap().0;
    assert!(
        banner.contains("not available") && banner.contains("<iframe>"),
        "{banner}"
    );
    app.update(UiEvent::Browser(BrowserEvent::FileUnreadable));
    assert_eq!(app.view.banner, Some(("The file could not be read.".into(), true)));
}

#[test]
fn a_scenario_that_cannot_load_says_so_and_keeps_the_run() {
    let mut app = open("");
    app.update(UiEvent::Playback(PlaybackEvent::StepForward));
    app.update(UiEvent::Setup(SetupEvent::LoadText(
        "{\"protocol\": \"raft\", \"nodes\": 0}".into(),
    )));
    let (banner, is_error) = app.view.banner.clone().unwrap();
    assert!(banner.starts_with("This file could not be loaded"), "{banner}");
    assert!(is_error);
    assert_eq!(app.session.first().position(), 1, "the run on screen is untouched");
}

#[test]
fn the_diagram_follows_the_cursor_until_scrolled() {
    let mut app = open("");
    app.update(UiEvent::Playback(PlaybackEvent::Speed(1.0)));
    app.update(UiEvent::Playback(PlaybackEvent::TogglePlay));
    play_frames(&mut app, 30);
    app.update(UiEvent::Playback(PlaybackEvent::TogglePlay));
    let cursor = app.session.first().position();
    assert!(
        app.diagram.last_moment + 1 >= cursor,
        "the diagram is up to date with the run"
    );
    let shown = app.view.diagram.shown(cursor);
    assert!(shown.top > 0.0, "following, the top row moved down with the cursor");
    app.update(UiEvent::Diagram(DiagramEvent::DiagramScroll(-3.0)));
    assert!(!app.view.diagram.follow);
    assert_eq!(
        app.view.diagram.top,
        shown.top - 3.0,
        "scrolling starts from what was shown"
    );
    app.update(UiEvent::Diagram(DiagramEvent::DiagramFollow));
    assert!(app.view.diagram.follow);
}

#[test]
fn after_take_over_of_a_step_by_step_story_play_moves_timers_and_messages() {
    let mut app = open("story=raft-figure-8&stop=5");
    let before = app.session.first().settings().clone();
    assert!(
        before.manual_timers && before.network.manual,
        "the story is told step by step"
    );
    app.update(UiEvent::Tour(TourEvent::TakeOver));
    let settings = app.session.first().settings();
    assert!(!settings.manual_timers, "timers fire by themselves");
    assert!(!settings.network.manual, "messages travel by themselves");
    assert!(app.view.banner.as_ref().unwrap().0.contains("run by themselves"));
    let at = app.session.first().position();
    let in_flight = app.session.first().in_flight().len();
    app.update(UiEvent::Playback(PlaybackEvent::TogglePlay));
    play_frames(&mut app, 200);
    let run = app.session.first();
    assert!(run.position() > at + 5, "events happen: {} -> {}", at, run.position());
    assert!(
        in_flight == 0 || run.in_flight().iter().all(|m| m.deliver_ms.is_some()),
        "every message in flight is on its way"
    );
}

#[test]
fn a_page_that_leaves_the_view_pauses_and_resumes_where_it_was_when_it_returns() {
    let mut app = open("");
    app.update(UiEvent::Playback(PlaybackEvent::TogglePlay));
    play_frames(&mut app, 20);
    let time = app.session.time();
    assert!(time > 0);
    app.update(UiEvent::Playback(PlaybackEvent::Visible(false)));
    assert!(!app.view.playing, "out of view it stops");
    play_frames(&mut app, 5);
    assert_eq!(app.session.time(), time, "no time passes while it is out of view");
    app.update(UiEvent::Playback(PlaybackEvent::Visible(true)));
    assert!(app.view.playing, "back in view it plays on");
    assert_eq!(app.session.time(), time, "from exactly where it was");
}

#[test]
fn an_autoplaying_embed_starts_only_when_it_is_first_seen_and_a_paused_page_stays_paused() {
    let mut app = open("story=raft-first-election");
    app.view.play_when_visible = true;
    assert!(!app.view.playing, "nothing runs before it is in view");
    app.update(UiEvent::Playback(PlaybackEvent::Visible(true)));
    assert!(app.view.playing);
    app.update(UiEvent::Playback(PlaybackEvent::TogglePlay));
    app.update(UiEvent::Playback(PlaybackEvent::Visible(false)));
    app.update(UiEvent::Playback(PlaybackEvent::Visible(true)));
    assert!(!app.view.playing, "a reader's pause is kept");
}

#[test]
fn time_holds_while_the_pointer_is_over_a_message_so_it_can_be_caught() {
    let mut app = open("");
    app.update(UiEvent::Playback(PlaybackEvent::TogglePlay));
    let mut frame = 0.0;
    while app.session.first().in_flight().is_empty() {
        frame += 16.0;
        app.update(UiEvent::Playback(PlaybackEvent::Frame(frame)));
        assert!(frame < 100_000.0, "some message is sent");
    }
    let layout = app.layout(CANVAS);
    let run = app.session.first();
    let in_flight = run.in_flight();
    let at = layout.message_positions(&in_flight, app.view.display_time(run.time()))[0];
    app.update(UiEvent::Pointer(PointerEvent::PointerMove(0, at, CANVAS)));
    assert!(matches!(app.view.hover, Hover::Message(_)), "{:?}", app.view.hover);
    let time = app.session.time();
    for _ in 0..30 {
        frame += 16.0;
        app.update(UiEvent::Playback(PlaybackEvent::Frame(frame)));
    }
    assert_eq!(
        app.session.time(),
        time,
        "the message stays where the pointer caught it"
    );
    assert!(app.view.playing, "still playing: time moves on once the pointer leaves");
    app.update(UiEvent::Pointer(PointerEvent::PointerLeave));
    for _ in 0..30 {
        frame += 16.0;
        app.update(UiEvent::Playback(PlaybackEvent::Frame(frame)));
    }
    assert!(app.session.time() > time);
}

#[test]
fn exporting_the_trace_of_a_long_run_says_which_moments_the_file_holds() {
    let mut app = open("");
    app.update(UiEvent::Browser(BrowserEvent::ExportTrace));
    assert_eq!(
        app.view.banner, None,
        "a short run's trace is exported whole, without a word"
    );
    app.update(UiEvent::Playback(PlaybackEvent::Speed(2.0))); // 100 virtual ms per real ms
    app.update(UiEvent::Playback(PlaybackEvent::TogglePlay));
    // Frames 100 ms apart (the most one frame plays): 10 virtual seconds each.
    let mut frame = 0.0;
    while app.session.first().end() <= consensus_core::run::EXPORT_MOMENTS + 10_000 {
        app.update(UiEvent::Playback(PlaybackEvent::Frame(frame)));
        frame += 100.0;
    }
    app.update(UiEvent::Playback(PlaybackEvent::TogglePlay));
    let end = app.session.first().end();
    app.update(UiEvent::Browser(BrowserEvent::ExportTrace));
    let (text, error) = app
        .view
        .banner
        .clone()
        .expect("the page says the file is not the whole trace");
    assert!(!error);
    let upto = end - consensus_core::run::EXPORT_MOMENTS + 1;
    assert!(
        text.starts_with(&format!(
            "The trace file holds moments {upto} to {end} of {end}, up to the cursor"
        )),
        "{text}"
    );
    // The diagram meanwhile held only the stretch around the cursor.
    assert!(
        app.diagram.arrows.len() <= consensus_core::diagram::MAX_ARROWS,
        "{}",
        app.diagram.arrows.len()
    );
}

/// The Figure 8 counterexample (Raft, `count_previous_term_entries`), opened from its file.
fn figure_8_counterexample() -> App {
    let text = include_str!("../../core/tests/data/figure-8-counterexample.json");
    let mut app = open("");
    app.update(UiEvent::Setup(SetupEvent::LoadText(text.to_string())));
    assert!(app.view.banner.is_none(), "{:?}", app.view.banner);
    app
}

#[test]
fn compare_with_the_correct_protocol_sets_the_bug_beside_the_rule_at_the_parting() {
    let mut app = figure_8_counterexample();
    assert!(
        app.can_compare_with_correct(),
        "a run with a bug switch on offers the comparison"
    );
    assert_eq!(app.session.panes().len(), 1);
    app.update(UiEvent::Setup(SetupEvent::BesideCorrect(true)));
    assert_eq!(app.pane_names(), ["Raft with the bug", "Correct Raft"]);
    assert_eq!(app.protocols(), [ProtocolName::Raft], "one protocol, shown twice");
    assert_eq!(
        app.session.pane(0).recording().config.bugs,
        ["count_previous_term_entries"]
    );
    assert!(app.session.pane(1).recording().config.bugs.is_empty());
    // It opens at the tour's stop where the runs part.
    let parting = app.session.parting.clone().expect("the runs part");
    let tour = app.tour.as_ref().expect("the comparison is toured");
    let stop = &tour.stops[tour.index.expect("at a stop")];
    assert!(stop.parting, "{}", stop.action);
    let [bug_line, correct_line, ..] = stop.happened.as_slice() else {
        panic!("two sides")
    };
    assert!(
        bug_line
            .text
            .starts_with("With the bug: 5 counted entry 1 as committed"),
        "{}",
        bug_line.text
    );
    assert!(
        correct_line.text.starts_with("Correct Raft: does not do this"),
        "{}",
        correct_line.text
    );
    assert_eq!(app.session.time(), parting.time_ms);
    assert_eq!(app.parting_moment(), Some(parting.moment), "the diagram marks the row");
    // Both panes say what their run did there.
    let [bug, correct] = app.parting_marks().expect("beside the correct run");
    assert!(bug.parted && correct.parted);
    assert!(
        bug.text.starts_with(&format!(
            "Parted at {} ms: 5 counted entry 1 as committed",
            parting.time_ms
        )),
        "{}",
        bug.text
    );
    assert!(
        correct.text.contains("correct Raft does not do this (§5.4.2"),
        "{}",
        correct.text
    );
    assert_eq!(bug.nodes, [5], "the leader that counted is marked in both panes");
    assert_eq!(correct.nodes, [5]);
    // Both panes really are the two runs: the buggy leader's commit index moved, the correct one's did not.
    let commit_of_5 = |pane: usize| app.session.pane(pane).display().nodes[4].settled_upto;
    assert_eq!(commit_of_5(0), 1);
    assert_eq!(commit_of_5(1), 0);
    // One stop back the runs are still the same.
    app.update(UiEvent::Tour(TourEvent::TourPrevious));
    let [before, _] = app.parting_marks().unwrap();
    assert!(!before.parted);
    assert_eq!(
        before.text,
        format!(
            "Same as the other pane so far · the runs part at {} ms",
            parting.time_ms
        )
    );
    // The violation's stop points back to the parting.
    let tour = app.tour.as_ref().unwrap();
    let parting_stop = tour.parting_stop().unwrap();
    assert!(tour.stops.iter().any(|s| s.caption.as_deref().is_some_and(|c| {
        c.contains(&format!("(stop {})", parting_stop + 1)) && c.contains("Leader Completeness breaks here")
    })));
}

#[test]
fn the_comparison_with_the_correct_run_survives_a_link_and_a_reset_and_closes_where_it_was() {
    let mut app = figure_8_counterexample();
    app.update(UiEvent::Setup(SetupEvent::BesideCorrect(true)));
    let time = app.session.time();
    let fragment = share::fragment(&app.shared_run());
    let reopened = open(&fragment);
    assert!(reopened.session.beside_correct, "the link reopens the comparison");
    assert_eq!(reopened.session.time(), time);
    assert_eq!(reopened.parting_marks(), app.parting_marks());
    app.update(UiEvent::Playback(PlaybackEvent::Reset));
    assert!(app.session.beside_correct, "Reset keeps the comparison");
    assert!(app.session.time() < time, "from the start");
    assert_eq!(
        app.tour.as_ref().map(|t| t.index),
        Some(None),
        "at the tour's introduction"
    );
    app.update(UiEvent::Playback(PlaybackEvent::Scrub(time)));
    app.update(UiEvent::Tour(TourEvent::TakeOver));
    assert!(app.session.beside_correct, "taking over keeps the comparison");
    app.update(UiEvent::Setup(SetupEvent::BesideCorrect(false)));
    assert_eq!(app.session.panes().len(), 1);
    assert_eq!(
        app.session.time(),
        time,
        "the run with the bug goes on alone from the same time"
    );
    assert!(app.parting_marks().is_none());
    assert_eq!(app.pane_names(), ["Raft"]);
}

#[test]
fn switching_a_bug_off_beside_the_correct_run_closes_the_comparison() {
    let mut app = figure_8_counterexample();
    app.update(UiEvent::Setup(SetupEvent::BesideCorrect(true)));
    app.update(UiEvent::Setup(SetupEvent::Bug(
        "count_previous_term_entries".into(),
        false,
    )));
    assert!(!app.session.beside_correct);
    assert_eq!(app.session.panes().len(), 1);
    assert!(
        !app.can_compare_with_correct(),
        "nothing to compare without a bug switch"
    );
}

#[test]
fn a_run_without_a_bug_switch_cannot_be_set_beside_the_correct_one() {
    let mut app = open("");
    assert!(!app.can_compare_with_correct());
    app.update(UiEvent::Setup(SetupEvent::BesideCorrect(true)));
    let (message, is_error) = app.view.banner.clone().expect("says why");
    assert!(is_error && message.contains("no bug switch is on"), "{message}");
    assert!(!app.session.beside_correct);
}

/// The link menu cuts one direction only: messages from 3 to 1 are lost, from 1 to 3 they
/// still arrive, and the recording says so with `cut_one_way`.
#[test]
fn the_link_menu_cuts_one_direction_only() {
    let mut app = open("");
    app.update(UiEvent::Pointer(PointerEvent::Activate(0, Hover::Link(1, 3))));
    app.update(UiEvent::Pointer(PointerEvent::MenuCutOneWay(false)));
    let pane = app.session.pane(0);
    assert!(pane.is_cut_one_way(3, 1) && !pane.is_cut_one_way(1, 3));
    assert!(!pane.is_cut(1, 3), "not cut both ways");
    assert_eq!(
        pane.recording().steps.last(),
        Some(&consensus_core::scenario::Step::CutOneWay([3, 1]))
    );
    assert_eq!(pane.display().one_way_cuts, vec![[3, 1]]);
    app.update(UiEvent::Pointer(PointerEvent::Activate(0, Hover::Link(1, 3))));
    app.update(UiEvent::Pointer(PointerEvent::MenuCutOneWay(false)));
    assert!(
        !app.session.pane(0).is_cut_one_way(3, 1),
        "chosen again, it restores that direction"
    );
}

/// Raft beside Raft: the second pane runs with PreVote and CheckQuorum under its own
/// title, and switching a pane's option replays that pane alone under the new settings,
/// at the same moment, with a title that says what is on.
#[test]
fn each_pane_has_its_own_options_and_its_title_says_which_are_on() {
    let mut app = open("");
    app.update(UiEvent::Setup(SetupEvent::Protocols(vec![
        ProtocolName::Raft,
        ProtocolName::Raft,
    ])));
    assert_eq!(app.pane_names(), ["Raft", "Raft + PreVote + CheckQuorum"]);
    let config = |app: &consensus_web::app::App, i: usize| app.session.pane(i).recording().config.clone();
    assert!(!config(&app, 0).pre_vote && config(&app, 1).pre_vote && config(&app, 1).check_quorum);
    app.update(UiEvent::Playback(PlaybackEvent::Speed(1.0)));
    app.update(UiEvent::Playback(PlaybackEvent::TogglePlay));
    play_frames(&mut app, 10);
    app.update(UiEvent::Playback(PlaybackEvent::TogglePlay));
    let time = app.session.time();
    app.update(UiEvent::Setup(SetupEvent::PaneOption(
        0,
        "reads".into(),
        "read_index".into(),
    )));
    assert_eq!(app.session.time(), time, "the same moment");
    assert_eq!(config(&app, 0).reads, consensus_core::scenario::ReadMode::ReadIndex);
    assert_eq!(app.pane_names()[0], "Raft + ReadIndex");
    // The comparison's recording keeps each pane's options and title, so a link reopens it.
    let recording = app.session.panes.recording();
    let reopened = consensus_core::scenario::parse(&serde_json::to_string(&recording).unwrap()).unwrap();
    assert_eq!(reopened.protocols[0].title.as_deref(), Some("Raft + ReadIndex"));
    assert_eq!(reopened.protocols[1].config.pre_vote, Some(true));
    // Lease reads without CheckQuorum are refused in words, and nothing changes.
    app.update(UiEvent::Setup(SetupEvent::PaneOption(
        0,
        "reads".into(),
        "lease".into(),
    )));
    assert_eq!(config(&app, 0).reads, consensus_core::scenario::ReadMode::ReadIndex);
}
