//! Checks a parsed scenario before it runs, naming the field of every problem.

use crate::scenario::error::ScenarioError;
use crate::scenario::format::ProtocolName;
use crate::scenario::format::{InitialNode, NetworkStep, Scenario, Step};
use crate::types::{NodeId, Time};

/// The largest cluster a scenario may ask for.
pub const MAX_NODES: u32 = 1000;
/// The most virtual time one `run_ms` step may ask for (a week).
pub const MAX_RUN_MS: Time = 7 * 24 * 3600 * 1000;
/// The longest delay or timeout a setting may ask for (an hour).
pub const MAX_DELAY_MS: Time = 3600 * 1000;
/// The most steps a scenario may have.
pub const MAX_STEPS: usize = 1_000_000;

/// Reads a scenario from JSON text, naming the path of any problem.
#[cfg(feature = "path-errors")]
pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let scenario: Scenario = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path.is_empty() || path == "." {
            ScenarioError::Parse(inner.to_string())
        } else {
            ScenarioError::invalid(path, inner.to_string())
        }
    })?;
    deserializer.end().map_err(|e| ScenarioError::Parse(e.to_string()))?;
    validate(&scenario)?;
    Ok(scenario)
}

/// Reads a scenario from JSON text; errors name the field and position, not the full path.
#[cfg(not(feature = "path-errors"))]
pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
    let scenario: Scenario = serde_json::from_str(text).map_err(|e| ScenarioError::Parse(e.to_string()))?;
    validate(&scenario)?;
    Ok(scenario)
}

/// Checks every field's value.
pub fn validate(s: &Scenario) -> Result<(), ScenarioError> {
    if s.version == 0 || s.version > crate::scenario::FORMAT_VERSION {
        return Err(ScenarioError::invalid(
            "version",
            format!(
                "version {} is not known to this build (it reads 1 to {})",
                s.version,
                crate::scenario::FORMAT_VERSION
            ),
        ));
    }
    if s.nodes == 0 || s.nodes > MAX_NODES {
        return Err(ScenarioError::invalid(
            "nodes",
            format!("must be between 1 and {MAX_NODES}, got {}", s.nodes),
        ));
    }
    for protocol in s.compared_protocols() {
        let smallest = protocol.smallest_cluster();
        if s.nodes < smallest {
            return Err(ScenarioError::invalid(
                "nodes",
                format!("{} needs at least {smallest} nodes, got {}", protocol.title(), s.nodes),
            ));
        }
    }
    if s.compared_protocols()
        .contains(&crate::scenario::ProtocolName::PaxosCommit)
        && (s.config.acceptors == 0 || s.config.acceptors > s.nodes)
    {
        return Err(ScenarioError::invalid(
            "config.acceptors",
            format!(
                "Paxos Commit's acceptors are nodes 1 to {}, so there must be between 1 and {} of them (the cluster size), got {}",
                s.config.acceptors, s.nodes, s.config.acceptors
            ),
        ));
    }
    validate_config(s)?;
    validate_panes(s)?;
    if !s.members.is_empty() {
        validate_members(s.nodes, &s.members).map_err(|(at, m)| ScenarioError::invalid(format!("members{at}"), m))?;
    }
    for (i, node) in s.initial.iter().enumerate() {
        validate_initial(s, i, node)?;
    }
    if s.steps.len() > MAX_STEPS {
        return Err(ScenarioError::invalid(
            "steps",
            format!("at most {MAX_STEPS} steps, got {}", s.steps.len()),
        ));
    }
    for (i, step) in s.steps.iter().enumerate() {
        validate_step(s.nodes, step)
            .and_then(|()| validate_for_protocol(s, step))
            .map_err(|(field, message)| ScenarioError::Invalid {
                field: format!("steps[{i}]{field}"),
                message,
            })?;
    }
    Ok(())
}

