//! Where the simulation draws its randomness from: one shared stream, or split streams
//! that depend only on what a draw is for and when.
//!
//! With one shared stream every draw shifts every later one: removing a single step from
//! a scenario (a client request, a crash) changes every election timeout and delay after
//! it. Split streams confine that: a draw for a node's timers or for a link's message is
//! a hash of the run's seed, the node or link, the virtual time and how many draws that
//! stream already made at that time — not of anything drawn before or elsewhere. Removing
//! a step then changes only the draws of what it touches. Counterexamples that `consensus
//! explore` writes use split streams, which lets them shrink to the steps the violation
//! needs; the stories and every older file use the shared stream and replay as they always
//! did.

use serde::{Deserialize, Serialize};

use crate::sim::SimRng;
use crate::sim::rng::{below, scaled};
use crate::types::{NodeId, Time};

/// How a run draws its randomness (`config.random_streams` in a scenario).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StreamMode {
    /// One stream for everything, in the order things happen.
    #[default]
    Shared,
    /// One stream per node's timers and one per directed link's deliveries.
    Split,
}

/// What a draw is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stream {
    /// A timer of this node.
    Timers(NodeId),
    /// A message on this link (from, to): its loss, duplication and delay.
    Link(NodeId, NodeId),
}

/// The randomness of one run. Invariant: in [`StreamMode::Shared`] `counts` stays empty;
/// in [`StreamMode::Split`] it holds, sorted by stream, the time of each stream's last draw
/// and how many draws it made at that time.
#[derive(Clone, Debug)]
pub struct RandomStreams {
    seed: u64,
    mode: StreamMode,
    shared: SimRng,
    counts: Vec<(Stream, Time, u64)>,
}

impl RandomStreams {
    /// The randomness of a run with `seed`, drawn as `mode` says.
    pub fn new(seed: u64, mode: StreamMode) -> Self {
        Self {
            seed,
            mode,
            shared: SimRng::new(seed),
            counts: Vec::new(),
        }
    }

    /// A uniformly drawn number in `low..=high` for `stream` at virtual time `now`.
    pub fn between(&mut self, stream: Stream, now: Time, low: u64, high: u64) -> u64 {
        match self.mode {
            StreamMode::Shared => self.shared.between(low, high),
            StreamMode::Split => scaled(self.draw(stream, now), low, high),
        }
    }

    /// True with probability `p` for `stream` at virtual time `now` (0 never draws).
    pub fn chance(&mut self, stream: Stream, now: Time, p: f64) -> bool {
        if p <= 0.0 {
            return false;
        }
        match self.mode {
            StreamMode::Shared => self.shared.chance(p),
            StreamMode::Split => below(self.draw(stream, now), p),
        }
    }

    /// The next split draw of `stream` at `now`.
    fn draw(&mut self, stream: Stream, now: Time) -> u64 {
        let at = match self.counts.binary_search_by_key(&stream, |(s, _, _)| *s) {
            Ok(at) => at,
            Err(at) => {
                self.counts.insert(at, (stream, now, 0));
                at
            }
        };
        let (_, time, count) = &mut self.counts[at];
        if *time != now {
            *time = now;
            *count = 0;
        }
        let n = *count;
        *count += 1;
        mix(mix(mix(self.seed ^ tag(stream)) ^ now) ^ n)
    }
}

/// A number naming `stream`.
fn tag(stream: Stream) -> u64 {
    match stream {
        Stream::Timers(node) => u64::from(node),
        Stream::Link(from, to) => (1 << 63) | (u64::from(from) << 32) | u64::from(to),
    }
}

/// SplitMix64's finalizer: every input bit moves every output bit.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_streams_are_one_generator_in_the_order_of_the_draws() {
        let mut streams = RandomStreams::new(1, StreamMode::Shared);
        let mut alone = SimRng::new(1);
        let drawn = [
            streams.between(Stream::Timers(1), 0, 0, 999),
            streams.between(Stream::Link(1, 2), 5, 0, 999),
        ];
        assert_eq!(drawn, [alone.between(0, 999), alone.between(0, 999)]);
    }

    #[test]
    fn a_split_draw_depends_on_its_stream_and_time_not_on_earlier_draws() {
        let mut busy = RandomStreams::new(7, StreamMode::Split);
        for t in 0..10 {
            busy.between(Stream::Link(1, 2), t, 0, 999);
            busy.between(Stream::Timers(3), t, 150, 300);
        }
        let mut quiet = RandomStreams::new(7, StreamMode::Split);
        let at = |s: &mut RandomStreams| {
            (0..3)
                .map(|_| s.between(Stream::Timers(3), 40, 150, 300))
                .collect::<Vec<_>>()
        };
        let (a, b) = (at(&mut busy), at(&mut quiet));
        assert_eq!(a, b, "draws at 40 ms do not depend on draws made before");
        assert!(a.iter().all(|d| (150..=300).contains(d)));
        assert_ne!(a[0], a[1], "two draws at one time differ");
        let links: Vec<u64> = [Stream::Link(1, 2), Stream::Link(2, 1)]
            .into_iter()
            .map(|l| quiet.between(l, 40, 0, u64::MAX - 1))
            .collect();
        assert_ne!(links[0], links[1], "each direction of a link has its own stream");
    }

    #[test]
    fn a_split_chance_holds_about_as_often_as_asked() {
        let mut streams = RandomStreams::new(3, StreamMode::Split);
        let hits = (0..10_000)
            .filter(|&t| streams.chance(Stream::Link(1, 2), t, 0.25))
            .count();
        assert!((2_300..2_700).contains(&hits), "{hits}");
        assert!(!streams.chance(Stream::Link(1, 2), 0, 0.0));
    }
}
