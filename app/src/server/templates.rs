//! Project templates: the built-in ones (code, in the reader's language) and those saved from
//! projects (their plan as JSON, their budget lines sealed). A new project's tasks, links, KPIs
//! and budget lines are laid out from a template on the project's working calendar inside the
//! transaction that creates the project.
use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};

use super::kernel::authz::{require, require_project};
use super::kernel::crypto::{at, Sealer, CASE_BUDGET, TEMPLATE_BUDGET};
use super::kernel::entity::{case, kpi_target, project, project_template, task, task_link, user};
use super::kernel::records::{at_version, user_ref, write_at_version};
use super::kernel::{audit, AppState, Caller};
use super::{planning, task_rows};
use crate::domain::money::Currency;
use crate::domain::policy::{allows, Action};
use crate::domain::templates::{
    built_in, PlanLine, SourceLink, SourceTask, TemplatePlan, BUILT_IN,
};
use crate::domain::validate::{Problems, NAME_MAX};
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, K};
use crate::model::{
    AuditAction, AuditEntity, BudgetChange, Id, LinkKind, Priority, ProjectKind, SaveTemplateInput,
    TaskStatus, TemplateEdit, TemplateRef, TemplateSummary,
};

pub const TEMPLATES_MAX: u64 = 200;
/// A template is a plan to start from, not an archive: projects larger than this are refused.
pub const TEMPLATE_TASKS_MAX: usize = 2000;
const DESCRIPTION_MAX: usize = 2000;

/// What a saved template (or a case) keeps sealed: its budget lines and their currency.
#[derive(Default, Serialize, Deserialize)]
pub struct SealedBudget {
    pub currency: Currency,
    pub lines: Vec<PlanLine>,
}

impl SealedBudget {
    /// Sealed as field `field` of row `row`.
    pub fn seal(&self, sealer: &Sealer, field: &str, row: Id) -> AppResult<String> {
        let bytes = serde_json::to_vec(self).map_err(|_| AppError::Internal)?;
        Ok(sealer.seal(&at(field, row), &bytes))
    }

    pub fn open(sealer: &Sealer, field: &str, row: Id, sealed: &str) -> AppResult<SealedBudget> {
        let plain = sealer.open(&at(field, row), sealed).map_err(|e| {
            tracing::error!(error = ?e, field, row, "a sealed budget does not open");
            AppError::Internal
        })?;
        serde_json::from_slice(&plain).map_err(|_| AppError::Internal)
    }
}

fn open_budget(sealer: &Sealer, t: &project_template::Model) -> AppResult<SealedBudget> {
    SealedBudget::open(sealer, TEMPLATE_BUDGET, t.id, &t.budget)
}

fn plan_of(t: &project_template::Model) -> TemplatePlan {
    serde_json::from_str(&t.plan).unwrap_or_default()
}

/// A case's plan to start a project from, with its budget opened; `None` when it kept none.
pub fn case_plan(sealer: &Sealer, c: &case::Model) -> AppResult<Option<(TemplatePlan, Currency)>> {
    if c.budget.is_empty() {
        return Ok(None);
    }
    let mut plan: TemplatePlan = serde_json::from_str(&c.plan).unwrap_or_default();
    if plan.tasks.is_empty() {
        return Ok(None);
    }
    let budget = SealedBudget::open(sealer, CASE_BUDGET, c.id, &c.budget)?;
    plan.budget = budget.lines;
    Ok(Some((plan, budget.currency)))
}

/// A template's plan (with its budget) and its kind.
pub async fn resolve<C: ConnectionTrait>(
    db: &C,
    sealer: &Sealer,
    template: TemplateRef,
    locale: Locale,
) -> AppResult<(TemplatePlan, ProjectKind, Currency)> {
    match template {
        TemplateRef::BuiltIn(kind) => {
            let t = built_in(kind)
                .ok_or_else(|| AppError::invalid("template", K::ErrTemplateUnknown))?;
            Ok((t.plan(locale), kind, Currency::default()))
        }
        TemplateRef::Saved(id) => {
            let t = project_template::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or_else(|| AppError::invalid("template", K::ErrTemplateUnknown))?;
            let mut plan = plan_of(&t);
            let budget = open_budget(sealer, &t)?;
            plan.budget = budget.lines;
            Ok((
                plan,
                ProjectKind::parse(&t.kind).unwrap_or(ProjectKind::Other),
                budget.currency,
            ))
        }
        TemplateRef::Case(id) => {
            let c = case::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or_else(|| AppError::invalid("template", K::ErrTemplateUnknown))?;
            let (plan, currency) = case_plan(sealer, &c)?
                .ok_or_else(|| AppError::invalid("template", K::ErrCaseNoPlan))?;
            Ok((
                plan,
                ProjectKind::parse(&c.kind).unwrap_or(ProjectKind::Other),
                currency,
            ))
        }
    }
}

