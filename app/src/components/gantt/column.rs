//! The edge of the task-name column: dragged with a mouse or a finger, or moved with the arrow
//! keys; the width chosen is kept in a cookie of this device, so the server draws the chart's
//! first screen with it too.
use leptos::prelude::*;

use super::chart::Chart;
#[cfg(feature = "hydrate")]
use super::label_width::{width_from_cookies, LABEL_WIDTH_COOKIE};
use super::state::{label_width_within, LABEL_WIDTH_MIN};
use crate::i18n::{tr, K};

/// Where the browser kept the width before it was a cookie.
#[cfg(feature = "hydrate")]
const LABEL_WIDTH_KEY: &str = "marquee.gantt.label-width";

/// Keeps `width` on this device for a year.
fn keep_width(width: f64) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(document) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        {
            let _ = document.set_cookie(&format!(
                "{LABEL_WIDTH_COOKIE}={width:.0}; path=/; max-age=31536000; samesite=lax"
            ));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = width;
}

/// A width the browser kept before the cookie, taken over once the page is interactive.
pub fn restore_width(chart: Chart) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
            return;
        };
        if let Some(w) = storage.get_item(LABEL_WIDTH_KEY).ok().flatten() {
            let _ = storage.remove_item(LABEL_WIDTH_KEY);
            if let Some(w) = width_from_cookies(&format!("{LABEL_WIDTH_COOKIE}={w}")) {
                if chart.label_width.get_untracked().is_none() {
                    chart.label_width.set(Some(w));
                    keep_width(w);
                }
            }
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = chart;
}

#[component]
pub fn ColumnEdge(chart: Chart) -> impl IntoView {
    let Chart {
        scroller,
        viewport,
        label_width,
        resizing,
        ..
    } = chart;
    let width_now = move || -> f64 {
        scroller
            .get_untracked()
            .and_then(|el| el.query_selector(".gantt-corner").ok().flatten())
            .map(|corner| corner.get_bounding_client_rect().width())
            .unwrap_or(280.0)
    };
    let set_width = move |wanted: f64| {
        let (width, _) = viewport.get_untracked();
        let w = label_width_within(wanted, width);
        label_width.set(Some(w));
        keep_width(w);
    };
    let start = move |e: leptos::ev::PointerEvent| {
        if e.button() != 0 {
            return;
        }
        e.prevent_default();
        e.stop_propagation();
        if let Some(handle) = e
            .current_target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        {
            let _ = handle.set_pointer_capture(e.pointer_id());
        }
        resizing.set(Some((f64::from(e.client_x()), width_now())));
    };
    let follow = move |e: leptos::ev::PointerEvent| {
        if let Some((from, width)) = resizing.get_untracked() {
            set_width(width + f64::from(e.client_x()) - from);
        }
    };
    let end = move |_: leptos::ev::PointerEvent| resizing.set(None);
    let key = move |e: leptos::ev::KeyboardEvent| {
        let step = match e.key().as_str() {
            "ArrowLeft" => -16.0,
            "ArrowRight" => 16.0,
            _ => return,
        };
        e.prevent_default();
        set_width(width_now() + step);
    };
    view! {
        <span
            class="gantt-resize"
            role="separator"
            aria-orientation="vertical"
            tabindex="0"
            title=tr(K::ResizeTaskColumn)
            aria-label=tr(K::ResizeTaskColumn)
            // The column's width in pixels, as far as it may go.
            aria-valuemin=LABEL_WIDTH_MIN
            aria-valuemax=move || (viewport.get().0 * 0.75).max(LABEL_WIDTH_MIN).round()
            aria-valuenow=move || label_width.get().unwrap_or(280.0).round()
            on:pointerdown=start
            on:pointermove=follow
            on:pointerup=end
            on:pointercancel=end
            on:keydown=key
        ></span>
    }
}
