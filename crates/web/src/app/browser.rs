//! The app's side of one flow of events. What goes through the browser: downloads, the
//! clipboard, files, help, the banner, resizing.

use super::*;

impl App {
    /// Handles one event of this flow.
    pub(super) fn on_browser(&mut self, event: BrowserEvent) -> Result<(), String> {
        match event {
            // These need the browser (downloads, clipboard): the page does them after this,
            // and what came of them comes back as the events below.
            BrowserEvent::Save
            | BrowserEvent::CopyLink
            | BrowserEvent::CopyEmbed
            | BrowserEvent::ExportSvg
            | BrowserEvent::ExportPng => {}
            BrowserEvent::ExportTrace => {
                let pane = self.session.pane(self.view.focus);
                let moments = pane.exported_moments();
                if *moments.start() > 0 {
                    self.view.banner = Some((
                        format!(
                            "The trace file holds moments {} to {} of {}, up to the cursor: the whole trace of so long a run would not fit in a download. Move the cursor to export another stretch.",
                            moments.start(),
                            moments.end(),
                            pane.end()
                        ),
                        false,
                    ));
                }
            }
            BrowserEvent::Copied { what, text, copied } => {
                let message = if copied {
                    format!("{what} copied to the clipboard.")
                } else {
                    format!("The clipboard is not available here. {what}: {text}")
                };
                self.view.banner = Some((message, false));
            }
            BrowserEvent::FileUnreadable => return Err("The file could not be read.".into()),
            BrowserEvent::Help(open) => self.view.help = open,
            // The page re-reads its colours and sizes; nothing of the run changes.
            BrowserEvent::Resize => {}
            BrowserEvent::DismissBanner => self.view.banner = None,
        }
        Ok(())
    }
}
