//! The activity tab: the project's discussion, and what everyone did, in words ("李娜 moved
//! 海报设计 to Review"), narrowed by person and kind, newest first, live.
use leptos::prelude::*;
use leptos_router::components::A;

use super::project::use_project;
use crate::api::comments::project_activity;
use crate::components::comments::Comments;
use crate::components::live_connection::use_live;
use crate::components::ui::{ErrorBox, Spinner};
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, I18n, K};
use crate::model::{
    ActivityFilter, ActivityItem, ActivityKind, AuditAction, AuditEntity, Id, Member,
    ProjectStatus, Thread,
};

/// One entry in words, in the reader's language.
pub fn activity_text(i18n: I18n, item: &ActivityItem) -> String {
    let who = item.actor.as_ref().map_or_else(
        || i18n.t(K::SomeoneSystem).to_string(),
        |a| a.display_name.clone(),
    );
    let to = match (item.entity, item.task_status()) {
        (AuditEntity::Task, Some(status)) => i18n.t(status.label()).to_string(),
        _ => item
            .to
            .as_deref()
            .and_then(ProjectStatus::parse)
            .map(|s| i18n.t(s.label()).to_string())
            .unwrap_or_default(),
    };
    let key = match (item.entity, item.action) {
        (AuditEntity::Comment, AuditAction::Create) => K::ActCommented,
        (AuditEntity::Task, AuditAction::Move) if item.to.is_some() => K::ActMoved,
        (_, AuditAction::Reschedule) => K::ActRescheduled,
        (AuditEntity::Project, AuditAction::Status) => K::ActStatus,
        (_, AuditAction::Approve | AuditAction::Reject) => K::ActDecided,
        (_, AuditAction::Create) => K::ActCreated,
        (_, AuditAction::Update | AuditAction::Set | AuditAction::Move) => K::ActUpdated,
        (_, AuditAction::Delete | AuditAction::Remove) => K::ActDeleted,
        _ => K::ActOther,
    };
    i18n.t(key)
        .replace("{who}", &who)
        .replace("{what}", &i18n.t(item.entity.label()).to_lowercase())
        .replace("{subject}", &item.subject)
        .replace("{to}", &to)
}

#[component]
pub fn ActivityTab() -> impl IntoView {
    let ctx = use_project();
    view! {
        <Transition fallback=|| view! { <Spinner/> }>
            {move || Suspend::new(async move {
                match ctx.detail.await {
                    Err(_) => ().into_any(),
                    Ok(p) => {
                        let thread = Thread { project_id: p.id, task_id: None };
                        let can_comment = p.permissions.comment && p.status.is_editable();
                        let moderate = p.permissions.edit_project && p.status.is_editable();
                        let mut people: Vec<Member> = p.members.clone();
                        people.sort_by(|a, b| a.user.display_name.cmp(&b.user.display_name));
                        view! {
                            <div class="activity-page">
                                <div class="card discussion">
                                    <Comments thread can_comment moderate on=p.input.name.clone()/>
                                </div>
                                <div class="card">
                                    <Feed project_id=p.id people/>
                                </div>
                            </div>
                        }
                        .into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn Feed(project_id: Id, people: Vec<Member>) -> impl IntoView {
    let i18n = use_i18n();
    let actor = RwSignal::new(None::<Id>);
    let kind = RwSignal::new(None::<ActivityKind>);
    let items = RwSignal::new(Vec::<ActivityItem>::new());
    let more = RwSignal::new(false);
    let loading = RwSignal::new(true);
    let error = RwSignal::new(None::<AppError>);
    // Each load is numbered: an answer to a filter since changed is dropped.
    let generation = StoredValue::new(0u32);

    let load = move |older: bool| {
        let filter = ActivityFilter {
            actor_id: actor.get_untracked(),
            kind: kind.get_untracked(),
            before: if older {
                items.with_untracked(|all| all.last().map(|i| i.id))
            } else {
                None
            },
        };
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        loading.set(true);
        leptos::task::spawn_local(async move {
            let result = project_activity(project_id, filter).await;
            if generation.get_value() != mine {
                return;
            }
            loading.set(false);
            match result {
                Ok(page) => {
                    if older {
                        items.update(|all| all.extend(page.items));
                        more.set(page.more);
                    } else {
                        // The newest page: keep older pages already shown after it.
                        items.update(|all| {
                            let newest_known = all.first().map(|i| i.id);
                            let fresh: Vec<ActivityItem> = page
                                .items
                                .into_iter()
                                .filter(|i| newest_known.is_none_or(|n| i.id > n))
                                .collect();
                            if newest_known.is_none() {
                                more.set(page.more);
                            }
                            all.splice(0..0, fresh);
                        });
                    }
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let refilter = move || {
        items.set(Vec::new());
        load(false);
    };
    Effect::new(move |_| load(false));
    if let Some(live) = use_live() {
        // A burst of changes (a plan rescheduled, a board reordered) reads the feed once.
        let queued = StoredValue::new(false);
        live.on_event(move |_| {
            if queued.get_value() {
                return;
            }
            queued.set_value(true);
            set_timeout(
                move || {
                    queued.set_value(false);
                    load(false);
                },
                std::time::Duration::from_millis(400),
            );
        });
    }

    view! {
        <div class="feed-head">
            <h3>{tr(K::Activity)}</h3>
            <div class="feed-filters">
                <select aria-label=move || i18n.t(K::AnyPerson) class="feed-person" on:change=move |ev| {
                    actor.set(event_target_value(&ev).parse().ok());
                    refilter();
                }>
                    <option value="">{tr(K::AnyPerson)}</option>
                    {people.into_iter().map(|m| view! { <option value=m.user.id>{m.user.display_name}</option> }).collect_view()}
                </select>
                <select aria-label=move || i18n.t(K::AnyKind) class="feed-kind" on:change=move |ev| {
                    kind.set(ActivityKind::parse(&event_target_value(&ev)));
                    refilter();
                }>
                    <option value="">{tr(K::AnyKind)}</option>
                    {ActivityKind::ALL.iter().map(|k| view! { <option value=k.as_str()>{tr(k.label())}</option> }).collect_view()}
                </select>
            </div>
        </div>
        <ErrorBox error/>
        <ol class="feed">
            <For each=move || items.get() key=|i| i.id let:item>
                <li class="feed-item" data-entity=item.entity.as_str() data-action=item.action.as_str()>
                    <span class="feed-text">
                        {let text = activity_text(i18n, &item); match item.task_id {
                            Some(task) => view! { <A href=format!("/projects/{project_id}/board?task={task}")>{text}</A> }.into_any(),
                            None => view! { <span>{text}</span> }.into_any(),
                        }}
                    </span>
                    <time class="muted small" datetime=item.at.to_rfc3339()>{item.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string()}</time>
                </li>
            </For>
        </ol>
        {move || (!loading.get() && items.with(Vec::is_empty)).then(|| view! { <p class="muted">{tr(K::NoActivity)}</p> })}
        {move || (more.get()).then(|| view! {
            <button type="button" class="btn feed-more" disabled=loading on:click=move |_| load(true)>{tr(K::OlderActivity)}</button>
        })}
    }
}
