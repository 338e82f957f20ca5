//! Connects the page to the app: DOM events become [`UiEvent`]s, handled in one place;
//! the animation loop runs only while playing; the URL follows the run.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{HtmlInputElement, HtmlSelectElement};

use consensus_core::explore::search::{SearchReport, SearchRequest};

use crate::app::{App, BrowserEvent, PlaybackEvent, SearchEvent, SetupEvent, UiEvent};
use crate::dom::{Listener, by_id, element_with_text, now_ms, window};
use crate::draw_cache::DrawCache;
use crate::exports;
use crate::page;
use crate::share;

/// The animation-frame callback, created once and reused for every frame.
type FrameCallback = Closure<dyn FnMut(f64)>;
/// The resize observer with the callback it calls.
type ResizeWatch = (web_sys::ResizeObserver, Closure<dyn FnMut()>);

/// The page: the app plus what keeps it connected to the browser.
pub struct Page {
    app: RefCell<App>,
    cache: RefCell<DrawCache>,
    listeners: RefCell<Vec<Listener>>,
    frame: RefCell<Option<FrameCallback>>,
    frame_pending: Cell<bool>,
    /// Real time the panels were last refreshed while playing.
    panels_at: Cell<f64>,
    resize: RefCell<Option<ResizeWatch>>,
    /// The workers running the counterexample search, while it runs (one per share).
    search: RefCell<Vec<crate::search_worker::SearchWorker>>,
    /// Visibility and height watchers (plays only in view; an embed's height to its parent).
    watchers: RefCell<Option<crate::embed::Watchers>>,
}

/// How often the text panels refresh while playing (real ms).
const PANEL_REFRESH_MS: f64 = 120.0;

mod listeners;

use listeners::connect;

impl Page {
    /// Builds the page around `app`, connects every control, and draws the first frame.
    pub fn start(app: App, embed: bool) -> Rc<Self> {
        let page = Rc::new(Self {
            app: RefCell::new(app),
            cache: RefCell::new(DrawCache::new()),
            listeners: RefCell::new(Vec::new()),
            frame: RefCell::new(None),
            frame_pending: Cell::new(false),
            panels_at: Cell::new(0.0),
            resize: RefCell::new(None),
            search: RefCell::new(Vec::new()),
            watchers: RefCell::new(None),
        });
        fill_story_menu();
        connect(&page);
        watch_resize(&page);
        let weak = Rc::downgrade(&page);
        *page.watchers.borrow_mut() = crate::embed::watch(embed, move |visible| {
            if let Some(page) = weak.upgrade() {
                page.dispatch(UiEvent::Playback(PlaybackEvent::Visible(visible)));
            }
        });
        page.redraw();
        // The first frame's mark is the first module's where it drew the page before this
        // module arrived (the frame just drawn is the same).
        if let Some(performance) = window().performance()
            && performance.get_entries_by_name("first-frame").length() == 0
        {
            let _ = performance.mark("first-frame");
        }
        page
    }

    /// Handles an event, then does what needs the browser, redraws and keeps the URL current.
    pub fn dispatch(self: &Rc<Self>, event: UiEvent) {
        if event == UiEvent::Browser(BrowserEvent::Resize) {
            self.cache.borrow_mut().theme = crate::render::theme::Theme::from_css();
        }
        self.app.borrow_mut().update(event.clone());
        match event {
            UiEvent::Browser(BrowserEvent::Save) => self.save(),
            UiEvent::Browser(BrowserEvent::ExportTrace) => exports::trace(&self.app.borrow()),
            UiEvent::Browser(BrowserEvent::ExportSvg) => exports::diagram_svg(&self.app.borrow()),
            UiEvent::Browser(BrowserEvent::ExportPng) => exports::diagram_png(),
            UiEvent::Browser(BrowserEvent::CopyLink) => self.copy(false),
            UiEvent::Browser(BrowserEvent::CopyEmbed) => self.copy(true),
            UiEvent::Search(SearchEvent::HuntStart) => self.start_search_worker(),
            _ => {}
        }
        let running = self.app.borrow().hunt.as_ref().is_some_and(|h| h.running);
        if !running {
            // Found, given up or cancelled: the workers, if any, stop now.
            self.search.borrow_mut().clear();
        }
        let searching = matches!(event, UiEvent::Search(SearchEvent::HuntReport(..))) && running;
        if searching {
            // Between reports only the progress line changes.
            page::render_hunt(&self.app.borrow());
            return;
        }
        self.redraw();
        self.ensure_frame();
    }

