//! Every listener the page sets up, each turning a DOM event into a `UiEvent` (or nothing),
//! and the small readers of DOM events they share.

use super::*;
use crate::app::{
    BrowserEvent, DiagramEvent, NetworkEvent, PlaybackEvent, PointerEvent, SearchEvent, SetupEvent, TourEvent, UiEvent,
};
use crate::dom::{Listener, by_id, document, window};
use crate::geometry::layout::Point;
use crate::page;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent, MouseEvent, WheelEvent};

/// Connects every control to an event.
pub(super) fn connect(page: &Rc<Page>) {
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
        on("client-load", "input", |e| {
            input_value(e)?
                .parse()
                .ok()
                .map(|v| UiEvent::Playback(PlaybackEvent::Load(v)))
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
        on("menu-cut", "click", |_| {
            Some(UiEvent::Pointer(PointerEvent::MenuCutBoth))
        }),
        on("menu-cut-forward", "click", |_| {
            Some(UiEvent::Pointer(PointerEvent::MenuCutOneWay(true)))
        }),
        on("menu-cut-back", "click", |_| {
            Some(UiEvent::Pointer(PointerEvent::MenuCutOneWay(false)))
        }),
        on("menu-transfer", "click", |_| {
            Some(UiEvent::Pointer(PointerEvent::MenuTransfer))
        }),
        on("menu-compact", "click", |_| {
            Some(UiEvent::Pointer(PointerEvent::MenuCompact))
        }),
        on("menu-add-server", "click", |_| {
            Some(UiEvent::Pointer(PointerEvent::MenuMembership(true)))
        }),
        on("menu-remove-server", "click", |_| {
            Some(UiEvent::Pointer(PointerEvent::MenuMembership(false)))
        }),
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
        on("split-bar-cancel", "click", |_| {
            Some(UiEvent::Network(NetworkEvent::SplitToggle))
        }),
        on("split-bar-apply", "click", |_| {
            Some(UiEvent::Network(NetworkEvent::SplitApply))
        }),
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
        // The dialog closes itself on Escape too: the app hears of it either way.
        on("help-dialog", "close", |_| {
            Some(UiEvent::Browser(BrowserEvent::Help(false)))
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
            // A keyboard's button over the canvas does what a click on its thing does.
            if let Ok(Some(button)) = target.closest(".canvas-target") {
                let pane: usize = button.get_attribute("data-pane")?.parse().ok()?;
                let target = page::target_of(&button.get_attribute("data-key")?)?;
                return Some(UiEvent::Pointer(PointerEvent::Activate(pane, target)));
            }
            // A pane's title (or the long or short name inside it) focuses that pane.
            if let Ok(Some(title)) = target.closest(".pane-title") {
                let pane: usize = title.get_attribute("data-pane")?.parse().ok()?;
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
        // A pane's option: a checkbox (on/off) or a choice.
        on("panes", "change", |e| {
            let target: web_sys::Element = e.target()?.dyn_into().ok()?;
            let pane: usize = target.get_attribute("data-pane")?.parse().ok()?;
            let field = target.get_attribute("data-option")?;
            let value = if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
                input.checked().to_string()
            } else {
                target.dyn_ref::<HtmlSelectElement>()?.value()
            };
            Some(UiEvent::Setup(SetupEvent::PaneOption(pane, field, value)))
        }),
        on("bugs", "change", |e| {
            let input = e.target()?.dyn_into::<HtmlInputElement>().ok()?;
            let name = input.get_attribute("data-bug")?;
            Some(UiEvent::Setup(SetupEvent::Bug(name, input.checked())))
        }),
        // Opening the clients' history draws it (it is searched only while open).
        on("history", "toggle", |_| Some(UiEvent::Browser(BrowserEvent::Resize))),
        on("tour-next", "click", |_| Some(UiEvent::Tour(TourEvent::TourNext))),
        on("tour-prev", "click", |_| Some(UiEvent::Tour(TourEvent::TourPrevious))),
        on("take-over", "click", |_| Some(UiEvent::Tour(TourEvent::TakeOver))),
        on("tour-more", "click", |_| {
            // Only how much of the text shows changes: nothing of the run.
            page::story::toggle_tour_text();
            None
        }),
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
    // A menu opened from the keyboard takes the focus, so its buttons come next.
    listeners.push(Listener::new(
        &by_id::<web_sys::EventTarget>("panes"),
        "click",
        |event| {
            let from_keyboard = crate::panels::event_element(&event)
                .and_then(|e| e.closest(".canvas-target").ok().flatten())
                .is_some();
            if from_keyboard
                && let Ok(Some(first)) =
                    document().query_selector(
                        "#node-menu:not([hidden]) button, #message-menu:not([hidden]) button, #link-menu:not([hidden]) button",
                    )
                && let Ok(first) = first.dyn_into::<HtmlElement>()
            {
                let _ = first.focus();
            }
        },
    ));
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

/// The shortcut for a key press, unless the key belongs to the control that has the
/// focus: Space plays or pauses anywhere but in a field, a menu or a checkbox (on a
/// focused button too, which Enter still presses); the other keys work anywhere but in a
/// field, a menu or a slider (whose arrows move it).
pub(super) fn key_event(key: &KeyboardEvent) -> Option<UiEvent> {
    let target = key.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let tag = target.as_ref().map(|e| e.tag_name()).unwrap_or_default();
    let input_type = target
        .as_ref()
        .and_then(|e| e.get_attribute("type"))
        .unwrap_or_default();
    let typing = match (key.key().as_str(), tag.as_str()) {
        ("Escape", _) => false,
        (_, "SELECT" | "TEXTAREA") => true,
        (" ", "INPUT") => !matches!(input_type.as_str(), "range" | "button"),
        (_, "INPUT") => true,
        _ => false,
    };
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

/// A "Compare with the correct protocol" button: it says by `aria-pressed` whether the
/// comparison is open, and a click turns it the other way.
fn beside_correct_clicked(event: &web_sys::Event) -> Option<UiEvent> {
    let button = event.target()?.dyn_into::<web_sys::Element>().ok()?;
    let open = button.get_attribute("aria-pressed").as_deref() == Some("true");
    Some(UiEvent::Setup(SetupEvent::BesideCorrect(!open)))
}
