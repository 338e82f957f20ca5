//! The app's side of one flow of events. The pointer over the panes' canvases and the logs,
//! and the node and message menus it opens.

use super::*;

impl App {
    /// Handles one event of this flow.
    pub(super) fn on_pointer(&mut self, event: PointerEvent) -> Result<(), String> {
        match event {
            PointerEvent::PointerMove(pane, p, size) => {
                self.view.hover_pane = pane;
                self.view.hover = self.hit(pane, p, size);
            }
            PointerEvent::PointerLeave => self.view.hover = Hover::Nothing,
            PointerEvent::CanvasClick(pane, p, size) => self.click(pane, p, size)?,
            PointerEvent::Activate(pane, target) if pane < self.session.panes.panes.len() => {
                self.activate(pane, target)?
            }
            PointerEvent::Activate(..) => {}
            PointerEvent::MenuCrashOrRestart => {
                if let Menu::Node(pane, id) = self.view.menu {
                    let up = self.session.pane(pane).is_up(id);
                    self.act(if up { Step::Crash(id) } else { Step::Restart(id) })?;
                }
                self.view.menu = Menu::Closed;
            }
            PointerEvent::MenuTimeout => {
                if let Menu::Node(_, id) = self.view.menu {
                    self.act(Step::Timeout(id))?;
                }
                self.view.menu = Menu::Closed;
            }
            PointerEvent::MenuClient(command) => {
                if let Menu::Node(_, node) = self.view.menu {
                    self.act(Step::Client(ClientStep { node, command }))?;
                    self.view.next_command += 1;
                }
                self.view.menu = Menu::Closed;
            }
            PointerEvent::MenuDeliver | PointerEvent::MenuDrop => {
                if let Menu::Message(pane, id) = self.view.menu
                    && let Some(pick) = self.pick(pane, id)
                {
                    let deliver = event == PointerEvent::MenuDeliver;
                    self.act(if deliver { Step::Deliver(pick) } else { Step::Drop(pick) })?;
                }
                self.view.menu = Menu::Closed;
            }
            PointerEvent::MenuCutBoth => {
                if let Menu::Link(pane, a, b) = self.view.menu {
                    let cut = self.session.pane(pane).is_cut(a, b);
                    self.act(if cut { Step::Restore([a, b]) } else { Step::Cut([a, b]) })?;
                }
                self.view.menu = Menu::Closed;
            }
            PointerEvent::MenuCutOneWay(forward) => {
                if let Menu::Link(pane, a, b) = self.view.menu {
                    let (from, to) = if forward { (a, b) } else { (b, a) };
                    let cut = self.session.pane(pane).is_cut_one_way(from, to);
                    self.act(if cut {
                        Step::RestoreOneWay([from, to])
                    } else {
                        Step::CutOneWay([from, to])
                    })?;
                }
                self.view.menu = Menu::Closed;
            }
            PointerEvent::MenuCompact => {
                if let Menu::Node(_, id) = self.view.menu {
                    self.act(Step::Compact(id))?;
                }
                self.view.menu = Menu::Closed;
            }
            PointerEvent::MenuMembership(add) => {
                if let Menu::Node(_, id) = self.view.menu {
                    let server = consensus_core::scenario::OneServer(id);
                    self.act(if add {
                        Step::AddServer(server)
                    } else {
                        Step::RemoveServer(server)
                    })?;
                }
                self.view.menu = Menu::Closed;
            }
            PointerEvent::MenuTransfer => {
                if let Menu::Node(_, id) = self.view.menu {
                    self.act(Step::TransferLeadership(id))?;
                }
                self.view.menu = Menu::Closed;
            }
            PointerEvent::Escape => {
                self.view.menu = Menu::Closed;
                self.view.help = false;
                self.view.split = None;
            }
            PointerEvent::LogsPointer(p) => self.view.logs_pointer = p,
        }
        Ok(())
    }
}
