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
    format!("run={}", String::from(js_sys::encode_uri_component(&json)))
}

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
        return Ok(Opening::Story(slug.to_string(), stop));
    }
    let Some(encoded) = fragment.strip_prefix("run=") else {
        return Err("the link's #… part is neither a shared run (#run=…) nor a story (#story=…)".into());
    };
    let json = js_sys::decode_uri_component(encoded)
        .map_err(|_| "the shared run is not properly encoded (was the link cut short?)".to_string())?;
    let json = String::from(json);
    let run: SharedRun = serde_json::from_str(&json).map_err(|e| format!("the shared run is not valid: {e}"))?;
    scenario::validate(&run.scenario).map_err(|e| format!("the shared scenario is not valid: {e}"))?;
    Ok(Opening::Run(Box::new(run)))
}

/// An iframe snippet that embeds `url` in a blog post.
pub fn embed_code(url: &str) -> String {
    let escaped = url.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    format!(
        "<iframe src=\"{escaped}\" title=\"Consensus Playground\" width=\"100%\" height=\"520\" style=\"border:0;max-width:960px\" loading=\"lazy\"></iframe>"
    )
}
