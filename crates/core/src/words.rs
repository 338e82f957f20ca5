//! Small helpers for the sentences readers see, shared by the notes and the checkers.

use std::fmt;

/// A probability as a percentage, to a tenth at most: "5%", "12.5%" (not the
/// "7.000000000000001%" that `0.07 * 100.0` prints as).
pub fn percent(p: f64) -> String {
    let tenths = format!("{:.1}", p * 100.0);
    format!("{}%", tenths.strip_suffix(".0").unwrap_or(&tenths))
}

/// "2", "2 and 3", "1, 2 and 4".
pub fn list<T: fmt::Display>(items: &[T]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(ToString::to_string).collect();
            format!("{} and {last}", init.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_read_as_a_person_writes_them() {
        assert_eq!(percent(0.07), "7%");
        assert_eq!(percent(0.125), "12.5%");
        assert_eq!(percent(0.0), "0%");
    }
}
