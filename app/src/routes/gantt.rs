//! The Gantt tab: the project's schedule on a timeline.
use leptos::prelude::*;

use super::project::use_project;
use crate::api::board::get_board;
use crate::api::planning::apply_holiday_year;
use crate::api::planning::get_schedule;
use crate::api::settings::list_holiday_years;
use crate::components::gantt::Gantt;
use crate::components::live_connection::use_live;
use crate::components::task_board::TaskBoard;
use crate::components::task_form::TaskDrawer;
use crate::components::ui::{failed, ErrorBox, Spinner};
use crate::domain::holidays::years_without_schedule;
use crate::domain::schedule::calendar::WorkCalendar;
use crate::error::AppError;
use crate::i18n::{tr, use_i18n, K};
use crate::model::{BoardSettings, Id, ScheduleView, TaskView};

/// The name of the page-global slot the preload script fills.
const PRELOAD_SLOT: &str = "__marqueeSchedule";

/// For a page load of a Gantt tab: a script for the page's head that asks for the schedule at
/// once, while the app's code is still downloading, so the two overlap.
pub fn preload_script(path: &str) -> Option<String> {
    let id: Id = path
        .strip_prefix("/projects/")?
        .strip_suffix("/gantt")?
        .parse()
        .ok()?;
    Some(format!(
        "window.{PRELOAD_SLOT}={{id:{id},data:fetch('/api/get_schedule',{{method:'POST',\
         headers:{{'content-type':'application/json'}},body:JSON.stringify({{project_id:{id}}})}})\
         .then(function(r){{return r.ok?r.arrayBuffer():null}}).catch(function(){{return null}})}};"
    ))
}

