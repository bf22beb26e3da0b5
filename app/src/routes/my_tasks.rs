//! "My tasks": everything assigned to the signed-in person across projects, grouped by when it is
//! due, with the status changeable in place.
use crate::loaded::load;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::tasks::{my_tasks, update_task};
use crate::components::layout::Layout;
use crate::components::offline::{use_offline, Saved};
use crate::components::ui::{failed, today, ErrorBox, Spinner};
use crate::domain::task_list::DueWindow;
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{MyTask, TaskStatus};

#[component]
pub fn MyTasksPage() -> impl IntoView {
    view! {
        <Layout>
            <MyTasks/>
        </Layout>
    }
}

#[component]
fn MyTasks() -> impl IntoView {
    let loaded = load(|| (), |_| my_tasks());
    view! {
        <div class="page-head"><h1>{tr(K::MyTasks)}</h1></div>
        <Transition fallback=|| view! { <Spinner/> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Err(e) => failed(e),
                    Ok(tasks) => view! { <Groups tasks=RwSignal::new(tasks)/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Groups(tasks: RwSignal<Vec<MyTask>>) -> impl IntoView {
    let i18n = use_i18n();
    let offline = use_offline();
    let show_done = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let today = today();
    let window_of = move |t: &MyTask| DueWindow::of_task(&t.task, today);
    let set_status = move |index: usize, status: TaskStatus| {
        let Some(current) = tasks.with_untracked(|all| all.get(index).cloned()) else {
            return;
        };
        let mut input = current.task.input.clone();
        input.set_status(status);
        leptos::task::spawn_local(async move {
            let base = current.task.input.clone();
            // Offline, the change is kept on the device and shown at once.
            let saved = match offline {
                Some(offline) => offline
                    .save_task(current.task.clone(), input, base)
                    .await
                    .map(|s| match s {
                        Saved::Now(saved) | Saved::Later(saved) => saved,
                    }),
                None => {
                    update_task(
                        current.task.id,
                        current.task.version,
                        input,
                        Some(base),
                        None,
                    )
                    .await
                }
            };
            match saved {
                Ok(saved) => {
                    error.set(None);
                    tasks.update(|all| {
                        if let Some(slot) = all.iter_mut().find(|t| t.task.id == saved.id) {
                            slot.task = saved;
                        }
                    });
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="toolbar">
            <label class="checkbox">
                <input type="checkbox" id="show-done" prop:checked=show_done on:change=move |ev| show_done.set(event_target_checked(&ev))/>
                {tr(K::ShowDone)}
            </label>
        </div>
        <ErrorBox error=error/>
        // Every task is drawn, finished ones too: showing or hiding those is a class on the
        // list, not drawing it again, so the box answers a tap at once on a slow phone.
        {move || {
            let all = tasks.get();
            let is_done = |t: &MyTask| t.task.input.status == TaskStatus::Done;
            let (total, open) = (all.len(), all.iter().filter(|t| !is_done(t)).count());
            let nothing_shown = move || (if show_done.get() { total } else { open }) == 0;
            let groups = DueWindow::ALL
                .iter()
                .filter_map(|&window| {
                    let group: Vec<(usize, MyTask)> = all
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| window_of(t) == window)
                        .map(|(index, t)| (index, t.clone()))
                        .collect();
                    let (in_group, open_in_group) = (group.len(), group.iter().filter(|(_, t)| !is_done(t)).count());
                    (in_group > 0).then(|| view! {
                        <section class="due-group" class:overdue=window == DueWindow::Overdue class:all-done=open_in_group == 0 data-window=window.as_str()>
                            <h2>{tr(window.label())} <span class="count">{move || if show_done.get() { in_group } else { open_in_group }}</span></h2>
                            {group.into_iter().map(|(index, t)| {
                                let status = t.task.input.status;
                                let done = is_done(&t);
                                let href = format!("/projects/{}/list", t.task.project_id);
                                view! {
                                    <article class="card my-task" class:is-done=done data-task-id=t.task.id>
                                        <div class="main">
                                            <span class="task-title">{t.task.input.title.clone()}</span>
                                            <A href=href attr:class="project-name">{t.project_name.clone()}</A>
                                        </div>
                                        <div class="side">
                                            <span class=format!("chip priority-{}", t.task.input.priority.as_str())>{tr(t.task.input.priority.label())}</span>
                                            {t.task.input.due_date.map(|d| view! {
                                                <span class="due" class:overdue=window == DueWindow::Overdue>{d.to_string()}</span>
                                            })}
                                            // The property as well as the options' attribute: a re-render reuses the element.
                                            <select class="my-task-status" prop:value=status.as_str() aria-label=move || format!("{} · {}", i18n.t(K::Status), t.task.input.title)
                                                disabled=!t.editable
                                                on:change=move |ev| if let Some(s) = TaskStatus::parse(&event_target_value(&ev)) { set_status(index, s) }>
                                                {TaskStatus::ALL.iter().map(|s| view! { <option value=s.as_str() selected=*s == status>{tr(s.label())}</option> }).collect_view()}
                                            </select>
                                        </div>
                                    </article>
                                }
                            }).collect_view()}
                        </section>
                    })
                })
                .collect_view();
            view! {
                <Show when=nothing_shown>
                    <div class="card empty muted">{tr(K::MyTasksEmpty)}</div>
                </Show>
                <div class="my-task-groups" class:hide-done=move || !show_done.get()>{groups}</div>
            }
        }}
    }
}
