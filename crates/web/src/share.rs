//! Shareable links: the whole run (scenario, every recorded action, the cursor) in the
//! URL fragment, and the embed snippet.

use consensus_core::scenario::{self, Scenario};
use consensus_core::types::Time;
use serde::{Deserialize, Serialize};

/// What a link carries.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedRun {
    /// The recording (settings, initial state and every step).
    pub scenario: Scenario,
    /// The moment on screen.
    pub cursor: u64,
    /// The virtual time on screen (it can lie between two moments).
    pub time: Time,
    /// Whether the run is set beside the same run without its bug switches.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub beside_correct: bool,
}

/// What the page was asked to open by its URL.
#[derive(Debug)]
pub enum Opening {
    /// Nothing in particular: the default cluster.
    Default,
    /// A shared run.
    Run(Box<SharedRun>),
    /// A built-in story, by slug, as a tour at a stop (`None`: its introduction).
    Story(String, Option<usize>),
}

/// The fragment (without `#`) for stop `stop` of built-in story `slug`'s tour.
pub fn story_fragment(slug: &str, stop: Option<usize>) -> String {
    match stop {
        Some(stop) => format!("story={slug}&stop={}", stop + 1),
        None => format!("story={slug}"),
    }
}

/// The fragment (without `#`) for a run.
pub fn fragment(run: &SharedRun) -> String {
    let json = serde_json::to_string(run).expect("runs serialize");
    format!("run={}", encode_uri_component(&json))
}

/// Percent-encodes `text` exactly as JavaScript's `encodeURIComponent` does: every byte
/// of its UTF-8 form except `A–Z a–z 0–9 - _ . ! ~ * ' ( )` becomes `%XX`.
pub fn encode_uri_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        }
    }
    out
}

/// Reads `%XX` escapes back into text; `None` when an escape is cut short or the bytes
/// are not UTF-8 (as `decodeURIComponent` would throw).
pub fn decode_uri_component(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Reads a fragment (without `#`). An empty fragment opens the default cluster.
pub fn parse_fragment(fragment: &str) -> Result<Opening, String> {
    if fragment.is_empty() {
        return Ok(Opening::Default);
    }
    if let Some(rest) = fragment.strip_prefix("story=") {
        let (slug, stop) = match rest.split_once("&stop=") {
            Some((slug, stop)) => {
                let stop: usize = stop
                    .parse()
                    .map_err(|_| format!("the story's stop “{stop}” is not a number"))?;
                (slug, stop.checked_sub(1))
            }
            None => (rest, None),
        };
        let slug = decode_uri_component(slug).unwrap_or_else(|| slug.to_string());
        return Ok(Opening::Story(slug, stop));
    }
    let Some(encoded) = fragment.strip_prefix("run=") else {
        return Err("the link's #… part is neither a shared run (#run=…) nor a story (#story=…)".into());
    };
    let json = decode_uri_component(encoded)
        .ok_or_else(|| "its run data is not properly encoded (was the link cut short?)".to_string())?;
    let run: SharedRun = serde_json::from_str(&json).map_err(|e| match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            format!("its run data is not valid JSON (was the link cut short or edited? {e})")
        }
        _ => format!("its run data is not a run the playground can read ({e})"),
    })?;
    scenario::validate(&run.scenario).map_err(|e| format!("the scenario in it is not valid: {e}"))?;
    Ok(Opening::Run(Box::new(run)))
}

/// An iframe snippet that embeds `url` in a blog post, with the few lines of listener that
/// size every playground iframe of the post to the height its page reports (once per post
/// is enough; a second copy does no harm).
pub fn embed_code(url: &str) -> String {
    let escaped = url.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    format!(
        "<iframe src=\"{escaped}\" title=\"Consensus Playground\" width=\"100%\" height=\"520\" style=\"border:0;max-width:960px\" loading=\"lazy\"></iframe>\n\
<script>addEventListener(\"message\", (e) => {{\n\
  if (e.data?.type !== \"{}\") return;\n\
  for (const f of document.querySelectorAll(\"iframe\")) if (f.contentWindow === e.source) f.style.height = e.data.height + \"px\";\n\
}});</script>",
        crate::embed::HEIGHT_MESSAGE
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_matches_encode_uri_component_and_decodes_back() {
        let text = "{\"a\": [1, 2], \"name\": \"Figure 8 — ü\"}&stop=3";
        let encoded = encode_uri_component(text);
        assert_eq!(
            encoded,
            "%7B%22a%22%3A%20%5B1%2C%202%5D%2C%20%22name%22%3A%20%22Figure%208%20%E2%80%94%20%C3%BC%22%7D%26stop%3D3"
        );
        assert_eq!(decode_uri_component(&encoded).as_deref(), Some(text));
        assert_eq!(decode_uri_component("abc%2"), None, "an escape cut short");
        assert_eq!(decode_uri_component("%FF"), None, "not UTF-8");
    }
}
