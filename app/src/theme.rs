//! The colour theme. A person chooses light, dark or "as the system" on each device (the
//! `marquee_theme` cookie, so the server renders the page in it at once: `data-theme` on the
//! root, which `style/main.css` reads); `Theme::dark` says whether the page is dark now, for
//! what draws its own colours (the charts).
use leptos::prelude::*;

pub const THEME_COOKIE: &str = "marquee_theme";

/// What a person chose on this device.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ThemeChoice {
    /// Light or dark as the system says, changing when it does.
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    pub fn tag(self) -> &'static str {
        match self {
            ThemeChoice::System => "system",
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
        }
    }

    /// The root's `data-theme`: none when the system decides.
    pub fn attribute(self) -> Option<&'static str> {
        (self != ThemeChoice::System).then(|| self.tag())
    }

    /// A cookie's or attribute's value; anything else is the system's choice.
    pub fn from_tag(tag: &str) -> ThemeChoice {
        match tag.trim() {
            "light" => ThemeChoice::Light,
            "dark" => ThemeChoice::Dark,
            _ => ThemeChoice::System,
        }
    }

    /// The choice a request's `Cookie` header carries.
    pub fn from_cookies(header: &str) -> ThemeChoice {
        crate::i18n::cookie_value(header, THEME_COOKIE)
            .map(ThemeChoice::from_tag)
            .unwrap_or_default()
    }

    /// Whether the page is dark under this choice when the system prefers dark or not.
    pub fn is_dark(self, system_dark: bool) -> bool {
        match self {
            ThemeChoice::System => system_dark,
            ThemeChoice::Light => false,
            ThemeChoice::Dark => true,
        }
    }
}

/// The page's theme, shared by every component.
#[derive(Clone, Copy)]
pub struct Theme {
    pub choice: RwSignal<ThemeChoice>,
    /// Whether the page shows dark now (the choice, or the system's when it decides).
    pub dark: Signal<bool>,
}

impl Theme {
    /// Keeps `choice` on this device for a year and shows it at once.
    pub fn set(&self, choice: ThemeChoice) {
        self.choice.set(choice);
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                if let Ok(html) = document.clone().dyn_into::<web_sys::HtmlDocument>() {
                    let _ = html.set_cookie(&format!(
                        "{THEME_COOKIE}={}; path=/; max-age=31536000; samesite=lax",
                        choice.tag()
                    ));
                }
                if let Some(root) = document.document_element() {
                    let _ = match choice.attribute() {
                        Some(value) => root.set_attribute("data-theme", value),
                        None => root.remove_attribute("data-theme"),
                    };
                }
            }
        }
    }
}

/// The choice the page is rendered with: the request's cookie on the server, the rendered root's
/// `data-theme` in the browser, so both agree during hydration.
pub fn initial_choice() -> ThemeChoice {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .headers
                    .get(http::header::COOKIE)
                    .and_then(|v| v.to_str().ok())
                    .map(ThemeChoice::from_cookies)
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|root| root.get_attribute("data-theme"))
            .map(|tag| ThemeChoice::from_tag(&tag))
            .unwrap_or_default()
    }
}

/// Provides the page's `Theme`. In the browser, whether the system prefers dark is followed
/// as it changes (a phone going to night mode).
pub fn provide_theme() {
    let choice = RwSignal::new(initial_choice());
    let system_dark = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{closure::Closure, JsCast};
        if let Some(query) = web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok())
            .flatten()
        {
            system_dark.set(query.matches());
            let follow = Closure::<dyn Fn(web_sys::MediaQueryListEvent)>::new(
                move |event: web_sys::MediaQueryListEvent| system_dark.set(event.matches()),
            );
            let _ =
                query.add_event_listener_with_callback("change", follow.as_ref().unchecked_ref());
            // The page's theme is followed for the page's life.
            follow.forget();
        }
    }
    let dark = Signal::derive(move || choice.get().is_dark(system_dark.get()));
    provide_context(Theme { choice, dark });
}

pub fn use_theme() -> Theme {
    expect_context::<Theme>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_chooses_and_anything_else_follows_the_system() {
        assert_eq!(
            ThemeChoice::from_cookies("marquee_lang=zh-CN; marquee_theme=dark"),
            ThemeChoice::Dark
        );
        assert_eq!(
            ThemeChoice::from_cookies("marquee_theme=light"),
            ThemeChoice::Light
        );
        assert_eq!(
            ThemeChoice::from_cookies("marquee_theme=<script>"),
            ThemeChoice::System
        );
        assert_eq!(ThemeChoice::from_cookies(""), ThemeChoice::System);
        for choice in ThemeChoice::ALL {
            assert_eq!(ThemeChoice::from_tag(choice.tag()), choice);
        }
        assert_eq!(ThemeChoice::System.attribute(), None);
        assert_eq!(ThemeChoice::Dark.attribute(), Some("dark"));
    }

    #[test]
    fn the_system_decides_only_when_nothing_was_chosen() {
        assert!(ThemeChoice::System.is_dark(true));
        assert!(!ThemeChoice::System.is_dark(false));
        assert!(ThemeChoice::Dark.is_dark(false));
        assert!(!ThemeChoice::Light.is_dark(true));
    }
}
