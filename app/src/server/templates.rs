//! A new project's tasks and dependencies laid out from a built-in template, on the project's
//! working calendar, inside the transaction that creates the project.
use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};

use super::entity::{project, task, task_link};
use super::{audit, planning, tasks};
use crate::domain::templates::{built_in, text};
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, K};
use crate::model::{AuditAction, AuditEntity, Id, Priority, ProjectKind, TaskStatus};

/// Creates the template's tasks and links in project `p`, starting on its start date, each in
/// the audit log; the scheduling engine then settles every dependency. Returns the tasks' ids.
pub async fn apply<C: ConnectionTrait>(
    db: &C,
    actor: Id,
    p: &project::Model,
    kind: ProjectKind,
    locale: Locale,
) -> AppResult<Vec<Id>> {
    let template =
        built_in(kind).ok_or_else(|| AppError::invalid("template", K::ErrTemplateUnknown))?;
    let start: NaiveDate = p.start_date;
    let dates = template
        .dates(start, &planning::calendar_of(p))
        // Every calendar has a working weekday (checked when it is saved).
        .ok_or(AppError::Internal)?;
    let now = Utc::now();
    let mut ids: Vec<Id> = Vec::with_capacity(template.tasks.len());
    for (i, (t, (first, last))) in template.tasks.iter().zip(dates).enumerate() {
        // Parents come before their children in every template.
        let parent_id = t
            .parent
            .and_then(|key| template.position(key))
            .and_then(|at| ids.get(at).copied());
        let created = task::ActiveModel {
            project_id: Set(p.id),
            parent_id: Set(parent_id),
            title: Set(text(t.title, locale).to_string()),
            description: Set(String::new()),
            deliverable: Set(text(t.deliverable, locale).to_string()),
            owner_id: Set(None),
            start_date: Set(Some(first)),
            due_date: Set(Some(last)),
            status: Set(TaskStatus::Todo.as_str().to_string()),
            priority: Set(Priority::Medium.as_str().to_string()),
            progress: Set(0),
            milestone: Set(t.duration == 0 && !template.is_phase(t.key)),
            sort_order: Set((i as i64 + 1) * crate::domain::ordering::GAP),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            column_id: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
        audit::record(
            db,
            Some(actor),
            AuditEntity::Task,
            created.id,
            AuditAction::Create,
            None::<&()>,
            Some(&tasks::input_of(&created)),
        )
        .await?;
        ids.push(created.id);
    }
    for l in template.links {
        let (Some(from), Some(to)) = (template.position(l.from), template.position(l.to)) else {
            continue;
        };
        let created = task_link::ActiveModel {
            project_id: Set(p.id),
            predecessor_id: Set(ids[from]),
            successor_id: Set(ids[to]),
            kind: Set(l.kind.as_str().to_string()),
            lag_days: Set(l.lag),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        audit::record(
            db,
            Some(actor),
            AuditEntity::TaskLink,
            created.id,
            AuditAction::Create,
            None::<&()>,
            Some(&planning::link_of(&created)),
        )
        .await?;
    }
    planning::reconcile(db, actor, p, &[], &ids).await?;
    Ok(ids)
}
