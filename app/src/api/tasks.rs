use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::{BulkEdit, Id, MyTask, TaskInput, TaskMove, TaskView};

#[server(endpoint = "list_tasks", input = Json)]
pub async fn list_tasks(project_id: Id) -> Result<Vec<TaskView>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::tasks::list(&state, &caller, project_id).await
}

#[server(endpoint = "create_task", input = Json)]
pub async fn create_task(project_id: Id, input: TaskInput) -> Result<TaskView, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::tasks::create(&state, &caller, project_id, input).await
}

#[server(endpoint = "update_task", input = Json)]
pub async fn update_task(
    task_id: Id,
    version: i32,
    input: TaskInput,
    base: Option<TaskInput>,
    #[server(default)] edit_id: Option<String>,
) -> Result<TaskView, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    let edit = crate::server::tasks::TaskEdit {
        version,
        input,
        base,
        edit_id,
    };
    crate::server::tasks::update(&state, &caller, task_id, edit).await
}

#[server(endpoint = "move_task", input = Json)]
pub async fn move_task(request: TaskMove) -> Result<TaskView, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::tasks::move_task(&state, &caller, request).await
}

#[server(endpoint = "delete_task", input = Json)]
pub async fn delete_task(task_id: Id) -> Result<(), AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::tasks::delete(&state, &caller, task_id).await
}

#[server(endpoint = "bulk_update_tasks", input = Json)]
pub async fn bulk_update_tasks(edit: BulkEdit) -> Result<Vec<TaskView>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::tasks::bulk_update(&state, &caller, edit).await
}

#[server(endpoint = "my_tasks", input = Json)]
pub async fn my_tasks() -> Result<Vec<MyTask>, AppError> {
    let (state, caller) = crate::server::kernel::context::caller().await?;
    crate::server::tasks::mine(&state, &caller).await
}
