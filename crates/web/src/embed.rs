//! What an embedded page does for the page around it: it reads its URL parameters
//! (`autoplay`, `speed`), plays only while it is in view and its tab is shown (resuming
//! where it was), and tells the embedding page its content height, so the iframe can be
//! sized to it (see [`HEIGHT_MESSAGE`] and [`crate::share::embed_code`]).

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::dom::{Listener, document, window};

/// The `type` of the message an embed posts to its parent: `{type, height}`, the
/// height in CSS pixels of the embedded page's content.
pub const HEIGHT_MESSAGE: &str = "consensus-playground:height";

/// What the URL asks of the page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EmbedOptions {
    /// `?embed=1`: the compact view for a blog post.
    pub embed: bool,
    /// `autoplay=1`: play by itself once it is in view.
    pub autoplay: bool,
    /// `speed=S`: virtual ms per real ms (0.001 to 100), as the speed slider's log10.
    pub speed_log10: Option<f64>,
}

impl EmbedOptions {
    /// Reads the options from a URL query (`?embed=1&autoplay=1&speed=0.1`).
    pub fn parse(query: &str) -> Self {
        let mut options = Self::default();
        for pair in query.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, "1"));
            let on = !matches!(value, "0" | "false" | "no");
            match key {
                "embed" => options.embed = on,
                "autoplay" => options.autoplay = on,
                "speed" => {
                    options.speed_log10 = crate::math::parse_number(value)
                        .filter(|s| s.is_finite() && *s > 0.0)
                        .map(|s| crate::math::log10(s).clamp(-3.0, 2.0));
                }
                _ => {}
            }
        }
        options
    }
}

/// The observers that keep an embed informed; dropping it stops them.
pub struct Watchers {
    _visibility: Listener,
    _intersection: (web_sys::IntersectionObserver, Closure<dyn FnMut(js_sys::Array)>),
    _height: Option<(web_sys::ResizeObserver, Closure<dyn FnMut()>)>,
}

/// Calls `visible(true or false)` whenever the page comes into or leaves the view (an
/// embedding page's viewport, or a hidden tab), and, inside an iframe in embed mode,
/// posts the content height to the parent whenever it changes.
pub fn watch(embed: bool, visible: impl Fn(bool) + 'static) -> Option<Watchers> {
    let visible = Rc::new(visible);
    let in_view = Rc::new(Cell::new(true));
    let body = document().body()?;

    let (seen, report) = (in_view.clone(), visible.clone());
    let visibility = Listener::new(&document(), "visibilitychange", move |_| {
        report(seen.get() && !document().hidden());
    });

    let (seen, report) = (in_view, visible);
    let on_intersection = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let Some(last) = entries.iter().last() else { return };
        let Ok(entry) = last.dyn_into::<web_sys::IntersectionObserverEntry>() else {
            return;
        };
        seen.set(entry.is_intersecting());
        report(entry.is_intersecting() && !document().hidden());
    });
    let intersection = web_sys::IntersectionObserver::new(on_intersection.as_ref().unchecked_ref()).ok()?;
    intersection.observe(&body);

    let framed = window().parent().ok().flatten().is_some_and(|p| p != window());
    let height = (embed && framed)
        .then(|| {
            let post = Closure::<dyn FnMut()>::new(post_height);
            let observer = web_sys::ResizeObserver::new(post.as_ref().unchecked_ref()).ok()?;
            observer.observe(&body);
            post_height();
            Some((observer, post))
        })
        .flatten();
    Some(Watchers {
        _visibility: visibility,
        _intersection: (intersection, on_intersection),
        _height: height,
    })
}

/// Posts `{type: HEIGHT_MESSAGE, height}` to the embedding page.
fn post_height() {
    let Some(root) = document().document_element() else {
        return;
    };
    let Ok(Some(parent)) = window().parent() else { return };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &f64::from(root.scroll_height()).into());
    let _ = parent.post_message(&message, "*");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_read_from_the_query() {
        let o = EmbedOptions::parse("?embed=1&autoplay=1&speed=10");
        assert!(o.embed && o.autoplay);
        assert_eq!(o.speed_log10, Some(1.0));
        assert!(!EmbedOptions::parse("?embed=1").autoplay);
        assert!(!EmbedOptions::parse("?autoplay=0").autoplay);
        assert_eq!(
            EmbedOptions::parse("?speed=1000000").speed_log10,
            Some(2.0),
            "clamped to the slider"
        );
        assert_eq!(EmbedOptions::parse("?speed=fast").speed_log10, None);
        assert_eq!(EmbedOptions::parse(""), EmbedOptions::default());
    }
}
