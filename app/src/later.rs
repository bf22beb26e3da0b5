//! What the pages that come later (`routes::later!`) need besides the first download: their
//! code, in chunks split off the app's, and their styles. The app's styles come in two sheets:
//! `style/main.css`, what the first pages (sign-in, the portfolio, my tasks, the check-in) and
//! the frame around every page need, and `style/later.css`, the rules of the later pages. The
//! second comes after the first, so its rules win over the first's as if written below them.
//!
//! A later page opened directly asks for its sheet and its code's chunks from its head, as the
//! server draws it (`head`, given the page's groups by `routes::later_groups`), so they download while the main code does. In the browser the sheet
//! is added before a later page is first drawn (`LaterStyles`), or once the browser is idle
//! after a first page (`apply_later_styles`, from `routes::prefetch_later`).
use leptos::prelude::*;

/// The later sheet's name in the release folder, and its element's id in the page's head.
pub const LATER_SHEET: &str = "later.css";
pub const LATER_SHEET_ID: &str = "later-styles";

/// The later sheet as it is written (the server serves it, made smaller, in the release folder).
#[cfg(feature = "ssr")]
pub const LATER_CSS: &str = include_str!("../../style/later.css");

/// The build's chunks of code split off, by the lazy function that needs them (the build's
/// `__wasm_split_manifest.json`): the server reads it with the release's files.
#[derive(Clone, Debug, Default)]
pub struct SplitChunks(pub std::sync::Arc<std::collections::HashMap<String, Vec<String>>>);

impl SplitChunks {
    /// The chunks the code of `group` (a `routes::later!` group, `WorkLater`) is in: a lazy
    /// route's view is the lazy function `__<group in snake case>_view_<hash>`.
    pub fn of_group(&self, group: &str) -> Vec<&str> {
        let mut prefix = String::new();
        for (at, c) in group.chars().enumerate() {
            if c.is_ascii_uppercase() && at > 0 {
                prefix.push('_');
            }
            prefix.push(c.to_ascii_lowercase());
        }
        prefix.push_str("_view_");
        let mut chunks: Vec<&str> = self
            .0
            .iter()
            .filter(|(name, _)| name.trim_start_matches('_').starts_with(&prefix))
            .flat_map(|(_, chunks)| chunks.iter().map(String::as_str))
            .collect();
        chunks.sort_unstable();
        chunks.dedup();
        chunks
    }
}

/// What the head of a page drawn with these lazy `groups` (`routes::later_groups`) asks for
/// besides the first download: the later sheet, and the chunks of its groups' code, fetched
/// while the main code is rather than after it has started. Nothing for a first page.
#[cfg(feature = "ssr")]
pub fn head(groups: &[&str], folder: &str) -> impl IntoView {
    if groups.is_empty() {
        return None;
    }
    let chunks = use_context::<SplitChunks>().unwrap_or_default();
    let mut files: Vec<String> = groups
        .iter()
        .flat_map(|group| chunks.of_group(group))
        .map(|chunk| format!("/{folder}/{chunk}.wasm"))
        .collect();
    files.sort_unstable();
    files.dedup();
    let preloads = files
        .into_iter()
        .map(|href| {
            use leptos::tachys::html::attribute::custom::custom_attribute;
            let fetched = custom_attribute("as", "fetch");
            view! { <link rel="preload" href=href type="application/wasm" crossorigin="anonymous" {..fetched}/> }
        })
        .collect_view();
    let sheet = format!("/{folder}/{LATER_SHEET}");
    Some(view! {
        <link rel="stylesheet" id=LATER_SHEET_ID href=sheet/>
        {preloads}
    })
}

