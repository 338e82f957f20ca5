//! The first visit's introduction: shown once (not in embeds, not when a link opens a
//! story or a run), until the reader starts a story or dismisses it; remembered in the
//! browser's local storage (when it has none, the introduction simply shows again).

use crate::dom::{by_id, set_hidden, window};

/// The local-storage key that records the dismissal.
const DISMISSED: &str = "consensus-playground.intro-dismissed";

/// Shows the introduction if this is a first visit to the plain page.
pub fn show_if_first_visit(embed: bool, linked: bool) {
    let dismissed = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|storage| storage.get_item(DISMISSED).ok().flatten())
        .is_some();
    set_hidden(&by_id::<web_sys::HtmlElement>("intro"), embed || linked || dismissed);
}

/// Hides the introduction for good.
pub fn dismiss() {
    set_hidden(&by_id::<web_sys::HtmlElement>("intro"), true);
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.set_item(DISMISSED, "1");
    }
}
