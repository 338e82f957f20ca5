//! Scenarios: the JSON files the CLI, the tests and the page all run.
//!
//! A scenario names a protocol, a cluster size, a seed, settings and a list of steps.
//! [`parse`] reads and validates one, naming the field of any problem; [`run`] runs it
//! to the end. The format is documented in `docs/scenarios.md`.

mod describe;
pub mod error;
pub mod format;
pub mod options;
mod overlay;
mod pane;
pub mod runner;
pub mod streaming;
pub mod validate;
mod variants;

pub use variants::{shared_step, takes_step};

pub use error::ScenarioError;
pub use format::*;
pub use overlay::ConfigOverlay;
pub use runner::{CompareReport, Compared, RunReport, TraceLine, compare, run, run_with_trace};
pub use validate::{parse, validate};
