//! The counterexample search in a Web Worker, so the page keeps drawing while it runs and
//! a cancel stops it at once (the worker is terminated).
//!
//! The worker runs this same module: its small script — made here, started from a Blob
//! when a search starts, so nothing of it is in the first load — imports the page's own
//! JavaScript glue (already in the browser's cache), instantiates the page's compiled
//! WebAssembly module, which the page posts to it (nothing is fetched or compiled again),
//! and calls
//! [`worker_hunt_start`] and then [`worker_hunt_slice`] over and over, posting each slice's
//! [`HuntReport`] as JSON. The page's `start` does nothing in a worker (there is no window).

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::hunt::{Hunt, HuntReport, HuntRequest};

/// Real milliseconds of work per slice in the worker (a report after each).
const WORKER_SLICE_MS: f64 = 50.0;

thread_local! {
    /// The search this worker runs.
    static WORKER_HUNT: RefCell<Option<Hunt>> = const { RefCell::new(None) };
}

/// In the worker: starts the search `request` (a [`HuntRequest::encode`]d line).
#[wasm_bindgen(js_name = workerHuntStart)]
pub fn worker_hunt_start(request: &str) -> Result<(), JsValue> {
    let request = HuntRequest::decode(request).map_err(|e| JsValue::from_str(&e))?;
    WORKER_HUNT.with(|hunt| *hunt.borrow_mut() = Some(Hunt::new(request.options())));
    Ok(())
}

/// In the worker: runs the search for about `budget_ms` and reports (a
/// [`HuntReport::encode`]d text); `running` is false once it found something or gave up.
#[wasm_bindgen(js_name = workerHuntSlice)]
pub fn worker_hunt_slice(budget_ms: f64) -> String {
    WORKER_HUNT.with(|hunt| {
        let mut hunt = hunt.borrow_mut();
        let report = match hunt.as_mut() {
            Some(hunt) => {
                let error = hunt.slice(budget_ms, js_sys::Date::now).err();
                hunt.report(error)
            }
            None => HuntReport::failed("no search was started"),
        };
        report.encode()
    })
}

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
    /// with an error if the worker fails). An error when the browser has no module
    /// workers or the page's own files cannot be found.
    pub fn spawn(request: &HuntRequest, on_report: impl Fn(HuntReport) + 'static) -> Result<Self, JsValue> {
        let glue = own_glue().ok_or_else(|| JsValue::from_str("the page's own script is not listed"))?;
        let script = worker_script(&glue);
        let parts = js_sys::Array::of1(&JsValue::from_str(&script));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/javascript");
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob)?;
        let worker_options = web_sys::WorkerOptions::new();
        worker_options.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options(&url, &worker_options);
        let _ = web_sys::Url::revoke_object_url(&url);
        let worker = worker?;
        let on_report = std::rc::Rc::new(on_report);
        let hear = on_report.clone();
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            if let Some(text) = event.data().as_string() {
                hear(HuntReport::decode(&text).unwrap_or_else(HuntReport::failed));
            }
        });
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_event: web_sys::Event| {
            on_report(HuntReport::failed("its worker stopped with an error"));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let message = js_sys::Array::of2(&wasm_bindgen::module(), &JsValue::from_str(&request.encode()));
        worker.post_message(&message)?;
        Ok(Self {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }
}

/// The URL of the page's JavaScript glue, as the page lists it for preloading (absolute,
/// so a worker started from a Blob can import it).
fn own_glue() -> Option<String> {
    crate::dom::document()
        .query_selector("link[rel=modulepreload]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlLinkElement>().ok())
        .map(|link| link.href())
}

/// The worker's script: take the page's module and the request, instantiate, run slices,
/// post reports.
fn worker_script(glue: &str) -> String {
    // Quoted as a JSON string (not with `{:?}`, whose escaping would bring Unicode tables
    // into the download).
    let glue = serde_json::to_string(glue).expect("strings serialize");
    format!(
        r#"const first = new Promise((resolve) => {{ self.onmessage = (event) => resolve(event.data); }});
const bindings = await import({glue});
const [module, request] = await first;
await bindings.default({{ module_or_path: module }});
bindings.workerHuntStart(request);
const slice = () => {{
  const report = bindings.workerHuntSlice({WORKER_SLICE_MS});
  self.postMessage(report);
  if (report.split("\n", 1)[0].endsWith(" true")) setTimeout(slice, 0);
}};
slice();
"#
    )
}
