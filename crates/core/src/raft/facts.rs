//! What the playground knows about Raft (see [`Facts`]), and how a scenario configures
//! it and gives its nodes saved state to start from.

use crate::command::Command;
use crate::display::ThemeColour;
use crate::protocol::initial::{InitialEntry, InitialNode};
use crate::protocol::{Facts, Settings};
use crate::raft::{Entry, RaftBug, RaftBugs, RaftConfig, RaftLog, RaftNode, RaftPersistent, Term, check};

impl Facts for RaftNode {
    const NAME: &'static str = "raft";
    const TITLE: &'static str = "Raft";
    const LEGEND: &'static str = crate::raft::display::LEGEND;
    const CHART_COLOUR: ThemeColour = ThemeColour::Leader;
    const INVARIANTS: &'static [&'static str] = &[
        check::ELECTION_SAFETY,
        check::LEADER_APPEND_ONLY,
        check::LOG_MATCHING,
        check::LEADER_COMPLETENESS,
        check::STATE_MACHINE_SAFETY,
    ];
    const PROGRESS: &'static [(&'static str, &'static str)] = crate::raft::progress::RaftProgress::PROPERTIES;
    const TAKES_TRANSFER: bool = true;
    const TAKES_COMPACT: bool = true;
    const TAKES_MEMBERSHIP: bool = true;
    const MEMBERSHIP_BUGS: &'static [&'static str] = &["change_before_own_term_commit"];
    const OPTIONS: &'static [crate::protocol::PaneOption] = crate::raft::config::OPTIONS;
    type Bug = RaftBug;

    fn config(settings: &Settings<'_>) -> RaftConfig {
        RaftConfig {
            election_timeout: settings.timeout_ms,
            heartbeat: settings.heartbeat_ms,
            noop_on_election: settings.noop_on_election,
            pre_vote: settings.pre_vote,
            check_quorum: settings.check_quorum,
            reads: settings.reads,
            snapshot_after: settings.snapshot_after,
            members: (!settings.members.is_empty()).then(|| settings.members.into()),
            bugs: RaftBugs::from_names(settings.bugs),
        }
    }

    /// The node's term (by default its last entry's), vote and log; terms must be at
    /// least 1, never decrease along the log, and the current term may not be older than
    /// the last entry's.
    fn initial(node: &InitialNode) -> Result<RaftPersistent, (String, String)> {
        let mut log = RaftLog::default();
        for (j, entry) in node.log.iter().enumerate() {
            let (term, command) = match entry {
                InitialEntry::Term(term) => (Term(*term), None),
                InitialEntry::Full { term, command } => (Term(*term), command.as_deref()),
            };
            if term == Term::ZERO || term < log.last_term() {
                return Err((
                    format!("log[{j}]"),
                    format!(
                        "terms must be at least 1 and never decrease along a log (term {term} after {})",
                        log.last_term()
                    ),
                ));
            }
            let command = command
                .map(Command::parse)
                .transpose()
                .map_err(|e| (format!("log[{j}].command"), e.to_string()))?;
            log.append(Entry::new(term, command, None));
        }
        let current_term = node.term.map_or(log.last_term(), Term);
        if current_term < log.last_term() {
            return Err((
                "term".into(),
                format!(
                    "the current term {current_term} is older than the last log entry's term {}",
                    log.last_term()
                ),
            ));
        }
        Ok(RaftPersistent {
            current_term,
            voted_for: node.voted_for,
            log,
            snapshot: None,
        })
    }
}
