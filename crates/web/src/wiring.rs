//! Connects the page to the app: DOM events become [`UiEvent`]s, handled in one place;
//! the animation loop runs only while playing; the URL follows the run.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Event, HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent, MouseEvent, WheelEvent};

use consensus_core::explore::search::{SearchReport, SearchRequest};

use crate::app::{
    App, BrowserEvent, DiagramEvent, NetworkEvent, PlaybackEvent, PointerEvent, SearchEvent, SetupEvent, TourEvent,
    UiEvent,
};
use crate::dom::{Listener, by_id, document, element_with_text, now_ms, window};
use crate::draw_cache::DrawCache;
use crate::exports;
use crate::geometry::layout::Point;
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
        let _ = window().performance().map(|p| p.mark("first-frame"));
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

/// Connects every control to an event.
fn connect(page: &Rc<Page>) {
    let on = |id: &str, kind: &'static str, make: fn(&Event) -> Option<UiEvent>| {
        let target: web_sys::EventTarget = by_id(id);
        let weak = Rc::downgrade(page);
        Listener::new(&target, kind, move |event| {
            if let (Some(page), Some(ui)) = (weak.upgrade(), make(&event)) {
                page.dispatch(ui);
            }
        })
    };
    let mut listeners = vec![
        on("play", "click", |_| Some(UiEvent::Playback(PlaybackEvent::TogglePlay))),
        on("step", "click", |_| Some(UiEvent::Playback(PlaybackEvent::StepForward))),
        on("step-back", "click", |_| {
            Some(UiEvent::Playback(PlaybackEvent::StepBack))
        }),
        on("reset", "click", |_| Some(UiEvent::Playback(PlaybackEvent::Reset))),
        on("speed", "input", |e| {
            crate::math::parse_number(&input_value(e)?).map(|v| UiEvent::Playback(PlaybackEvent::Speed(v)))
        }),
        on("scrub", "input", |e| {
            input_value(e)?
                .parse()
                .ok()
                .map(|v| UiEvent::Playback(PlaybackEvent::Scrub(v)))
        }),
        on("menu-crash", "click", |_| {
            Some(UiEvent::Pointer(PointerEvent::MenuCrashOrRestart))
        }),
        on("menu-timeout", "click", |_| {
            Some(UiEvent::Pointer(PointerEvent::MenuTimeout))
        }),
        on("menu-client-form", "submit", |e| {
            e.prevent_default();
            Some(UiEvent::Pointer(PointerEvent::MenuClient(
                by_id::<HtmlInputElement>("menu-command").value(),
            )))
        }),
        on("menu-deliver", "click", |_| {
            Some(UiEvent::Pointer(PointerEvent::MenuDeliver))
        }),
        on("menu-drop", "click", |_| Some(UiEvent::Pointer(PointerEvent::MenuDrop))),
        on("manual", "change", |e| {
            Some(UiEvent::Network(NetworkEvent::Manual(input_checked(e))))
        }),
        on("latency", "change", |e| {
            input_value(e)?
                .parse()
                .ok()
                .map(|v| UiEvent::Network(NetworkEvent::Latency(v)))
        }),
        on("loss", "change", |e| {
            crate::math::parse_number(&input_value(e)?).map(|v| UiEvent::Network(NetworkEvent::Loss(v)))
        }),
        on("duplicate", "change", |e| {
            crate::math::parse_number(&input_value(e)?).map(|v| UiEvent::Network(NetworkEvent::Duplicate(v)))
        }),
        on("split", "click", |_| Some(UiEvent::Network(NetworkEvent::SplitToggle))),
        on("split-apply", "click", |_| {
            Some(UiEvent::Network(NetworkEvent::SplitApply))
        }),
        on("heal", "click", |_| Some(UiEvent::Network(NetworkEvent::Heal))),
        on("nodes", "change", |e| {
            input_value(e)?
                .parse()
                .ok()
                .map(|v| UiEvent::Setup(SetupEvent::Nodes(v)))
        }),
        on("story", "change", |e| {
            let select = e.target()?.dyn_into::<HtmlSelectElement>().ok()?;
            let slug = select.value();
            (!slug.is_empty()).then_some(UiEvent::Setup(SetupEvent::Story(slug)))
        }),
        on("save", "click", |_| Some(UiEvent::Browser(BrowserEvent::Save))),
        on("copy-link", "click", |_| Some(UiEvent::Browser(BrowserEvent::CopyLink))),
        on("copy-embed", "click", |_| {
            Some(UiEvent::Browser(BrowserEvent::CopyEmbed))
        }),
        on("help", "click", |_| Some(UiEvent::Browser(BrowserEvent::Help(true)))),
        on("intro-start", "click", |_| {
            crate::intro::dismiss();
            Some(UiEvent::Setup(SetupEvent::Story("raft-first-election".into())))
        }),
        on("intro-close", "click", |_| {
            crate::intro::dismiss();
            None
        }),
        on("help-close", "click", |_| {
            Some(UiEvent::Browser(BrowserEvent::Help(false)))
        }),
        on("banner-close", "click", |_| {
            Some(UiEvent::Browser(BrowserEvent::DismissBanner))
        }),
        on("show-traffic", "change", |e| {
            Some(UiEvent::Diagram(DiagramEvent::ShowTraffic(input_checked(e))))
        }),
        on("panes", "pointermove", |e| {
            let (pane, p, size) = pane_point(e)?;
            Some(UiEvent::Pointer(PointerEvent::PointerMove(pane, p, size)))
        }),
        on("panes", "pointerout", |_| {
            Some(UiEvent::Pointer(PointerEvent::PointerLeave))
        }),
        on("panes", "click", |e| {
            let target = crate::panels::event_element(e)?;
            let pane: usize = target.get_attribute("data-pane")?.parse().ok()?;
            if target.tag_name() == "BUTTON" {
                return Some(UiEvent::Diagram(DiagramEvent::Focus(pane)));
            }
            let (pane, p, size) = pane_point(e)?;
            Some(UiEvent::Pointer(PointerEvent::CanvasClick(pane, p, size)))
        }),
        on("protocols", "change", |e| {
            let select = e.target()?.dyn_into::<HtmlSelectElement>().ok()?;
            let protocols = select
                .value()
                .split(',')
                .filter_map(consensus_core::scenario::ProtocolName::from_name)
                .collect();
            Some(UiEvent::Setup(SetupEvent::Protocols(protocols)))
        }),
        on("bugs", "change", |e| {
            let input = e.target()?.dyn_into::<HtmlInputElement>().ok()?;
            let name = input.get_attribute("data-bug")?;
            Some(UiEvent::Setup(SetupEvent::Bug(name, input.checked())))
        }),
        on("tour-next", "click", |_| Some(UiEvent::Tour(TourEvent::TourNext))),
        on("tour-prev", "click", |_| Some(UiEvent::Tour(TourEvent::TourPrevious))),
        on("take-over", "click", |_| Some(UiEvent::Tour(TourEvent::TakeOver))),
        on("beside-correct", "click", beside_correct_clicked),
        on("beside-correct-bugs", "click", beside_correct_clicked),
        on("hunt", "click", |_| Some(UiEvent::Search(SearchEvent::HuntStart))),
        on("hunt-cancel", "click", |_| {
            Some(UiEvent::Search(SearchEvent::HuntCancel))
        }),
        on("export-trace", "click", |_| {
            Some(UiEvent::Browser(BrowserEvent::ExportTrace))
        }),
        on("export-svg", "click", |_| {
            Some(UiEvent::Browser(BrowserEvent::ExportSvg))
        }),
        on("export-png", "click", |_| {
            Some(UiEvent::Browser(BrowserEvent::ExportPng))
        }),
        on("diagram-zoom-in", "click", |_| {
            Some(UiEvent::Diagram(DiagramEvent::DiagramZoom(1.5)))
        }),
        on("diagram-zoom-out", "click", |_| {
            Some(UiEvent::Diagram(DiagramEvent::DiagramZoom(1.0 / 1.5)))
        }),
        on("diagram-follow", "click", |_| {
            Some(UiEvent::Diagram(DiagramEvent::DiagramFollow))
        }),
        on("logs", "pointermove", |e| {
            Some(UiEvent::Pointer(PointerEvent::LogsPointer(canvas_point(e))))
        }),
        on("logs", "pointerleave", |_| {
            Some(UiEvent::Pointer(PointerEvent::LogsPointer(None)))
        }),
        on("diagram", "click", |e| {
            Some(UiEvent::Diagram(DiagramEvent::DiagramClick(
                canvas_point(e)?,
                diagram_width(),
            )))
        }),
        on("diagram", "pointermove", |e| {
            Some(UiEvent::Diagram(DiagramEvent::DiagramPointer(
                canvas_point(e),
                diagram_width(),
            )))
        }),
        on("diagram", "pointerleave", |_| {
            Some(UiEvent::Diagram(DiagramEvent::DiagramPointer(None, diagram_width())))
        }),
        on("diagram", "wheel", |e| {
            let wheel = e.dyn_ref::<WheelEvent>()?;
            e.prevent_default();
            if wheel.ctrl_key() {
                Some(UiEvent::Diagram(DiagramEvent::DiagramZoom(if wheel.delta_y() < 0.0 {
                    1.25
                } else {
                    0.8
                })))
            } else {
                Some(UiEvent::Diagram(DiagramEvent::DiagramScroll(wheel.delta_y() / 6.0)))
            }
        }),
        on("events", "mouseover", |e| {
            let item = crate::panels::event_element(e)?.closest("li").ok()??;
            let nodes = item.get_attribute("data-nodes").unwrap_or_default();
            let nodes = nodes.split_whitespace().filter_map(|n| n.parse().ok()).collect();
            let message = item.get_attribute("data-message").and_then(|m| m.parse().ok());
            Some(UiEvent::Diagram(DiagramEvent::EventHover(nodes, message)))
        }),
        on("events", "mouseleave", |_| {
            Some(UiEvent::Diagram(DiagramEvent::EventHover(Vec::new(), None)))
        }),
        on("events", "click", |e| {
            let item = crate::panels::event_element(e)?.closest("li").ok()??;
            item.get_attribute("data-moment")?
                .parse()
                .ok()
                .map(|v| UiEvent::Diagram(DiagramEvent::EventClick(v)))
        }),
    ];
    let load: web_sys::EventTarget = by_id("load");
    listeners.push(Listener::new(&load, "click", |_| {
        by_id::<HtmlElement>("load-file").click()
    }));
    let file: web_sys::EventTarget = by_id("load-file");
    let weak = Rc::downgrade(page);
    listeners.push(Listener::new(&file, "change", move |_| {
        if let Some(page) = weak.upgrade() {
            page.load_file();
        }
    }));
    let weak = Rc::downgrade(page);
    listeners.push(Listener::new(&document(), "keydown", move |event| {
        let Some(page) = weak.upgrade() else { return };
        let Some(key) = event.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        if let Some(ui) = key_event(key) {
            event.prevent_default();
            page.dispatch(ui);
        }
    }));
    let weak = Rc::downgrade(page);
    let scheme = window().match_media("(prefers-color-scheme: dark)").ok().flatten();
    if let Some(scheme) = scheme {
        listeners.push(Listener::new(&scheme, "change", move |_| {
            if let Some(page) = weak.upgrade() {
                page.dispatch(UiEvent::Browser(BrowserEvent::Resize));
            }
        }));
    }
    page.listeners.borrow_mut().extend(listeners);
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

