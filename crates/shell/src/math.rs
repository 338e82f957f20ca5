//! The few transcendental functions the page draws with (layout angles, arrow heads, the
//! speed slider's logarithmic scale). In the browser they are JavaScript's `Math`, which
//! the page has anyway: Rust's own (from `compiler_builtins`) would add about 11 KB to the
//! wasm. Natively (the app's tests) they are Rust's. Nothing in the simulation uses them:
//! drawing only, so determinism does not depend on the browser's `Math`.

/// The sine of `x` (radians).
pub fn sin(x: f64) -> f64 {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Math::sin(x);
    #[cfg(not(target_arch = "wasm32"))]
    return x.sin();
}

/// The cosine of `x` (radians).
pub fn cos(x: f64) -> f64 {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Math::cos(x);
    #[cfg(not(target_arch = "wasm32"))]
    return x.cos();
}

/// The angle of the point (`x`, `y`) from the x axis, in radians (−π..π).
pub fn atan2(y: f64, x: f64) -> f64 {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Math::atan2(y, x);
    #[cfg(not(target_arch = "wasm32"))]
    return y.atan2(x);
}

/// Ten to the power `x`.
pub fn exp10(x: f64) -> f64 {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Math::pow(10.0, x);
    #[cfg(not(target_arch = "wasm32"))]
    return 10f64.powf(x);
}

/// The base-10 logarithm of `x`.
pub fn log10(x: f64) -> f64 {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Math::log10(x);
    #[cfg(not(target_arch = "wasm32"))]
    return x.log10();
}

/// The number `text` spells (`0.5`, `2`, `1e-2`), if it is one and finite. In the browser
/// JavaScript reads it (as `Number(text)` does), so Rust's float parser stays out of the
/// page (about 2.5 KB gzipped); the page reads numbers only from its own inputs and links.
pub fn parse_number(text: &str) -> Option<f64> {
    if text.trim().is_empty() {
        return None;
    }
    // `Number(text)`: the whole text must be a number (parseFloat would take a prefix).
    #[cfg(target_arch = "wasm32")]
    #[allow(deprecated)]
    let number = js_sys::Number::new(&wasm_bindgen::JsValue::from_str(text)).value_of();
    #[cfg(not(target_arch = "wasm32"))]
    let number = text.trim().parse::<f64>().unwrap_or(f64::NAN);
    number.is_finite().then_some(number)
}

/// `x` kept within `low..=high` (`high` below `low` gives `high`). `f64::clamp` checks its
/// bounds and formats them into its panic message, which brings float formatting into the
/// first module when the bounds are not constants (this saved 271 bytes gzipped).
pub fn within(x: f64, low: f64, high: f64) -> f64 {
    x.max(low).min(high)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_functions_agree_with_their_definitions() {
        assert!((sin(std::f64::consts::FRAC_PI_2) - 1.0).abs() < 1e-12);
        assert!((cos(0.0) - 1.0).abs() < 1e-12);
        assert!((atan2(1.0, 1.0) - std::f64::consts::FRAC_PI_4).abs() < 1e-12);
        assert!((exp10(log10(25.0)) - 25.0).abs() < 1e-9);
    }

    #[test]
    fn only_finite_numbers_are_read() {
        assert_eq!(parse_number("0.05"), Some(0.05));
        assert_eq!(parse_number("1e-2"), Some(0.01));
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("fast"), None);
        assert_eq!(parse_number("inf"), None);
    }
}
