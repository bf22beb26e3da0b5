//! The board tab, and the loading both task tabs share.
use leptos::prelude::*;

use super::project::use_project;
use crate::api::tasks::list_tasks;
use crate::components::kanban::Kanban;
use crate::components::task_form::{TaskBoard, TaskDrawer};
use crate::components::ui::{failed, Spinner};
use crate::error::AppError;

/// Loads the project's tasks and renders `body` with them and the task drawer.
pub fn with_task_board(body: fn(TaskBoard) -> AnyView) -> impl IntoView {
    let ctx = use_project();
    let tasks = Resource::new(
        move || ctx.id.get(),
        |id| async move {
            match id {
                Some(id) => list_tasks(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <Spinner/> }>
            {move || Suspend::new(async move {
                let (detail, tasks) = (ctx.detail.await, tasks.await);
                match (detail, tasks) {
                    (Err(_), _) => ().into_any(),
                    (_, Err(e)) => failed(e),
                    (Ok(p), Ok(tasks)) => {
                        let board = TaskBoard {
                            project_id: p.id,
                            tasks: RwSignal::new(tasks),
                            members: StoredValue::new(p.members.clone()),
                            can_edit: p.permissions.edit_tasks && p.status.is_editable(),
                            drawer: RwSignal::new(None),
                            links: None,
                        };
                        view! {
                            {body(board)}
                            <TaskDrawer board/>
                        }
                        .into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
pub fn BoardTab() -> impl IntoView {
    with_task_board(|board| view! { <Kanban board/> }.into_any())
}
