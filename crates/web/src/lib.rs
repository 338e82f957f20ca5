//! # consensus-web
//!
//! The Consensus Playground page: a Rust/wasm layer over `consensus-core` that sends the
//! user's actions in and draws snapshots out. It knows nothing of Raft's rules. It is the
//! page's full module: the first module (`consensus-first`) draws the plain page's first
//! frame, and this one takes over with [`take_over`] (see `docs/architecture.md`, "Two
//! modules").
//!
//! - [`app`]: the one `App`, changed only by [`app::App::update`] with a [`events::UiEvent`];
//!   it never touches the DOM, so its tests run natively.
//! - [`session`]: the run on screen: one pane, or several side by side on one clock.
//! - [`tour`], [`hunt`]: guided stories, and the counterexample search as the page sees it
//!   (it runs in a worker on its own module, `crates/search`: [`search_worker`]).
//! - [`render`], [`geometry`], [`dom`], [`intro`], [`math`]: from `consensus-shell`, which
//!   the first module draws with too: canvases drawn from snapshots, where things are on
//!   them, DOM helpers, the first visit's introduction.
//! - [`page`], [`panels`]: the DOM side (text only, never HTML from data), drawn from `&App`
//!   with the page's own [`draw_cache::DrawCache`].
//! - [`wiring`]: DOM events, the animation loop, the URL; [`exports`]: downloads (laid out
//!   by [`pretty_json`]);
//!   [`describe`]: what is on screen as JSON, for tests and hosts.
//! - [`share`], [`stories`]: links, embeds and the built-in stories; [`embed`]: what an
//!   embed does for its page (autoplay, pausing out of view, its height).

pub mod app;
pub mod beside;
pub mod describe;
pub mod draw_cache;
pub mod embed;
pub mod events;
pub mod exports;
pub mod hunt;
pub mod page;
pub mod panels;
pub mod pretty_json;
pub mod search_flow;
pub mod search_worker;
pub mod session;
pub mod share;
pub mod stories;
pub mod tour;
pub mod view;
pub mod wiring;

pub use consensus_shell::{dom, geometry, intro, math, render};

use std::rc::Rc;

use wasm_bindgen::prelude::*;

thread_local! {
    static PAGE: std::cell::RefCell<Option<Rc<wiring::Page>>> = const { std::cell::RefCell::new(None) };
}

/// What the first module hands the full page: the seed of the plain page's cluster it drew.
#[derive(serde::Deserialize)]
struct HandOver {
    /// The seed of the cluster on screen.
    seed: u64,
}

/// Starts the page, taking over from the first module: `hand_over` is what it drew
/// (`{seed}`: the plain page's cluster, which the page opens with that seed, so its first
/// frame is the one on screen), or `null` where it drew nothing (a link, a story, an
/// embed). Panic reporting first, then the app for what the URL asks to open. Called by
/// the page's loader (the module script at the end of `index.html`) once this module has
/// arrived.
#[wasm_bindgen(js_name = takeOver)]
pub fn take_over(hand_over: JsValue) {
    let hand_over: Option<HandOver> = serde_wasm_bindgen::from_value(hand_over).ok().flatten();
    start(hand_over.map(|h| h.seed));
}

/// Starts the page; `seed`, the plain page's seed when the first module drew it.
fn start(seed: Option<u64>) {
    console_error_panic_hook::set_once();
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_crash(&info.to_string());
    }));
    let location = dom::window().location();
    let hash = location.hash().unwrap_or_default();
    let opening = share::parse_fragment(hash.trim_start_matches('#'));
    let options = embed::EmbedOptions::parse(&location.search().unwrap_or_default());
    let embed = options.embed;
    if embed && let Some(body) = dom::document().body() {
        body.class_list().add_1("embed").ok();
    }
    let env = app::Environment {
        seed: seed.unwrap_or_else(app::fresh_seed),
        reduced_motion: dom::media_matches("(prefers-reduced-motion: reduce)"),
    };
    intro::show_if_first_visit(embed, !hash.trim_start_matches('#').is_empty());
    let mut app = app::App::open(opening, env);
    if let Some(speed) = options.speed_log10 {
        app.update(events::UiEvent::Playback(events::PlaybackEvent::Speed(speed)));
    }
    app.view.play_when_visible = options.autoplay;
    let page = wiring::Page::start(app, embed);
    PAGE.with(|p| *p.borrow_mut() = Some(page));
}

/// Shows a visible message when the program fails, so the page never dies silently.
fn show_crash(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let (Some(banner), Some(text)) = (
        document.get_element_by_id("banner"),
        document.get_element_by_id("banner-text"),
    ) {
        text.set_text_content(Some(&format!(
            "Something went wrong inside the playground ({message}). Reload the page to start again."
        )));
        banner.set_class_name("banner error");
        let _ = banner.remove_attribute("hidden");
    }
}

/// A JSON description of what is on screen (state, cursor, layout), for tests and hosts.
#[wasm_bindgen(js_name = playgroundState)]
pub fn playground_state() -> String {
    PAGE.with(|p| p.borrow().as_ref().map(|page| page.describe()).unwrap_or_default())
}

/// Plays `frames` frames of `frame_ms` real ms at the current speed; the mean main-thread
/// milliseconds per frame (simulation and drawing).
#[wasm_bindgen(js_name = measurePlay)]
pub fn measure_play(frames: u32, frame_ms: f64) -> f64 {
    PAGE.with(|p| {
        p.borrow()
            .as_ref()
            .map_or(0.0, |page| page.measure_play(frames, frame_ms))
    })
}

/// The size of the page's WebAssembly memory in bytes (it grows, never shrinks: the
/// high-water mark of what the page has held), for the soak benchmark.
#[wasm_bindgen(js_name = wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    let pages = core::arch::wasm32::memory_size(0);
    #[cfg(not(target_arch = "wasm32"))]
    let pages = 0;
    pages as f64 * 65_536.0
}

/// Draws the current state `frames` times; the mean main-thread milliseconds per frame.
#[wasm_bindgen(js_name = measureRender)]
pub fn measure_render(frames: u32) -> f64 {
    PAGE.with(|p| p.borrow().as_ref().map_or(0.0, |page| page.measure_render(frames)))
}
