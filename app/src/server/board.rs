//! The kanban board's set-up: columns (each counting as one task status, with a colour and a WIP
//! limit) and labels, per project.
use std::collections::HashSet;

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};

use super::kernel::authz::{require_changeable_project, require_project};
use super::kernel::entity::{board_column, label, task, task_label};
use super::kernel::{audit, AppState, Caller};
use super::task_rows;
use crate::domain::board::{column_of, default_columns, leaves_every_status, ordered};
use crate::domain::ordering::GAP;
use crate::domain::policy::Action;
use crate::domain::validate::{self, COLUMNS_MAX, LABELS_MAX};
use crate::error::{AppError, AppResult};
use crate::i18n::K;
use crate::live::ProjectChange;
use crate::model::{
    AuditAction, AuditEntity, BoardColumn, BoardSettings, Colour, ColumnInput, Id, Label,
    LabelInput, TaskStatus,
};

fn column_view(c: &board_column::Model) -> BoardColumn {
    BoardColumn {
        id: c.id,
        name: c.name.clone(),
        category: TaskStatus::parse(&c.category).unwrap_or(TaskStatus::Todo),
        colour: Colour::parse(&c.colour).unwrap_or(Colour::Grey),
        wip_limit: c.wip_limit.and_then(|l| u32::try_from(l).ok()),
        position: c.position,
    }
}

fn label_view(l: &label::Model) -> Label {
    Label {
        id: l.id,
        name: l.name.clone(),
        colour: Colour::parse(&l.colour).unwrap_or(Colour::Grey),
    }
}

pub async fn columns<C: ConnectionTrait>(db: &C, project_id: Id) -> AppResult<Vec<BoardColumn>> {
    let rows = board_column::Entity::find()
        .filter(board_column::Column::ProjectId.eq(project_id))
        .all(db)
        .await?;
    Ok(ordered(&rows.iter().map(column_view).collect::<Vec<_>>()))
}

async fn labels<C: ConnectionTrait>(db: &C, project_id: Id) -> AppResult<Vec<Label>> {
    let mut rows: Vec<Label> = label::Entity::find()
        .filter(label::Column::ProjectId.eq(project_id))
        .all(db)
        .await?
        .iter()
        .map(label_view)
        .collect();
    rows.sort_by_key(|l| l.name.to_lowercase());
    Ok(rows)
}

async fn settings<C: ConnectionTrait>(db: &C, project_id: Id) -> AppResult<BoardSettings> {
    Ok(BoardSettings {
        columns: columns(db, project_id).await?,
        labels: labels(db, project_id).await?,
    })
}

/// The column a task may be put in: one of the project's, of the task's status; else none (the
/// first column of the status).
pub async fn checked_column<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    status: TaskStatus,
    column_id: Option<Id>,
) -> AppResult<Option<Id>> {
    let Some(id) = column_id else {
        return Ok(None);
    };
    let found = board_column::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|c| c.project_id == project_id)
        .ok_or_else(|| AppError::invalid("column_id", K::ErrUnknownColumn))?;
    Ok((found.category == status.as_str()).then_some(id))
}

