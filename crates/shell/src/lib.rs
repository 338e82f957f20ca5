//! # consensus-shell
//!
//! What the page's two modules share (see `docs/architecture.md`, "Two modules"): the
//! first module (`crates/first`) draws the plain page's first frame with it, and the full
//! page (`crates/web`) draws every frame after. Drawing the same run with the same code is
//! what makes the hand-over between them invisible.
//!
//! - [`dom`]: the window, the document, elements by id, listeners that remove themselves.
//! - [`geometry`]: where things are on a canvas (nodes on a ring, messages on their way,
//!   the diagram's rows), shared by the drawing and the pointer.
//! - [`render`]: canvases (panes, rows, space-time diagram, chart) drawn from snapshots.
//! - [`intro`]: the first visit's introduction.
//! - [`panes`]: a pane's elements (title, options, canvas, status line).
//! - [`plain`]: the cluster the plain page opens with, and its first frame.
//! - [`math`]: the few numeric helpers the page needs without pulling in a float parser.

pub mod dom;
pub mod geometry;
pub mod intro;
pub mod math;
pub mod panes;
pub mod plain;
pub mod render;
