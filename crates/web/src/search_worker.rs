//! The counterexample search in a Web Worker, on its own WebAssembly module, so the page
//! keeps drawing while it runs, a cancel stops it at once (the worker is terminated), and
//! none of the search's code is in the page's first load.
//!
//! The search module (`crates/search`, built by trunk beside the page as
//! `consensus-search.js` and `consensus-search_bg.wasm`, optimised for speed rather than
//! size) is fetched when the first search starts. The worker's small script — made here
//! and started from a Blob — imports it, runs `searchStart` with the page's request and
//! then `searchSlice` over and over, posting each slice's [`SearchReport`]. The request
//! and the reports cross as JavaScript objects, written and read with `serde-wasm-bindgen`
//! (64-bit numbers as `BigInt`s, so no seed loses a digit).

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use consensus_core::explore::search::{SearchReport, SearchRequest};

/// Real milliseconds of work per slice in the worker (a report after each).
const WORKER_SLICE_MS: f64 = 50.0;

/// The search module's JavaScript, beside the page's own files.
const SEARCH_SCRIPT: &str = "consensus-search.js";

/// A search running in a worker. Dropping it terminates the worker.
pub struct SearchWorker {
    worker: web_sys::Worker,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for SearchWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

impl SearchWorker {
    /// Starts `request` in a new worker; `on_report` hears every report (and a report
    /// with an error if the worker or its module fails). An error in words when the
    /// browser cannot start a module worker.
    pub fn spawn(request: &SearchRequest, on_report: impl Fn(SearchReport) + 'static) -> Result<Self, String> {
        let could_not = |e: JsValue| format!("this browser could not start its Web Worker ({})", in_words(&e));
        let script = worker_script(&search_script_url().ok_or("the page's own files are not listed")?);
        let parts = js_sys::Array::of1(&JsValue::from_str(&script));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/javascript");
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(could_not)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(could_not)?;
        let worker_options = web_sys::WorkerOptions::new();
        worker_options.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options(&url, &worker_options);
        let _ = web_sys::Url::revoke_object_url(&url);
        let worker = worker.map_err(could_not)?;
        let on_report = std::rc::Rc::new(on_report);
        let hear = on_report.clone();
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let report = serde_wasm_bindgen::from_value(event.data())
                .unwrap_or_else(|e| SearchReport::failed(format!("its report was not understood ({e})")));
            hear(report);
        });
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            let why = event
                .dyn_ref::<web_sys::ErrorEvent>()
                .map(|e| e.message())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "its module could not be loaded".into());
            on_report(SearchReport::failed(format!("its worker stopped: {why}")));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let serializer = serde_wasm_bindgen::Serializer::new().serialize_large_number_types_as_bigints(true);
        let request = serde::Serialize::serialize(request, &serializer)
            .map_err(|e| format!("the search's request could not be written ({e})"))?;
        worker.post_message(&request).map_err(could_not)?;
        Ok(Self {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }
}

/// A JavaScript error in words.
fn in_words(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "no reason given".into())
}

/// The absolute URL of the search module's script: beside the page's JavaScript glue, as
/// the page lists it for preloading (absolute, so a worker started from a Blob can
/// import it).
fn search_script_url() -> Option<String> {
    let glue = crate::dom::document()
        .query_selector("link[rel=modulepreload]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlLinkElement>().ok())?
        .href();
    web_sys::Url::new_with_base(SEARCH_SCRIPT, &glue)
        .ok()
        .map(|url| url.href())
}

/// The worker's script: wait for the request, load the search module, run slices, post
/// reports.
fn worker_script(search: &str) -> String {
    // Quoted as a JSON string (not with `{:?}`, whose escaping would bring Unicode tables
    // into the download).
    let search = serde_json::to_string(search).expect("strings serialize");
    format!(
        r#"const first = new Promise((resolve) => {{ self.onmessage = (event) => resolve(event.data); }});
const search = await import({search});
await search.default();
search.searchStart(await first);
const slice = () => {{
  const report = search.searchSlice({WORKER_SLICE_MS});
  self.postMessage(report);
  if (report.running) setTimeout(slice, 0);
}};
slice();
"#
    )
}
