//! The Gantt tab: the project's schedule on a timeline.
use leptos::prelude::*;

use super::project::use_project;
use crate::api::board::get_board;
use crate::api::planning::get_schedule;
use crate::components::gantt::Gantt;
use crate::components::task_form::{TaskBoard, TaskDrawer};
use crate::components::ui::{failed, Spinner};
use crate::error::AppError;
use crate::model::{BoardSettings, ScheduleView};

#[component]
pub fn GanttTab() -> impl IntoView {
    let ctx = use_project();
    // Fetched by the browser after hydration, not embedded in the server-rendered page: a large
    // plan would make the page itself megabytes long. (Effects run only in the browser.)
    let schedule = RwSignal::new(None::<Result<(ScheduleView, BoardSettings), AppError>>);
    Effect::new(move |_| {
        let id = ctx.id.get();
        schedule.set(None);
        leptos::task::spawn_local(async move {
            let result = match id {
                Some(id) => {
                    let (plan, settings) = futures::join!(get_schedule(id), get_board(id));
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
            (_, None) | (None, _) => view! { <Spinner/> }.into_any(),
            (_, Some(Err(e))) => failed(e.clone()),
            (Some(p), Some(Ok((schedule, settings)))) => {
                let schedule = schedule.clone();
                let board = TaskBoard {
                    project_id: p.id,
                    tasks: RwSignal::new(schedule.tasks.clone()),
                    members: StoredValue::new(p.members.clone()),
                    can_edit: p.permissions.edit_tasks && p.status.is_editable(),
                    can_configure: p.permissions.configure_board && p.status.is_editable(),
                    settings: RwSignal::new(settings.clone()),
                    drawer: RwSignal::new(None),
                    links: Some(RwSignal::new(schedule.links.clone())),
                };
                view! {
                    <Gantt board schedule can_edit_calendar=p.permissions.edit_project && p.status.is_editable()/>
                    <TaskDrawer board/>
                }
                .into_any()
            }
        })
    }
}
