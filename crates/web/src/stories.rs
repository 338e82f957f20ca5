//! The built-in stories, compiled into the page so it never fetches anything.

/// A built-in story: its file name (without `.json`) and its scenario text.
pub struct Story {
    /// The name used in links (`#story=raft-figure-8`).
    pub slug: &'static str,
    /// The scenario file's text.
    pub text: &'static str,
}

/// Every built-in story, in menu order.
pub const STORIES: &[Story] = &[
    Story {
        slug: "raft-first-election",
        text: include_str!("../../../scenarios/raft-first-election.json"),
    },
    Story {
        slug: "raft-split-vote",
        text: include_str!("../../../scenarios/raft-split-vote.json"),
    },
    Story {
        slug: "raft-leader-crash",
        text: include_str!("../../../scenarios/raft-leader-crash.json"),
    },
    Story {
        slug: "raft-lagging-follower",
        text: include_str!("../../../scenarios/raft-lagging-follower.json"),
    },
    Story {
        slug: "raft-partition",
        text: include_str!("../../../scenarios/raft-partition.json"),
    },
    Story {
        slug: "raft-figure-8",
        text: include_str!("../../../scenarios/raft-figure-8.json"),
    },
];

/// The story with this slug.
pub fn story(slug: &str) -> Option<&'static Story> {
    STORIES.iter().find(|s| s.slug == slug)
}