/// The shortcut for a key press, unless the user is typing in a field.
fn key_event(key: &KeyboardEvent) -> Option<UiEvent> {
    let typing = key
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| {
            matches!(e.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON") && key.key() != "Escape"
        });
    if typing || key.ctrl_key() || key.meta_key() || key.alt_key() {
        return None;
    }
    match key.key().as_str() {
        " " => Some(UiEvent::Playback(PlaybackEvent::TogglePlay)),
        "ArrowRight" => Some(UiEvent::Playback(PlaybackEvent::StepForward)),
        "ArrowLeft" => Some(UiEvent::Playback(PlaybackEvent::StepBack)),
        "?" => Some(UiEvent::Browser(BrowserEvent::Help(true))),
        "Escape" => Some(UiEvent::Pointer(PointerEvent::Escape)),
        _ => None,
    }
}

fn input_value(event: &Event) -> Option<String> {
    event.target()?.dyn_into::<HtmlInputElement>().ok().map(|i| i.value())
}

fn input_checked(event: &Event) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .is_some_and(|i| i.checked())
}

/// Where on the canvas (CSS pixels) a pointer event happened.
fn canvas_point(event: &Event) -> Option<Point> {
    let mouse = event.dyn_ref::<MouseEvent>()?;
    Some(Point {
        x: f64::from(mouse.offset_x()),
        y: f64::from(mouse.offset_y()),
    })
}

