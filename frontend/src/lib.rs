//! The browser entry: hydrates the server-rendered page and registers the service worker.
#![recursion_limit = "512"]

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(body) = window.document().and_then(|d| d.body()) else {
        return;
    };
    let _ = window.navigator().service_worker().register("/sw.js");
    // Pages opened later have code of their own, fetched before they hydrate: hydration waits
    // for it.
    wasm_bindgen_futures::spawn_local(async move {
        // The texts of the page's language come as a file of their own, asked for in the
        // page's head: the page is drawn with them, so they are installed before it hydrates.
        let locale = app::initial_locale();
        if !app::i18n::load_catalogue(locale).await {
            app::i18n::load_catalogue(locale.other()).await;
        }
        leptos::mount::hydrate_from_async(body.clone(), app::App)
            .await
            .forget();
        // Lets tests and scripts know the page is interactive.
        let _ = body.set_attribute("data-hydrated", "true");
        app::routes::prefetch_later().await;
    });
}
