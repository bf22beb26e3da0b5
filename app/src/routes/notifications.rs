//! The notification centre: what I am told — alerts (overdue work, budget overruns, approvals
//! waiting), mentions, comments on my tasks —, newest first, unread ones marked; opening one
//! marks it read and leads to the item.
use crate::loaded::load;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::notifications::{mark_notifications_read, my_notifications};
use crate::components::layout::Layout;
use crate::components::session::BellCount;
use crate::components::ui::{failed, ErrorBox, Spinner};
use crate::domain::notices;
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{NotificationPage, NotificationView};

/// The chip: an alert's kind, or why the person is told.
fn chip_of(n: &NotificationView) -> (String, K) {
    match n.kind {
        Some(kind) => (kind.as_str().to_string(), kind.label()),
        None => (n.reason.as_str().to_string(), n.reason.label()),
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    view! {
        <Layout>
            <NotificationList/>
        </Layout>
    }
}

#[component]
fn NotificationList() -> impl IntoView {
    let loaded = load(|| (), |_| my_notifications());
    view! {
        <Transition fallback=|| view! { <Spinner/> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Err(e) => failed(e),
                    Ok(page) => view! { <Centre page=RwSignal::new(page)/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Centre(page: RwSignal<NotificationPage>) -> impl IntoView {
    let i18n = use_i18n();
    // The bell says what this page knows, which is newer than what the session said.
    if let Some(bell) = use_context::<BellCount>() {
        Effect::new(move |_| bell.0.set(Some(page.with(|p| p.unread))));
    }
    let error = RwSignal::new(None::<AppError>);
    let mark = move |ids: Vec<i64>| {
        leptos::task::spawn_local(async move {
            match mark_notifications_read(ids).await {
                Ok(p) => page.set(p),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="page-head">
            <h1>{tr(K::NavNotifications)}</h1>
            {move || (page.with(|p| p.unread) > 0).then(|| view! {
                <button class="btn mark-all-read" on:click=move |_| mark(Vec::new())>{tr(K::MarkAllRead)}</button>
            })}
        </div>
        <ErrorBox error/>
        <section class="card notifications">
            {move || {
                let items = page.with(|p| p.items.clone());
                if items.is_empty() {
                    return view! { <p class="muted">{tr(K::NoNotifications)}</p> }.into_any();
                }
                view! {
                    <ul class="notification-list">
                        {items.into_iter().map(|n| {
                            let id = n.id;
                            let unread = !n.read;
                            let text = notices::text(&n, i18n.locale.get());
                            let (chip, label) = chip_of(&n);
                            view! {
                                <li class="notification" class:unread=unread data-kind=chip.clone()>
                                    <span class=format!("chip alert-{chip}")>{tr(label)}</span>
                                    <div class="notification-body">
                                        <A href=notices::link(&n) on:click=move |_| if unread { mark(vec![id]) }>{text}</A>
                                        <div class="muted small">{n.project_name.clone()} " · " {n.created_at.format("%Y-%m-%d %H:%M").to_string()}</div>
                                    </div>
                                    {unread.then(|| view! { <span class="unread-dot" title=move || i18n.t(K::Unread)>"●"</span> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
