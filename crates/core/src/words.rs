//! Small helpers for the sentences readers see, shared by the notes and the checkers.

use std::fmt;

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