    /// Runs the search the app just started in Web Workers on the search's own module,
    /// one per core (see [`search_workers`]), each on its share of the schedules; where
    /// none can start, the search stops and says why.
    fn start_search_worker(self: &Rc<Self>) {
        let request = match self.app.borrow().hunt.as_ref() {
            Some(hunt) if hunt.running => SearchRequest::of(&hunt.options),
            _ => return,
        };
        let count = search_workers();
        let mut workers = Vec::new();
        for share in 0..count {
            let weak = Rc::downgrade(self);
            let request = request.share(share as u64, count as u64);
            let spawned = crate::search_worker::SearchWorker::spawn(&request, move |report| {
                if let Some(page) = weak.upgrade() {
                    page.dispatch(UiEvent::Search(SearchEvent::HuntReport(share, report)));
                }
            });
            match spawned {
                Ok(worker) => workers.push(worker),
                Err(why) => {
                    self.dispatch(UiEvent::Search(SearchEvent::HuntReport(0, SearchReport::failed(why))));
                    return;
                }
            }
        }
        *self.search.borrow_mut() = workers;
        self.app
            .borrow_mut()
            .update(UiEvent::Search(SearchEvent::HuntInWorkers(count)));
    }

    /// Redraws everything and, when paused, records the run in the URL.
    pub fn redraw(&self) {
        let app = self.app.borrow();
        page::render(&app, &mut self.cache.borrow_mut());
        if !app.view.playing {
            self.update_url(&app);
        }
    }

    /// Requests an animation frame if playing and none is pending. A paused page schedules none.
    fn ensure_frame(self: &Rc<Self>) {
        if !self.app.borrow().view.playing || self.frame_pending.get() {
            return;
        }
        if self.frame.borrow().is_none() {
            let weak = Rc::downgrade(self);
            *self.frame.borrow_mut() = Some(Closure::new(move |now: f64| {
                if let Some(page) = weak.upgrade() {
                    page.on_frame(now);
                }
            }));
        }
        let frame = self.frame.borrow();
        let callback = frame.as_ref().expect("created above").as_ref().unchecked_ref();
        if window().request_animation_frame(callback).is_ok() {
            self.frame_pending.set(true);
        }
    }

    fn on_frame(self: &Rc<Self>, now: f64) {
        self.frame_pending.set(false);
        let playing = {
            let mut app = self.app.borrow_mut();
            app.update(UiEvent::Playback(PlaybackEvent::Frame(now)));
            let with_panels = now - self.panels_at.get() >= PANEL_REFRESH_MS || !app.view.playing;
            if with_panels {
                self.panels_at.set(now);
            }
            page::render_frame(&app, &mut self.cache.borrow_mut(), with_panels);
            app.view.playing
        };
        if playing {
            self.ensure_frame();
        } else {
            self.redraw();
        }
    }

