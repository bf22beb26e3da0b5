//! The frame of every signed-in page: top bar on desktop, bottom navigation on phones, and the
//! guard that sends visitors to set-up or sign-in.
use leptos::prelude::*;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_location;

use super::session::{hard_navigate, use_session, BellCount};
use super::ui::{failed, Spinner};
use crate::api::session::logout;
use crate::api::settings::set_my_locale;
use crate::domain::policy::Action;
use crate::i18n::{tr, use_i18n, Locale, K};
use crate::theme::ThemeChoice;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_context::<super::session::Session>();
    // The other language's texts could not be fetched (offline): said, and the choice undone.
    let unavailable = RwSignal::new(false);
    let choose = move |ev: leptos::ev::Event| {
        let Some(locale) = Locale::from_tag(&event_target_value(&ev)) else {
            return;
        };
        let select = event_target::<web_sys::HtmlSelectElement>(&ev);
        leptos::task::spawn_local(async move {
            if !i18n.switch(locale).await {
                select.set_value(i18n.locale.get_untracked().tag());
                unavailable.set(true);
                return;
            }
            unavailable.set(false);
            // What is sent while the person is away is written in it too.
            if session.is_some_and(|s| s.user().is_some()) {
                let _ = set_my_locale(locale.tag().to_string()).await;
            }
        });
    };
    // One element around both: the switch and what it says when it cannot switch.
    view! {
        <span class="lang-choice">
            <select class="lang-switch" aria-label=tr(K::Language) on:change=choose>
                <option value="zh-CN" selected=move || i18n.locale.get() == Locale::Zh>"中文"</option>
                <option value="en" selected=move || i18n.locale.get() == Locale::En>"English"</option>
            </select>
            <span class="lang-unavailable" role="alert" hidden=move || !unavailable.get()
                on:click=move |_| unavailable.set(false)>
                {tr(K::LanguageUnavailable)}
            </span>
        </span>
    }
}

/// Light, dark or as the system, for this device (`crate::theme`).
#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let theme = crate::theme::use_theme();
    let label = |choice: ThemeChoice| match choice {
        ThemeChoice::System => K::ThemeSystem,
        ThemeChoice::Light => K::ThemeLight,
        ThemeChoice::Dark => K::ThemeDark,
    };
    view! {
        <div class="segmented theme-switch" role="group" aria-label=tr(K::Appearance)>
            {ThemeChoice::ALL.into_iter().map(|choice| view! {
                <button type="button" class="btn" data-theme-choice=choice.tag()
                    class:active=move || theme.choice.get() == choice
                    aria-pressed=move || (theme.choice.get() == choice).to_string()
                    on:click=move |_| theme.set(choice)>
                    {tr(label(choice))}
                </button>
            }).collect_view()}
        </div>
    }
}

#[component]
fn NavLink(
    href: &'static str,
    label: K,
    icon: &'static str,
    /// Less used: on a phone it is reached from the account page instead.
    #[prop(optional)]
    desk: bool,
) -> impl IntoView {
    let location = use_location();
    let active = move || {
        let path = location.pathname.get();
        if href == "/" {
            path == "/" || path.starts_with("/projects")
        } else {
            path.starts_with(href)
        }
    };
    view! {
        <A href=href attr:class=move || format!("nav-link{}{}", if active() { " active" } else { "" }, if desk { " desk-only" } else { "" })>
            <span class="nav-icon" aria-hidden="true">{icon}</span>
            <span class="nav-label">{tr(label)}</span>
        </A>
    }
}

/// Signed-in page frame. Renders `children` only for a signed-in person.
#[component]
pub fn Layout(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=|| view! { <Spinner/> }>
            {move || Suspend::new(async move {
                match session.0.await {
                    Err(e) => failed(e),
                    Ok(info) if info.needs_setup => view! { <Redirect path="/setup"/> }.into_any(),
                    Ok(info) => match info.user {
                        None => view! { <Redirect path="/login"/> }.into_any(),
                        Some(user) => {
                            let offline = super::offline::provide_offline(user.id);
                            super::offline::follow_kept_answers(user.id, offline.kept_at);
                            let is_admin = session.can(Action::ManageUsers);
                            let plans = session.can(Action::CreateProject);
                            let pmo = session.can(Action::ReadPmo);
                            view! {
                                <div class="app">
                                    <header class="topbar">
                                        <A href="/" attr:class="brand">
                                            <span class="brand-mark">"M"</span>
                                            <span class="brand-name">"Marquee"</span>
                                        </A>
                                        <nav class="nav" aria-label=tr(K::NavMenu)>
                                            <NavLink href="/" label=K::NavProjects icon="▦"/>
                                            <NavLink href="/my-tasks" label=K::MyTasks icon="✓"/>
                                            <NavLink href="/check-in" label=K::TabCheckIn icon="✎"/>
                                            <NavLink href="/approvals" label=K::NavApprovals icon="⚑"/>
                                            <NavLink href="/cases" label=K::CaseLibrary icon="❖"/>
                                            <NavLink href="/points" label=K::Points icon="★"/>
                                            <NavLink href="/performance" label=K::Performance icon="◔" desk=true/>
                                            <Show when=move || pmo>
                                                <NavLink href="/pmo" label=K::Pmo icon="▤" desk=true/>
                                            </Show>
                                            <Show when=move || plans>
                                                <NavLink href="/templates" label=K::NavTemplates icon="❐" desk=true/>
                                            </Show>
                                            <Show when=move || is_admin>
                                                <NavLink href="/admin/users" label=K::NavUsers icon="◍" desk=true/>
                                                <NavLink href="/admin/audit" label=K::NavAudit icon="☰" desk=true/>
                                                <NavLink href="/admin/settings" label=K::NavSettings icon="⚙" desk=true/>
                                            </Show>
                                            <NavLink href="/account" label=K::NavAccount icon="◉"/>
                                        </nav>
                                        <div class="topbar-end">
                                            <A href="/notifications" attr:class="bell" attr:aria-label=move || use_i18n().t(K::NavNotifications) attr:title=move || use_i18n().t(K::NavNotifications)>
                                                <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"/></svg>
                                                {move || {
                                                    let unread = use_context::<BellCount>().and_then(|b| b.0.get()).unwrap_or(info.unread);
                                                    (unread > 0).then(|| view! { <span class="bell-count">{unread.min(99)}</span> })
                                                }}
                                            </A>
                                            <super::offline::PendingBadge/>
                                            <LanguageSwitch/>
                                            <span class="user-name" data-testid="current-user">{user.display_name.clone()}</span>
                                            <button
                                                class="btn btn-text sign-out"
                                                on:click=move |_| {
                                                    // What waits on this device is this person's: it goes with them.
                                                    super::offline::forget(offline.user);
                                                    leptos::task::spawn_local(async move {
                                                        let _ = logout().await;
                                                        hard_navigate("/login");
                                                    });
                                                }
                                            >
                                                {tr(K::SignOut)}
                                            </button>
                                        </div>
                                    </header>
                                    <super::offline::OfflineNotice/>
                                    <main class="content">{children.with_value(|c| c())}</main>
                                </div>
                            }
                            .into_any()
                        }
                    },
                }
            })}
        </Suspense>
    }
}
