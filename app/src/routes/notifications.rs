//! The notification centre: what I am told — alerts (overdue work, budget overruns, approvals
//! waiting), mentions, comments on my tasks —, newest first, unread ones marked; opening one
//! marks it read and leads to the item.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::notifications::{mark_notifications_read, my_notifications};
use crate::components::layout::Layout;
use crate::components::session::BellCount;
use crate::components::ui::{failed, ErrorBox, Spinner};
use crate::domain::money::format_amount;
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, I18n, K};
use crate::model::{AlertKind, NotificationPage, NotificationView, NotifyReason};

/// What a notification says, in the reader's language.
pub fn notification_text(i18n: I18n, n: &NotificationView) -> String {
    let who = n
        .actor
        .as_ref()
        .map(|a| a.display_name.clone())
        .unwrap_or_default();
    match (n.reason, n.kind, &n.detail) {
        (NotifyReason::Mentioned, _, _) => i18n
            .t(K::MentionedText)
            .replace("{who}", &who)
            .replace("{text}", &n.excerpt),
        (NotifyReason::ApprovalWaiting, _, _) => i18n
            .t(K::ApprovalWaitingText)
            .replace("{who}", &who)
            .replace("{title}", &n.project_name),
        (NotifyReason::RequestApproved, _, _) => i18n
            .t(K::RequestApprovedText)
            .replace("{who}", &who)
            .replace("{title}", &n.project_name),
        (NotifyReason::RequestRejected, _, _) => i18n
            .t(K::RequestRejectedText)
            .replace("{who}", &who)
            .replace("{title}", &n.project_name),
        (NotifyReason::Assigned, _, _) => i18n
            .t(K::AssignedText)
            .replace("{who}", &who)
            .replace("{title}", n.task_title.as_deref().unwrap_or_default()),
        (NotifyReason::Commented, _, _) => i18n
            .t(K::CommentedText)
            .replace("{who}", &who)
            .replace(
                "{title}",
                n.task_title.as_deref().unwrap_or(&n.project_name),
            )
            .replace("{text}", &n.excerpt),
        (NotifyReason::Alert, Some(kind), Some(d)) => {
            let key = match kind {
                AlertKind::OverdueTask => K::AlertOverdueText,
                AlertKind::BudgetOverrun => K::AlertOverrunText,
                AlertKind::ApprovalStalled => K::AlertStalledText,
                AlertKind::CheckInMissing => K::AlertCheckInText,
                AlertKind::DueSoon => K::AlertDueSoonText,
            };
            i18n.t(key)
                .replace("{title}", &d.title)
                .replace("{n}", &d.days.to_string())
                .replace("{amount}", &format_amount(d.amount, d.currency))
        }
        (NotifyReason::ReportReady, _, _) => i18n
            .t(K::ReportReadyText)
            .replace("{title}", &n.project_name),
        (NotifyReason::ReportSent, _, _) => i18n
            .t(K::ReportSentText)
            .replace("{who}", &who)
            .replace("{title}", &n.project_name),
        (NotifyReason::Alert, _, _) => i18n.t(K::ReasonAlert).to_string(),
    }
}

/// Where a notification leads: the task it is about, or its project.
fn link_of(n: &NotificationView) -> String {
    match (n.reason, n.task_id) {
        (NotifyReason::Alert, _) if n.kind == Some(AlertKind::CheckInMissing) => {
            format!("/projects/{}/check-in", n.project_id)
        }
        (NotifyReason::Alert, Some(task)) => {
            format!("/projects/{}/board?task={task}", n.project_id)
        }
        (NotifyReason::Alert, None) => format!("/projects/{}", n.project_id),
        (NotifyReason::ApprovalWaiting, _) => "/approvals".to_string(),
        (NotifyReason::ReportReady | NotifyReason::ReportSent, _) => match n.report_id {
            Some(r) => format!("/projects/{}/reports?report={r}", n.project_id),
            None => format!("/projects/{}/reports", n.project_id),
        },
        (_, Some(task)) => format!("/projects/{}/board?task={task}", n.project_id),
        (_, None) => format!("/projects/{}/activity", n.project_id),
    }
}

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
                            let text = notification_text(i18n, &n);
                            let (chip, label) = chip_of(&n);
                            view! {
                                <li class="notification" class:unread=unread data-kind=chip.clone()>
                                    <span class=format!("chip alert-{chip}")>{tr(label)}</span>
                                    <div class="notification-body">
                                        <A href=link_of(&n) on:click=move |_| if unread { mark(vec![id]) }>{text}</A>
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
