//! # consensus-search
//!
//! The page's counterexample search as a WebAssembly module of its own: the page starts it
//! in a Web Worker when a reader asks for a search (so none of this code is in the page's
//! first load), asks with a [`SearchRequest`] and hears a [`SearchReport`] after every
//! slice, both JavaScript objects written and read with `serde-wasm-bindgen` (see
//! `consensus-web`'s `search_worker`). It is built for speed, not size
//! (`search-release` profile, `wasm-opt -O3`): it only ever runs schedules.

use std::cell::RefCell;

use consensus_core::explore::search::{Search, SearchReport, SearchRequest};
use wasm_bindgen::prelude::*;

thread_local! {
    /// The search this worker runs.
    static SEARCH: RefCell<Option<Search>> = const { RefCell::new(None) };
}

/// Starts the search `request` (a [`SearchRequest`] as an object); what is wrong with the
/// request, in words.
#[wasm_bindgen(js_name = searchStart)]
pub fn search_start(request: JsValue) -> Result<(), JsValue> {
    let request: SearchRequest = serde_wasm_bindgen::from_value(request)
        .map_err(|e| JsValue::from_str(&format!("the search's request is not understood ({e})")))?;
    SEARCH.with(|search| *search.borrow_mut() = Some(request.search()));
    Ok(())
}

/// Runs the search for about `budget_ms` of real time and reports (a [`SearchReport`] as
/// an object, whose `running` is false once it found something, reached its limit or
/// could not run).
#[wasm_bindgen(js_name = searchSlice)]
pub fn search_slice(budget_ms: f64) -> JsValue {
    SEARCH.with(|search| {
        let mut search = search.borrow_mut();
        let report = match search.as_mut() {
            Some(search) => {
                let error = search.slice(budget_ms, js_sys::Date::now).err();
                search.report(error)
            }
            None => SearchReport::failed("no search was started"),
        };
        let serializer = serde_wasm_bindgen::Serializer::new().serialize_large_number_types_as_bigints(true);
        serde::Serialize::serialize(&report, &serializer)
            .unwrap_or_else(|e| JsValue::from_str(&format!("the report could not be written ({e})")))
    })
}

/// Runs `schedules` random schedules of Raft with `bugs` (comma-separated) on 5 nodes
/// from seed 1, as `consensus explore` does; the real milliseconds they took (for
/// `scripts/measure-page.mjs`, which compares this module's speed with the CLI's).
#[wasm_bindgen(js_name = measureExplore)]
pub fn measure_explore(schedules: u32, bugs: &str) -> f64 {
    let mut options = consensus_core::explore::ExploreOptions::raft(5, 1);
    options.bugs = bugs.split(',').filter(|b| !b.is_empty()).map(String::from).collect();
    let start = js_sys::Date::now();
    for schedule in 0..u64::from(schedules) {
        if consensus_core::explore::run_schedule(&options, schedule).is_err() {
            break;
        }
    }
    js_sys::Date::now() - start
}
