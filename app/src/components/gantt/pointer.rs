//! The chart in the browser: a press on a bar begins a drag (a mouse at once, a finger after a
//! long press so a swipe still scrolls), the window's pointer events move and end it, Ctrl/⌘-Z
//! undoes, and the chart keeps its size, its place on a new zoom, and its tasks fresh after the
//! drawer closes.
use leptos::prelude::*;

use super::chart::Chart;
use super::rows::Row;
use super::state::{Drag, Grip};

/// A press on a row's bar or one of its grips.
pub fn begin_drag(chart: Chart, row: &Row, grip: Grip, e: leptos::ev::PointerEvent) {
    if e.button() != 0 || !chart.board.can_edit {
        return;
    }
    let at = (f64::from(e.client_x()), f64::from(e.client_y()));
    let touch = e.pointer_type() != "mouse";
    let Some(drag) = Drag::press(row, grip, at, touch) else {
        return;
    };
    e.stop_propagation();
    if !touch {
        e.prevent_default();
    }
    #[cfg(feature = "hydrate")]
    if touch {
        let task_id = row.id;
        set_timeout(
            move || {
                let still = chart
                    .drag
                    .get_untracked()
                    .filter(|d| d.task_id == task_id && !d.armed);
                if let Some(mut d) = still {
                    d.armed = true;
                    chart.drag.set(Some(d));
                    if let Some(w) = web_sys::window() {
                        let _ = w.navigator().vibrate_with_duration(20);
                    }
                }
            },
            std::time::Duration::from_millis(super::state::LONG_PRESS_MS),
        );
    }
    chart.drag.set(Some(drag));
}

/// Reads the scroller's position and size after a scroll.
pub fn on_scroll(chart: Chart) {
    if let Some(el) = chart.scroller.get_untracked() {
        let (left, top) = (f64::from(el.scroll_left()), f64::from(el.scroll_top()));
        if chart.scroll_left.get_untracked() != left {
            chart.scroll_left.set(left);
        }
        if chart.scroll_top.get_untracked() != top {
            chart.scroll_top.set(top);
        }
        let size = (f64::from(el.client_width()), f64::from(el.client_height()));
        if chart.viewport.get_untracked() != size {
            chart.viewport.set(size);
        }
    }
}

/// Scrolls the chart so `date` is near its left edge.
pub fn scroll_to(chart: Chart, date: chrono::NaiveDate) {
    if let Some(el) = chart.scroller.get_untracked() {
        let x = chart.scale.get_untracked().x(date) - 120.0;
        el.set_scroll_left(x.max(0.0) as i32);
    }
}

