//! Checkpoints: copies of the run kept along the timeline (at most 64, older ones thinned
//! out), so seeking replays only from the nearest one.

use super::*;
use crate::protocol::Protocol;
use replay::Cursor;

impl<P: Protocol> Timeline<P> {
    /// Keeps a copy of the state every so often, and thins the older ones out so that a
    /// recording of any length keeps at most `2 * CHECKPOINTS` of them.
    pub(super) fn maybe_checkpoint(&mut self) {
        let last = self.checkpoints.last().expect("never empty").sim.moments();
        let spacing = MIN_CHECKPOINT_SPACING.max(self.end() / CHECKPOINTS as u64);
        if self.position() - last >= spacing {
            let mut checkpoint = self.cursor.clone();
            checkpoint.sim.take_trace();
            self.checkpoints.push(checkpoint);
        }
        if self.checkpoints.len() > 2 * CHECKPOINTS {
            // Keep the first (moment 0), every other one after it, and the newest.
            let newest = self.checkpoints.pop().expect("never empty");
            let mut index = 0;
            self.checkpoints.retain(|_| {
                index += 1;
                index % 2 == 1
            });
            self.checkpoints.push(newest);
        }
    }

    /// The latest checkpoint at or before moment `moment`.
    pub(super) fn checkpoint_before(&self, moment: u64) -> &Cursor<P> {
        self.checkpoints
            .iter()
            .rev()
            .find(|c| c.sim.moments() <= moment)
            .expect("the first checkpoint is at moment 0")
    }

    /// Restores the latest checkpoint at or before moment `target`.
    pub(super) fn restore_before(&mut self, target: u64) {
        self.cursor = self.checkpoint_before(target).clone();
        self.continues_window = false;
    }

    /// Restores the latest checkpoint at or before moment `target` when the cursor is past
    /// `target` or that checkpoint is nearer to it than the cursor: the shortest replay.
    pub(super) fn restore_if_nearer(&mut self, target: u64) {
        let position = self.position();
        let nearer = self.checkpoint_before(target).sim.moments() > position;
        if position > target || nearer {
            self.restore_before(target);
        }
    }
}
