//! Small helpers over web-sys: the window, the document, elements by id, and event
//! listeners that remove themselves when dropped.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Document, Element, EventTarget, HtmlElement, Window};

/// The browser window.
pub fn window() -> Window {
    web_sys::window().expect("the page runs in a browser window")
}

/// The page's document.
pub fn document() -> Document {
    window().document().expect("the window has a document")
}

/// The element with this id, as type `T`. The page shell defines every id the app uses,
/// so a missing one is a programming error, reported with its name.
pub fn by_id<T: JsCast>(id: &str) -> T {
    document()
        .get_element_by_id(id)
        .unwrap_or_else(|| panic!("index.html has no element #{id}"))
        .dyn_into::<T>()
        .unwrap_or_else(|_| panic!("#{id} is not a {}", std::any::type_name::<T>()))
}

/// A new element of tag `tag` with the given text (set as text, never parsed as HTML).
pub fn element_with_text(tag: &str, text: &str) -> Element {
    // Not `expect`: it would format the JavaScript error with `Debug`, whose glue cost the
    // first module 823 bytes gzipped.
    let element = document()
        .create_element(tag)
        .unwrap_or_else(|_| panic!("{tag} is not a valid tag name"));
    element.set_text_content(Some(text));
    element
}

/// Shows or hides an element.
pub fn set_hidden(element: &HtmlElement, hidden: bool) {
    element.set_hidden(hidden);
}

/// An event listener that is removed from its target when this value is dropped.
pub struct Listener {
    target: EventTarget,
    kind: &'static str,
    closure: Closure<dyn FnMut(web_sys::Event)>,
}

impl Listener {
    /// Listens for `kind` events on `target`.
    pub fn new(target: &EventTarget, kind: &'static str, handler: impl FnMut(web_sys::Event) + 'static) -> Self {
        let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
        target
            .add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())
            .expect("adding an event listener");
        Self {
            target: target.clone(),
            kind,
            closure,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.kind, self.closure.as_ref().unchecked_ref());
    }
}

/// Whether a CSS media query matches (e.g. `(prefers-reduced-motion: reduce)`).
pub fn media_matches(query: &str) -> bool {
    window().match_media(query).ok().flatten().is_some_and(|m| m.matches())
}

/// Milliseconds since the page started, for frame timing (never used by the simulation).
pub fn now_ms() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// The CSS width of element `id` (0 when absent).
pub fn element_width(id: &str) -> f64 {
    document()
        .get_element_by_id(id)
        .map_or(0.0, |e| e.get_bounding_client_rect().width())
}
