//! Tasks: the work breakdown tree of a project, edited from the list and the board.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

use super::kernel::authz::{require_changeable_project, require_project};
use super::kernel::entity::{applied_edit, project, project_member, task, task_link};
use super::kernel::notices::{self, Notice};
use super::kernel::records::status_of;
use super::kernel::{audit, AppState, Caller};
use super::task_rows::{input_of, save, set_task_labels, task_labels, view, views};
use super::{board, planning};
use crate::domain::board::column_of;
use crate::domain::merge::merge_task;
use crate::domain::ordering::{slot_at, GAP};
use crate::domain::policy::Action;
use crate::domain::tree::{subtree, would_cycle};
use crate::domain::validate;
use crate::error::{AppError, AppResult};
use crate::i18n::K;
use crate::live::ProjectChange;
use crate::model::{
    AuditAction, AuditEntity, BulkEdit, Id, LaneChange, MyTask, NotifyReason, NotifyTopic,
    TaskInput, TaskMove, TaskProgress, TaskStatus, TaskView,
};

/// What a change of tasks tells the project's watchers: the tasks the engine moved along, then
/// the task itself as it ended up.
async fn task_change<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    moved: &[task::Model],
    result: &TaskView,
) -> AppResult<ProjectChange> {
    Ok(ProjectChange::tasks(views(db, project_id, moved).await?).with_tasks([result.clone()]))
}

/// Tells a task's owner it was given to them, when it was given to someone new by someone else.
async fn assigned<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    t: &task::Model,
    before: Option<Id>,
) -> AppResult<()> {
    let Some(owner) = t.owner_id.filter(|o| Some(*o) != before) else {
        return Ok(());
    };
    let notice = Notice::new(owner, NotifyReason::Assigned, t.project_id)
        .task(Some(t.id))
        .by(caller.id);
    notices::tell_once(db, notice, NotifyTopic::Assigned).await?;
    Ok(())
}

/// Loads a task and its project, checking the caller may edit the project's tasks.
async fn editable_task<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    task_id: Id,
) -> AppResult<(task::Model, project::Model)> {
    let found = task::Entity::find_by_id(task_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = require_changeable_project(db, caller, found.project_id, Action::EditTasks).await?;
    Ok((found, p))
}

/// The parent must be a task of the same project and not the task itself or below it; the owner
/// must be a member of the project.
async fn check_references<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    task_id: Option<Id>,
    input: &TaskInput,
) -> AppResult<()> {
    if let Some(parent) = input.parent_id {
        let tree: HashMap<Id, Option<Id>> = task::Entity::find()
            .filter(task::Column::ProjectId.eq(project_id))
            .all(db)
            .await?
            .into_iter()
            .map(|t| (t.id, t.parent_id))
            .collect();
        if !tree.contains_key(&parent) {
            return Err(AppError::invalid("parent_id", K::ErrUnknownParent));
        }
        if task_id.is_some_and(|id| would_cycle(id, parent, &tree)) {
            return Err(AppError::invalid("parent_id", K::ErrParentCycle));
        }
    }
    if let Some(owner) = input.owner_id {
        if project_member::Entity::find_by_id((project_id, owner))
            .one(db)
            .await?
            .is_none()
        {
            return Err(AppError::invalid("owner_id", K::ErrOwnerNotMember));
        }
    }
    Ok(())
}

async fn end_of_column<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    status: TaskStatus,
) -> AppResult<i64> {
    let last = task::Entity::find()
        .filter(task::Column::ProjectId.eq(project_id))
        .filter(task::Column::Status.eq(status.as_str()))
        .order_by_desc(task::Column::SortOrder)
        .one(db)
        .await?;
    Ok(last.map_or(0, |t| t.sort_order) + GAP)
}

pub async fn list(state: &AppState, caller: &Caller, project_id: Id) -> AppResult<Vec<TaskView>> {
    require_project(&state.db, caller, project_id, Action::ViewProject).await?;
    let rows = task::Entity::find()
        .filter(task::Column::ProjectId.eq(project_id))
        .order_by_asc(task::Column::SortOrder)
        .order_by_asc(task::Column::Id)
        .all(&state.db)
        .await?;
    views(&state.db, project_id, &rows).await
}

