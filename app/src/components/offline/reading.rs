//! Reading offline. The service worker keeps the last answers of the reads a person needs on the
//! road, per person, and answers from them when the network is gone (`public/sw.js`); this side
//! tells it who is signed in, hears when an answer came from the device and since when, and says
//! so above the page: "offline — showing what was current at 14:05", and what cannot be done.
use leptos::prelude::*;

use super::queue::use_offline;
use crate::i18n::{tr, use_i18n, K};

/// Tells the service worker who uses this browser now (it keeps answers per person and drops
/// another person's), and listens for the answers it gives from the device.
pub fn follow_kept_answers(user: crate::model::Id, kept_at: RwSignal<Option<f64>>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{closure::Closure, JsCast, JsValue};
        let Some(workers) = web_sys::window().map(|w| w.navigator().service_worker()) else {
            return;
        };
        let locale = crate::i18n::use_i18n().locale.get_untracked();
        let announce = move || {
            let Some(worker) =
                web_sys::window().and_then(|w| w.navigator().service_worker().controller())
            else {
                return;
            };
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &"person".into());
            let _ = js_sys::Reflect::set(&message, &"user".into(), &JsValue::from_f64(user as f64));
            let _ = js_sys::Reflect::set(&message, &"locale".into(), &locale.tag().into());
            let _ = worker.post_message(&message);
        };
        announce();
        let kept = move |at: Option<f64>| {
            if let Some(at) = at.filter(|at| at.is_finite()) {
                kept_at.update(|k| *k = Some(k.map_or(at, |k| k.min(at))));
            }
        };
        let heard =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                let data = event.data();
                let kind = js_sys::Reflect::get(&data, &"type".into())
                    .ok()
                    .and_then(|t| t.as_string());
                if kind.as_deref() == Some("kept") {
                    kept(
                        js_sys::Reflect::get(&data, &"at".into())
                            .ok()
                            .and_then(|a| a.as_f64()),
                    );
                }
            });
        let _ = workers.add_event_listener_with_callback("message", heard.as_ref().unchecked_ref());
        // The first visit: the worker takes the page over after it loaded.
        let taken_over = Closure::<dyn Fn()>::new(announce);
        let _ = workers.add_event_listener_with_callback(
            "controllerchange",
            taken_over.as_ref().unchecked_ref(),
        );
        let listening = StoredValue::new_local((workers.clone(), heard, taken_over));
        on_cleanup(move || {
            listening.with_value(|(workers, heard, taken_over)| {
                let _ = workers
                    .remove_event_listener_with_callback("message", heard.as_ref().unchecked_ref());
                let _ = workers.remove_event_listener_with_callback(
                    "controllerchange",
                    taken_over.as_ref().unchecked_ref(),
                );
            });
        });
        // A page opened offline came from the device: ask since when.
        let offline_now = web_sys::window().is_some_and(|w| !w.navigator().on_line());
        if let (true, Some(worker)) = (offline_now, workers.controller()) {
            let Ok(channel) = web_sys::MessageChannel::new() else {
                return;
            };
            let answer = Closure::once_into_js(move |event: web_sys::MessageEvent| {
                kept(
                    js_sys::Reflect::get(&event.data(), &"at".into())
                        .ok()
                        .and_then(|a| a.as_f64()),
                );
            });
            channel.port1().set_onmessage(Some(answer.unchecked_ref()));
            let path = web_sys::window()
                .and_then(|w| w.location().pathname().ok())
                .unwrap_or_default();
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &"page-kept".into());
            let _ = js_sys::Reflect::set(&message, &"path".into(), &path.into());
            let ports = js_sys::Array::of1(&channel.port2());
            let _ = worker.post_message_with_transferable(&message, &ports);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (user, kept_at);
}

/// A time as the person reads it: the hour and minute, with the day when it was not today.
fn time_text(at: f64) -> String {
    #[cfg(feature = "hydrate")]
    {
        let then = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at));
        let now = js_sys::Date::new_0();
        let clock = format!("{:02}:{:02}", then.get_hours(), then.get_minutes());
        if then.to_date_string() == now.to_date_string() {
            clock
        } else {
            format!(
                "{}-{:02}-{:02} {clock}",
                then.get_full_year(),
                then.get_month() + 1,
                then.get_date()
            )
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = at;
        String::new()
    }
}

/// Above the page while offline: since when what it shows was current, and what cannot be done.
#[component]
pub fn OfflineNotice() -> impl IntoView {
    let Some(offline) = use_offline() else {
        return ().into_any();
    };
    let i18n = use_i18n();
    view! {
        <Show when=move || !offline.online.get()>
            <div class="offline-notice" role="status">
                <strong>
                    {move || match offline.kept_at.get() {
                        Some(at) => i18n.t(K::ReadingKeptAt).replace("{time}", &time_text(at)),
                        None => i18n.t(K::ReadingLoaded).to_string(),
                    }}
                </strong>
                " "
                <span>{tr(K::ReadingLimits)}</span>
            </div>
        </Show>
    }
    .into_any()
}
