//! The browser entry: hydrates the server-rendered page and registers the service worker.
#![recursion_limit = "512"]

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    if let Some(window) = web_sys_window() {
        let _ = window.navigator().service_worker().register("/sw.js");
        if let Some(body) = window.document().and_then(|d| d.body()) {
            // Lets tests and scripts know the page is interactive.
            let _ = body.set_attribute("data-hydrated", "true");
        }
    }
}

fn web_sys_window() -> Option<web_sys::Window> {
    web_sys::window()
}
