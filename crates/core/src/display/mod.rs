//! What a view draws of any protocol's node: a role with a colour, a headline, a row of
//! cells (Raft's log, 2PC's transactions, Paxos' slots) and the key-value state. Each
//! protocol says how its own view maps onto this, so a page draws every protocol alike.

use std::sync::Arc;

use serde::Serialize;

use crate::types::NodeId;

/// The colour family a node is drawn in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// The node that leads (Raft leader, 2PC coordinator, a Paxos proposer at work).
    Leading,
    /// Trying to lead (Raft candidate).
    Seeking,
    /// Following (Raft follower, 2PC participant, idle Paxos node).
    Following,
    /// Stuck: a 2PC participant that voted yes and waits for a decision it may not take.
    Blocked,
    /// Crashed.
    Down,
}

/// A colour of the page's theme, by name: the colour of a protocol's line in the commit
/// chart ([`crate::protocol::facts::Facts::CHART_COLOUR`]), so that each protocol keeps its
/// own colour side by side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeColour {
    /// The leader's green.
    Leader,
    /// The candidate's amber.
    Candidate,
    /// The follower's blue.
    Follower,
    /// The blocked participant's orange.
    Blocked,
    /// The highlight purple.
    Accent,
}

/// What a cell's colour says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Hue {
    /// One colour per number: a Raft term, a Paxos ballot round.
    Numbered(u64),
    /// A good outcome (a committed transaction).
    Good,
    /// A bad outcome (an aborted transaction).
    Bad,
    /// Not decided yet.
    Open,
    /// A change of the cluster's membership, of this term (Raft's configuration entries).
    Configuration(u64),
}

/// Whether a node counts in its cluster's decisions (Raft's membership, thesis ch. 4).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// It votes (every node of a protocol without membership changes).
    #[default]
    Voter,
    /// Catching up before it votes: a leader replicates to it without counting it.
    Learner,
    /// Outside the configuration, never part of it: it waits to be added.
    Spare,
    /// The cluster's configuration no longer names it.
    Removed,
}

/// One cell of a node's row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// A short label drawn inside (a term, `C`/`A`, a ballot round).
    pub label: String,
    /// The cell's colour.
    pub colour: Hue,
    /// Final: committed, decided or chosen (drawn solid; the rest pale and dashed).
    pub settled: bool,
    /// What the cell is, in words (for hover text and tests).
    pub title: String,
    /// The leader that will overwrite this cell: it holds something else at this position
    /// (Raft: the leader of the highest term, whose log every other log comes to match).
    /// `None` when no leader will replace it.
    pub replaced_by: Option<NodeId>,
}

/// A leader's knowledge of one follower's log (Raft's nextIndex and matchIndex).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Marks {
    /// The next cell the leader sends (1-based).
    pub next: u64,
    /// The last cell known to match (1-based; 0 for none).
    pub matched: u64,
}

/// A node as every view draws it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodeDisplay {
    /// The node's id.
    pub id: NodeId,
    /// False while crashed.
    pub up: bool,
    /// Its colour family.
    pub tone: Tone,
    /// The role in words (`leader`, `coordinator`, `candidate (2 votes)`); empty for the
    /// ordinary role, which needs no label.
    pub role: String,
    /// One line under the node (`term 3`, `2 blocked`, `ballot 2.1`).
    pub detail: String,
    /// What the row of cells is called (`log`, `transactions`, `slots`).
    pub row_name: &'static str,
    /// The row of cells, first cell first.
    pub cells: Vec<Cell>,
    /// The index of the first cell (Raft: the first entry after the snapshot); 1 when the
    /// row starts at the beginning. Cells before it are compacted into a snapshot.
    pub first_index: u64,
    /// Cells `1..=settled_upto` are settled (Raft's commit index); 0 when not a prefix.
    pub settled_upto: u64,
    /// Per other node: a leader's marks on that node's row.
    pub marks: crate::vec_map::VecMap<NodeId, Marks>,
    /// The key-value state machine.
    pub kv: crate::vec_map::VecMap<Arc<str>, Arc<str>>,
    /// The node's state in its source's own names, for a hover
    /// (`currentTerm=4 votedFor=1 commitIndex=3 log=5 entries`).
    pub facts: String,
    /// Whether it counts in the cluster's decisions.
    pub standing: Standing,
}

/// A protocol view that can be drawn the common way.
pub trait Display {
    /// This view as every page draws it.
    fn display(&self) -> NodeDisplay;

    /// Adds to `shown` (every node of a cluster, drawn alone, in the order of `views`) what
    /// one node's state says about another's: which cells a leader will overwrite. Nothing,
    /// for a protocol without a leader that makes other nodes match it.
    fn mark_cluster<'a>(views: impl Iterator<Item = &'a Self> + Clone, shown: &mut [NodeDisplay])
    where
        Self: 'a + Sized,
    {
        let _ = (views, shown);
    }
}

impl NodeDisplay {
    /// The index of the last cell (`first_index - 1` when the row is empty).
    pub fn last_index(&self) -> u64 {
        self.first_index + self.cells.len() as u64 - 1
    }

    /// A node with no cells, marks or values yet.
    pub(crate) fn new(id: NodeId, up: bool, tone: Tone, row_name: &'static str) -> Self {
        Self {
            id,
            up,
            tone: if up { tone } else { Tone::Down },
            role: if up { String::new() } else { "crashed".into() },
            detail: String::new(),
            row_name,
            cells: Vec::new(),
            first_index: 1,
            settled_upto: 0,
            marks: crate::vec_map::VecMap::new(),
            kv: crate::vec_map::VecMap::new(),
            facts: String::new(),
            standing: Standing::Voter,
        }
    }
}
