//! Dialogs over the page: `Drawer`, the panel from the side every editor opens in, and the
//! focus rules every dialog keeps (`hold_focus`, `keep_tab_within`): focus goes into it when it
//! opens, Tab and Shift+Tab go round its own controls only, and when it closes focus returns to
//! what opened it.
use leptos::prelude::*;

use crate::i18n::{tr, K};

/// A panel from the side over a dimmed page. The backdrop and Escape close it.
#[component]
pub fn Drawer(
    /// What the dialog is called (read out when it opens).
    label: K,
    #[prop(optional, into)] class: String,
    #[prop(into)] on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let panel = NodeRef::<leptos::html::Aside>::new();
    let element = move || panel.get().map(|e| web_sys::Element::clone(&e));
    hold_focus(element);
    view! {
        <div class="drawer-backdrop" on:click=move |_| on_close.run(())></div>
        <aside class=format!("drawer {class}") role="dialog" aria-modal="true" aria-label=tr(label)
            tabindex="-1" node_ref=panel
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    on_close.run(());
                } else {
                    keep_tab_within(panel.get_untracked().map(|e| web_sys::Element::clone(&e)), &ev);
                }
            }>
            {children()}
        </aside>
    }
}

/// Focuses the dialog `panel` (its element, once it is on the page) — itself, so a phone shows
/// no keyboard and a screen reader reads its name —, and gives focus back to what had it when
/// the dialog goes.
pub fn hold_focus(panel: impl Fn() -> Option<web_sys::Element> + Send + Sync + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let opener = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        let opener = StoredValue::new_local(opener);
        Effect::new(move |_| {
            if let Some(el) = panel() {
                if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
        on_cleanup(move || {
            if let Some(Some(opener)) = opener.try_get_value() {
                if opener.is_connected() {
                    let _ = opener.focus();
                }
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = panel;
}

/// On Tab at the last control of `panel` (Shift+Tab at the first, or at the panel itself),
/// focus goes round to the other end instead of leaving the dialog.
pub fn keep_tab_within(panel: Option<web_sys::Element>, ev: &leptos::ev::KeyboardEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if ev.key() != "Tab" {
            return;
        }
        let Some(panel) = panel.as_ref() else {
            return;
        };
        let Ok(found) = panel.query_selector_all(
            "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), \
             select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])",
        ) else {
            return;
        };
        let controls: Vec<web_sys::HtmlElement> = (0..found.length())
            .filter_map(|i| found.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            .filter(|e| e.offset_width() > 0 || e.offset_height() > 0)
            .collect();
        let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
            ev.prevent_default();
            return;
        };
        let active = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element());
        let at = |e: &web_sys::HtmlElement| {
            active
                .as_ref()
                .is_some_and(|a| a == e.as_ref() as &web_sys::Element)
        };
        let on_panel = active.as_ref().is_some_and(|a| a == panel);
        if ev.shift_key() && (at(first) || on_panel) {
            ev.prevent_default();
            let _ = last.focus();
        } else if !ev.shift_key() && at(last) {
            ev.prevent_default();
            let _ = first.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (panel, ev);
}
