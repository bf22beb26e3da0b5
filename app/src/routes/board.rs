//! The board tab, and the loading both task tabs share.
use crate::loaded::load;
use leptos::prelude::*;

use super::project::use_project;
use crate::api::board::get_board;
use crate::api::tasks::list_tasks;
use crate::components::kanban::Kanban;
use crate::components::task_board::{Drawer, TaskBoard};
use crate::components::task_form::TaskDrawer;
use crate::components::ui::{failed, Spinner};
use crate::error::AppError;

/// Loads the project's tasks and board set-up, and renders `body` with them and the task drawer.
pub fn with_task_board(body: fn(TaskBoard) -> AnyView) -> impl IntoView {
    let ctx = use_project();
    // A link to a task (from a notification) opens it.
    let query = leptos_router::hooks::use_query_map();
    let opened: Option<crate::model::Id> =
        query.with_untracked(|q| q.get("task").and_then(|t| t.parse().ok()));
    // Read again when the project must be (its record changed, or too much was missed live).
    let tasks = load(
        move || (ctx.id.get(), ctx.reload.get()),
        |(id, _)| async move {
            let Some(id) = id else {
                return Err(AppError::NotFound);
            };
            let (tasks, settings) = futures::join!(list_tasks(id), get_board(id));
            Ok((tasks?, settings?))
        },
    );
    view! {
        <Transition fallback=|| view! { <Spinner/> }>
            {move || Suspend::new(async move {
                let (detail, tasks) = (ctx.detail.await, tasks.await);
                match (detail, tasks) {
                    (Err(_), _) => ().into_any(),
                    (_, Err(e)) => failed(e),
                    (Ok(p), Ok((tasks, settings))) => {
                        let editable = p.status.is_editable();
                        let open = opened.filter(|id| tasks.iter().any(|t| t.id == *id)).map(Drawer::Edit);
                        let board = TaskBoard {
                            project_id: p.id,
                            tasks: RwSignal::new(tasks),
                            members: StoredValue::new(p.members.clone()),
                            can_edit: p.permissions.edit_tasks && editable,
                            can_configure: p.permissions.configure_board && editable,
                            can_comment: p.permissions.comment && editable,
                            settings: RwSignal::new(settings),
                            drawer: RwSignal::new(open),
                            links: None,
                        };
                        board.follow_live();
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
