//! The reactive locale of the page. The catalogue itself (`K`, `Locale`) lives in the core crate
//! and is re-exported here, so views write `crate::i18n::K`.
use leptos::prelude::*;

pub use marquee_core::i18n::*;

/// The current locale, shared by every component.
#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    /// The text for `key` in the current locale (reactive when read inside a view).
    pub fn t(&self, key: K) -> &'static str {
        key.text(self.locale.get())
    }

    /// Switches the page to `locale`, in the browser once its texts are fetched if they were not
    /// yet; false (and the page stays in its language) when they cannot be, as offline.
    pub async fn switch(self, locale: Locale) -> bool {
        #[cfg(feature = "hydrate")]
        if !is_installed(locale) && !load_catalogue(locale).await {
            return false;
        }
        self.locale.set(locale);
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                if let Ok(html) = document.clone().dyn_into::<web_sys::HtmlDocument>() {
                    let _ = html.set_cookie(&format!(
                        "{LOCALE_COOKIE}={}; path=/; max-age=31536000; samesite=lax",
                        locale.tag()
                    ));
                }
                if let Some(root) = document.document_element() {
                    let _ = root.set_attribute("lang", locale.tag());
                }
            }
        }
        true
    }
}

/// The `id` of the page's link to its language's texts (`catalogue_link`).
pub const CATALOGUE_LINK: &str = "catalogue";

/// Fetches a language's texts, from the folder the page's link to its own language's texts
/// names (the release's), and installs them. The page's own are asked for in its head
/// (`<link rel="preload">`), so they arrive while the app's code does.
#[cfg(feature = "hydrate")]
pub async fn load_catalogue(locale: Locale) -> bool {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Some(href) = window
        .document()
        .and_then(|d| d.get_element_by_id(CATALOGUE_LINK))
        .and_then(|link| link.get_attribute("href"))
    else {
        return false;
    };
    let folder = href
        .rsplit_once('/')
        .map(|(folder, _)| folder)
        .unwrap_or("");
    let url = format!("{folder}/{}", locale.catalogue_file());
    let Ok(answer) = JsFuture::from(window.fetch_with_str(&url)).await else {
        return false;
    };
    let Ok(answer) = answer.dyn_into::<web_sys::Response>() else {
        return false;
    };
    if !answer.ok() {
        return false;
    }
    let Ok(body) = answer.array_buffer().map(JsFuture::from) else {
        return false;
    };
    let Ok(body) = body.await else {
        return false;
    };
    let bytes = js_sys::Uint8Array::new(&body).to_vec();
    match serde_json::from_slice::<Vec<String>>(&bytes) {
        Ok(texts) => install(locale, texts),
        Err(_) => false,
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A reactive text for `key`, to place directly in a view: `{tr(K::Save)}`.
pub fn tr(key: K) -> impl Fn() -> &'static str + Clone + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.t(key)
}
