//! Raft drawn the common way: leader, candidate or follower; the log by term.

use crate::display::{Cell, Display, Hue, Marks, NodeDisplay, Standing, Tone};
use crate::types::NodeId;

/// `{1, 2, 3}`.
fn set(ids: &[NodeId]) -> String {
    let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
    format!("{{{}}}", ids.join(", "))
}
use crate::raft::RaftView;

/// What the page's log panel draws for this protocol, in one line under the panel.
pub const LEGEND: &str = "Numbers on top: log index · solid: committed · pale and dashed: not yet committed · red outline: differs from the leader's entry at that index (the leader of the highest term, when two lead), so that leader will overwrite it · colour and number: the entry's term · C: a configuration entry (membership change) · dark bar: the node's commit index · ▲ the leader's nextIndex, ● its matchIndex for that follower · ★ leader, ? candidate or pre-candidate (PreVote), ✕ crashed · hover a cell for its command or configuration";

impl Display for RaftView {
    fn display(&self) -> NodeDisplay {
        let tone = match self.role {
            "leader" => Tone::Leading,
            "candidate" | "pre_candidate" => Tone::Seeking,
            _ => Tone::Following,
        };
        let mut shown = NodeDisplay::new(self.id, self.up, tone, "log");
        if self.up {
            shown.role = match self.role {
                "leader" => match self.transferring_to {
                    Some(to) => format!("leader, handing over to {to}"),
                    None => "leader".into(),
                },
                "pre_candidate" => match self.pre_votes.as_ref().map_or(0, Vec::len) {
                    1 => "pre-candidate (1 pre-vote)".to_string(),
                    grants => format!("pre-candidate ({grants} pre-votes)"),
                },
                "candidate" => match self.votes.as_ref().map_or(0, Vec::len) {
                    1 => "candidate (1 vote)".to_string(),
                    votes => format!("candidate ({votes} votes)"),
                },
                "learner" => "learner".into(),
                _ => String::new(),
            };
        }
        shown.detail = format!("term {}", self.term);
        if self.role == "learner" {
            shown.standing = Standing::Learner;
        }
        shown.first_index = self.log_start.0;
        shown.cells = self
            .log
            .iter()
            .enumerate()
            .map(|(i, entry)| {
                let index = self.log_start.0 + i as u64;
                let (label, colour, what) = match &entry.config {
                    Some(config) => {
                        let voters: Vec<NodeId> = config.voters().iter().copied().collect();
                        let what = match config.new_voters() {
                            Some(new) => {
                                let new: Vec<NodeId> = new.iter().copied().collect();
                                format!("joint configuration {} + {}", set(&voters), set(&new))
                            }
                            None => format!("configuration {}", set(&voters)),
                        };
                        ("C".to_string(), Hue::Configuration(entry.term.0), what)
                    }
                    None => (
                        entry.term.to_string(),
                        Hue::Numbered(entry.term.0),
                        entry.command.as_ref().map_or("no-op".to_string(), ToString::to_string),
                    ),
                };
                Cell {
                    label,
                    colour,
                    settled: index <= self.commit_index.0,
                    title: format!("entry {index}, term {}: {what}", entry.term),
                    replaced_by: None,
                }
            })
            .collect();
        shown.settled_upto = self.commit_index.0;
        if let Some(progress) = &self.progress {
            shown.marks = progress
                .iter()
                .map(|(node, p)| {
                    let marks = Marks {
                        next: p.next_index().0,
                        matched: p.match_index().0,
                    };
                    (*node, marks)
                })
                .collect();
        }
        shown.kv = self.kv.clone();
        let voted_for = self.voted_for.map_or("none".to_string(), |v| v.to_string());
        shown.facts = format!(
            "{} currentTerm={} votedFor={voted_for} commitIndex={} log={} entr{}",
            self.role,
            self.term,
            self.commit_index,
            self.log.len(),
            if self.log.len() == 1 { "y" } else { "ies" }
        );
        if let Some(snapshot) = self.snapshot {
            shown.facts.push_str(&format!(
                " snapshot=lastIncludedIndex {} lastIncludedTerm {}",
                snapshot.last_index, snapshot.last_term
            ));
        }
        if let Some(leader) = self.leader.filter(|_| self.role == "follower") {
            shown.facts.push_str(&format!(" leader={leader}"));
        }
        if let Some(votes) = &self.votes {
            let votes: Vec<String> = votes.iter().map(ToString::to_string).collect();
            shown.facts.push_str(&format!(" votesReceived={{{}}}", votes.join(",")));
        }
        if let Some(grants) = &self.pre_votes {
            let grants: Vec<String> = grants.iter().map(ToString::to_string).collect();
            shown
                .facts
                .push_str(&format!(" preVotesReceived={{{}}}", grants.join(",")));
        }
        if let Some(to) = self.transferring_to {
            shown.facts.push_str(&format!(" transferringTo={to}"));
        }
        shown.facts.push_str(&format!(" configuration={}", set(&self.members)));
        if let Some(new) = &self.members_new {
            shown.facts.push_str(&format!(" + {} (joint)", set(new)));
        }
        if let Some(learners) = &self.catching_up {
            shown.facts.push_str(&format!(" catchingUp={}", set(learners)));
        }
        shown
    }