/// Draws `children` once the later sheet applies: at once when the page is hydrated (the server
/// put the sheet in its head) or when the sheet is already there, else when it has loaded (or
/// failed to: a page without its finer styles beats no page).
#[component]
pub fn LaterStyles(children: ChildrenFn) -> impl IntoView {
    let ready = RwSignal::new(true);
    #[cfg(feature = "hydrate")]
    {
        let hydrating = Owner::current_shared_context().is_some_and(|c| c.during_hydration());
        if !hydrating && !later_styles_applied() {
            ready.set(false);
            leptos::task::spawn_local(async move {
                apply_later_styles().await;
                ready.set(true);
            });
        }
    }
    move || ready.get().then(|| children())
}

#[cfg(feature = "hydrate")]
thread_local! {
    /// The later sheet's loading, shared by everyone who waits for it.
    static LOADING: std::cell::RefCell<Option<js_sys::Promise>> = const { std::cell::RefCell::new(None) };
}

/// Whether the later sheet is in the page and has loaded.
#[cfg(feature = "hydrate")]
fn later_styles_applied() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(LATER_SHEET_ID))
        .and_then(|link| js_sys::Reflect::get(&link, &"sheet".into()).ok())
        .is_some_and(|sheet| sheet.is_object())
}

/// Adds the later sheet to the page's head (from the release folder the page's texts come
/// from) and waits until it has loaded or failed to.
#[cfg(feature = "hydrate")]
pub async fn apply_later_styles() {
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    if later_styles_applied() {
        return;
    }
    let loading = LOADING.with(|loading| {
        loading
            .borrow_mut()
            .get_or_insert_with(|| {
                js_sys::Promise::new(&mut |resolve, _| {
                    let done = move || {
                        let _ = resolve.call0(&JsValue::NULL);
                    };
                    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
                        return done();
                    };
                    // A link the server drew that has not loaded (or failed): asked again.
                    if let Some(old) = document.get_element_by_id(LATER_SHEET_ID) {
                        old.remove();
                    }
                    let href = document
                        .get_element_by_id(crate::i18n::CATALOGUE_LINK)
                        .and_then(|link| link.get_attribute("href"))
                        .and_then(|href| {
                            href.rsplit_once('/')
                                .map(|(folder, _)| format!("{folder}/{LATER_SHEET}"))
                        });
                    let (Some(href), Some(head), Ok(link)) =
                        (href, document.head(), document.create_element("link"))
                    else {
                        return done();
                    };
                    let _ = link.set_attribute("rel", "stylesheet");
                    let _ = link.set_attribute("id", LATER_SHEET_ID);
                    let _ = link.set_attribute("href", &href);
                    let finished = Closure::once_into_js(done);
                    for event in ["load", "error"] {
                        let _ =
                            link.add_event_listener_with_callback(event, finished.unchecked_ref());
                    }
                    let _ = head.append_child(&link);
                })
            })
            .clone()
    });
    let _ = wasm_bindgen_futures::JsFuture::from(loading).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_s_chunks_are_those_of_its_view() {
        let manifest = [
            ("__work_later_view_123", vec!["split_1", "chunk_2"]),
            ("figures_later_view_9", vec!["split_3", "chunk_2"]),
            ("send_from_a_project_5", vec!["split_4"]),
        ];
        let chunks = SplitChunks(std::sync::Arc::new(
            manifest
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
                .collect(),
        ));
        assert_eq!(chunks.of_group("WorkLater"), ["chunk_2", "split_1"]);
        assert!(chunks.of_group("InboxLater").is_empty());
    }

    #[test]
    fn the_later_sheet_holds_rules_and_takes_its_colours_from_the_first() {
        assert!(LATER_CSS.contains(".kanban"));
        // Served as written: `light-dark()` gets its fallbacks for older browsers only in
        // main.css, so colours for both themes are tokens there (comments may name it).
        let rules: String = LATER_CSS
            .split("/*")
            .map(|part| part.split_once("*/").map_or(part, |(_, after)| after))
            .collect();
        assert!(rules.contains(".kanban"));
        assert!(!rules.contains("light-dark("));
    }
}
