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

    pub fn set(&self, locale: Locale) {
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