/// Checks each pane's settings as laid over the scenario's, naming the pane.
fn validate_panes(s: &Scenario) -> Result<(), ScenarioError> {
    for (i, pane) in s.protocols.iter().enumerate() {
        if let Some(j) = s.protocols[..i].iter().position(|other| other.key() == pane.key()) {
            return Err(ScenarioError::invalid(
                format!("protocols[{i}]"),
                format!(
                    "panes {j} and {i} are both called {:?}: give one a \"title\" (consensus compare keys its output by it)",
                    pane.key()
                ),
            ));
        }
        if pane.config.is_empty() {
            continue;
        }
        let field = format!("protocols[{i}].config");
        let config = pane.config_over(&s.config);
        let laid_over = Scenario { config, ..s.clone() };
        validate_config(&laid_over).map_err(|e| match e {
            ScenarioError::Invalid { field: inner, message } => ScenarioError::Invalid {
                field: format!("{field}{}", inner.strip_prefix("config").unwrap_or(&inner)),
                message,
            },
            other => other,
        })?;
    }
    Ok(())
}

fn validate_config(s: &Scenario) -> Result<(), ScenarioError> {
    let c = &s.config;
    if c.reads == crate::protocol::ReadMode::Lease && !c.check_quorum {
        return Err(ScenarioError::invalid(
            "config.reads",
            "reads by lease rest on the vote lease that comes with CheckQuorum (thesis §6.4.1; etcd refuses them without it): set \"check_quorum\": true too",
        ));
    }
    range_ms("config.election_timeout_ms", c.election_timeout_ms, 1)?;
    range_ms("config.latency_ms", c.latency_ms, 0)?;
    delay_ms("config.heartbeat_ms", c.heartbeat_ms, 1)?;
    delay_ms("config.client_retry_ms", c.client_retry_ms, 1)?;
    delay_ms("config.client_timeout_ms", c.client_timeout_ms, 1)?;
    probability("config.loss", c.loss)?;
    probability("config.duplicate", c.duplicate)?;
    for (i, name) in c.bugs.iter().enumerate() {
        if crate::any::bugs::find(name).is_none() {
            return Err(ScenarioError::invalid(
                format!("config.bugs[{i}]"),
                format!("unknown bug {name:?} (known: {})", known_bugs().join(", ")),
            ));
        }
    }
    check_node(s.nodes, c.coordinator).map_err(|m| ScenarioError::invalid("config.coordinator", m))?;
    if c.window == 0 || c.window > 1000 {
        return Err(ScenarioError::invalid(
            "config.window",
            format!("a leader keeps 1 to 1000 slots in flight, got {}", c.window),
        ));
    }
    Ok(())
}

/// Every bug switch's name, over all protocols.
pub fn known_bugs() -> Vec<&'static str> {
    crate::any::bugs::registry().iter().map(|b| b.name).collect()
}

fn range_ms(field: &str, [low, high]: [Time; 2], min: Time) -> Result<(), ScenarioError> {
    if low < min || low > high || high > MAX_DELAY_MS {
        return Err(ScenarioError::invalid(
            field,
            format!("must be [low, high] with {min} <= low <= high <= {MAX_DELAY_MS}, got [{low}, {high}]"),
        ));
    }
    Ok(())
}

fn delay_ms(field: &str, ms: Time, min: Time) -> Result<(), ScenarioError> {
    if ms < min || ms > MAX_DELAY_MS {
        return Err(ScenarioError::invalid(
            field,
            format!("must be between {min} and {MAX_DELAY_MS} ms, got {ms}"),
        ));
    }
    Ok(())
}

fn probability(field: &str, p: f64) -> Result<(), ScenarioError> {
    if !(0.0..=1.0).contains(&p) {
        return Err(ScenarioError::invalid(
            field,
            format!("must be between 0 and 1, got {p}"),
        ));
    }
    Ok(())
}

fn validate_initial(s: &Scenario, i: usize, node: &InitialNode) -> Result<(), ScenarioError> {
    let field = |name: &str| format!("initial[{i}].{name}");
    check_node(s.nodes, node.node).map_err(|m| ScenarioError::invalid(field("node"), m))?;
    if s.initial[..i].iter().any(|other| other.node == node.node) {
        return Err(ScenarioError::invalid(
            field("node"),
            format!("node {} is listed twice", node.node),
        ));
    }
    if let Some(voted_for) = node.voted_for {
        check_node(s.nodes, voted_for).map_err(|m| ScenarioError::invalid(field("voted_for"), m))?;
    }
    s.compared_protocols().into_iter().try_for_each(|protocol| {
        protocol
            .initial(node)
            .map(|_| ())
            .map_err(|(name, m)| ScenarioError::invalid(field(&name), m))
    })
}

