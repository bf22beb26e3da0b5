//! The dependencies of one task, in its drawer: what it waits for and what waits for it, with a
//! form to add a link — the keyboard way to do what the Gantt chart does by dragging.
use leptos::prelude::*;

use super::task_board::TaskBoard;
use super::ui::ErrorBox;
use crate::api::planning::{create_link, delete_link};
use crate::domain::validate::LAG_MAX;
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{Id, LinkInput, LinkKind, ScheduleChange, TaskLink};

#[component]
pub fn Dependencies(board: TaskBoard, task_id: Id) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let other = RwSignal::new(None::<Id>);
    let kind = RwSignal::new(LinkKind::FinishToStart);
    let lag = RwSignal::new(String::from("0"));
    let pending = RwSignal::new(false);

    let title_of = move |id: Id| {
        board.tasks.with(|all| {
            all.iter()
                .find(|t| t.id == id)
                .map(|t| t.input.title.clone())
                .unwrap_or_default()
        })
    };
    let apply = move |change: ScheduleChange| {
        for task in change.tasks {
            board.replace(task);
        }
        if let Some(links) = board.links {
            links.set(change.links);
        }
    };
    let remove = move |link: TaskLink| {
        leptos::task::spawn_local(async move {
            match delete_link(link.id).await {
                Ok(change) => {
                    apply(change);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(predecessor_id) = other.get_untracked() else {
            error.set(Some(AppError::invalid("predecessor_id", K::ErrRequired)));
            return;
        };
        let Ok(lag_days) = lag.get_untracked().trim().parse::<i32>() else {
            error.set(Some(AppError::Invalid(vec![crate::error::FieldError {
                field: "lag_days".into(),
                key: K::ErrLagRange,
                arg: Some(i64::from(LAG_MAX)),
            }])));
            return;
        };
        let input = LinkInput {
            project_id: board.project_id,
            predecessor_id,
            successor_id: task_id,
            kind: kind.get_untracked(),
            lag_days,
        };
        if let Err(problems) = crate::domain::validate::link(&input) {
            error.set(Some(AppError::Invalid(problems)));
            return;
        }
        pending.set(true);
        leptos::task::spawn_local(async move {
            match create_link(input).await {
                Ok(change) => {
                    apply(change);
                    other.set(None);
                    lag.set("0".into());
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            pending.set(false);
        });
    };

    let row = move |link: TaskLink, waits_for: bool| {
        let other_id = if waits_for {
            link.predecessor_id
        } else {
            link.successor_id
        };
        let lag_text = move || match link.lag_days {
            0 => String::new(),
            n => format!(
                " {}{n} {}",
                if n > 0 { "+" } else { "" },
                i18n.t(K::DaysShort)
            ),
        };
        view! {
            <li class="dependency" data-link=link.id>
                <span class="chip">{tr(link.kind.label())}</span>
                <span class="dependency-title">{move || title_of(other_id)}</span>
                <span class="muted">{lag_text}</span>
                <Show when=move || board.can_edit>
                    <button type="button" class="btn btn-text small" aria-label=tr(K::RemoveLink) on:click=move |_| remove(link)>"✕"</button>
                </Show>
            </li>
        }
    };
    let list = move |waits_for: bool| {
        let Some(all_links) = board.links else {
            return ().into_any();
        };
        let links: Vec<TaskLink> = all_links.with(|all| {
            all.iter()
                .filter(|l| {
                    if waits_for {
                        l.successor_id == task_id
                    } else {
                        l.predecessor_id == task_id
                    }
                })
                .copied()
                .collect()
        });
        if links.is_empty() {
            view! { <p class="muted">{tr(K::None_)}</p> }.into_any()
        } else {
            view! { <ul class="dependency-list">{links.into_iter().map(|l| row(l, waits_for)).collect_view()}</ul> }.into_any()
        }
    };
    let choices = move || {
        board.tasks.with(|all| {
            all.iter()
                .filter(|t| t.id != task_id)
                .map(|t| (t.id, t.input.title.clone()))
                .collect::<Vec<_>>()
        })
    };

    view! {
        <section class="dependencies">
            <h3>{tr(K::Dependencies)}</h3>
            <h4>{tr(K::WaitsFor)}</h4>
            {move || list(true)}
            <h4>{tr(K::BlocksTasks)}</h4>
            {move || list(false)}
            <Show when=move || board.can_edit>
                <form class="dependency-form" on:submit=add>
                    <select id="link-predecessor" aria-label=tr(K::WaitsFor) on:change=move |ev| other.set(event_target_value(&ev).parse().ok())>
                        <option value="" selected=move || other.get().is_none()>{tr(K::ChooseTask)}</option>
                        {move || choices().into_iter().map(|(id, title)| view! {
                            <option value=id selected=move || other.get() == Some(id)>{title}</option>
                        }).collect_view()}
                    </select>
                    <select id="link-kind" aria-label=tr(K::LinkKindLabel) on:change=move |ev| if let Some(k) = LinkKind::parse(&event_target_value(&ev)) { kind.set(k) }>
                        {LinkKind::ALL.iter().map(|&k| view! {
                            <option value=k.as_str() selected=move || kind.get() == k>{tr(k.label())}</option>
                        }).collect_view()}
                    </select>
                    <label class="inline">
                        {tr(K::Lag)}
                        <input id="link-lag" type="number" min=-LAG_MAX max=LAG_MAX step="1" prop:value=lag on:input=move |ev| lag.set(event_target_value(&ev))/>
                    </label>
                    <button type="submit" class="btn" disabled=pending>{tr(K::AddDependency)}</button>
                </form>
            </Show>
            <ErrorBox error=error/>
        </section>
    }
}