/// The columns a new project's board starts with.
pub async fn create_defaults<C: ConnectionTrait>(db: &C, project_id: Id) -> AppResult<()> {
    for (i, (category, colour)) in default_columns().into_iter().enumerate() {
        board_column::ActiveModel {
            project_id: Set(project_id),
            name: Set(String::new()),
            category: Set(category.as_str().to_string()),
            colour: Set(colour.as_str().to_string()),
            wip_limit: Set(None),
            position: Set((i as i64 + 1) * GAP),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

pub async fn get(state: &AppState, caller: &Caller, project_id: Id) -> AppResult<BoardSettings> {
    require_project(&state.db, caller, project_id, Action::ViewProject).await?;
    settings(&state.db, project_id).await
}

/// Moves every card shown in `from` to the end of `to`, taking `to`'s status; each move is
/// audited.
/// A change of the board, with the cards it moved, for the project's watchers.
async fn board_change<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    settings: &BoardSettings,
    moved: &[Id],
) -> AppResult<ProjectChange> {
    let cards = if moved.is_empty() {
        Vec::new()
    } else {
        let rows = task::Entity::find()
            .filter(task::Column::Id.is_in(moved.to_vec()))
            .all(db)
            .await?;
        task_rows::views(db, project_id, &rows).await?
    };
    Ok(ProjectChange {
        board: Some(settings.clone()),
        tasks: cards,
        ..Default::default()
    })
}

async fn move_cards<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    project_id: Id,
    board: &[BoardColumn],
    from: Id,
    to: &BoardColumn,
) -> AppResult<Vec<Id>> {
    let all = task::Entity::find()
        .filter(task::Column::ProjectId.eq(project_id))
        .all(db)
        .await?;
    let mut next = all.iter().map(|t| t.sort_order).max().unwrap_or(0) + GAP;
    let mut moved = Vec::new();
    for t in &all {
        let status = TaskStatus::parse(&t.status).unwrap_or(TaskStatus::Todo);
        if column_of(status, t.column_id, board) != Some(from) {
            continue;
        }
        let mut changed: task::ActiveModel = t.clone().into();
        changed.status = Set(to.category.as_str().to_string());
        changed.column_id = Set(Some(to.id));
        changed.sort_order = Set(next);
        if to.category == TaskStatus::Done {
            changed.progress = Set(100);
        }
        next += GAP;
        let saved = task_rows::save(db, t.id, t.version, changed).await?;
        audit::Entry::new(AuditEntity::Task, t.id, AuditAction::Move)
            .in_project(project_id)
            .by(caller.id)
            .before(&serde_json::json!({ "status": t.status, "column_id": t.column_id }))
            .after(&serde_json::json!({ "status": saved.status, "column_id": saved.column_id }))
            .write(db)
            .await?;
        moved.push(t.id);
    }
    Ok(moved)
}

/// Creates a column at the end of the board, or changes one. A column that changes status takes
/// its cards along; the last column of a status keeps it.
pub async fn save_column(
    state: &AppState,
    caller: &Caller,
    input: ColumnInput,
) -> AppResult<BoardSettings> {
    let txn = state.begin_write().await?;
    let p =
        require_changeable_project(&txn, caller, input.project_id, Action::ConfigureBoard).await?;
    validate::column(&input).map_err(AppError::Invalid)?;
    let board = columns(&txn, p.id).await?;
    let mut moved = Vec::new();
    let wip = input.wip_limit.map(|l| l as i32);
    match input.id {
        None => {
            if board.len() >= COLUMNS_MAX {
                return Err(AppError::invalid_with(
                    "name",
                    K::ErrTooMany,
                    COLUMNS_MAX as i64,
                ));
            }
            let position = board.iter().map(|c| c.position).max().unwrap_or(0) + GAP;
            let created = board_column::ActiveModel {
                project_id: Set(p.id),
                name: Set(input.name.trim().to_string()),
                category: Set(input.category.as_str().to_string()),
                colour: Set(input.colour.as_str().to_string()),
                wip_limit: Set(wip),
                position: Set(position),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            audit::Entry::new(AuditEntity::BoardColumn, created.id, AuditAction::Create)
                .in_project(p.id)
                .by(caller.id)
                .after(&column_view(&created))
                .write(&txn)
                .await?;
        }
        Some(id) => {
            let current = board
                .iter()
                .find(|c| c.id == id)
                .cloned()
                .ok_or_else(|| AppError::invalid("column_id", K::ErrUnknownColumn))?;
            if current.category != input.category && !leaves_every_status(&board, id) {
                return Err(AppError::invalid("category", K::ErrLastColumnOfStatus));
            }
            let saved = board_column::ActiveModel {
                id: Set(id),
                name: Set(input.name.trim().to_string()),
                category: Set(input.category.as_str().to_string()),
                colour: Set(input.colour.as_str().to_string()),
                wip_limit: Set(wip),
                ..Default::default()
            }
            .update(&txn)
            .await?;
            audit::Entry::new(AuditEntity::BoardColumn, id, AuditAction::Update)
                .in_project(p.id)
                .by(caller.id)
                .before(&current)
                .after(&column_view(&saved))
                .write(&txn)
                .await?;
            if current.category != input.category {
                let after = BoardColumn {
                    category: input.category,
                    ..current.clone()
                };
                moved = move_cards(&txn, caller, p.id, &board, id, &after).await?;
            }
        }
    }
    let result = settings(&txn, p.id).await?;
    let change = board_change(&txn, p.id, &result, &moved).await?;
    state.commit_change(txn, p.id, caller, change).await?;
    Ok(result)
}

/// Puts the board's columns in `order`, which must name each of them once.
pub async fn reorder_columns(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
    order: Vec<Id>,
) -> AppResult<BoardSettings> {
    let txn = state.begin_write().await?;
    let p = require_changeable_project(&txn, caller, project_id, Action::ConfigureBoard).await?;
    let board = columns(&txn, p.id).await?;
    let wanted: HashSet<Id> = order.iter().copied().collect();
    let have: HashSet<Id> = board.iter().map(|c| c.id).collect();
    if order.len() != board.len() || wanted != have {
        return Err(AppError::invalid("order", K::ErrColumnOrder));
    }
    for (i, id) in order.iter().enumerate() {
        board_column::Entity::update_many()
            .col_expr(
                board_column::Column::Position,
                sea_orm::sea_query::Expr::value((i as i64 + 1) * GAP),
            )
            .filter(board_column::Column::Id.eq(*id))
            .exec(&txn)
            .await?;
    }
    audit::Entry::new(AuditEntity::BoardColumn, p.id, AuditAction::Move)
        .in_project(p.id)
        .by(caller.id)
        .before(&board.iter().map(|c| c.id).collect::<Vec<_>>())
        .after(&order)
        .write(&txn)
        .await?;
    let result = settings(&txn, p.id).await?;
    let change = board_change(&txn, p.id, &result, &[]).await?;
    state.commit_change(txn, p.id, caller, change).await?;
    Ok(result)
}

/// Deletes a column; its cards move to `move_to`. The last column of a status stays.
pub async fn delete_column(
    state: &AppState,
    caller: &Caller,
    column_id: Id,
    move_to: Id,
) -> AppResult<BoardSettings> {
    let txn = state.begin_write().await?;
    let row = board_column::Entity::find_by_id(column_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let p =
        require_changeable_project(&txn, caller, row.project_id, Action::ConfigureBoard).await?;
    let board = columns(&txn, p.id).await?;
    let target = board
        .iter()
        .find(|c| c.id == move_to && c.id != column_id)
        .cloned()
        .ok_or_else(|| AppError::invalid("move_to", K::ErrUnknownColumn))?;
    if !leaves_every_status(&board, column_id) {
        return Err(AppError::invalid("column_id", K::ErrLastColumnOfStatus));
    }
    let moved = move_cards(&txn, caller, p.id, &board, column_id, &target).await?;
    board_column::Entity::delete_by_id(column_id)
        .exec(&txn)
        .await?;
    audit::Entry::new(AuditEntity::BoardColumn, column_id, AuditAction::Delete)
        .in_project(p.id)
        .by(caller.id)
        .before(&column_view(&row))
        .write(&txn)
        .await?;
    let result = settings(&txn, p.id).await?;
    let change = board_change(&txn, p.id, &result, &moved).await?;
    state.commit_change(txn, p.id, caller, change).await?;
    Ok(result)
}

/// Creates or renames a label; names are unique in a project, whatever their case.
pub async fn save_label(
    state: &AppState,
    caller: &Caller,
    input: LabelInput,
) -> AppResult<BoardSettings> {
    let txn = state.begin_write().await?;
    let p = require_changeable_project(&txn, caller, input.project_id, Action::EditTasks).await?;
    validate::label(&input).map_err(AppError::Invalid)?;
    let existing = labels(&txn, p.id).await?;
    let name = input.name.trim().to_string();
    if existing
        .iter()
        .any(|l| Some(l.id) != input.id && l.name.to_lowercase() == name.to_lowercase())
    {
        return Err(AppError::invalid("name", K::ErrLabelExists));
    }
    match input.id {
        None => {
            if existing.len() >= LABELS_MAX {
                return Err(AppError::invalid_with(
                    "name",
                    K::ErrTooMany,
                    LABELS_MAX as i64,
                ));
            }
            let created = label::ActiveModel {
                project_id: Set(p.id),
                name: Set(name),
                colour: Set(input.colour.as_str().to_string()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            audit::Entry::new(AuditEntity::Label, created.id, AuditAction::Create)
                .in_project(p.id)
                .by(caller.id)
                .after(&label_view(&created))
                .write(&txn)
                .await?;
        }
        Some(id) => {
            let current = existing
                .iter()
                .find(|l| l.id == id)
                .cloned()
                .ok_or_else(|| AppError::invalid("name", K::ErrUnknownLabel))?;
            let saved = label::ActiveModel {
                id: Set(id),
                name: Set(name),
                colour: Set(input.colour.as_str().to_string()),
                ..Default::default()
            }
            .update(&txn)
            .await?;
            audit::Entry::new(AuditEntity::Label, id, AuditAction::Update)
                .in_project(p.id)
                .by(caller.id)
                .before(&current)
                .after(&label_view(&saved))
                .write(&txn)
                .await?;
        }
    }
    let result = settings(&txn, p.id).await?;
    let change = board_change(&txn, p.id, &result, &[]).await?;
    state.commit_change(txn, p.id, caller, change).await?;
    Ok(result)
}

/// Deletes a label and takes it off every task.
pub async fn delete_label(
    state: &AppState,
    caller: &Caller,
    label_id: Id,
) -> AppResult<BoardSettings> {
    let txn = state.begin_write().await?;
    let row = label::Entity::find_by_id(label_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = require_changeable_project(&txn, caller, row.project_id, Action::EditTasks).await?;
    let on_tasks: Vec<Id> = task_label::Entity::find()
        .filter(task_label::Column::LabelId.eq(label_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|r| r.task_id)
        .collect();
    task_label::Entity::delete_many()
        .filter(task_label::Column::LabelId.eq(label_id))
        .exec(&txn)
        .await?;
    label::Entity::delete_by_id(label_id).exec(&txn).await?;
    // The tasks changed (their labels are part of them): a new version, so that every view
    // holding them takes the event's copy and an edit begun before merges against it.
    if !on_tasks.is_empty() {
        task::Entity::update_many()
            .col_expr(
                task::Column::Version,
                Expr::col(task::Column::Version).add(1),
            )
            .col_expr(task::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(task::Column::Id.is_in(on_tasks.clone()))
            .exec(&txn)
            .await?;
    }
    audit::Entry::new(AuditEntity::Label, label_id, AuditAction::Delete)
        .in_project(p.id)
        .by(caller.id)
        .before(&serde_json::json!({ "label": label_view(&row), "tasks": on_tasks }))
        .write(&txn)
        .await?;
    let result = settings(&txn, p.id).await?;
    let change = board_change(&txn, p.id, &result, &on_tasks).await?;
    state.commit_change(txn, p.id, caller, change).await?;
    Ok(result)
}