fn check_node(nodes: u32, id: NodeId) -> Result<(), String> {
    if id == 0 || id > nodes {
        return Err(format!("there is no node {id} (nodes are 1 to {nodes})"));
    }
    Ok(())
}

/// Checks one step; on error returns the sub-field (e.g. `.client.node`) and the message.
fn validate_step(nodes: u32, step: &Step) -> Result<(), (String, String)> {
    match step {
        Step::Timeout(n) => check_node(nodes, *n).map_err(at(".timeout")),
        Step::Crash(n) => check_node(nodes, *n).map_err(at(".crash")),
        Step::Restart(n) => check_node(nodes, *n).map_err(at(".restart")),
        Step::Deliver(p) | Step::Drop(p) => {
            let name = if matches!(step, Step::Deliver(_)) {
                ".deliver"
            } else {
                ".drop"
            };
            check_node(nodes, p.from).map_err(at(name))?;
            check_node(nodes, p.to).map_err(at(name))
        }
        Step::Stabilize(flag) | Step::Heal(flag) if !flag => {
            Err((String::new(), "only `true` is meaningful here".into()))
        }
        Step::Stabilize(_) | Step::Heal(_) | Step::Snapshot(_) | Step::Timers(_) | Step::Caption(_) => Ok(()),
        Step::RunMs(ms) if *ms > MAX_RUN_MS => Err((
            ".run_ms".into(),
            format!("at most {MAX_RUN_MS} ms in one step, got {ms}"),
        )),
        Step::RunMs(_) => Ok(()),
        Step::Events(n) if *n > MAX_RUN_MS => Err((
            ".events".into(),
            format!("at most {MAX_RUN_MS} events in one step, got {n}"),
        )),
        Step::Events(_) => Ok(()),
        Step::DropNext([a, b]) => {
            check_node(nodes, *a).map_err(at(".drop_next"))?;
            check_node(nodes, *b).map_err(at(".drop_next"))?;
            if a == b {
                return Err((".drop_next".into(), "a node sends no message to itself".into()));
            }
            Ok(())
        }
        Step::Cut([a, b]) | Step::Restore([a, b]) | Step::CutOneWay([a, b]) | Step::RestoreOneWay([a, b]) => {
            let name = match step {
                Step::Cut(_) => ".cut",
                Step::Restore(_) => ".restore",
                Step::CutOneWay(_) => ".cut_one_way",
                _ => ".restore_one_way",
            };
            check_node(nodes, *a).map_err(at(name))?;
            check_node(nodes, *b).map_err(at(name))?;
            if a == b {
                return Err((name.into(), format!("a link joins two different nodes, got [{a}, {b}]")));
            }
            Ok(())
        }
        Step::Partition(groups) => validate_partition(nodes, groups).map_err(at(".partition")),
        Step::Client(c) => check_node(nodes, c.node).map_err(at(".client.node")),
        Step::VoteNo(n) => check_node(nodes, *n).map_err(at(".vote_no")),
        Step::TransferLeadership(n) => check_node(nodes, *n).map_err(at(".transfer_leadership")),
        Step::Compact(n) => check_node(nodes, *n).map_err(at(".compact")),
        Step::AddServer(n) => check_node(nodes, n.0).map_err(at(".add_server")),
        Step::RemoveServer(n) => check_node(nodes, n.0).map_err(at(".remove_server")),
        Step::ChangeMembers(ids) => validate_members(nodes, ids).map_err(|(i, m)| (format!(".change_members{i}"), m)),
        Step::Network(n) => validate_network_step(n),
    }
}

