//! A new project's tasks and dependencies laid out from a built-in template, on the project's
//! working calendar, with the template's KPIs and budget lines, inside the transaction that
//! creates the project.
use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};

use super::crypto::{Sealer, BUDGET_PLANNED};
use super::entity::{budget_line, kpi_target, project, task, task_link};
use super::{audit, planning, tasks};
use crate::domain::kpi::Phasing;
use crate::domain::templates::{built_in, text};
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, K};
use crate::model::{AuditAction, AuditEntity, Id, Priority, ProjectKind, TaskStatus};

/// Creates the template's tasks and links in project `p`, starting on its start date, each in
/// the audit log; the scheduling engine then settles every dependency. Returns the tasks' ids.
pub async fn apply<C: ConnectionTrait>(
    db: &C,
    sealer: &Sealer,
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
    for (i, k) in template.kpis.iter().enumerate() {
        let phasing = if k.curve.is_empty() {
            Phasing::Linear
        } else {
            Phasing::Curve(k.curve.to_vec())
        };
        let created = kpi_target::ActiveModel {
            project_id: Set(p.id),
            metric: Set(k.metric.as_str().to_string()),
            name: Set(String::new()),
            unit: Set(String::new()),
            target: Set(k.target),
            phasing: Set(serde_json::to_string(&phasing).map_err(|_| AppError::Internal)?),
            splits: Set("[]".into()),
            position: Set((i as i64 + 1) * 1024),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        audit::record(
            db,
            Some(actor),
            AuditEntity::Kpi,
            created.id,
            AuditAction::Create,
            None::<&()>,
            Some(&serde_json::json!({ "metric": created.metric, "target": created.target })),
        )
        .await?;
    }
    for (i, l) in template.budget.iter().enumerate() {
        let created = budget_line::ActiveModel {
            project_id: Set(p.id),
            name: Set(text(l.name, locale).to_string()),
            channel: Set(l
                .channel
                .map(|c| c.as_str().to_string())
                .unwrap_or_default()),
            category: Set(l.category.as_str().to_string()),
            phase: Set(l.phase.as_str().to_string()),
            planned: Set(sealer.seal_amount(BUDGET_PLANNED, l.planned)),
            position: Set((i as i64 + 1) * 1024),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        audit::record(
            db,
            Some(actor),
            AuditEntity::BudgetLine,
            created.id,
            AuditAction::Create,
            None::<&()>,
            Some(&serde_json::json!({ "name": created.name, "amount_changed": true })),
        )
        .await?;
    }
    Ok(ids)
}