/// Listens to the window for as long as the chart lives.
#[cfg(feature = "hydrate")]
pub fn follow(chart: Chart) {
    use super::scale::{Scale, Zoom};
    use super::state::{focus_date, Follow, Release};
    use crate::components::task_board::Drawer;
    use crate::components::ui::today;
    use crate::model::Id;
    use std::collections::HashMap;
    use wasm_bindgen::JsCast;

    let Chart {
        board,
        scroller,
        viewport,
        drag,
        preview,
        actions,
        ..
    } = chart;
    let measure = move || {
        if let Some(el) = scroller.get_untracked() {
            viewport.set((f64::from(el.client_width()), f64::from(el.client_height())));
        }
    };
    Effect::new(move |_| {
        if scroller.get().is_some() {
            // After the first layout, so the sizes are real.
            request_animation_frame(move || {
                measure();
                let focus = board.tasks.with_untracked(|all| focus_date(all, today()));
                scroll_to(chart, focus);
            });
        }
    });
    let on_resize = window_event_listener(leptos::ev::resize, move |_| measure());
    // An edit in the task drawer may have moved dependents and summaries on the server: when
    // the drawer closes, take the project's tasks afresh.
    Effect::new(move |was_open: Option<bool>| {
        let open = board.drawer.with(|d| d.is_some());
        if was_open == Some(true) && !open {
            let project_id = board.project_id;
            leptos::task::spawn_local(async move {
                if let Ok(tasks) = crate::api::tasks::list_tasks(project_id).await {
                    board.tasks.set(tasks);
                }
            });
        }
        open
    });
    // A new zoom keeps the date in the middle of the chart where it was.
    Effect::new(move |previous: Option<Zoom>| {
        let now = chart.zoom.get();
        if let (Some(el), Some(previous)) = (scroller.get_untracked(), previous) {
            if previous != now {
                let left = chart.scroll_left.get_untracked();
                let (width, _) = viewport.get_untracked();
                let s = chart.scale.get_untracked();
                let old = Scale {
                    zoom: previous,
                    ..s
                };
                let middle = old.date_at(left + width / 2.0);
                el.set_scroll_left((s.x(middle) - width / 2.0).max(0.0) as i32);
            }
        }
        now
    });

    let on_move = window_event_listener(leptos::ev::pointermove, move |e| {
        let Some(mut d) = drag.get_untracked() else {
            return;
        };
        match d.follow((f64::from(e.client_x()), f64::from(e.client_y()))) {
            Follow::Scroll => {
                drag.set(None);
                return;
            }
            Follow::Held if !d.armed => return,
            Follow::Held => {}
            step => {
                if step == Follow::Started {
                    chart.snapshot_engine();
                }
                e.prevent_default();
                let days = chart.scale.get_untracked().days_in(d.at.0 - d.from.0);
                let shown = chart
                    .engine
                    .try_update_value(|plan| d.preview(days, plan.as_mut()))
                    .flatten();
                if let Some(shown) = shown {
                    preview.set(shown);
                }
            }
        }
        drag.set(Some(d));
    });
    let on_up = window_event_listener(leptos::ev::pointerup, move |e| {
        let Some(d) = drag.get_untracked() else {
            return;
        };
        drag.set(None);
        match d.release() {
            Release::Open(id) => board.drawer.set(Some(Drawer::Edit(id))),
            Release::Link(from) => {
                let target = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|doc| {
                        doc.element_from_point(e.client_x() as f32, e.client_y() as f32)
                    })
                    .and_then(|el| el.closest("[data-gantt-task]").ok().flatten())
                    .and_then(|el| el.get_attribute("data-gantt-task"))
                    .and_then(|v| v.parse::<Id>().ok());
                if let Some(target) = target.filter(|t| *t != from) {
                    actions.link(from, target);
                }
            }
            Release::Nothing => preview.set(HashMap::new()),
            Release::Reschedule(request) => actions.reschedule(request),
        }
    });
    let on_cancel = window_event_listener(leptos::ev::pointercancel, move |_| {
        drag.set(None);
        preview.set(HashMap::new());
    });
    let on_key = window_event_listener(leptos::ev::keydown, move |e| {
        let target_is_field = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if (e.ctrl_key() || e.meta_key()) && e.key() == "z" && !target_is_field {
            e.prevent_default();
            actions.take_back();
        }
    });
    // While a finger drags a bar the page must not scroll: a touchmove listener that is not
    // passive can say so.
    let hold = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::TouchEvent)>::new(
        move |e: web_sys::TouchEvent| {
            if drag.with_untracked(|d| d.is_some_and(|d| d.armed)) {
                e.prevent_default();
            }
        },
    );
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(false);
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback_and_add_event_listener_options(
            "touchmove",
            hold.as_ref().unchecked_ref(),
            &options,
        );
    }
    let hold = StoredValue::new_local(hold);
    on_cleanup(move || {
        hold.try_with_value(|hold| {
            if let Some(w) = web_sys::window() {
                let _ = w.remove_event_listener_with_callback(
                    "touchmove",
                    hold.as_ref().unchecked_ref(),
                );
            }
        });
        on_resize.remove();
        on_move.remove();
        on_up.remove();
        on_cancel.remove();
        on_key.remove();
    });
}

/// On the server nothing listens.
#[cfg(not(feature = "hydrate"))]
pub fn follow(_chart: Chart) {}
