//! The small chart under the panes: committed commands over virtual time, one line per
//! protocol, up to the cursor.

use consensus_core::types::Time;
use web_sys::CanvasRenderingContext2d;

use crate::render::dash;
use crate::render::theme::Theme;

/// Each series' dash pattern, in order: solid, dashed, dotted.
const DASHES: [&[f64]; 3] = [&[], &[7.0, 4.0], &[2.0, 3.0]];

/// The chart's height in CSS pixels.
pub const HEIGHT: f64 = 120.0;
const LEFT: f64 = 30.0;
const BOTTOM: f64 = 18.0;

/// One protocol's line.
pub struct Series<'a> {
    /// Its name, for the legend.
    pub name: &'a str,
    /// When each command committed, sorted.
    pub commits: &'a [Time],
    /// Its colour.
    pub colour: &'a str,
}

/// Draws `series` from time 0 to `now` in a `width`-wide area.
pub fn draw(ctx: &CanvasRenderingContext2d, theme: &Theme, width: f64, now: Time, series: &[Series]) {
    let span = now.max(1) as f64;
    let most = series.iter().map(|s| s.commits.len()).max().unwrap_or(0).max(1) as f64;
    let plot_w = (width - LEFT - 8.0).max(10.0);
    let plot_h = HEIGHT - BOTTOM - 8.0;
    let x = |t: Time| LEFT + plot_w * (t as f64 / span).min(1.0);
    let y = |count: usize| 8.0 + plot_h * (1.0 - count as f64 / most);
    ctx.set_stroke_style_str(&theme.muted);
    ctx.set_line_width(1.0);
    ctx.begin_path();
    ctx.move_to(LEFT, 8.0);
    ctx.line_to(LEFT, 8.0 + plot_h);
    ctx.line_to(LEFT + plot_w, 8.0 + plot_h);
    ctx.stroke();
    ctx.set_fill_style_str(&theme.muted);
    ctx.set_font("10px system-ui, sans-serif");
    ctx.set_text_baseline("middle");
    ctx.set_text_align("right");
    let _ = ctx.fill_text(&format!("{}", most as usize), LEFT - 4.0, 10.0);
    let _ = ctx.fill_text("0", LEFT - 4.0, 8.0 + plot_h);
    ctx.set_text_align("center");
    let _ = ctx.fill_text("0 ms", LEFT, HEIGHT - 7.0);
    let _ = ctx.fill_text(&format!("{now} ms"), LEFT + plot_w - 16.0, HEIGHT - 7.0);
    for (i, s) in series.iter().enumerate() {
        // Lines that overlap stay apart: each series is drawn a little lower than the one
        // before and with its own dash, so two protocols with the same commits show as two.
        let lift = i as f64 * 2.5;
        let y = |count: usize| y(count) + lift;
        ctx.begin_path();
        let _ = ctx.set_line_dash(&dash(DASHES[i % DASHES.len()]));
        ctx.move_to(x(0), y(0));
        let mut count = 0;
        for &t in s.commits.iter().filter(|&&t| t <= now) {
            ctx.line_to(x(t), y(count));
            count += 1;
            ctx.line_to(x(t), y(count));
        }
        ctx.line_to(x(now), y(count));
        ctx.set_stroke_style_str(s.colour);
        ctx.set_line_width(2.0);
        ctx.stroke();
        let _ = ctx.set_line_dash(&dash(&[]));
        ctx.set_fill_style_str(s.colour);
        ctx.set_text_align("left");
        ctx.set_font("600 11px system-ui, sans-serif");
        let _ = ctx.fill_text(
            &format!("{}: {count} {}", s.name, ["(solid)", "(dashed)", "(dotted)"][i % 3]),
            LEFT + 8.0,
            14.0 + i as f64 * 14.0,
        );
    }
}
