//! The progress of atomic commit, shared by the commit protocols: every transaction begun
//! is decided everywhere once every node is up and reachable (Transactions Decided), and —
//! the promise of the non-blocking protocols, which two-phase commit does not make — the
//! participants that are up decide even while others, the coordinator among them, are
//! down (Live Participants Decide).

use crate::commit::TxnId;
use crate::protocol::progress::{Window, list, nodes_text};
use crate::protocol::{NodeOf, NodeSlot, Violation};
use crate::types::NodeId;

/// Transactions Decided: after a quiet window every transaction begun before it is
/// decided on every node (the coordinator's log and every participant).
pub const TRANSACTIONS_DECIDED: &str = "Transactions Decided";

/// Live Participants Decide (non-blocking): after a window in which the network is whole
/// and no node crashes or restarts, no participant that is up still waits — voted Yes,
/// holding its locks, with no outcome — on a transaction begun before it — even with the coordinator down for good — except one
/// that failed while the transaction was open (Skeen's operational sites decide; a
/// recovering site learns the outcome from them, and waits if they are all down).
pub const LIVE_PARTICIPANTS_DECIDE: &str = "Live Participants Decide";

/// Transactions Decided with what it promises, as a protocol's `PROPERTIES` list it.
pub const DECIDED_PROPERTY: (&str, &str) = (
    TRANSACTIONS_DECIDED,
    "once every node is up and reachable, every transaction begun is decided on every node",
);

/// Requests Answered with what it promises for a commit protocol.
pub const ANSWERED_PROPERTY: (&str, &str) = (
    crate::protocol::progress::REQUESTS_ANSWERED,
    "every transaction a client asked for before then is answered, committed or aborted",
);

/// What the commit progress properties read of a node.
pub trait CommitProgress {
    /// Its id.
    fn commit_node_id(&self) -> NodeId;
    /// Whether it is the coordinator.
    fn coordinates(&self) -> bool;
    /// Whether it holds a decision on `txn`.
    fn decided(&self, txn: TxnId) -> bool;
    /// Every transaction up to this one is decided on it.
    fn decided_up_to(&self) -> TxnId;
    /// The coordinator: how many transactions it began (numbered `1..=began`).
    fn began(&self) -> TxnId;
    /// Whether it voted Yes on `txn` and has no outcome yet: it waits, holding its locks.
    fn waiting(&self, txn: TxnId) -> bool;
    /// Whether it restarted while waiting on `txn`: a non-blocking protocol promises
    /// that the operational participants decide, not one that failed and recovered,
    /// which may only learn the outcome from another.
    fn recovering(&self, _txn: TxnId) -> bool {
        false
    }
}

/// How many transactions the coordinator of `nodes` had begun.
pub fn begun<N: CommitProgress, P: NodeOf<N>>(nodes: &[NodeSlot<P>]) -> TxnId {
    nodes
        .iter()
        .map(|n| n.state.node())
        .find(|n| n.coordinates())
        .map_or(0, |c| c.began())
}

/// The transactions among `1..=begun` not decided on some node of `nodes` that `counts`,
/// each with the nodes still undecided.
pub fn undecided<N: CommitProgress, P: NodeOf<N>>(
    nodes: &[NodeSlot<P>],
    begun: TxnId,
    counts: impl Fn(&NodeSlot<P>) -> bool,
) -> Vec<(TxnId, Vec<NodeId>)> {
    let counted: Vec<&N> = nodes.iter().filter(|n| counts(n)).map(|n| n.state.node()).collect();
    // Every node holds a decision on each transaction up to its `decided_up_to`, so only
    // those after the lowest can be undecided somewhere.
    let settled = counted.iter().map(|n| n.decided_up_to()).min().unwrap_or(begun);
    (settled + 1..=begun)
        .filter_map(|txn| {
            let waiting: Vec<NodeId> = counted
                .iter()
                .filter(|n| !n.decided(txn))
                .map(|n| n.commit_node_id())
                .collect();
            (!waiting.is_empty()).then_some((txn, waiting))
        })
        .collect()
}

/// Transactions Decided, judged at the end of `window` for the transactions begun by
/// its start (`begun`).
pub fn transactions_decided<N: CommitProgress, P: NodeOf<N>>(
    begun: TxnId,
    window: &Window<'_, P>,
    found: &mut Vec<Violation>,
) {
    let nodes = window.nodes;
    let Some(coordinator) = nodes.iter().map(|n| n.state.node()).find(|n| n.coordinates()) else {
        return;
    };
    let undecided = undecided::<N, P>(nodes, begun, |_| true);
    let Some((first, waiting)) = undecided.first() else {
        return;
    };
    let coordinator_id = coordinator.commit_node_id();
    let detail = if waiting.contains(&coordinator_id) {
        format!("coordinator {coordinator_id} never decided transaction {first}")
    } else {
        format!(
            "{} do not know the decision on transaction {first}",
            nodes_text(waiting)
        )
    };
    found.push(window.violation(TRANSACTIONS_DECIDED, involved(&undecided), summary(&undecided, &detail)));
}

/// Every commit protocol's judgment of a quiet window: Transactions Decided, then Requests
/// Answered (a request waits on the coordinator, which answers it).
pub fn judge_quiet<N: CommitProgress, P: NodeOf<N>>(begun: TxnId, window: &Window<'_, P>, found: &mut Vec<Violation>) {
    transactions_decided::<N, P>(begun, window, found);
    let coordinator = window.nodes.iter().map(|n| n.state.node()).find(|n| n.coordinates());
    if let Some(id) = coordinator.map(|c| c.commit_node_id()) {
        window.requests_answered(found, &|_| format!("coordinator {id} never answered it"));
    }
}

/// Live Participants Decide, judged at the end of `window` (one in which nodes may be
/// down) for the transactions begun by its start.
pub fn live_participants_decide<N: CommitProgress, P: NodeOf<N>>(
    begun: TxnId,
    window: &Window<'_, P>,
    found: &mut Vec<Violation>,
) {
    let nodes = window.nodes;
    let undecided: Vec<(TxnId, Vec<NodeId>)> =
        undecided::<N, P>(nodes, begun, |n| n.up && !n.state.node().coordinates())
            .into_iter()
            .filter_map(|(txn, waiting)| {
                let operational: Vec<NodeId> = waiting
                    .into_iter()
                    .filter(|&id| {
                        let node = nodes[id as usize - 1].state.node();
                        node.waiting(txn) && !node.recovering(txn)
                    })
                    .collect();
                (!operational.is_empty()).then_some((txn, operational))
            })
            .collect();
    let Some((first, waiting)) = undecided.first() else {
        return;
    };
    let detail = format!(
        "{} still waiting for the outcome of transaction {first}",
        nodes_text(waiting)
    );
    found.push(window.violation(
        LIVE_PARTICIPANTS_DECIDE,
        involved(&undecided),
        summary(&undecided, &detail),
    ));
}

fn summary(undecided: &[(TxnId, Vec<NodeId>)], detail: &str) -> String {
    let txns: Vec<TxnId> = undecided.iter().map(|(t, _)| *t).collect();
    format!(
        "{} {} not decided everywhere: {detail}",
        if txns.len() == 1 { "transaction" } else { "transactions" },
        list(&txns)
    )
}

fn involved(undecided: &[(TxnId, Vec<NodeId>)]) -> Vec<NodeId> {
    let mut involved: Vec<NodeId> = undecided.iter().flat_map(|(_, w)| w.iter().copied()).collect();
    involved.sort_unstable();
    involved.dedup();
    involved
}
