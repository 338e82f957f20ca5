//! Drawing: read-only functions of a snapshot and the view state.

pub mod chart;
pub mod cluster;
pub mod diagram;
pub mod logs;
pub mod theme;

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Sizes `canvas` to its CSS box at the device's pixel ratio and returns its 2D context
/// (drawing in CSS pixels) with the CSS size.
pub fn prepare(canvas: &HtmlCanvasElement, css_height: Option<f64>) -> (CanvasRenderingContext2d, f64, f64) {
    let window = crate::dom::window();
    let ratio = window.device_pixel_ratio().max(1.0);
    let rect = canvas.get_bounding_client_rect();
    let width = rect.width().max(1.0);
    let height = css_height.unwrap_or(rect.height()).max(1.0);
    if let Some(h) = css_height {
        let _ = canvas.style().set_property("height", &format!("{h}px"));
    }
    let (px_w, px_h) = ((width * ratio).round() as u32, (height * ratio).round() as u32);
    if canvas.width() != px_w || canvas.height() != px_h {
        canvas.set_width(px_w);
        canvas.set_height(px_h);
    }
    let ctx = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .expect("canvas 2D is available");
    let _ = ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, width, height);
    (ctx, width, height)
}

/// Draws an × of half-size `half` centred on `c` (a crashed node, a cut link, a lost message).
pub fn cross(ctx: &CanvasRenderingContext2d, c: crate::geometry::layout::Point, half: f64, colour: &str, width: f64) {
    ctx.begin_path();
    ctx.move_to(c.x - half, c.y - half);
    ctx.line_to(c.x + half, c.y + half);
    ctx.move_to(c.x + half, c.y - half);
    ctx.line_to(c.x - half, c.y + half);
    ctx.set_stroke_style_str(colour);
    ctx.set_line_width(width);
    ctx.stroke();
}

/// A line-dash pattern as the canvas takes it.
pub fn dash(pattern: &[f64]) -> js_sys::Array {
    pattern.iter().map(|v| wasm_bindgen::JsValue::from_f64(*v)).collect()
}