/// The schedule the preload script asked for, if it was for this project and arrived; taken, so
/// a later visit asks again.
#[cfg(feature = "hydrate")]
async fn preloaded(id: Id) -> Option<ScheduleView> {
    use wasm_bindgen::{JsCast, JsValue};
    let window = web_sys::window()?;
    let slot = js_sys::Reflect::get(&window, &PRELOAD_SLOT.into()).ok()?;
    if slot.is_undefined() {
        return None;
    }
    let _ = js_sys::Reflect::set(&window, &PRELOAD_SLOT.into(), &JsValue::UNDEFINED);
    if js_sys::Reflect::get(&slot, &"id".into()).ok()?.as_f64()? != id as f64 {
        return None;
    }
    let promise: js_sys::Promise = js_sys::Reflect::get(&slot, &"data".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let buffer = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    if buffer.is_null() {
        return None;
    }
    rmp_serde::from_slice(&js_sys::Uint8Array::new(&buffer).to_vec()).ok()
}

#[cfg(not(feature = "hydrate"))]
async fn preloaded(_id: Id) -> Option<ScheduleView> {
    None
}

/// The schedule: the preloaded one when there is one, else asked for now.
async fn schedule_of(id: Id) -> Result<ScheduleView, AppError> {
    match preloaded(id).await {
        Some(plan) => Ok(plan),
        None => get_schedule(id)
            .await?
            .unpack()
            .map_err(|e| AppError::Transport(e.to_string())),
    }
}

#[component]
pub fn GanttTab() -> impl IntoView {
    let ctx = use_project();
    // Fetched by the browser after hydration, not embedded in the server-rendered page: a large
    // plan would make the page itself megabytes long. (Effects run only in the browser.)
    let schedule = RwSignal::new(None::<Result<(ScheduleView, BoardSettings), AppError>>);
    Effect::new(move |_| {
        let id = ctx.id.get();
        // Read again when the project must be (its record changed, or too much was missed live).
        ctx.reload.track();
        schedule.set(None);
        leptos::task::spawn_local(async move {
            let result = match id {
                Some(id) => {
                    let (plan, settings) = futures::join!(schedule_of(id), get_board(id));
                    plan.and_then(|plan| Ok((plan, settings?)))
                }
                None => Err(AppError::NotFound),
            };
            schedule.set(Some(result));
        });
    });
    move || {
        let detail = ctx.detail.get().and_then(Result::ok);
        schedule.with(|loaded| match (detail, loaded) {
            (_, None) | (None, _) => view! { <FirstScreen/> }.into_any(),
            (_, Some(Err(e))) => failed(e.clone()),
            (Some(p), Some(Ok((schedule, settings)))) => {
                // The tasks and links (tens of thousands in a large plan) are copied once, into
                // the board's signals.
                let board = TaskBoard {
                    project_id: p.id,
                    tasks: RwSignal::new(schedule.tasks.clone()),
                    members: StoredValue::new(p.members.clone()),
                    can_edit: p.permissions.edit_tasks && p.status.is_editable(),
                    can_configure: p.permissions.configure_board && p.status.is_editable(),
                    can_comment: p.permissions.comment && p.status.is_editable(),
                    settings: RwSignal::new(settings.clone()),
                    drawer: RwSignal::new(None),
                    links: Some(RwSignal::new(schedule.links.clone())),
                };
                board.follow_live();
                // The calendar and baselines are drawn from the schedule as read: a change of
                // either reads it again.
                if let Some(live) = use_live() {
                    live.on_event(move |event| {
                        if event.change.calendar.is_some() || event.change.baseline {
                            live.reload.update(|n| *n += 1);
                        }
                    });
                }
                let gap_tasks = board.tasks;
                view! {
                    <HolidayGaps
                        tasks=gap_tasks
                        calendar=schedule.calendar.clone()
                        can_edit=p.permissions.edit_project && p.status.is_editable()
                        project_id=p.id/>
                    <Gantt
                        board
                        calendar=schedule.calendar.clone()
                        baseline=schedule.baseline.clone()
                        baseline_count=schedule.baselines.len()
                        can_edit_calendar=p.permissions.edit_project && p.status.is_editable()/>
                    <TaskDrawer board/>
                }
                .into_any()
            }
        })
    }
}

/// Until the schedule has arrived: on a page load, the chart's first screen as the server drew
/// it into the page, shown while the browser fetches the app's code and the schedule (read-only:
/// the chart itself replaces it); after a move within the app, a spinner.
#[component]
fn FirstScreen() -> impl IntoView {
    let ctx = use_project();
    view! {
        <Suspense fallback=|| view! { <Spinner/> }>
            {move || Suspend::new(async move {
                let html = drawn_on_server(ctx.id.get_untracked()).await;
                // The browser keeps what the server drew (a page being hydrated keeps an element's
                // inner HTML); the spinner shows only where nothing was drawn.
                view! {
                    <div class="gantt-first" inert=true aria-hidden="true" inner_html=html></div>
                    <Spinner/>
                }
            })}
        </Suspense>
    }
}

/// The chart's first screen as HTML, for a reader of the project: what the tab shows once the
/// schedule has arrived, as it first appears. Empty when there is nothing to draw.
#[cfg(feature = "ssr")]
async fn drawn_on_server(id: Option<Id>) -> String {
    use leptos::tachys::view::RenderHtml;

    use crate::model::ProjectStatus;
    let Some(id) = id else {
        return String::new();
    };
    let Ok((state, caller)) = crate::server::kernel::context::caller().await else {
        return String::new();
    };
    let Ok((schedule, project, role)) =
        crate::server::planning::kept_schedule(&state, &caller, id).await
    else {
        return String::new();
    };
    if schedule.tasks.is_empty() {
        return String::new();
    }
    let permissions = crate::server::kernel::authz::permissions(&caller, role);
    let editable = ProjectStatus::parse(&project.status).is_some_and(|s| s.is_editable());
    let official = crate::server::holidays::official_years(&state.db)
        .await
        .unwrap_or_default();
    // What decides how the screen looks, besides the plan at this revision.
    let (edit_tasks, edit_project) = (
        permissions.edit_tasks && editable,
        permissions.edit_project && editable,
    );
    let look = format!(
        "{}|{edit_tasks}|{edit_project}|{}|{official:?}|{:?}",
        use_i18n().locale.get_untracked().tag(),
        crate::components::ui::today(),
        crate::components::gantt::label_width::kept_width(),
    );
    if let Some(html) =
        crate::server::planning::kept_first_screen(&state, id, project.revision, &look)
    {
        return html.to_string();
    }
    let board = TaskBoard {
        project_id: id,
        tasks: RwSignal::new(schedule.tasks.clone()),
        members: StoredValue::new(Vec::new()),
        can_edit: edit_tasks,
        can_configure: false,
        can_comment: false,
        settings: RwSignal::new(BoardSettings::default()),
        drawer: RwSignal::new(None),
        links: Some(RwSignal::new(schedule.links.clone())),
    };
    let html = view! {
        <HolidayGaps
            tasks=board.tasks
            calendar=schedule.calendar.clone()
            can_edit=edit_project
            project_id=id
            official=official/>
        <Gantt
            board
            calendar=schedule.calendar.clone()
            baseline=schedule.baseline.clone()
            baseline_count=schedule.baselines.len()
            can_edit_calendar=edit_project/>
    }
    .to_html();
    crate::server::planning::keep_first_screen(
        &state,
        id,
        project.revision,
        look,
        std::sync::Arc::from(html.as_str()),
    );
    html
}

/// In the browser the page holds what the server drew, or nothing to draw is wanted.
#[cfg(not(feature = "ssr"))]
async fn drawn_on_server(_id: Option<Id>) -> String {
    String::new()
}

/// A plan that reaches a year its calendar has no official holidays for says so, and — where the
/// year's schedule is known — offers to take it in.
#[component]
fn HolidayGaps(
    tasks: RwSignal<Vec<TaskView>>,
    calendar: WorkCalendar,
    can_edit: bool,
    project_id: Id,
    /// The years with an official schedule, where already known (else read when needed).
    #[prop(optional)]
    official: Option<Vec<i32>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_project();
    let gaps = Memo::new(move |_| {
        tasks.with(|ts| {
            let from = ts
                .iter()
                .filter_map(|t| t.input.start_date.or(t.input.due_date))
                .min();
            let to = ts
                .iter()
                .filter_map(|t| t.input.due_date.or(t.input.start_date))
                .max();
            match (from, to) {
                (Some(from), Some(to)) => years_without_schedule(&calendar, from, to),
                _ => Vec::new(),
            }
        })
    });
    let error = RwSignal::new(None::<AppError>);
    // The years with an official schedule (built in, or entered by the organisation): read in
    // the browser, once, when the plan has a gap at all.
    let known = official.is_some();
    let official = RwSignal::new(official.unwrap_or_default());
    Effect::new(move |asked: Option<bool>| {
        if known || asked == Some(true) || gaps.with(Vec::is_empty) {
            return asked.unwrap_or(false);
        }
        leptos::task::spawn_local(async move {
            if let Ok(years) = list_holiday_years().await {
                official.set(years.into_iter().map(|y| y.year).collect());
            }
        });
        true
    });
    let apply = move |year: i32| {
        leptos::task::spawn_local(async move {
            match apply_holiday_year(project_id, year).await {
                Ok(_) => {
                    error.set(None);
                    ctx.reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        {move || gaps.get().into_iter().map(|year| {
            let known = official.with(|o| o.contains(&year));
            view! {
                <div class="alert holiday-gap" role="status" data-year=year>
                    <span>{i18n.t(K::HolidayGap).replace("{year}", &year.to_string())}</span>
                    {if known && can_edit {
                        view! {
                            <button type="button" class="btn" on:click=move |_| apply(year)>
                                {i18n.t(K::HolidayGapApply).replace("{year}", &year.to_string())}
                            </button>
                        }.into_any()
                    } else if !known {
                        view! { <span class="muted small">{tr(K::HolidayGapAsk)}</span> }.into_any()
                    } else {
                        ().into_any()
                    }}
                </div>
            }
        }).collect_view()}
        <ErrorBox error/>
    }
}

#[cfg(test)]
mod tests {
    use super::preload_script;

    #[test]
    fn only_a_gantt_page_preloads_its_schedule() {
        let script = preload_script("/projects/12/gantt").expect("a Gantt page");
        assert!(script.contains("project_id:12"), "{script}");
        assert!(script.contains("id:12,"), "{script}");
        assert_eq!(preload_script("/projects/12/board"), None);
        assert_eq!(preload_script("/projects/12;alert(1)/gantt"), None);
        assert_eq!(preload_script("/"), None);
    }
}
