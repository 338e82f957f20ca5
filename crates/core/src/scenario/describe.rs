//! A step in plain words, for tours and menus.

use super::Step;

impl Step {
    /// What this step does, as a sentence.
    pub fn describe(&self) -> String {
        match self {
            Step::Timeout(n) => format!("Node {n}'s timer fires now."),
            Step::Deliver(p) => format!("The message from {} to {} is delivered now.", p.from, p.to),
            Step::Drop(p) => format!("The message from {} to {} is dropped.", p.from, p.to),
            Step::DropNext([a, b]) => format!("The next message from {a} to {b} is dropped."),
            Step::Stabilize(_) => {
                "Every message in flight is delivered, and what they cause, until the network is quiet.".into()
            }
            Step::RunMs(ms) => format!("Time runs for {ms} ms."),
            Step::Events(1) => "The next event happens.".into(),
            Step::Events(n) => format!("The next {n} events happen."),
            Step::Crash(n) => format!("Node {n} crashes."),
            Step::Restart(n) => format!("Node {n} restarts."),
            Step::Partition(groups) => {
                let groups: Vec<String> = groups.iter().map(|g| format!("{g:?}")).collect();
                format!("The network splits into {}.", groups.join(" | "))
            }
            Step::Heal(_) => "The network heals.".into(),
            Step::Cut([a, b]) => format!("The link between {a} and {b} is cut."),
            Step::Restore([a, b]) => format!("The link between {a} and {b} is restored."),
            Step::Client(c) => format!("A client sends `{}` to node {}.", c.command, c.node),
            Step::Snapshot(label) => format!("The state is recorded as “{label}”."),
            Step::Caption(text) => text.clone(),
            Step::Network(_) => "The network's behaviour changes.".into(),
            Step::Timers(crate::scenario::Mode::Auto) => "From now on timers fire by themselves.".into(),
            Step::Timers(crate::scenario::Mode::Manual) => {
                "From now on timers fire only when a step fires them.".into()
            }
            Step::VoteNo(n) => format!("Participant {n} will vote No."),
            Step::Compact(n) => format!("Node {n} compacts its log into a snapshot."),
            Step::TransferLeadership(n) => format!("The leader is asked to hand its leadership to node {n}."),
            Step::AddServer(n) => format!("The leader is asked to add node {} to the voters.", n.0),
            Step::RemoveServer(n) => format!("The leader is asked to remove node {} from the voters.", n.0),
            Step::ChangeMembers(ids) => format!(
                "The leader is asked to make {} the voters, through a joint configuration.",
                crate::words::list(ids)
            ),
            Step::CutOneWay([a, b]) => format!("Messages from {a} to {b} are lost; from {b} to {a} they still arrive."),
            Step::RestoreOneWay([a, b]) => format!("Messages from {a} to {b} arrive again."),
        }
    }
}
