//! The check-in tab (每日打卡): my check-in for today — my open tasks with their progress, what
//! I did, plan and am blocked by —, quick on a phone; and the team's day: who has checked in,
//! who has not, each person's run. Live: someone checking in shows at once.
use crate::loaded::load;
use leptos::prelude::*;

use super::project::use_project;
use crate::api::check_ins::{get_check_ins, save_check_in};
use crate::components::attachments::{
    chosen, upload_files, FileList, Sending, UploadFile, UploadProgress,
};
use crate::components::live_connection::use_live;
use crate::components::offline::{use_offline, Waiting};
use crate::components::ui::{failed, form_level, ErrorBox, FieldError, Spinner};
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{CheckInDay, CheckInInput, CheckInStanding, Id, Place, TaskProgress};

#[component]
pub fn CheckInTab() -> impl IntoView {
    let ctx = use_project();
    let reload = RwSignal::new(0u32);
    // Outlives the form, which is drawn again from the day as saved: what saving said.
    let saved = RwSignal::new(None::<Said>);
    let offline = use_offline();
    let loaded = load(
        // A check-in kept offline and sent since is shown as saved.
        move || {
            let delivered = offline.map(|o| o.delivered.get());
            (ctx.id.get(), reload.get(), delivered)
        },
        |(id, _, _)| async move {
            match id {
                Some(id) => get_check_ins(id, None).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    if let Some(live) = use_live() {
        live.on_event(move |event| {
            if event.change.check_ins {
                reload.update(|n| *n += 1);
            }
        });
    }
    view! {
        <Transition fallback=|| view! { <Spinner/> }>
            {move || Suspend::new(async move {
                match (ctx.detail.await, loaded.await) {
                    (Err(_), _) => ().into_any(),
                    (_, Err(e)) => failed(e),
                    (Ok(p), Ok(day)) => {
                        let editable = p.status.is_editable();
                        view! {
                            <div class="check-in-page">
                                {(day.mine && editable).then(|| view! { <MyCheckIn project_id=p.id project_name=p.input.name.clone() day=day.clone() reload saved/> })}
                                {(!day.mine).then(|| view! { <p class="muted small">{tr(K::CheckInNotYours)}</p> })}
                                <Team day/>
                            </div>
                        }
                        .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// What saving a check-in said.
#[derive(Clone, Debug, PartialEq)]
enum Said {
    Saved,
    /// Kept on this device until the connection returns.
    Kept,
    /// Saved, but the progress of these tasks (named with theirs) stayed as someone else set it.
    ProgressKept(String),
}

#[component]
fn MyCheckIn(
    project_id: Id,
    project_name: String,
    day: CheckInDay,
    reload: RwSignal<u32>,
    saved: RwSignal<Option<Said>>,
) -> impl IntoView {
    let offline = use_offline();
    let i18n = use_i18n();
    // A check-in of this project waits on this device.
    let waits = move || {
        offline.is_some_and(|o| {
            o.pending.with(|p| {
                p.iter().any(|e| {
                    matches!(&e.what, Waiting::CheckIn { check_in, .. } if check_in.project_id == project_id)
                })
            })
        })
    };
    let me = crate::components::session::use_session()
        .user()
        .map(|u| u.id);
    let mine = day
        .people
        .iter()
        .find(|s| Some(s.user.id) == me)
        .and_then(|s| s.check_in.clone());
    let already = mine.is_some();
    let done = RwSignal::new(mine.as_ref().map(|c| c.done.clone()).unwrap_or_default());
    let next = RwSignal::new(mine.as_ref().map(|c| c.next.clone()).unwrap_or_default());
    let blockers = RwSignal::new(
        mine.as_ref()
            .map(|c| c.blockers.clone())
            .unwrap_or_default(),
    );
    // Each open task's progress as it is; only those moved are sent.
    let tasks: Vec<(Id, String, u8, RwSignal<u8>)> = day
        .my_tasks
        .iter()
        .map(|t| {
            (
                t.task_id,
                t.title.clone(),
                t.progress,
                RwSignal::new(t.progress),
            )
        })
        .collect();
    let sliders = StoredValue::new(tasks.clone());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    // A photo taken or chosen, sent once the check-in is saved.
    let photo = chosen();
    let photo_name = RwSignal::new(None::<String>);
    let sending: Sending = RwSignal::new(Vec::new());
    let on_photo = move |ev: leptos::ev::Event| {
        let mut chosen = UploadFile::from_event(&ev);
        chosen.truncate(1);
        photo_name.set(chosen.first().map(|f| f.name.clone()));
        photo.set_value(chosen);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let moved: Vec<TaskProgress> = sliders.with_value(|all| {
            all.iter()
                .filter(|(_, _, was, now)| now.get_untracked() != *was)
                .map(|(id, _, was, now)| TaskProgress {
                    task_id: *id,
                    progress: now.get_untracked(),
                    was: Some(*was),
                })
                .collect()
        });
        let input = CheckInInput {
            project_id,
            user_id: None,
            done: done.get_untracked(),
            next: next.get_untracked(),
            blockers: blockers.get_untracked(),
            tasks: moved,
            day: None,
        };
        if let Err(problems) = crate::domain::validate::check_in(&input) {
            error.set(Some(AppError::Invalid(problems)));
            return;
        }
        pending.set(true);
        saved.set(None);
        let project_name = project_name.clone();
        leptos::task::spawn_local(async move {
            // Offline (or the request lost on the way), the check-in waits on this device.
            let result = match offline {
                Some(offline) => offline.save_check_in(input, project_name).await,
                None => save_check_in(input).await.map(Some),
            };
            pending.set(false);
            match result {
                Ok(None) => {
                    error.set(None);
                    saved.set(Some(Said::Kept));
                }
                Ok(Some(view)) => {
                    error.set(None);
                    let said = view
                        .kept_summary(i18n.t(K::ListSeparator))
                        .map_or(Said::Saved, Said::ProgressKept);
                    let files = photo.try_update_value(std::mem::take).unwrap_or_default();
                    photo_name.set(None);
                    if files.is_empty() {
                        saved.set(Some(said));
                        reload.update(|n| *n += 1);
                        return;
                    }
                    let sent = Callback::new(move |_| {
                        saved.set(Some(said.clone()));
                        reload.update(|n| *n += 1);
                    });
                    let failed =
                        Callback::new(move |(_, e): (String, AppError)| error.set(Some(e)));
                    upload_files(
                        project_id,
                        Place::CheckIn(view.id),
                        files,
                        true,
                        sending,
                        sent,
                        failed,
                    );
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="card form my-check-in" on:submit=submit novalidate>
            <h3>{tr(K::CheckInToday)} " " <span class="muted small">{day.day.to_string()}</span></h3>
            {(!day.working).then(|| view! { <p class="muted small">{tr(K::CheckInDayOff)}</p> })}
            <fieldset class="plain check-in-tasks">
                <legend class="field-label">{tr(K::CheckInMyTasks)}</legend>
                {if tasks.is_empty() {
                    view! { <p class="muted small">{tr(K::CheckInNoTasks)}</p> }.into_any()
                } else {
                    tasks.into_iter().map(|(id, title, _, now)| {
                        let input_id = format!("progress-{id}");
                        view! {
                            <div class="check-in-task" data-task-id=id>
                                <label for=input_id.clone()>
                                    <span class="task-name">{title}</span>
                                    <span class="task-percent">{move || format!("{}%", now.get())}</span>
                                </label>
                                <div class="check-in-slider">
                                    <input id=input_id type="range" min="0" max="100" step="10" prop:value=move || now.get().to_string()
                                        on:input=move |ev| now.set(event_target_value(&ev).parse().unwrap_or(0))/>
                                    <button type="button" class="btn small tick" class:on=move || now.get() == 100
                                        aria-pressed=move || (now.get() == 100).to_string()
                                        on:click=move |_| now.set(100)>"✓"</button>
                                </div>
                            </div>
                        }
                    }).collect_view().into_any()
                }}
                <FieldError error field="tasks"/>
            </fieldset>
            <div class="field">
                <label for="check-in-done">{tr(K::CheckInDone)}</label>
                <textarea id="check-in-done" rows="3" prop:value=done on:input=move |ev| done.set(event_target_value(&ev))></textarea>
                <FieldError error field="done"/>
            </div>
            <div class="field">
                <label for="check-in-next">{tr(K::CheckInNext)}</label>
                <textarea id="check-in-next" rows="2" prop:value=next on:input=move |ev| next.set(event_target_value(&ev))></textarea>
                <FieldError error field="next"/>
            </div>
            <div class="field">
                <label for="check-in-blockers">{tr(K::CheckInBlockers)}</label>
                <textarea id="check-in-blockers" rows="2" prop:value=blockers on:input=move |ev| blockers.set(event_target_value(&ev))></textarea>
                <FieldError error field="blockers"/>
            </div>
            <div class="field check-in-photo">
                <label class="btn file-button">
                    {tr(K::AddPhoto)}
                    <input type="file" accept="image/*" capture="environment" class="visually-hidden" data-test="check-in-photo" on:change=on_photo/>
                </label>
                {move || photo_name.get().map(|n| view! { <span class="muted small chosen-photo">{n}</span> })}
                <FieldError error field="file"/>
            </div>
            <UploadProgress sending/>
            <ErrorBox error=Signal::derive(move || form_level(error.get()))/>
            {move || saved.get().map(|said| match said {
                Said::Saved => view! { <div class="alert alert-success" role="status">{tr(K::CheckInSaved)}</div> }.into_any(),
                // Until it is sent.
                Said::Kept if !waits() => ().into_any(),
                Said::Kept => view! {
                    <div class="alert alert-info check-in-kept" role="status">
                        {tr(K::CheckInKeptOffline)}
                        {move || photo_name.with(Option::is_some).then(|| view! { " " {tr(K::FilesNeedConnection)} })}
                    </div>
                }.into_any(),
                Said::ProgressKept(tasks) => view! {
                    <div class="alert alert-warning" role="status">
                        {move || i18n.t(K::CheckInKeptProgress).replace("{tasks}", &tasks)}
                    </div>
                }.into_any(),
            })}
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=pending>
                    {move || i18n.t(if already { K::CheckInUpdate } else { K::CheckInSubmit })}
                </button>
            </div>
        </form>
    }
}

#[component]
fn Team(day: CheckInDay) -> impl IntoView {
    let i18n = use_i18n();
    let total = day.people.len();
    let checked = day.people.iter().filter(|s| s.check_in.is_some()).count();
    view! {
        <section class="card team-check-ins">
            <div class="team-head">
                <h3>{tr(K::CheckInTeam)}</h3>
                <span class="chip check-in-count">{move || i18n.t(K::CheckInCount).replace("{n}", &checked.to_string()).replace("{total}", &total.to_string())}</span>
            </div>
            <ul class="team-list">
                {day.people.into_iter().map(|s| view! { <Person s/> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Person(s: CheckInStanding) -> impl IntoView {
    let i18n = use_i18n();
    let checked = s.check_in.is_some();
    let streak = s.streak;
    view! {
        <li class="team-person" class:checked=checked data-user=s.user.id>
            <div class="team-person-head">
                <strong>{s.user.display_name.clone()}</strong>
                {if checked {
                    view! { <span class="chip checked-in">{tr(K::CheckedIn)}</span> }.into_any()
                } else {
                    view! { <span class="chip not-yet">{tr(K::NotCheckedIn)}</span> }.into_any()
                }}
                {(streak > 0).then(|| view! { <span class="streak muted small">{move || i18n.t(K::Streak).replace("{n}", &streak.to_string())}</span> })}
            </div>
            {s.check_in.map(|c| view! {
                <dl class="check-in-said">
                    {(!c.tasks.is_empty()).then(|| view! {
                        <dt>{tr(K::Tasks)}</dt>
                        <dd>{c.tasks.iter().map(|t| format!("{} {}%", t.title, t.progress)).collect::<Vec<_>>().join(" · ")}</dd>
                    })}
                    {(!c.done.is_empty()).then(|| view! { <dt>{tr(K::CheckInDone)}</dt><dd class="pre">{c.done.clone()}</dd> })}
                    {(!c.next.is_empty()).then(|| view! { <dt>{tr(K::CheckInNext)}</dt><dd class="pre">{c.next.clone()}</dd> })}
                    {(!c.blockers.is_empty()).then(|| view! { <dt class="blocker">{tr(K::CheckInBlockers)}</dt><dd class="pre blocker">{c.blockers.clone()}</dd> })}
                </dl>
                {(!c.photos.is_empty()).then(|| {
                    let photos = RwSignal::new(c.photos.clone());
                    let errors = RwSignal::new(Vec::new());
                    view! { <div class="check-in-photos"><FileList items=photos can_moderate=false errors/></div> }
                })}
            })}
        </li>
    }
}