    fn update_url(&self, app: &App) {
        let fragment = fragment_of(app);
        let location = window().location();
        if location.hash().ok().as_deref() == Some(&format!("#{fragment}")) {
            return;
        }
        if let Ok(history) = window().history() {
            let url = format!(
                "{}{}#{fragment}",
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default()
            );
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }

    /// The page's address with the run in its fragment; `embed` adds `?embed=1`.
    fn link(&self, embed: bool) -> String {
        let app = self.app.borrow();
        let location = window().location();
        let origin = location.origin().unwrap_or_default();
        let path = location.pathname().unwrap_or_default();
        let query = if embed { "?embed=1" } else { "" };
        format!("{origin}{path}{query}#{}", fragment_of(&app))
    }

    fn copy(self: &Rc<Self>, embed: bool) {
        let link = self.link(embed);
        let (text, what) = if embed {
            (share::embed_code(&link), "Embed code")
        } else {
            (link, "Link")
        };
        let clipboard = window().navigator().clipboard();
        let promise = clipboard.write_text(&text);
        let page = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let copied = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            page.dispatch(UiEvent::Browser(BrowserEvent::Copied { what, text, copied }));
        });
    }

    fn save(&self) {
        let app = self.app.borrow();
        let compact = serde_json::to_string(&app.session.recording()).expect("scenarios serialize");
        let text = crate::pretty_json::pretty(&compact) + "\n";
        exports::download("consensus-run.json", "application/json", &text);
    }

    fn load_file(self: &Rc<Self>) {
        let input: HtmlInputElement = by_id("load-file");
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        let promise = file.text();
        input.set_value("");
        let page = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(text) => page.dispatch(UiEvent::Setup(SetupEvent::LoadText(
                    text.as_string().unwrap_or_default(),
                ))),
                Err(_) => page.dispatch(UiEvent::Browser(BrowserEvent::FileUnreadable)),
            }
        });
    }

    /// A JSON description of what is on screen, for end-to-end tests and embedding pages.
    pub fn describe(&self) -> String {
        crate::describe::describe(&self.app.borrow(), &self.cache.borrow())
    }

    /// Draws the current state `frames` times and returns the mean main-thread ms per frame.
    pub fn measure_render(&self, frames: u32) -> f64 {
        let start = now_ms();
        let app = self.app.borrow();
        for _ in 0..frames.max(1) {
            page::render_frame(&app, &mut self.cache.borrow_mut(), false);
        }
        (now_ms() - start) / f64::from(frames.max(1))
    }

    /// Plays `frames` frames of `frame_ms` real ms each at the current speed (simulation,
    /// canvases every frame, text panels as often as while playing) and returns the mean
    /// main-thread ms per frame.
    pub fn measure_play(&self, frames: u32, frame_ms: f64) -> f64 {
        let mut app = self.app.borrow_mut();
        let was_playing = app.view.playing;
        if !was_playing {
            app.update(UiEvent::Playback(PlaybackEvent::TogglePlay));
        }
        let mut clock = 0.0;
        app.update(UiEvent::Playback(PlaybackEvent::Frame(clock)));
        let start = now_ms();
        let mut panels_at = 0.0;
        for _ in 0..frames.max(1) {
            clock += frame_ms;
            app.update(UiEvent::Playback(PlaybackEvent::Frame(clock)));
            let with_panels = clock - panels_at >= PANEL_REFRESH_MS;
            if with_panels {
                panels_at = clock;
            }
            page::render_frame(&app, &mut self.cache.borrow_mut(), with_panels);
        }
        let mean = (now_ms() - start) / f64::from(frames.max(1));
        if app.view.playing {
            app.update(UiEvent::Playback(PlaybackEvent::TogglePlay));
        }
        // Leave the whole page (scrubber, buttons, panels) showing where the run stands.
        page::render(&app, &mut self.cache.borrow_mut());
        mean
    }
}

fn fill_story_menu() {
    let select: HtmlSelectElement = by_id("story");
    // The page holds the placeholder alone until this module arrives.
    select.set_text_content(None);
    let placeholder = element_with_text("option", "Choose a story…");
    let _ = placeholder.set_attribute("value", "");
    let _ = select.append_child(&placeholder);
    let mut group: Option<(web_sys::Element, &str)> = None;
    for (slug, name, label) in App::story_names() {
        if group.as_ref().is_none_or(|(_, current)| *current != label) {
            let optgroup = element_with_text("optgroup", "");
            let _ = optgroup.set_attribute("label", label);
            let _ = select.append_child(&optgroup);
            group = Some((optgroup, label));
        }
        let option = element_with_text("option", &name);
        let _ = option.set_attribute("value", &slug);
        if let Some((optgroup, _)) = &group {
            let _ = optgroup.append_child(&option);
        }
    }
}

/// The fragment that reopens what is on screen: a built-in story's tour at its stop (short,
/// and it keeps the tour), or else the whole recorded run.
fn fragment_of(app: &App) -> String {
    match &app.tour {
        Some(crate::tour::Tour {
            slug: Some(slug),
            index,
            ..
        }) => share::story_fragment(slug, *index),
        _ => share::fragment(&app.shared_run()),
    }
}

/// Redraws when the canvas box changes size.
fn watch_resize(page: &Rc<Page>) {
    let weak = Rc::downgrade(page);
    let closure = Closure::<dyn FnMut()>::new(move || {
        if let Some(page) = weak.upgrade() {
            page.dispatch(UiEvent::Browser(BrowserEvent::Resize));
        }
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(closure.as_ref().unchecked_ref()) {
        observer.observe(&by_id::<web_sys::Element>("canvas-box"));
        *page.resize.borrow_mut() = Some((observer, closure));
    }
}

/// How many workers a search uses: one per core the browser reports, at most four (more
/// cores would mostly wait on the schedules a lower find makes moot).
fn search_workers() -> usize {
    let cores = window().navigator().hardware_concurrency();
    (cores as usize).clamp(1, 4)
}