pub async fn create(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
    input: TaskInput,
) -> AppResult<TaskView> {
    let txn = state.begin_write().await?;
    let p = require_changeable_project(&txn, caller, project_id, Action::EditTasks).await?;
    validate::task(&input).map_err(AppError::Invalid)?;
    check_references(&txn, project_id, None, &input).await?;
    let column_id = board::checked_column(&txn, project_id, input.status, input.column_id).await?;
    let now = Utc::now();
    let created = task::ActiveModel {
        project_id: Set(project_id),
        parent_id: Set(input.parent_id),
        title: Set(input.title.trim().to_string()),
        description: Set(input.description.clone()),
        deliverable: Set(input.deliverable.clone()),
        owner_id: Set(input.owner_id),
        start_date: Set(input.start_date),
        due_date: Set(input.due_date),
        status: Set(input.status.as_str().to_string()),
        priority: Set(input.priority.as_str().to_string()),
        progress: Set(i16::from(input.progress)),
        milestone: Set(input.milestone),
        sort_order: Set(end_of_column(&txn, project_id, input.status).await?),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        column_id: Set(column_id),
        done_at: Set((input.status == TaskStatus::Done).then_some(now)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut after = input_of(&created);
    after.labels = set_task_labels(&txn, project_id, created.id, &input.labels).await?;
    audit::Entry::new(AuditEntity::Task, created.id, AuditAction::Create)
        .in_project(project_id)
        .by(caller.id)
        .after(&after)
        .write(&txn)
        .await?;
    // A dated task may have to wait for nothing yet, but its parent's dates now include it.
    let moved = planning::reconcile(&txn, caller.id, &p, &[], &[created.id]).await?;
    let created = reload(&txn, created.id).await?;
    assigned(&txn, caller, &created, None).await?;
    let result = view(&txn, &created).await?;
    let change = task_change(&txn, project_id, &moved, &result).await?;
    state.commit_change(txn, project_id, caller, change).await?;
    Ok(result)
}

/// An edit of a task: the version it was based on, the task as edited and, so that edits of
/// different fields by different people both survive, the task as it was when editing began;
/// made offline, the edit's own id, so that sending it again does not apply it again.
pub struct TaskEdit {
    pub version: i32,
    pub input: TaskInput,
    pub base: Option<TaskInput>,
    pub edit_id: Option<String>,
}

pub async fn update(
    state: &AppState,
    caller: &Caller,
    task_id: Id,
    edit: TaskEdit,
) -> AppResult<TaskView> {
    if let Some(id) = &edit.edit_id {
        validate::edit_id(id).map_err(AppError::Invalid)?;
    }
    let txn = state.begin_write().await?;
    let (current, p) = editable_task(&txn, caller, task_id).await?;
    if applied_already(&txn, caller, task_id, edit.edit_id.as_deref()).await? {
        return view(&txn, &current).await;
    }
    let mut before = input_of(&current);
    before.labels = task_labels(&txn, p.id, &[task_id])
        .await?
        .remove(&task_id)
        .unwrap_or_default();
    // Someone saved the task since this edit began: keep both where they changed different
    // fields; refuse, showing the task as it is now, where they changed the same one.
    let input = if edit.version == current.version {
        edit.input
    } else {
        let Some(base) = edit.base else {
            return Err(AppError::Conflict);
        };
        match merge_task(&base, &edit.input, &before) {
            Ok(merged) => merged,
            Err(fields) => {
                return Err(AppError::EditConflict {
                    fields,
                    current: Box::new(view(&txn, &current).await?),
                })
            }
        }
    };
    validate::task(&input).map_err(AppError::Invalid)?;
    check_references(&txn, p.id, Some(task_id), &input).await?;
    let column_id = board::checked_column(&txn, p.id, input.status, input.column_id).await?;
    let mut changed: task::ActiveModel = current.clone().into();
    changed.parent_id = Set(input.parent_id);
    changed.title = Set(input.title.trim().to_string());
    changed.description = Set(input.description.clone());
    changed.deliverable = Set(input.deliverable.clone());
    changed.owner_id = Set(input.owner_id);
    changed.start_date = Set(input.start_date);
    changed.due_date = Set(input.due_date);
    changed.priority = Set(input.priority.as_str().to_string());
    changed.progress = Set(i16::from(input.progress));
    changed.milestone = Set(input.milestone);
    changed.column_id = Set(column_id);
    if input.status.as_str() != current.status {
        changed.status = Set(input.status.as_str().to_string());
        changed.sort_order = Set(end_of_column(&txn, p.id, input.status).await?);
    }
    let saved = save(&txn, task_id, current.version, changed).await?;
    remember_edit(&txn, caller, task_id, edit.edit_id).await?;
    let mut after = input_of(&saved);
    after.labels = set_task_labels(&txn, p.id, task_id, &input.labels).await?;
    audit::Entry::new(AuditEntity::Task, task_id, AuditAction::Update)
        .in_project(p.id)
        .by(caller.id)
        .before(&before)
        .after(&after)
        .write(&txn)
        .await?;
    // New dates, a new parent or a new progress reach dependents and summaries.
    let moved = planning::reconcile(&txn, caller.id, &p, &[], &[task_id]).await?;
    let saved = reload(&txn, task_id).await?;
    assigned(&txn, caller, &saved, current.owner_id).await?;
    let result = view(&txn, &saved).await?;
    let change = task_change(&txn, p.id, &moved, &result).await?;
    state.commit_change(txn, p.id, caller, change).await?;
    Ok(result)
}

/// Whether the edit `id` (made offline) was applied already — its answer lost on the way, or
/// sent again by another tab —, so the caller answers with the task as it is now and applies
/// nothing twice. Someone else's id, or one made on another task, is refused.
async fn applied_already<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    task_id: Id,
    id: Option<&str>,
) -> AppResult<bool> {
    let Some(id) = id else { return Ok(false) };
    match applied_edit::Entity::find_by_id(id.to_ascii_lowercase())
        .one(db)
        .await?
    {
        None => Ok(false),
        Some(done) if done.user_id == caller.id && done.task_id == task_id => Ok(true),
        Some(_) => Err(AppError::invalid("edit_id", K::ErrEditId)),
    }
}

/// How long the server remembers an applied edit's id: far longer than a device stays offline.
const EDITS_REMEMBERED_DAYS: i64 = 90;

/// Remembers that the edit `id` was applied, in the transaction that applied it (forgotten by
/// [`run_forget_edits`] after longer than anyone waits to send one again).
async fn remember_edit<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    task_id: Id,
    id: Option<String>,
) -> AppResult<()> {
    let Some(id) = id else { return Ok(()) };
    applied_edit::Entity::insert(applied_edit::ActiveModel {
        edit_id: Set(id.to_ascii_lowercase()),
        user_id: Set(caller.id),
        task_id: Set(task_id),
        applied_at: Set(Utc::now()),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Forgets the ids of edits applied more than 90 days before `now`; how many it forgot.
pub async fn forget_old_edits<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> AppResult<u64> {
    let done = applied_edit::Entity::delete_many()
        .filter(
            applied_edit::Column::AppliedAt.lt(now - chrono::Duration::days(EDITS_REMEMBERED_DAYS)),
        )
        .exec(db)
        .await?;
    Ok(done.rows_affected)
}

/// Forgets old edit ids every hour, for as long as the server runs.
pub async fn run_forget_edits(state: AppState) {
    loop {
        match forget_old_edits(&state.db, Utc::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(edits = n, "ids of edits applied long ago forgotten"),
            Err(e) => tracing::warn!(error = ?e, "forgetting old edit ids"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
}

/// Moves a card to a board column, before another card or at the end, taking the column's status
/// and, when dropped in another swimlane, the lane's owner or priority. Moving to a "done" column
/// completes the task.
pub async fn move_task(
    state: &AppState,
    caller: &Caller,
    request: TaskMove,
) -> AppResult<TaskView> {
    if let Some(id) = &request.edit_id {
        validate::edit_id(id).map_err(AppError::Invalid)?;
    }
    let txn = state.begin_write().await?;
    let (current, p) = editable_task(&txn, caller, request.task_id).await?;
    if applied_already(&txn, caller, current.id, request.edit_id.as_deref()).await? {
        return view(&txn, &current).await;
    }
    let columns = board::columns(&txn, p.id).await?;
    let target = columns
        .iter()
        .find(|c| c.id == request.column_id)
        .cloned()
        .ok_or_else(|| AppError::invalid("column_id", K::ErrUnknownColumn))?;
    let status = target.category;
    // Made on an older version (offline): refused, showing the task as it is now, where someone
    // changed meanwhile a field the move changes too.
    if let (Some(version), Some(base)) = (request.version, &request.base) {
        if version != current.version {
            let mut mine = base.clone();
            mine.status = status;
            mine.column_id = Some(target.id);
            if status == TaskStatus::Done {
                mine.progress = 100;
            }
            match request.lane {
                None => {}
                Some(LaneChange::Priority(priority)) => mine.priority = priority,
                Some(LaneChange::Owner(owner)) => mine.owner_id = owner,
            }
            if let Err(fields) = merge_task(base, &mine, &input_of(&current)) {
                return Err(AppError::EditConflict {
                    fields,
                    current: Box::new(view(&txn, &current).await?),
                });
            }
        }
    }
    // The cards of the target column, as the board shows them, without the moved one.
    let mut column: Vec<task::Model> = task::Entity::find()
        .filter(task::Column::ProjectId.eq(p.id))
        .filter(task::Column::Status.eq(status.as_str()))
        .filter(task::Column::Id.ne(current.id))
        .all(&txn)
        .await?
        .into_iter()
        .filter(|t| column_of(status, t.column_id, &columns) == Some(target.id))
        .collect();
    column.sort_by_key(|t| (t.sort_order, t.id));
    let position = match request.before_id {
        Some(before) => match column.iter().position(|t| t.id == before) {
            Some(at) => at,
            // Sent later, the card it was dropped before may have moved on: the end.
            None if request.edit_id.is_some() => column.len(),
            None => return Err(AppError::invalid("before_id", K::ErrNotFound)),
        },
        None => column.len(),
    };
    let positions: Vec<i64> = column.iter().map(|t| t.sort_order).collect();
    let order = match slot_at(&positions, position) {
        Some(order) => order,
        None => {
            // No room left between the neighbours: renumber the column with even gaps.
            for (i, t) in column.iter().enumerate() {
                let slot = (i as i64 + if i >= position { 2 } else { 1 }) * GAP;
                task::Entity::update_many()
                    .col_expr(
                        task::Column::SortOrder,
                        sea_orm::sea_query::Expr::value(slot),
                    )
                    .filter(task::Column::Id.eq(t.id))
                    .exec(&txn)
                    .await?;
            }
            (position as i64 + 1) * GAP
        }
    };
    let mut changed: task::ActiveModel = current.clone().into();
    changed.status = Set(status.as_str().to_string());
    changed.column_id = Set(Some(target.id));
    changed.sort_order = Set(order);
    if status == TaskStatus::Done {
        changed.progress = Set(100);
    }
    match request.lane {
        None => {}
        Some(LaneChange::Priority(priority)) => {
            changed.priority = Set(priority.as_str().to_string());
        }
        Some(LaneChange::Owner(owner)) => {
            let input = TaskInput {
                owner_id: owner,
                ..input_of(&current)
            };
            check_references(&txn, p.id, Some(current.id), &input).await?;
            changed.owner_id = Set(owner);
        }
    }
    let saved = save(&txn, current.id, current.version, changed).await?;
    remember_edit(&txn, caller, current.id, request.edit_id).await?;
    assigned(&txn, caller, &saved, current.owner_id).await?;
    let snapshot = |t: &task::Model| {
        serde_json::json!({
            "status": t.status, "column_id": t.column_id, "sort_order": t.sort_order,
            "owner_id": t.owner_id, "priority": t.priority,
        })
    };
    audit::Entry::new(AuditEntity::Task, current.id, AuditAction::Move)
        .in_project(p.id)
        .by(caller.id)
        .before(&snapshot(&current))
        .after(&snapshot(&saved))
        .write(&txn)
        .await?;
    let moved = planning::reconcile(&txn, caller.id, &p, &[], &[current.id]).await?;
    let saved = reload(&txn, current.id).await?;
    let result = view(&txn, &saved).await?;
    let change = task_change(&txn, p.id, &moved, &result).await?;
    state.commit_change(txn, p.id, caller, change).await?;
    Ok(result)
}

/// Applies one change to many tasks of a project, all or nothing: if any task would become
/// invalid, nothing changes. Each task's change is audited; dependents move along once.
pub async fn bulk_update(
    state: &AppState,
    caller: &Caller,
    edit: BulkEdit,
) -> AppResult<Vec<TaskView>> {
    let txn = state.begin_write().await?;
    let p = require_changeable_project(&txn, caller, edit.project_id, Action::EditTasks).await?;
    validate::bulk(&edit).map_err(AppError::Invalid)?;
    let mut ids = edit.task_ids.clone();
    ids.sort_unstable();
    ids.dedup();
    let rows = task::Entity::find()
        .filter(task::Column::ProjectId.eq(p.id))
        .filter(task::Column::Id.is_in(ids.clone()))
        .all(&txn)
        .await?;
    if rows.len() != ids.len() {
        return Err(AppError::invalid("task_ids", K::ErrUnknownTask));
    }
    let mut labels = task_labels(&txn, p.id, &ids).await?;
    for current in &rows {
        let mut before = input_of(current);
        before.labels = labels.remove(&current.id).unwrap_or_default();
        let next = edit.apply(&before);
        validate::task(&next).map_err(AppError::Invalid)?;
        check_references(&txn, p.id, Some(current.id), &next).await?;
        let mut changed: task::ActiveModel = current.clone().into();
        changed.owner_id = Set(next.owner_id);
        if next.owner_id != current.owner_id {
            let mut given = current.clone();
            given.owner_id = next.owner_id;
            assigned(&txn, caller, &given, current.owner_id).await?;
        }
        changed.priority = Set(next.priority.as_str().to_string());
        changed.start_date = Set(next.start_date);
        changed.due_date = Set(next.due_date);
        changed.progress = Set(i16::from(next.progress));
        changed.column_id = Set(next.column_id);
        if next.status != before.status {
            changed.status = Set(next.status.as_str().to_string());
            changed.sort_order = Set(end_of_column(&txn, p.id, next.status).await?);
        }
        let saved = save(&txn, current.id, current.version, changed).await?;
        let mut after = input_of(&saved);
        after.labels = set_task_labels(&txn, p.id, current.id, &next.labels).await?;
        audit::Entry::new(AuditEntity::Task, current.id, AuditAction::Update)
            .in_project(p.id)
            .by(caller.id)
            .before(&before)
            .after(&after)
            .write(&txn)
            .await?;
    }
    let moved = planning::reconcile(&txn, caller.id, &p, &[], &ids).await?;
    let all = task::Entity::find()
        .filter(task::Column::ProjectId.eq(p.id))
        .order_by_asc(task::Column::SortOrder)
        .order_by_asc(task::Column::Id)
        .all(&txn)
        .await?;
    let result = views(&txn, p.id, &all).await?;
    let touched: Vec<TaskView> = result
        .iter()
        .filter(|t| ids.contains(&t.id) || moved.iter().any(|m| m.id == t.id))
        .cloned()
        .collect();
    state
        .commit_change(txn, p.id, caller, ProjectChange::tasks(touched))
        .await?;
    Ok(result)
}

/// Sets the progress of tasks of `p` as a check-in reports it (100 finishes a task); what to
/// send the project's watchers, each task's id, title and progress as saved, and those left as
/// someone else set them after an offline check-in was written (with that progress).
pub async fn set_progress<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    p: &project::Model,
    updates: &[TaskProgress],
) -> AppResult<(ProjectChange, Vec<(Id, String, u8)>, Vec<(Id, String, u8)>)> {
    if updates.is_empty() {
        return Ok((ProjectChange::default(), Vec::new(), Vec::new()));
    }
    let mut ids: Vec<Id> = updates.iter().map(|u| u.task_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let rows = task::Entity::find()
        .filter(task::Column::ProjectId.eq(p.id))
        .filter(task::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?;
    if rows.len() != ids.len() {
        return Err(AppError::invalid("tasks", K::ErrUnknownTask));
    }
    let mut ticked = Vec::new();
    let mut kept = Vec::new();
    for id in &ids {
        // The last word on a task counts.
        let (Some(u), Some(current)) = (
            updates.iter().rev().find(|u| u.task_id == *id),
            rows.iter().find(|t| t.id == *id),
        ) else {
            continue;
        };
        let before = input_of(current);
        // Written offline, and someone set another progress since: theirs stays.
        if u.was
            .is_some_and(|was| before.progress != was && before.progress != u.progress.min(100))
        {
            kept.push((current.id, current.title.clone(), before.progress));
            continue;
        }
        let mut changed: task::ActiveModel = current.clone().into();
        changed.progress = Set(i16::from(u.progress.min(100)));
        if u.progress >= 100 && before.status != TaskStatus::Done {
            changed.status = Set(TaskStatus::Done.as_str().to_string());
            changed.column_id = Set(None);
            changed.sort_order = Set(end_of_column(db, p.id, TaskStatus::Done).await?);
        }
        let saved = save(db, current.id, current.version, changed).await?;
        audit::Entry::new(AuditEntity::Task, current.id, AuditAction::Update)
            .in_project(p.id)
            .by(caller.id)
            .before(&before)
            .after(&input_of(&saved))
            .write(db)
            .await?;
        ticked.push((saved.id, saved.title.clone(), u.progress.min(100)));
    }
    // Only the tasks it set moved; those left as someone else set them are as they were.
    let set: Vec<Id> = ticked.iter().map(|(id, _, _)| *id).collect();
    if set.is_empty() {
        return Ok((ProjectChange::default(), ticked, kept));
    }
    let moved = planning::reconcile(db, caller.id, p, &[], &set).await?;
    let touched: Vec<Id> = set
        .iter()
        .copied()
        .chain(moved.iter().map(|m| m.id))
        .collect();
    let rows = task::Entity::find()
        .filter(task::Column::Id.is_in(touched))
        .all(db)
        .await?;
    Ok((
        ProjectChange::tasks(views(db, p.id, &rows).await?),
        ticked,
        kept,
    ))
}

/// The caller's own tasks across the projects they can still see, most urgent first.
pub async fn mine(state: &AppState, caller: &Caller) -> AppResult<Vec<MyTask>> {
    let rows = task::Entity::find()
        .filter(task::Column::OwnerId.eq(caller.id))
        .order_by_asc(task::Column::DueDate)
        .order_by_asc(task::Column::Id)
        .all(&state.db)
        .await?;
    let mut project_ids: Vec<Id> = rows.iter().map(|t| t.project_id).collect();
    project_ids.sort_unstable();
    project_ids.dedup();
    let mut result = Vec::new();
    for project_id in project_ids {
        // Being an owner once does not keep a removed member in a project.
        let (p, role) =
            match require_project(&state.db, caller, project_id, Action::ViewProject).await {
                Ok(found) => found,
                Err(AppError::NotFound | AppError::Forbidden) => continue,
                Err(e) => return Err(e),
            };
        if !status_of(&p).is_editable() {
            continue;
        }
        let editable = crate::domain::policy::allows(caller.role, role, Action::EditTasks);
        let mine: Vec<task::Model> = rows
            .iter()
            .filter(|t| t.project_id == project_id)
            .cloned()
            .collect();
        result.extend(
            views(&state.db, project_id, &mine)
                .await?
                .into_iter()
                .map(|task| MyTask {
                    task,
                    project_name: p.name.clone(),
                    editable,
                }),
        );
    }
    Ok(result)
}

/// Deletes a task with all its subtasks.
pub async fn delete(state: &AppState, caller: &Caller, task_id: Id) -> AppResult<()> {
    let txn = state.begin_write().await?;
    let (current, p) = editable_task(&txn, caller, task_id).await?;
    let all = task::Entity::find()
        .filter(task::Column::ProjectId.eq(p.id))
        .all(&txn)
        .await?;
    let doomed = subtree(current.id, &all, |t| t.id, |t| t.parent_id);
    // Their dependencies go first, each with its own audit entry.
    let links = task_link::Entity::find()
        .filter(task_link::Column::ProjectId.eq(p.id))
        .all(&txn)
        .await?;
    let mut removed_links = Vec::new();
    for l in links
        .iter()
        .filter(|l| doomed.contains(&l.predecessor_id) || doomed.contains(&l.successor_id))
    {
        removed_links.push(l.id);
        task_link::Entity::delete_by_id(l.id).exec(&txn).await?;
        audit::Entry::new(AuditEntity::TaskLink, l.id, AuditAction::Delete).in_project(p.id).by(caller.id).before(&serde_json::json!({ "predecessor_id": l.predecessor_id, "successor_id": l.successor_id, "kind": l.kind, "lag_days": l.lag_days })).write(&txn)
        .await?;
    }
    // Children first, so no foreign key points at a deleted row.
    for id in doomed.iter().rev() {
        if let Some(t) = all.iter().find(|t| t.id == *id) {
            task::Entity::delete_by_id(*id).exec(&txn).await?;
            audit::Entry::new(AuditEntity::Task, *id, AuditAction::Delete)
                .in_project(p.id)
                .by(caller.id)
                .before(&input_of(t))
                .write(&txn)
                .await?;
        }
    }
    let moved = planning::reconcile(&txn, caller.id, &p, &[], &[]).await?;
    let change = ProjectChange {
        tasks: views(&txn, p.id, &moved).await?,
        removed_tasks: doomed.clone(),
        removed_links,
        ..Default::default()
    };
    state.commit_change(txn, p.id, caller, change).await?;
    Ok(())
}

async fn reload<C: ConnectionTrait>(db: &C, id: Id) -> AppResult<task::Model> {
    task::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}
