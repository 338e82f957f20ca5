//! A two-phase commit node as snapshots show it (the scenario contract's 2PC NODE).

use std::sync::Arc;

use serde::Serialize;

use crate::two_phase::TxnId;
use crate::two_phase::node::{ParticipantState, TwoPcNode};
use crate::types::NodeId;
use crate::vec_map::VecMap;

/// One node's state as data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TwoPcView {
    /// The node's id.
    pub id: NodeId,
    /// False while crashed.
    pub up: bool,
    /// `coordinator` or `participant`.
    pub role: &'static str,
    /// Per transaction number: coordinator `init | committed | aborted`; participant
    /// `working | prepared | committed | aborted`.
    pub transactions: VecMap<TxnId, &'static str>,
    /// Participant: the committed writes.
    pub kv: crate::vec_map::VecMap<Arc<str>, Arc<str>>,
    /// Participant: transactions it is blocked on (prepared, waiting for the decision).
    pub blocked: Vec<u64>,
}

impl TwoPcView {
    /// The view of `node`.
    pub fn of(node: &TwoPcNode, up: bool) -> Self {
        let durable = node.durable();
        let transactions = if node.is_coordinator() {
            durable
                .log
                .iter()
                .map(|(t, r)| (*t, crate::commit::coordinator_state(r.decision)))
                .collect()
        } else {
            durable
                .participant
                .iter()
                .map(|(t, (s, _))| (*t, participant_state(*s)))
                .collect()
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
            blocked: node.blocked_transactions().collect(),
        }
    }
}

fn participant_state(state: ParticipantState) -> &'static str {
    match state {
        ParticipantState::Working => "working",
        ParticipantState::Prepared => "prepared",
        ParticipantState::Committed => "committed",
        ParticipantState::Aborted => "aborted",
    }
}
