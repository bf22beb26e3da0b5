//! The PMO dashboard (项目管理办公室看板): the last twelve months of the organisation. A
//! project counts in the month it was completed: its cycle (start to the last task done), its
//! budget variance and ROI, from the facts of its retrospective (drafted when it was completed;
//! read from its records when there is none). Tasks count in the month they were due; approval
//! requests in the month they were decided. Averages are over projects, so that campaigns in
//! different currencies compare.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::kernel::authz::require;
use super::kernel::entity::{approval_request, project, retrospective, status_change, task};
use super::kernel::{clock, AppState, Caller};
use super::points::midnight;
use crate::domain::performance::{task_figures, TaskDates};
use crate::domain::pmo::{mean, month_index, months_to, variance};
use crate::domain::policy::Action;
use crate::error::AppResult;
use crate::model::{PmoDashboard, PmoMonth, PmoProject, ProjectStatus, RetroFacts, TaskStatus};

/// Months on the dashboard.
const MONTHS: u32 = 12;

pub async fn dashboard(state: &AppState, caller: &Caller) -> AppResult<PmoDashboard> {
    require(caller, Action::ReadPmo)?;
    let db = &state.db;
    let zone = clock::zone(db).await?;
    let today = clock::today_in(zone);
    let months = months_to(today, MONTHS);
    let first = months.first().copied().unwrap_or(today);
    let start = midnight(zone, first);
    let local = |at: DateTime<Utc>| at.with_timezone(&zone).date_naive();
    let label = |i: usize| {
        months
            .get(i)
            .map(|m| m.format("%Y-%m").to_string())
            .unwrap_or_default()
    };

    // Projects completed in the window: each in the month of its last completion.
    let mut completed: HashMap<i64, DateTime<Utc>> = HashMap::new();
    for c in status_change::Entity::find()
        .filter(status_change::Column::ToStatus.eq(ProjectStatus::Completed.as_str()))
        .filter(status_change::Column::At.gte(start))
        .all(db)
        .await?
    {
        let at = completed.entry(c.project_id).or_insert(c.at);
        *at = (*at).max(c.at);
    }
    let projects = project::Entity::find()
        .filter(project::Column::Id.is_in(completed.keys().copied()))
        .order_by_asc(project::Column::Id)
        .all(db)
        .await?;
    let kept: HashMap<i64, RetroFacts> = retrospective::Entity::find()
        .filter(retrospective::Column::ProjectId.is_in(completed.keys().copied()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| Some((r.project_id, serde_json::from_str(&r.facts).ok()?)))
        .collect();
    let mut per_month: Vec<PmoMonth> = (0..months.len())
        .map(|i| PmoMonth {
            month: label(i),
            ..Default::default()
        })
        .collect();
    let mut cycles: Vec<Vec<i64>> = vec![Vec::new(); months.len()];
    let mut variances: Vec<Vec<i64>> = vec![Vec::new(); months.len()];
    let mut rois: Vec<Vec<i64>> = vec![Vec::new(); months.len()];
    let mut shown = Vec::with_capacity(projects.len());
    for p in &projects {
        let Some(i) = completed
            .get(&p.id)
            .and_then(|at| month_index(&months, local(*at)))
        else {
            continue;
        };
        let facts = match kept.get(&p.id) {
            Some(f) => f.clone(),
            None => super::retros::facts(db, &state.sealer, p).await?,
        };
        let cycle = facts.schedule.cycle_days.or_else(|| {
            completed
                .get(&p.id)
                .map(|at| (local(*at) - p.start_date).num_days())
        });
        let spent = facts.money.committed.saturating_add(facts.money.paid);
        let over = variance(facts.money.planned, spent);
        per_month[i].completed += 1;
        cycles[i].extend(cycle.map(|c| c * 10));
        variances[i].extend(over);
        rois[i].extend(facts.money.roi);
        shown.push(PmoProject {
            id: p.id,
            name: p.name.clone(),
            month: label(i),
            cycle_days: cycle,
            planned_days: facts.schedule.planned_days,
            late_rate: facts.schedule.late_rate,
            budget_variance: over,
            roi: facts.money.roi,
        });
    }

    // Tasks due in the window, up to today: which slipped past their day.
    let rows: Vec<(Option<chrono::NaiveDate>, Option<DateTime<Utc>>, String)> =
        task::Entity::find()
            .select_only()
            .columns([
                task::Column::DueDate,
                task::Column::DoneAt,
                task::Column::Status,
            ])
            .filter(task::Column::DueDate.gte(first))
            .filter(task::Column::DueDate.lt(today))
            .into_tuple()
            .all(db)
            .await?;
    let mut due: Vec<Vec<TaskDates>> = vec![Vec::new(); months.len()];
    for (due_date, done_at, status) in rows {
        let Some(d) = due_date else { continue };
        let Some(i) = month_index(&months, d) else {
            continue;
        };
        due[i].push(TaskDates {
            due: Some(d),
            done: done_at
                .filter(|_| status == TaskStatus::Done.as_str())
                .map(local),
        });
    }

    // Approval requests decided in the window: how long each waited.
    let mut waits: Vec<Vec<i64>> = vec![Vec::new(); months.len()];
    for r in approval_request::Entity::find()
        .filter(approval_request::Column::DecidedAt.gte(start))
        .all(db)
        .await?
    {
        let Some(decided) = r.decided_at else {
            continue;
        };
        let Some(i) = month_index(&months, local(decided)) else {
            continue;
        };
        // Tenths of a day.
        waits[i].push((decided - r.submitted_at).num_minutes().max(0) * 10 / (24 * 60));
    }

    for (i, m) in per_month.iter_mut().enumerate() {
        m.cycle_days = mean(&cycles[i]);
        m.budget_variance = mean(&variances[i]);
        m.roi = mean(&rois[i]);
        let month_end = months
            .get(i + 1)
            .and_then(|next| next.pred_opt())
            .unwrap_or(today);
        let figures = task_figures(due[i].iter().copied(), months[i], month_end, today);
        m.tasks_due = figures.due;
        m.overdue_rate = figures.overdue_rate();
        m.approvals = waits[i].len() as u32;
        m.approval_days = mean(&waits[i]);
    }
    shown.sort_by(|a, b| b.month.cmp(&a.month).then(a.name.cmp(&b.name)));
    Ok(PmoDashboard {
        months: per_month,
        projects: shown,
    })
}
