//! Where the simulation draws its randomness from: one shared stream, or one stream per
//! node's timers and per link's deliveries.
//!
//! With one shared stream every draw shifts every later one: removing a single step from
//! a scenario (a client request, a crash) changes every election timeout and delay after
//! it. Split streams confine that: a node's timers draw only from its own stream and a
//! link's delays, losses and duplicates only from that link's, so removing a step changes
//! the draws of what it touches and nothing else. Counterexamples that `consensus explore`
//! writes use split streams, which lets them shrink to the steps the violation needs; the
//! stories and every older file use the shared stream and replay as they always did.

use serde::{Deserialize, Serialize};

use crate::sim::SimRng;
use crate::types::NodeId;

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

/// The generators of one run. Invariant: in [`StreamMode::Shared`] `split` stays empty;
/// in [`StreamMode::Split`] it is sorted by stream, one generator per stream used so far,
/// each seeded from the run's seed and the stream alone, so it does not depend on which
/// other streams were used, or when.
#[derive(Clone, Debug)]
pub struct RandomStreams {
    seed: u64,
    mode: StreamMode,
    shared: SimRng,
    split: Vec<(Stream, SimRng)>,
}

impl RandomStreams {
    /// The generators of a run with `seed`, drawing as `mode` says.
    pub fn new(seed: u64, mode: StreamMode) -> Self {
        Self {
            seed,
            mode,
            shared: SimRng::new(seed),
            split: Vec::new(),
        }
    }

    /// The generator to draw from for `stream`.
    pub fn of(&mut self, stream: Stream) -> &mut SimRng {
        match self.mode {
            StreamMode::Shared => &mut self.shared,
            StreamMode::Split => {
                let at = match self.split.binary_search_by_key(&stream, |(s, _)| *s) {
                    Ok(at) => at,
                    Err(at) => {
                        let rng = SimRng::new(stream_seed(self.seed, stream));
                        self.split.insert(at, (stream, rng));
                        at
                    }
                };
                &mut self.split[at].1
            }
        }
    }
}

/// The seed of `stream` in a run seeded with `seed` (SplitMix64's finalizer over both).
fn stream_seed(seed: u64, stream: Stream) -> u64 {
    let tag = match stream {
        Stream::Timers(node) => u64::from(node),
        Stream::Link(from, to) => (1 << 63) | (u64::from(from) << 32) | u64::from(to),
    };
    let mut z = seed ^ tag.wrapping_mul(0x9e37_79b9_7f4a_7c15);
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
            streams.of(Stream::Timers(1)).between(0, 999),
            streams.of(Stream::Link(1, 2)).between(0, 999),
        ];
        assert_eq!(drawn, [alone.between(0, 999), alone.between(0, 999)]);
    }

    #[test]
    fn a_split_stream_draws_the_same_whatever_other_streams_drew_before() {
        let mut busy = RandomStreams::new(7, StreamMode::Split);
        for _ in 0..10 {
            busy.of(Stream::Link(1, 2)).between(0, 999);
        }
        let mut quiet = RandomStreams::new(7, StreamMode::Split);
        let timers: Vec<u64> = (0..5).map(|_| quiet.of(Stream::Timers(3)).between(150, 300)).collect();
        let after_traffic: Vec<u64> = (0..5).map(|_| busy.of(Stream::Timers(3)).between(150, 300)).collect();
        assert_eq!(timers, after_traffic);
        assert_ne!(
            quiet.of(Stream::Link(1, 2)).between(0, u64::MAX - 1),
            quiet.of(Stream::Link(2, 1)).between(0, u64::MAX - 1),
            "each direction of a link has its own stream"
        );
    }
}