    /// A leader makes every other log match its own (§5.3), and the leader of the highest
    /// term is the one that will: a leader of an older term, cut off with a minority, steps
    /// down when it hears that term (§5.1). So a cell that is not committed and differs
    /// from that leader's entry at its index (or lies past its log) is one that leader will
    /// overwrite; an older leader's nextIndex and matchIndex marks are not drawn.
    fn mark_cluster<'a>(views: impl Iterator<Item = &'a Self> + Clone, shown: &mut [NodeDisplay]) {
        mark_standing(views.clone(), shown);
        let Some(leader) = views
            .clone()
            .filter(|v| v.up && v.role == "leader")
            .max_by_key(|v| v.term)
        else {
            return;
        };
        for (view, display) in views.zip(shown.iter_mut()) {
            if view.id == leader.id {
                continue;
            }
            if view.role == "leader" {
                display.marks.clear();
            }
            for ((i, entry), cell) in view.log.iter().enumerate().zip(&mut display.cells) {
                // The leader's entry at the same index, if it still holds it (an index in its
                // snapshot is committed, and so is this one then: never overwritten).
                let index = view.log_start.0 + i as u64;
                let theirs = index
                    .checked_sub(leader.log_start.0)
                    .and_then(|at| leader.log.get(at as usize));
                let same = index < leader.log_start.0 || theirs.is_some_and(|theirs| theirs.term == entry.term);
                if !cell.settled && !same {
                    cell.replaced_by = Some(leader.id);
                    cell.title.push_str(&format!(
                        " · differs from leader {} (term {}), which will overwrite it",
                        leader.id, leader.term
                    ));
                }
            }
        }
    }
}

/// Which nodes count (thesis ch. 4): the cluster's configuration is the one of the leader
/// of the highest term (else of the up node that has committed furthest). A node outside
/// it is a learner while a leader catches it up, a spare if it never held an entry, and
/// removed otherwise — whether or not it has heard of its removal.
fn mark_standing<'a>(views: impl Iterator<Item = &'a RaftView> + Clone, shown: &mut [NodeDisplay]) {
    let up = views.clone().filter(|v| v.up);
    let Some(reference) = up
        .clone()
        .filter(|v| v.role == "leader")
        .max_by_key(|v| v.term)
        .or_else(|| up.max_by_key(|v| (v.commit_index, std::cmp::Reverse(v.id))))
    else {
        return;
    };
    let counts =
        |id: NodeId| reference.members.contains(&id) || reference.members_new.as_ref().is_some_and(|n| n.contains(&id));
    let learners = reference.catching_up.clone().unwrap_or_default();
    for (view, display) in views.zip(shown.iter_mut()) {
        display.standing = if counts(view.id) {
            Standing::Voter
        } else if view.role == "learner" || learners.contains(&view.id) {
            Standing::Learner
        } else if view.log.is_empty() && view.snapshot.is_none() {
            Standing::Spare
        } else {
            Standing::Removed
        };
        match display.standing {
            Standing::Spare if display.up => display.role = "spare".into(),
            Standing::Removed if display.up && display.tone != crate::display::Tone::Leading => {
                display.role = "removed".into()
            }
            Standing::Learner if display.up => display.role = "learner".into(),
            _ => {}
        }
    }
}
