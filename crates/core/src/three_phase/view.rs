//! A three-phase commit node as snapshots show it (the commit protocols' NODE: as
//! two-phase commit's, with `precommitted` among the states).

use std::sync::Arc;

use serde::Serialize;

use crate::commit::{Decision, TxnId};
use crate::three_phase::node::{Phase, ThreePcNode};
use crate::types::NodeId;
use crate::vec_map::VecMap;

/// One node's state as data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ThreePcView {
    /// The node's id.
    pub id: NodeId,
    /// False while crashed.
    pub up: bool,
    /// `coordinator` or `participant`.
    pub role: &'static str,
    /// Per transaction number: coordinator `init | precommitted | committed | aborted`;
    /// participant `working | prepared | precommitted | committed | aborted`.
    pub transactions: VecMap<TxnId, &'static str>,
    /// Participant: the committed writes.
    pub kv: VecMap<Arc<str>, Arc<str>>,
    /// Transactions it is blocked on: always empty, since an uncertain participant runs
    /// the termination protocol instead of waiting (kept for the commit protocols' shape).
    pub blocked: Vec<u64>,
    /// Participant: the transactions it runs the termination protocol for.
    pub terminating: Vec<u64>,
}

impl ThreePcView {
    /// The view of `node`.
    pub fn of(node: &ThreePcNode, up: bool) -> Self {
        let durable = node.durable();
        let transactions = if node.is_coordinator() {
            durable
                .log
                .iter()
                .map(|(t, r)| {
                    let state = match r.phase {
                        Phase::Waiting => "init",
                        Phase::Precommitted => "precommitted",
                        Phase::Decided(Decision::Commit) => "committed",
                        Phase::Decided(Decision::Abort) => "aborted",
                    };
                    (*t, state)
                })
                .collect()
        } else {
            durable.participant.iter().map(|(t, (s, _))| (*t, s.name())).collect()
        };
        Self {
            id: node.id,
            up,
            role: if node.is_coordinator() {
                "coordinator"
            } else {
                "participant"
            },
            transactions,
            kv: durable.kv.values().clone(),
            blocked: Vec::new(),
            terminating: if up { node.terminating().collect() } else { Vec::new() },
        }
    }
}
