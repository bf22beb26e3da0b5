//! The notification centre: the alerts raised for me — overdue work, budget overruns, approvals
//! waiting —, newest first, unread ones marked; opening one marks it read.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::notifications::{mark_notifications_read, my_notifications};
use crate::components::layout::Layout;
use crate::components::ui::{failed, ErrorBox, Spinner};
use crate::domain::money::format_amount;
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, I18n, K};
use crate::model::{AlertKind, NotificationPage, NotificationView};

/// What a notification says, in the reader's language.
pub fn notification_text(i18n: I18n, n: &NotificationView) -> String {
    let d = &n.detail;
    let key = match n.kind {
        AlertKind::OverdueTask => K::AlertOverdueText,
        AlertKind::BudgetOverrun => K::AlertOverrunText,
        AlertKind::ApprovalStalled => K::AlertStalledText,
    };
    i18n.t(key)
        .replace("{title}", &d.title)
        .replace("{n}", &d.days.to_string())
        .replace("{amount}", &format_amount(d.amount, d.currency))
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
    let loaded = Resource::new(|| (), |_| my_notifications());
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
                            let text = notification_text(i18n, &n);
                            view! {
                                <li class="notification" class:unread=unread data-kind=n.kind.as_str()>
                                    <span class=format!("chip alert-{}", n.kind.as_str())>{tr(n.kind.label())}</span>
                                    <div class="notification-body">
                                        <A href=format!("/projects/{}", n.project_id) on:click=move |_| if unread { mark(vec![id]) }>{text}</A>
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
