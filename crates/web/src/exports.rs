//! Downloads: the run as a scenario file, the trace as JSON, the space-time diagram as
//! SVG or PNG.

use consensus_core::vec_map::VecMap;

use consensus_core::diagram::svg::to_svg;
use consensus_core::run::EventLine;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::app::App;
use crate::dom::{by_id, document};

/// Offers `text` as a file called `name` of type `mime`.
pub fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) {
        download_blob(name, &blob);
    }
}

fn download_blob(name: &str, blob: &web_sys::Blob) {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
        return;
    };
    let anchor: web_sys::HtmlAnchorElement = document().create_element("a").expect("a").unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The recording's trace, per protocol, as JSON: the whole of it, or for a long run the
/// stretch [`consensus_core::run::AnyRun::exported_moments`] says (the banner tells which).
pub fn trace(app: &App) {
    let traces: VecMap<&str, Vec<EventLine>> = app
        .session
        .panes
        .panes
        .iter()
        .map(|p| (p.protocol().as_str(), p.exported_lines()))
        .collect();
    let text = crate::pretty_json::pretty(&serde_json::to_string(&traces).expect("traces serialize")) + "\n";
    download("consensus-trace.json", "application/json", &text);
}

/// The focused pane's diagram as SVG: the whole run's, or for a long run the stretch the
/// diagram holds around what it shows.
pub fn diagram_svg(app: &App) {
    let svg = to_svg(&app.diagram, app.diagram.first_moment, app.diagram.last_moment);
    download("consensus-diagram.svg", "image/svg+xml", &svg);
}

/// The diagram as drawn on screen, as PNG.
pub fn diagram_png() {
    let canvas: web_sys::HtmlCanvasElement = by_id("diagram");
    let callback = Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
        if let Some(blob) = blob {
            download_blob("consensus-diagram.png", &blob);
        }
    });
    let _ = canvas.to_blob(callback.unchecked_ref());
}
