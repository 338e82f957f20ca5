//! The app's side of one flow of events. The network controls: manual delivery, latency,
//! loss, duplication, splitting and healing.

use super::*;

impl App {
    /// Handles one event of this flow.
    pub(super) fn on_network(&mut self, event: NetworkEvent) -> Result<(), String> {
        match event {
            NetworkEvent::Manual(on) => self.network(NetworkStep {
                manual: Some(on),
                ..no_change()
            })?,
            NetworkEvent::Latency(ms) => self.network(NetworkStep {
                latency_ms: Some([ms, ms + ms / 3]),
                ..no_change()
            })?,
            NetworkEvent::Loss(p) => self.network(NetworkStep {
                loss: Some(p),
                ..no_change()
            })?,
            NetworkEvent::Duplicate(p) => self.network(NetworkStep {
                duplicate: Some(p),
                ..no_change()
            })?,
            NetworkEvent::SplitToggle => {
                let nodes = self.nodes() as usize;
                self.view.split = match self.view.split {
                    Some(_) => None,
                    None => Some((0..nodes).map(|i| i >= nodes.div_ceil(2)).collect()),
                };
            }
            NetworkEvent::SplitApply => {
                if let Some(sides) = self.view.split.take() {
                    let group = |side: bool| -> Vec<NodeId> {
                        (1..=sides.len() as NodeId)
                            .filter(|&n| sides[n as usize - 1] == side)
                            .collect()
                    };
                    let groups: Vec<Vec<NodeId>> = [group(false), group(true)]
                        .into_iter()
                        .filter(|g| !g.is_empty())
                        .collect();
                    self.act(Step::Partition(groups))?;
                }
            }
            NetworkEvent::Heal => self.act(Step::Heal(true))?,
        }
        Ok(())
    }
}
