//! Colours, read from the page's CSS custom properties so the canvas follows the colour
//! scheme (light or dark) of the page.

use consensus_core::display::ThemeColour;
use wasm_bindgen::JsCast;

/// The colours the canvases use.
#[derive(Clone, Debug)]
pub struct Theme {
    /// Text and outlines.
    pub fg: String,
    /// Secondary text, faint lines.
    pub muted: String,
    /// Background.
    pub bg: String,
    /// A leader.
    pub leader: String,
    /// A candidate.
    pub candidate: String,
    /// A follower.
    pub follower: String,
    /// A crashed node.
    pub down: String,
    /// A blocked node (a prepared 2PC participant waiting for a decision).
    pub blocked: String,
    /// Highlights.
    pub accent: String,
    /// Cut links and violations.
    pub danger: String,
}

impl Theme {
    /// The theme's colour called `colour`.
    pub fn colour(&self, colour: ThemeColour) -> &str {
        match colour {
            ThemeColour::Leader => &self.leader,
            ThemeColour::Candidate => &self.candidate,
            ThemeColour::Follower => &self.follower,
            ThemeColour::Blocked => &self.blocked,
            ThemeColour::Accent => &self.accent,
        }
    }

    /// The theme as the page's CSS currently defines it.
    pub fn from_css() -> Self {
        let style = crate::dom::document()
            .document_element()
            .and_then(|e| e.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| crate::dom::window().get_computed_style(&e).ok().flatten());
        let var = |name: &str, fallback: &str| {
            style
                .as_ref()
                .and_then(|s| s.get_property_value(name).ok())
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| fallback.to_string())
        };
        Self {
            fg: var("--fg", "#1d232a"),
            muted: var("--muted", "#7a8591"),
            bg: var("--bg", "#ffffff"),
            leader: var("--leader", "#2e9d5b"),
            candidate: var("--candidate", "#e3a21a"),
            follower: var("--follower", "#5b7fb9"),
            down: var("--down", "#a9b0b7"),
            blocked: var("--blocked", "#c2410c"),
            accent: var("--accent", "#7b4fd6"),
            danger: var("--danger", "#d2423b"),
        }
    }
}

/// The colour of log entries of `term`: terms get well-separated hues.
pub fn term_colour(term: u64, light: bool) -> String {
    let hue = (term * 67 + 200) % 360;
    if light {
        format!("hsl({hue} 55% 78%)")
    } else {
        format!("hsl({hue} 60% 48%)")
    }
}

impl Theme {
    /// The fill of a node of tone `tone`.
    pub fn tone(&self, tone: consensus_core::display::Tone) -> &str {
        use consensus_core::display::Tone;
        match tone {
            Tone::Leading => &self.leader,
            Tone::Seeking => &self.candidate,
            Tone::Following => &self.follower,
            Tone::Blocked => &self.blocked,
            Tone::Down => &self.down,
        }
    }
}