/// A list of voters: not empty, each a node, none twice. Errors name the position (`[2]`).
fn validate_members(nodes: u32, ids: &[NodeId]) -> Result<(), (String, String)> {
    if ids.is_empty() {
        return Err((String::new(), "a configuration needs at least one voter".into()));
    }
    for (i, &id) in ids.iter().enumerate() {
        check_node(nodes, id).map_err(|m| (format!("[{i}]"), m))?;
        if ids[..i].contains(&id) {
            return Err((format!("[{i}]"), format!("node {id} is listed twice")));
        }
    }
    Ok(())
}

/// A step only some protocols take: its name and why those take it.
fn only_some_take(step: &Step) -> Option<(&'static str, &'static str)> {
    Some(match step {
        Step::Compact(_) => ("compact", ", whose nodes keep a log"),
        Step::TransferLeadership(_) => ("transfer_leadership", ", whose leaders are elected"),
        Step::VoteNo(_) => ("vote_no", ""),
        Step::AddServer(_) => ("add_server", ", whose leaders change the membership"),
        Step::RemoveServer(_) => ("remove_server", ", whose leaders change the membership"),
        Step::ChangeMembers(_) => ("change_members", ", whose leaders change the membership"),
        _ => return None,
    })
}

/// Checks what depends on the protocol (each protocol of a comparison): which commands a
/// client may send and to whom, and which nodes a `vote_no` may name.
fn validate_for_protocol(s: &Scenario, step: &Step) -> Result<(), (String, String)> {
    // A step only some protocols take (`takes_step`) needs one of them among the panes.
    if let Some((name, why)) = only_some_take(step)
        && !s
            .compared_protocols()
            .iter()
            .any(|&p| crate::scenario::takes_step(p, step))
    {
        let takers: Vec<&str> = ProtocolName::ALL
            .iter()
            .filter(|&&p| crate::scenario::takes_step(p, step))
            .map(|p| p.as_str())
            .collect();
        return Err((
            format!(".{name}"),
            format!("{name} applies only to {}{why}", takers.join(", ")),
        ));
    }
    s.panes()
        .iter()
        .try_for_each(|pane| validate_for_one(&pane.config_over(&s.config), pane.protocol, step))
}

fn validate_for_one(
    config: &crate::scenario::ScenarioConfig,
    protocol: ProtocolName,
    step: &Step,
) -> Result<(), (String, String)> {
    let settings = config.protocol_settings();
    match step {
        Step::Client(c) => {
            protocol
                .parse_command(&settings, &c.command)
                .map_err(|e| (".client.command".into(), e))?;
            protocol
                .check_client_node(&settings, c.node)
                .map_err(|e| (".client.node".into(), e))
        }
        Step::VoteNo(n) if protocol.takes_vote_no() => protocol
            .check_vote_no(&settings, *n)
            .map_err(|e| (".vote_no".into(), e)),
        _ => Ok(()),
    }
}

/// Attaches a sub-field name to an error message.
fn at(field: &'static str) -> impl Fn(String) -> (String, String) {
    move |message| (field.to_string(), message)
}

fn validate_partition(nodes: u32, groups: &[Vec<NodeId>]) -> Result<(), String> {
    let mut seen = crate::vec_map::VecSet::new();
    for &id in groups.iter().flatten() {
        check_node(nodes, id)?;
        if !seen.insert(id) {
            return Err(format!("node {id} is listed in more than one group"));
        }
    }
    Ok(())
}

fn validate_network_step(n: &NetworkStep) -> Result<(), (String, String)> {
    let err = |field: &str, e: ScenarioError| match e {
        ScenarioError::Invalid { message, .. } => (field.to_string(), message),
        other => (field.to_string(), other.to_string()),
    };
    if let Some(latency) = n.latency_ms {
        range_ms("", latency, 0).map_err(|e| err(".network.latency_ms", e))?;
    }
    if let Some(loss) = n.loss {
        probability("", loss).map_err(|e| err(".network.loss", e))?;
    }
    if let Some(duplicate) = n.duplicate {
        probability("", duplicate).map_err(|e| err(".network.duplicate", e))?;
    }
    Ok(())
}
