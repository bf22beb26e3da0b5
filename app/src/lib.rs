//! Marquee's web app: components and pages (`components`, `routes`), the `#[server]` functions
//! (`api`) and, behind the `ssr` feature, everything server-only (`server`). The models, rules,
//! catalogue and error shared with the browser come from the core crate and are re-exported here
//! under their own names (`crate::model`, `crate::domain`, …).
#![recursion_limit = "256"]

pub use marquee_core::{domain, error, live, model};

pub mod api;
pub mod components;
pub mod i18n;
pub mod later;
pub mod loaded;
pub mod packed;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod server;
pub mod theme;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, Lazy};

use crate::i18n::{I18n, Locale, K};

/// The locale the page is rendered in: from the request on the server, from the rendered page's
/// `lang` attribute in the browser, so both agree during hydration.
pub fn initial_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        server::kernel::context::request_locale()
    }
    #[cfg(not(feature = "ssr"))]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|lang| Locale::from_tag(&lang))
            .unwrap_or(Locale::En)
    }
}

/// Adds the content security policy, with this response's script nonce.
#[cfg(feature = "ssr")]
fn content_security_policy() {
    leptos::nonce::provide_nonce();
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    content_security_policy();
    let locale = initial_locale();
    let lang = locale.tag();
    let theme = theme::initial_choice();
    // The browser's bar takes the page's colour: the chosen theme's, or each system theme's.
    let bar_colours = match theme {
        theme::ThemeChoice::System => {
            use leptos::tachys::html::attribute::custom::custom_attribute;
            let light = custom_attribute("media", "(prefers-color-scheme: light)");
            let dark = custom_attribute("media", "(prefers-color-scheme: dark)");
            view! {
                <meta name="theme-color" content="#1668dc" {..light}/>
                <meta name="theme-color" content="#1f1f1f" {..dark}/>
            }
            .into_any()
        }
        theme::ThemeChoice::Light => {
            view! { <meta name="theme-color" content="#1668dc"/> }.into_any()
        }
        theme::ThemeChoice::Dark => {
            view! { <meta name="theme-color" content="#1f1f1f"/> }.into_any()
        }
    };
    // The shell is rendered on the server only, so the head may differ from page to page.
    #[cfg(feature = "ssr")]
    let preload = use_context::<http::request::Parts>()
        .and_then(|parts| routes::gantt::preload_script(parts.uri.path()))
        .map(|script| {
            let nonce = leptos::nonce::use_nonce();
            view! { <script nonce=nonce inner_html=script></script> }
        });
    #[cfg(not(feature = "ssr"))]
    let preload = None::<()>;
    // A later page's styles and code, asked for from its head (`later::head`).
    #[cfg(feature = "ssr")]
    let later_head = use_context::<http::request::Parts>().map(|parts| {
        later::head(
            &routes::later_groups(parts.uri.path()),
            &options.site_pkg_dir,
        )
    });
    #[cfg(not(feature = "ssr"))]
    let later_head = None::<()>;
    let install_catcher = {
        let nonce = leptos::nonce::use_nonce();
        view! { <script nonce=nonce inner_html=components::install::INSTALL_CATCHER></script> }
    };
    // The page's language's texts, fetched while the app's code is (`i18n::load_catalogue`).
    let catalogue = {
        use leptos::tachys::html::attribute::custom::custom_attribute;
        let fetched = custom_attribute("as", "fetch");
        let href = format!("/{}/{}", options.site_pkg_dir, locale.catalogue_file());
        view! { <link rel="preload" id=i18n::CATALOGUE_LINK href=href crossorigin="anonymous" {..fetched}/> }
    };
    view! {
        <!DOCTYPE html>
        <html lang=lang data-theme=theme.attribute()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"/>
                {bar_colours}
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="icon" type="image/png" href="/icons/icon-192.png"/>
                <link rel="apple-touch-icon" href="/icons/icon-192.png"/>
                {install_catcher}
                {preload}
                {catalogue}
                <link rel="stylesheet" id="leptos" href=format!("/{}/{}.css", options.site_pkg_dir, options.output_name)/>
                {later_head}
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = I18n {
        locale: RwSignal::new(initial_locale()),
    };
    provide_context(i18n);
    theme::provide_theme();
    components::session::provide_session();
    // The server writes the title after the page is rendered, outside the request's reactive
    // arena, so there it is a plain string; in the browser it follows the language.
    #[cfg(feature = "ssr")]
    let title = leptos::text_prop::TextProp::from(i18n.t(K::AppName));
    #[cfg(not(feature = "ssr"))]
    let title = leptos::text_prop::TextProp::from(move || i18n.t(K::AppName));

    view! {
        <Title text=title/>
        <Router>
            <Routes fallback=routes::not_found::NotFound>
                <Route path=path!("/setup") view={Lazy::<routes::AdminLater>::new()}/>
                <Route path=path!("/login") view=routes::login::LoginPage/>
                <Route path=path!("/") view=routes::portfolio::PortfolioPage/>
                <Route path=path!("/projects/new") view={Lazy::<routes::AdminLater>::new()}/>
                <Route path=path!("/my-tasks") view=routes::my_tasks::MyTasksPage/>
                <Route path=path!("/check-in") view=routes::check_in_today::CheckInTodayPage/>
                <Route path=path!("/approvals") view={Lazy::<routes::InboxLater>::new()}/>
                <Route path=path!("/notifications") view={Lazy::<routes::InboxLater>::new()}/>
                <Route path=path!("/cases") view={Lazy::<routes::LibraryLater>::new()}/>
                <Route path=path!("/cases/:id") view={Lazy::<routes::LibraryLater>::new()}/>
                <Route path=path!("/points") view={Lazy::<routes::LibraryLater>::new()}/>
                <Route path=path!("/performance") view={Lazy::<routes::LibraryLater>::new()}/>
                <Route path=path!("/pmo") view={Lazy::<routes::LibraryLater>::new()}/>
                <Route path=path!("/templates") view={Lazy::<routes::AdminLater>::new()}/>
                <ParentRoute path=path!("/projects/:id") view={Lazy::<routes::ProjectLater>::new()}>
                    <Route path=path!("") view={Lazy::<routes::WorkLater>::new()}/>
                    <Route path=path!("board") view={Lazy::<routes::WorkLater>::new()}/>
                    <Route path=path!("list") view={Lazy::<routes::WorkLater>::new()}/>
                    <Route path=path!("gantt") view={Lazy::<routes::GanttLater>::new()}/>
                    <Route path=path!("finance") view={Lazy::<routes::FiguresLater>::new()}/>
                    <Route path=path!("data") view={Lazy::<routes::FiguresLater>::new()}/>
                    <Route path=path!("conversions") view={Lazy::<routes::FiguresLater>::new()}/>
                    <Route path=path!("activity") view={Lazy::<routes::WorkLater>::new()}/>
                    <Route path=path!("files") view={Lazy::<routes::WorkLater>::new()}/>
                    <Route path=path!("reports") view={Lazy::<routes::FiguresLater>::new()}/>
                    <Route path=path!("retro") view={Lazy::<routes::FiguresLater>::new()}/>
                    <Route path=path!("check-in") view={Lazy::<routes::WorkLater>::new()}/>
                    <Route path=path!("edit") view={Lazy::<routes::WorkLater>::new()}/>
                </ParentRoute>
                <Route path=path!("/admin/users") view={Lazy::<routes::AdminLater>::new()}/>
                <Route path=path!("/admin/audit") view={Lazy::<routes::AdminLater>::new()}/>
                <Route path=path!("/admin/settings") view={Lazy::<routes::AdminLater>::new()}/>
                <Route path=path!("/account") view={Lazy::<routes::AdminLater>::new()}/>
            </Routes>
        </Router>
    }
}