/// The pane index, canvas point and canvas size of a pointer event on a pane's canvas.
fn pane_point(event: &Event) -> Option<(usize, Point, crate::geometry::layout::Size)> {
    let target = crate::panels::event_element(event)?;
    if target.tag_name() != "CANVAS" {
        return None;
    }
    let pane = target.get_attribute("data-pane")?.parse().ok()?;
    Some((pane, canvas_point(event)?, page::canvas_size(&target)))
}

/// The diagram canvas's width in CSS pixels.
fn diagram_width() -> f64 {
    crate::dom::element_width("diagram")
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

/// A "Compare with the correct protocol" button: it says by `aria-pressed` whether the
/// comparison is open, and a click turns it the other way.
fn beside_correct_clicked(event: &web_sys::Event) -> Option<UiEvent> {
    let button = event.target()?.dyn_into::<web_sys::Element>().ok()?;
    let open = button.get_attribute("aria-pressed").as_deref() == Some("true");
    Some(UiEvent::Setup(SetupEvent::BesideCorrect(!open)))
}

/// How many workers a search uses: one per core the browser reports, at most four (more
/// cores would mostly wait on the schedules a lower find makes moot).
fn search_workers() -> usize {
    let cores = window().navigator().hardware_concurrency();
    (cores as usize).clamp(1, 4)
}
