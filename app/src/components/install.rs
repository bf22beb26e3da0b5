//! Installing Marquee as an app on this device. Where the browser offers it
//! (`beforeinstallprompt`, kept by the page's first script — `INSTALL_CATCHER` — so an offer made
//! before the app is interactive is not lost), a button opens the browser's own dialog; on an
//! iPhone or iPad, which make no offer, the steps in Safari; once installed, a sentence saying so.
use leptos::prelude::*;

use crate::i18n::{tr, K};

/// The head's first script: keeps the browser's offer to install for the install button.
pub const INSTALL_CATCHER: &str = "addEventListener('beforeinstallprompt',function(e){e.preventDefault();window.marqueeInstall=e;dispatchEvent(new Event('marquee-installable'))});";

/// What this device can do about installing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Installing {
    /// Not known yet (the server's rendering).
    Unknown,
    /// Marquee runs installed, or was installed just now.
    Installed,
    /// The browser offers to install: the button.
    Offered,
    /// An iPhone or iPad: Share, then "Add to Home Screen".
    Ios,
    /// No offer (yet): the browser's menu may still have it.
    Menu,
}

#[component]
pub fn InstallCard() -> impl IntoView {
    let state = RwSignal::new(Installing::Unknown);
    #[cfg(feature = "hydrate")]
    browser::follow(state);
    let install = move |_| {
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            state.set(browser::prompt().await);
        });
    };
    view! {
        <section class="card narrow-left install-card" data-install=move || format!("{:?}", state.get()).to_lowercase()>
            <h3>{tr(K::InstallTitle)}</h3>
            {move || match state.get() {
                Installing::Unknown => ().into_any(),
                Installing::Installed => view! { <p>{tr(K::InstallDone)}</p> }.into_any(),
                Installing::Offered => view! {
                    <p class="muted">{tr(K::InstallWhy)}</p>
                    <button type="button" class="btn btn-primary install-button" on:click=install>{tr(K::InstallButton)}</button>
                }.into_any(),
                Installing::Ios => view! {
                    <p class="muted">{tr(K::InstallWhy)}</p>
                    <ol class="install-steps">
                        <li>{tr(K::InstallIosShare)}</li>
                        <li>{tr(K::InstallIosAdd)}</li>
                        <li>{tr(K::InstallIosOpen)}</li>
                    </ol>
                }.into_any(),
                Installing::Menu => view! {
                    <p class="muted">{tr(K::InstallWhy)}</p>
                    <p>{tr(K::InstallMenu)}</p>
                }.into_any(),
            }}
        </section>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::Installing;
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    fn offer() -> Option<JsValue> {
        let window = web_sys::window()?;
        js_sys::Reflect::get(&window, &JsValue::from_str("marqueeInstall"))
            .ok()
            .filter(|e| e.is_object())
    }

    fn installed() -> bool {
        let Some(window) = web_sys::window() else {
            return false;
        };
        let standalone = window
            .match_media("(display-mode: standalone)")
            .ok()
            .flatten()
            .is_some_and(|q| q.matches());
        // Safari on iOS says so on the navigator instead.
        let ios_home = js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("standalone"))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        standalone || ios_home
    }

    fn ios() -> bool {
        let Some(window) = web_sys::window() else {
            return false;
        };
        let navigator = window.navigator();
        let agent = navigator.user_agent().unwrap_or_default();
        // An iPad asks for the desktop site, as a Mac with a touch screen.
        agent.contains("iPhone")
            || agent.contains("iPad")
            || agent.contains("iPod")
            || (agent.contains("Macintosh") && navigator.max_touch_points() > 1)
    }

    fn now() -> Installing {
        if installed() {
            Installing::Installed
        } else if offer().is_some() {
            Installing::Offered
        } else if ios() {
            Installing::Ios
        } else {
            Installing::Menu
        }
    }

    /// Sets `state` now and whenever the browser offers, or finishes, an installation.
    pub fn follow(state: RwSignal<Installing>) {
        Effect::new(move |_| state.set(now()));
        let offered =
            window_event_listener_untyped("marquee-installable", move |_| state.set(now()));
        let done = window_event_listener_untyped("appinstalled", move |_| {
            state.set(Installing::Installed)
        });
        on_cleanup(move || {
            offered.remove();
            done.remove();
        });
    }

    /// Opens the browser's dialog; what the person answered. An offer answers once.
    pub async fn prompt() -> Installing {
        let Some(event) = offer() else {
            return now();
        };
        if let Some(window) = web_sys::window() {
            let _ = js_sys::Reflect::delete_property(
                window.unchecked_ref::<js_sys::Object>(),
                &JsValue::from_str("marqueeInstall"),
            );
        }
        let call = |name: &str| -> Option<JsValue> {
            let method: js_sys::Function = js_sys::Reflect::get(&event, &JsValue::from_str(name))
                .ok()?
                .dyn_into()
                .ok()?;
            method.call0(&event).ok()
        };
        if let Some(shown) = call("prompt").and_then(|p| p.dyn_into::<js_sys::Promise>().ok()) {
            let _ = JsFuture::from(shown).await;
        }
        let choice = js_sys::Reflect::get(&event, &JsValue::from_str("userChoice"))
            .ok()
            .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
        let outcome = match choice {
            Some(choice) => JsFuture::from(choice)
                .await
                .ok()
                .and_then(|c| js_sys::Reflect::get(&c, &JsValue::from_str("outcome")).ok())
                .and_then(|o| o.as_string()),
            None => None,
        };
        if outcome.as_deref() == Some("accepted") {
            Installing::Installed
        } else {
            Installing::Menu
        }
    }
}
