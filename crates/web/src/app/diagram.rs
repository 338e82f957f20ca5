//! The app's side of one flow of events. The space-time diagram and the event log, which
//! share the cursor, and the focused pane.

use super::*;

impl App {
    /// Handles one event of this flow.
    pub(super) fn on_diagram(&mut self, event: DiagramEvent) -> Result<(), String> {
        match event {
            DiagramEvent::ShowTraffic(on) => {
                self.view.show_traffic = on;
                self.view.event_log_generation += 1;
            }
            DiagramEvent::EventHover(nodes, message) => {
                self.view.highlight = nodes;
                self.view.highlight_message = message;
            }
            DiagramEvent::EventClick(moment) => {
                self.set_playing(false);
                self.session.seek_moment(self.view.focus, moment);
            }
            DiagramEvent::Focus(pane) => {
                if pane < self.session.panes.panes.len() && pane != self.view.focus {
                    self.view.focus = pane;
                    self.view.event_log_generation += 1;
                    self.forget_diagram();
                }
            }
            DiagramEvent::DiagramScroll(rows) => {
                let cursor = self.session.pane(self.view.focus).position();
                let shown = self.view.diagram.shown(cursor);
                let end = self.session.pane(self.view.focus).end();
                let d = &mut self.view.diagram;
                d.follow = false;
                d.top = (shown.top + rows).clamp(0.0, end as f64);
            }
            DiagramEvent::DiagramZoom(factor) => {
                let d = &mut self.view.diagram;
                d.row_px = (d.row_px * factor).clamp(DiagramView::MIN_ROW, DiagramView::MAX_ROW);
            }
            DiagramEvent::DiagramClick(p, width) => self.diagram_click(p, width),
            DiagramEvent::DiagramPointer(p, width) => {
                let geometry = self.diagram_geometry(width);
                self.view.diagram.hover = p.and_then(|p| geometry.arrow_at(&self.diagram, p));
            }
            DiagramEvent::DiagramFollow => self.view.diagram.follow = true,
        }
        Ok(())
    }
}
