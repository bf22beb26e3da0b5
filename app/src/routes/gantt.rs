//! The Gantt tab: the project's schedule on a timeline.
use leptos::prelude::*;

use super::project::use_project;
use crate::api::planning::get_schedule;
use crate::components::gantt::Gantt;
use crate::components::task_form::{TaskBoard, TaskDrawer};
use crate::components::ui::{failed, Spinner};
use crate::error::AppError;

#[component]
pub fn GanttTab() -> impl IntoView {
    let ctx = use_project();
    let schedule = Resource::new(
        move || ctx.id.get(),
        |id| async move {
            match id {
                Some(id) => get_schedule(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <Spinner/> }>
            {move || Suspend::new(async move {
                match (ctx.detail.await, schedule.await) {
                    (Err(_), _) => ().into_any(),
                    (_, Err(e)) => failed(e),
                    (Ok(p), Ok(schedule)) => {
                        let board = TaskBoard {
                            project_id: p.id,
                            tasks: RwSignal::new(schedule.tasks.clone()),
                            members: StoredValue::new(p.members.clone()),
                            can_edit: p.permissions.edit_tasks && p.status.is_editable(),
                            drawer: RwSignal::new(None),
                            links: Some(RwSignal::new(schedule.links.clone())),
                        };
                        view! {
                            <Gantt board schedule/>
                            <TaskDrawer board/>
                        }
                        .into_any()
                    }
                }
            })}
        </Transition>
    }
}