/// Creates the plan's tasks and links in project `p`, starting on its start date, each in the
/// audit log; the scheduling engine then settles every dependency; then its KPIs and budget
/// lines. Returns the tasks' ids.
pub async fn apply<C: ConnectionTrait>(
    db: &C,
    sealer: &Sealer,
    actor: Id,
    p: &project::Model,
    plan: &TemplatePlan,
) -> AppResult<Vec<Id>> {
    let dates = plan
        .dates(p.start_date, &planning::calendar_of(p))
        // Every calendar has a working weekday (checked when it is saved).
        .ok_or(AppError::Internal)?;
    let now = Utc::now();
    let mut ids: Vec<Id> = Vec::with_capacity(plan.tasks.len());
    for (i, (t, dated)) in plan.tasks.iter().zip(dates).enumerate() {
        // Parents come before their children.
        let parent_id = t.parent.and_then(|at| ids.get(at).copied());
        let created = task::ActiveModel {
            project_id: Set(p.id),
            parent_id: Set(parent_id),
            title: Set(t.title.clone()),
            description: Set(t.description.clone()),
            deliverable: Set(t.deliverable.clone()),
            owner_id: Set(None),
            start_date: Set(dated.map(|d| d.0)),
            due_date: Set(dated.map(|d| d.1)),
            status: Set(TaskStatus::Todo.as_str().to_string()),
            priority: Set(Priority::Medium.as_str().to_string()),
            progress: Set(0),
            milestone: Set(t.milestone && !plan.is_parent(i)),
            sort_order: Set((i as i64 + 1) * crate::domain::ordering::GAP),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            column_id: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
        audit::Entry::new(AuditEntity::Task, created.id, AuditAction::Create)
            .in_project(p.id)
            .by(actor)
            .after(&task_rows::input_of(&created))
            .write(db)
            .await?;
        ids.push(created.id);
    }
    for l in &plan.links {
        let (Some(&from), Some(&to)) = (ids.get(l.from), ids.get(l.to)) else {
            continue;
        };
        if from == to {
            continue;
        }
        let created = task_link::ActiveModel {
            project_id: Set(p.id),
            predecessor_id: Set(from),
            successor_id: Set(to),
            kind: Set(l.kind.as_str().to_string()),
            lag_days: Set(l.lag),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        audit::Entry::new(AuditEntity::TaskLink, created.id, AuditAction::Create)
            .in_project(p.id)
            .by(actor)
            .after(&planning::link_of(&created))
            .write(db)
            .await?;
    }
    planning::reconcile(db, actor, p, &[], &ids).await?;
    for (i, k) in plan.kpis.iter().enumerate() {
        let created = kpi_target::ActiveModel {
            project_id: Set(p.id),
            metric: Set(k.metric.as_str().to_string()),
            name: Set(k.name.clone()),
            unit: Set(k.unit.clone()),
            target: Set(k.target),
            phasing: Set(serde_json::to_string(&k.phasing).map_err(|_| AppError::Internal)?),
            splits: Set(serde_json::to_string(&k.splits).map_err(|_| AppError::Internal)?),
            position: Set((i as i64 + 1) * 1024),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        audit::Entry::new(AuditEntity::Kpi, created.id, AuditAction::Create)
            .in_project(p.id)
            .by(actor)
            .after(&serde_json::json!({ "metric": created.metric, "target": created.target }))
            .write(db)
            .await?;
    }
    for l in &plan.budget {
        let line = BudgetChange {
            line_id: None,
            name: l.name.clone(),
            channel: l.channel,
            category: l.category,
            phase: l.phase,
            before: 0,
            after: l.planned,
        };
        super::finance::write_line(db, sealer, actor, p, None, &line).await?;
    }
    Ok(ids)
}

fn summary_of_built_in(kind: ProjectKind, locale: Locale) -> Option<TemplateSummary> {
    let plan = built_in(kind)?.plan(locale);
    Some(TemplateSummary {
        template: TemplateRef::BuiltIn(kind),
        name: kind.label().text(locale).to_string(),
        description: String::new(),
        kind,
        tasks: plan.tasks.len(),
        kpis: plan.kpis.len(),
        budget_lines: plan.budget.len(),
        budget_total: plan.budget_total(),
        currency: Currency::default(),
        span: plan.span(),
        created_by: None,
        created_at: None,
        source_project: None,
        version: 0,
        manageable: false,
    })
}

/// The templates to start a project from: the built-in ones, then those saved, newest first.
pub async fn list(
    state: &AppState,
    caller: &Caller,
    locale: Locale,
) -> AppResult<Vec<TemplateSummary>> {
    require(caller, Action::CreateProject)?;
    let db = &state.db;
    let saved = project_template::Entity::find()
        .order_by_desc(project_template::Column::Id)
        .all(db)
        .await?;
    let names: HashMap<Id, String> = user::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let sources: HashMap<Id, String> = project::Entity::find()
        .filter(project::Column::Id.is_in(saved.iter().filter_map(|t| t.source_project_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let manageable = allows(caller.role, None, Action::ManageTemplates);
    let mut out: Vec<TemplateSummary> = BUILT_IN
        .iter()
        .filter_map(|k| summary_of_built_in(*k, locale))
        .collect();
    for t in saved {
        let plan = plan_of(&t);
        let budget = open_budget(&state.sealer, &t)?;
        out.push(TemplateSummary {
            template: TemplateRef::Saved(t.id),
            name: t.name.clone(),
            description: t.description.clone(),
            kind: ProjectKind::parse(&t.kind).unwrap_or(ProjectKind::Other),
            tasks: plan.tasks.len(),
            kpis: plan.kpis.len(),
            budget_lines: budget.lines.len(),
            budget_total: budget
                .lines
                .iter()
                .fold(0i64, |s, l| s.saturating_add(l.planned)),
            currency: budget.currency,
            span: plan.span(),
            created_by: Some(user_ref(&names, t.created_by)),
            created_at: Some(t.created_at),
            source_project: t
                .source_project_id
                .and_then(|id| sources.get(&id).map(|n| (id, n.clone()))),
            version: t.version,
            manageable,
        });
    }
    Ok(out)
}

fn check_text(p: &mut Problems, name: &str, description: &str) {
    p.required("name", name, NAME_MAX);
    p.at_most("description", description, DESCRIPTION_MAX);
}

/// Project `p`'s plan as a template keeps it: its tasks as offsets on its calendar, its links,
/// KPIs and budget lines, and its currency. `None` when it has no tasks, or more than a template
/// takes.
pub async fn project_plan<C: ConnectionTrait>(
    db: &C,
    sealer: &Sealer,
    p: &project::Model,
) -> AppResult<Option<(TemplatePlan, Currency)>> {
    let rows = task::Entity::find()
        .filter(task::Column::ProjectId.eq(p.id))
        .order_by_asc(task::Column::SortOrder)
        .order_by_asc(task::Column::Id)
        .all(db)
        .await?;
    if rows.is_empty() || rows.len() > TEMPLATE_TASKS_MAX {
        return Ok(None);
    }
    let source: Vec<SourceTask> = rows
        .iter()
        .map(|t| SourceTask {
            id: t.id,
            parent: t.parent_id,
            title: t.title.clone(),
            deliverable: t.deliverable.clone(),
            description: t.description.clone(),
            start: t.start_date,
            due: t.due_date,
            milestone: t.milestone,
        })
        .collect();
    let links: Vec<SourceLink> = task_link::Entity::find()
        .filter(task_link::Column::ProjectId.eq(p.id))
        .all(db)
        .await?
        .iter()
        .filter_map(|l| {
            Some(SourceLink {
                predecessor: l.predecessor_id,
                successor: l.successor_id,
                kind: LinkKind::parse(&l.kind)?,
                lag: l.lag_days,
            })
        })
        .collect();
    let mut plan =
        TemplatePlan::from_project(p.start_date, &planning::calendar_of(p), &source, &links);
    (plan.kpis, plan.budget) = super::books::plan_of(db, sealer, p.id).await?;
    Ok(Some((
        plan,
        Currency::parse(&p.currency).unwrap_or_default(),
    )))
}

/// Saves a project's tasks (as offsets on its calendar), links and, if asked, its KPIs and
/// budget lines as a new template. Whoever may edit the project may do so.
pub async fn save_from_project(
    state: &AppState,
    caller: &Caller,
    input: SaveTemplateInput,
) -> AppResult<Id> {
    require(caller, Action::CreateProject)?;
    let txn = state.begin_write().await?;
    let (p, _) = require_project(&txn, caller, input.project_id, Action::SaveTemplate).await?;
    let mut problems = Problems::default();
    check_text(&mut problems, &input.name, &input.description);
    problems.finish().map_err(AppError::Invalid)?;
    if project_template::Entity::find().count(&txn).await? >= TEMPLATES_MAX {
        return Err(AppError::invalid_with(
            "name",
            K::ErrTooMany,
            TEMPLATES_MAX as i64,
        ));
    }
    let tasks = task::Entity::find()
        .filter(task::Column::ProjectId.eq(p.id))
        .count(&txn)
        .await?;
    if tasks == 0 {
        return Err(AppError::invalid("project_id", K::ErrTemplateEmpty));
    }
    let (mut plan, currency) = project_plan(&txn, &state.sealer, &p)
        .await?
        .ok_or_else(|| {
            AppError::invalid_with("project_id", K::ErrTooMany, TEMPLATE_TASKS_MAX as i64)
        })?;
    let lines = std::mem::take(&mut plan.budget);
    if !input.with_kpis {
        plan.kpis.clear();
    }
    let budget = SealedBudget {
        currency,
        lines: if input.with_budget { lines } else { Vec::new() },
    };
    let now = Utc::now();
    let created = project_template::ActiveModel {
        name: Set(input.name.trim().to_string()),
        description: Set(input.description.trim().to_string()),
        kind: Set(p.kind.clone()),
        plan: Set(serde_json::to_string(&plan).map_err(|_| AppError::Internal)?),
        // Sealed below, bound to the template's id once it has one.
        budget: Set(String::new()),
        source_project_id: Set(Some(p.id)),
        created_by: Set(caller.id),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let sealed = budget.seal(&state.sealer, TEMPLATE_BUDGET, created.id)?;
    let mut with_budget: project_template::ActiveModel = created.clone().into();
    with_budget.budget = Set(sealed);
    let created = with_budget.update(&txn).await?;
    audit::Entry::new(AuditEntity::Template, created.id, AuditAction::Create)
        .by(caller.id)
        .after(&serde_json::json!({
            "name": created.name,
            "project_id": p.id,
            "tasks": plan.tasks.len(),
            "kpis": plan.kpis.len(),
            "budget_lines": budget.lines.len(),
        }))
        .write(&txn)
        .await?;
    txn.commit().await?;
    Ok(created.id)
}

/// Renames, re-describes or re-types a saved template (admins).
pub async fn update(
    state: &AppState,
    caller: &Caller,
    edit: TemplateEdit,
    locale: Locale,
) -> AppResult<Vec<TemplateSummary>> {
    require(caller, Action::ManageTemplates)?;
    let txn = state.begin_write().await?;
    let current = project_template::Entity::find_by_id(edit.id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut problems = Problems::default();
    check_text(&mut problems, &edit.name, &edit.description);
    problems.finish().map_err(AppError::Invalid)?;
    let current = at_version(current, edit.version)?;
    audit::Entry::new(AuditEntity::Template, current.id, AuditAction::Update).by(caller.id).before(&serde_json::json!({ "name": current.name, "description": current.description, "kind": current.kind })).after(&serde_json::json!({ "name": edit.name.trim(), "description": edit.description.trim(), "kind": edit.kind.as_str() })).write(&txn)
    .await?;
    let version = current.version + 1;
    let mut changed: project_template::ActiveModel = current.into();
    changed.name = Set(edit.name.trim().to_string());
    changed.description = Set(edit.description.trim().to_string());
    changed.kind = Set(edit.kind.as_str().to_string());
    changed.version = Set(version);
    changed.updated_at = Set(Utc::now());
    write_at_version(&txn, edit.id, edit.version, changed).await?;
    txn.commit().await?;
    list(state, caller, locale).await
}

/// Deletes a saved template (admins); projects made from it keep their plan.
pub async fn delete(
    state: &AppState,
    caller: &Caller,
    id: Id,
    locale: Locale,
) -> AppResult<Vec<TemplateSummary>> {
    require(caller, Action::ManageTemplates)?;
    let txn = state.begin_write().await?;
    let current = project_template::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    project_template::Entity::delete_by_id(current.id)
        .exec(&txn)
        .await?;
    audit::Entry::new(AuditEntity::Template, current.id, AuditAction::Delete)
        .by(caller.id)
        .before(&serde_json::json!({ "name": current.name }))
        .write(&txn)
        .await?;
    txn.commit().await?;
    list(state, caller, locale).await
}
