//! A task's rows: read as the views the browser gets (with the owner's name and the labels),
//! written with a version check, and the labels put on a task. Below every service that
//! changes tasks (tasks, board, planning, templates).
use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait,
    QueryFilter,
};

use super::kernel::entity::{label, task, task_label, user};
use super::kernel::records::write_at_version;
use crate::error::{AppError, AppResult};
use crate::i18n::K;
use crate::model::{Id, Priority, TaskInput, TaskStatus, TaskView, UserRef};

pub fn input_of(t: &task::Model) -> TaskInput {
    TaskInput {
        parent_id: t.parent_id,
        title: t.title.clone(),
        description: t.description.clone(),
        deliverable: t.deliverable.clone(),
        owner_id: t.owner_id,
        start_date: t.start_date,
        due_date: t.due_date,
        status: TaskStatus::parse(&t.status).unwrap_or(TaskStatus::Todo),
        priority: Priority::parse(&t.priority).unwrap_or(Priority::Medium),
        progress: t.progress.clamp(0, 100) as u8,
        milestone: t.milestone,
        labels: Vec::new(),
        column_id: t.column_id,
    }
}

/// What a task's view shows beyond its own row: its owner's name and its labels.
pub struct Decor {
    names: HashMap<Id, String>,
    labels: HashMap<Id, Vec<Id>>,
}

impl Decor {
    /// For tasks of one project.
    pub async fn load<C: ConnectionTrait>(
        db: &C,
        project_id: Id,
        tasks: &[task::Model],
    ) -> AppResult<Decor> {
        let ids: Vec<Id> = tasks.iter().map(|t| t.id).collect();
        Ok(Decor {
            names: owner_names(db, tasks).await?,
            labels: task_labels(db, project_id, &ids).await?,
        })
    }

    pub fn view(&self, t: &task::Model) -> TaskView {
        let mut input = input_of(t);
        input.labels = self.labels.get(&t.id).cloned().unwrap_or_default();
        TaskView {
            id: t.id,
            project_id: t.project_id,
            input,
            owner: t.owner_id.map(|id| UserRef {
                id,
                display_name: self.names.get(&id).cloned().unwrap_or_default(),
            }),
            sort_order: t.sort_order,
            version: t.version,
        }
    }
}

/// Display names of the owners of `tasks`.
async fn owner_names<C: ConnectionTrait>(
    db: &C,
    tasks: &[task::Model],
) -> AppResult<HashMap<Id, String>> {
    let mut owner_ids: Vec<Id> = tasks.iter().filter_map(|t| t.owner_id).collect();
    owner_ids.sort_unstable();
    owner_ids.dedup();
    if owner_ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(owner_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

pub async fn view<C: ConnectionTrait>(db: &C, t: &task::Model) -> AppResult<TaskView> {
    let decor = Decor::load(db, t.project_id, std::slice::from_ref(t)).await?;
    Ok(decor.view(t))
}

/// The views of tasks of one project.
pub async fn views<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    tasks: &[task::Model],
) -> AppResult<Vec<TaskView>> {
    let decor = Decor::load(db, project_id, tasks).await?;
    Ok(tasks.iter().map(|t| decor.view(t)).collect())
}

/// Writes `changed` only if the task still has `version`; anything else is a conflict.
pub async fn save<C: ConnectionTrait>(
    db: &C,
    id: Id,
    version: i32,
    mut changed: task::ActiveModel,
) -> AppResult<task::Model> {
    let now = Utc::now();
    changed.version = Set(version + 1);
    changed.updated_at = Set(now);
    stamp_done(&mut changed, now);
    write_at_version(db, id, version, changed).await?;
    task::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Keeps a task's `done_at` true to its status: the moment it became done, none while it is not.
/// A task already done keeps its moment.
pub fn stamp_done(changed: &mut task::ActiveModel, now: chrono::DateTime<Utc>) {
    let done = match &changed.status {
        ActiveValue::Set(s) | ActiveValue::Unchanged(s) => s == TaskStatus::Done.as_str(),
        ActiveValue::NotSet => return,
    };
    let had = match &changed.done_at {
        ActiveValue::Set(at) | ActiveValue::Unchanged(at) => *at,
        ActiveValue::NotSet => None,
    };
    match (done, had) {
        (true, Some(_)) => {}
        (true, None) => changed.done_at = Set(Some(now)),
        (false, Some(_)) => changed.done_at = Set(None),
        (false, None) => {
            if matches!(changed.done_at, ActiveValue::NotSet) {
                changed.done_at = Set(None);
            }
        }
    }
}

/// The labels on each of `tasks` (of one project), by task. A few tasks are looked up by id; a
/// whole plan through the project's labels, which keeps the query small at any size.
pub async fn task_labels<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    tasks: &[Id],
) -> AppResult<HashMap<Id, Vec<Id>>> {
    let query = if tasks.len() <= 100 {
        task_label::Entity::find().filter(task_label::Column::TaskId.is_in(tasks.to_vec()))
    } else {
        task_label::Entity::find().filter(
            task_label::Column::LabelId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(label::Column::Id)
                    .from(label::Entity)
                    .and_where(label::Column::ProjectId.eq(project_id))
                    .to_owned(),
            ),
        )
    };
    let mut by_task: HashMap<Id, Vec<Id>> = HashMap::new();
    for row in query.all(db).await? {
        by_task.entry(row.task_id).or_default().push(row.label_id);
    }
    for labels in by_task.values_mut() {
        labels.sort_unstable();
    }
    Ok(by_task)
}

/// Puts exactly `labels` on a task, after checking each is one of the project's.
pub async fn set_task_labels<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    task_id: Id,
    labels: &[Id],
) -> AppResult<Vec<Id>> {
    let mut wanted: Vec<Id> = labels.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    if !wanted.is_empty() {
        let known = label::Entity::find()
            .filter(label::Column::ProjectId.eq(project_id))
            .filter(label::Column::Id.is_in(wanted.clone()))
            .all(db)
            .await?
            .len();
        if known != wanted.len() {
            return Err(AppError::invalid("labels", K::ErrUnknownLabel));
        }
    }
    task_label::Entity::delete_many()
        .filter(task_label::Column::TaskId.eq(task_id))
        .exec(db)
        .await?;
    for label_id in &wanted {
        task_label::ActiveModel {
            task_id: Set(task_id),
            label_id: Set(*label_id),
        }
        .insert(db)
        .await?;
    }
    Ok(wanted)
}
