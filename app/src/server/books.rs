//! A project's books: its KPI targets and the figures entered for them, its budget lines and
//! expenses (amounts opened from their sealed form), read for many projects in a few queries;
//! and what other services take from them — `standings` (budget and KPIs as health and
//! approval conditions see them), `overruns` (for alerts), `plan_of` (for templates).
use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::{Deserialize, Serialize};

use super::kernel::crypto::{
    at, Sealer, APPROVAL_CHANGE, APPROVED_BUDGET, BUDGET_PLANNED, EXPENSE_AMOUNT,
};
use super::kernel::entity::{
    approval_request, approved_budget, budget_line, expense, kpi_actual, kpi_target, project,
};
use crate::domain::budget::{Spend, Standing};
use crate::domain::health::KpiStanding;
use crate::domain::kpi::{actual_of, attainment, planned_by, Phasing};
use crate::domain::money::Currency;
use crate::domain::templates::{PlanKpi, PlanLine};
use crate::error::AppResult;
use crate::model::{
    BudgetCategory, BudgetChange, BudgetPhase, Channel, ExpenseState, Id, KpiEntry, KpiMetric,
    KpiSplit, KpiView,
};

pub fn channel_text(c: Option<Channel>) -> String {
    c.map(|c| c.as_str().to_string()).unwrap_or_default()
}

pub fn channel_of(text: &str) -> Option<Channel> {
    Channel::parse(text)
}

pub fn currency_of(p: &project::Model) -> Currency {
    Currency::parse(&p.currency).unwrap_or_default()
}

/// A channel's target as stored.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredSplit(pub Channel, pub i64);

pub fn splits_of(k: &kpi_target::Model) -> Vec<StoredSplit> {
    serde_json::from_str(&k.splits).unwrap_or_default()
}

pub fn phasing_of(k: &kpi_target::Model) -> Phasing {
    serde_json::from_str(&k.phasing).unwrap_or_default()
}

pub fn kpi_view(
    k: &kpi_target::Model,
    figures: &[&kpi_actual::Model],
    p: &project::Model,
    today: NaiveDate,
) -> KpiView {
    let metric = KpiMetric::parse(&k.metric).unwrap_or(KpiMetric::Custom);
    let phasing = phasing_of(k);
    let plan = |target| planned_by(target, metric, &phasing, p.start_date, p.end_date, today);
    // Rates and averages of the whole campaign are its own figures; counts add up every
    // figure, whatever channel it was entered for.
    let actual = actual_of(
        metric,
        figures
            .iter()
            .filter(|f| metric.accumulates() || f.channel.is_empty())
            .map(|f| (f.day, f.value)),
    );
    let planned = plan(k.target);
    let splits = splits_of(k)
        .into_iter()
        .map(|StoredSplit(channel, target)| {
            let actual = actual_of(
                metric,
                figures
                    .iter()
                    .filter(|f| f.channel == channel.as_str())
                    .map(|f| (f.day, f.value)),
            );
            KpiSplit {
                channel,
                target,
                actual,
                attainment: attainment(actual, target, plan(target)),
            }
        })
        .collect();
    let mut entries: Vec<KpiEntry> = figures
        .iter()
        .map(|f| KpiEntry {
            id: f.id,
            day: f.day,
            channel: channel_of(&f.channel),
            value: f.value,
        })
        .collect();
    entries.sort_by(|a, b| b.day.cmp(&a.day).then(b.id.cmp(&a.id)));
    KpiView {
        id: k.id,
        metric,
        name: k.name.clone(),
        unit: k.unit.clone(),
        target: k.target,
        phasing,
        planned,
        actual,
        attainment: attainment(actual, k.target, planned),
        splits,
        entries,
        version: k.version,
    }
}

/// KPIs and budget of projects, read in a few queries.
pub struct Books {
    pub kpis: Vec<kpi_target::Model>,
    pub figures: Vec<kpi_actual::Model>,
    pub lines: Vec<budget_line::Model>,
    pub expenses: Vec<expense::Model>,
}

pub async fn books<C: ConnectionTrait>(db: &C, project_ids: &[Id]) -> AppResult<Books> {
    let kpis = kpi_target::Entity::find()
        .filter(kpi_target::Column::ProjectId.is_in(project_ids.to_vec()))
        .order_by_asc(kpi_target::Column::Position)
        .order_by_asc(kpi_target::Column::Id)
        .all(db)
        .await?;
    let figures = if kpis.is_empty() {
        Vec::new()
    } else {
        kpi_actual::Entity::find()
            .filter(kpi_actual::Column::KpiId.is_in(kpis.iter().map(|k| k.id)))
            .order_by_asc(kpi_actual::Column::Id)
            .all(db)
            .await?
    };
    let lines = budget_line::Entity::find()
        .filter(budget_line::Column::ProjectId.is_in(project_ids.to_vec()))
        .order_by_asc(budget_line::Column::Position)
        .order_by_asc(budget_line::Column::Id)
        .all(db)
        .await?;
    let expenses = expense::Entity::find()
        .filter(expense::Column::ProjectId.is_in(project_ids.to_vec()))
        .order_by_desc(expense::Column::Day)
        .order_by_desc(expense::Column::Id)
        .all(db)
        .await?;
    Ok(Books {
        kpis,
        figures,
        lines,
        expenses,
    })
}

/// One project's budget: each line with its standing, the expenses opened.
pub struct Opened {
    pub lines: Vec<(budget_line::Model, Standing)>,
    pub expenses: Vec<(expense::Model, i64)>,
}

pub fn open_budget(
    sealer: &Sealer,
    lines: Vec<budget_line::Model>,
    expenses: Vec<expense::Model>,
) -> AppResult<Opened> {
    let mut spends: HashMap<Id, Vec<Spend>> = HashMap::new();
    let mut opened_expenses = Vec::with_capacity(expenses.len());
    for e in expenses {
        let amount = sealer.open_amount(&at(EXPENSE_AMOUNT, e.id), &e.amount)?;
        spends.entry(e.line_id).or_default().push(Spend {
            day: e.day,
            amount,
            paid: e.state == ExpenseState::Paid.as_str(),
        });
        opened_expenses.push((e, amount));
    }
    let mut opened_lines = Vec::with_capacity(lines.len());
    for l in lines {
        let planned = sealer.open_amount(&at(BUDGET_PLANNED, l.id), &l.planned)?;
        let standing = Standing::of(planned, spends.remove(&l.id).unwrap_or_default());
        opened_lines.push((l, standing));
    }
    Ok(Opened {
        lines: opened_lines,
        expenses: opened_expenses,
    })
}

/// The budget change an approval request carries (sealed at rest), if it is one.
pub fn open_change(
    sealer: &Sealer,
    r: &approval_request::Model,
) -> AppResult<Option<BudgetChange>> {
    let Some(sealed) = &r.change else {
        return Ok(None);
    };
    let plain = sealer
        .open(&at(APPROVAL_CHANGE, r.id), sealed)
        .map_err(|e| {
            tracing::error!(error = ?e, request = r.id, "a budget change does not open");
            crate::error::AppError::Internal
        })?;
    Ok(serde_json::from_slice(&plain).ok())
}

/// Writes a budget line's planned amount, sealed and bound to the line (a new line is inserted
/// first, with nothing, to have its id).
pub async fn set_planned<C: ConnectionTrait>(
    db: &C,
    sealer: &Sealer,
    line_id: Id,
    amount: i64,
) -> AppResult<()> {
    budget_line::Entity::update_many()
        .col_expr(
            budget_line::Column::Planned,
            sea_orm::sea_query::Expr::value(
                sealer.seal_amount(&at(BUDGET_PLANNED, line_id), amount),
            ),
        )
        .filter(budget_line::Column::Id.eq(line_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Writes an expense's amount, sealed and bound to the expense.
pub async fn set_spent<C: ConnectionTrait>(
    db: &C,
    sealer: &Sealer,
    expense_id: Id,
    amount: i64,
) -> AppResult<()> {
    expense::Entity::update_many()
        .col_expr(
            expense::Column::Amount,
            sea_orm::sea_query::Expr::value(
                sealer.seal_amount(&at(EXPENSE_AMOUNT, expense_id), amount),
            ),
        )
        .filter(expense::Column::Id.eq(expense_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The sum of a project's planned budget lines.
pub async fn planned_total<C: ConnectionTrait>(
    db: &C,
    sealer: &Sealer,
    project_id: Id,
) -> AppResult<i64> {
    let mut total: i64 = 0;
    for line in budget_line::Entity::find()
        .filter(budget_line::Column::ProjectId.eq(project_id))
        .all(db)
        .await?
    {
        total =
            total.saturating_add(sealer.open_amount(&at(BUDGET_PLANNED, line.id), &line.planned)?);
    }
    Ok(total)
}

/// The project's budget total as last approved (the project's approval, or a budget change's),
/// if it has been approved since Marquee kept it.
pub async fn approved_total<C: ConnectionTrait>(
    db: &C,
    sealer: &Sealer,
    project_id: Id,
) -> AppResult<Option<i64>> {
    match approved_budget::Entity::find_by_id(project_id)
        .one(db)
        .await?
    {
        Some(row) => Ok(Some(
            sealer.open_amount(&at(APPROVED_BUDGET, project_id), &row.amount)?,
        )),
        None => Ok(None),
    }
}

/// Records the project's budget total as it stands now as approved.
pub async fn mark_approved<C: ConnectionTrait>(
    db: &C,
    sealer: &Sealer,
    project_id: Id,
) -> AppResult<()> {
    let total = planned_total(db, sealer, project_id).await?;
    approved_budget::Entity::delete_by_id(project_id)
        .exec(db)
        .await?;
    approved_budget::ActiveModel {
        project_id: Set(project_id),
        amount: Set(sealer.seal_amount(&at(APPROVED_BUDGET, project_id), total)),
        at: Set(chrono::Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A project's KPI targets and budget lines as a template keeps them.
pub async fn plan_of<C: ConnectionTrait>(
    db: &C,
    sealer: &Sealer,
    project_id: Id,
) -> AppResult<(Vec<PlanKpi>, Vec<PlanLine>)> {
    let books = books(db, &[project_id]).await?;
    let kpis = books
        .kpis
        .iter()
        .filter_map(|k| {
            Some(PlanKpi {
                metric: KpiMetric::parse(&k.metric)?,
                name: k.name.clone(),
                unit: k.unit.clone(),
                target: k.target,
                phasing: phasing_of(k),
                splits: splits_of(k)
                    .into_iter()
                    .map(|StoredSplit(c, v)| (c, v))
                    .collect(),
            })
        })
        .collect();
    let mut lines = Vec::with_capacity(books.lines.len());
    for l in &books.lines {
        lines.push(PlanLine {
            name: l.name.clone(),
            channel: channel_of(&l.channel),
            category: BudgetCategory::parse(&l.category).unwrap_or(BudgetCategory::Other),
            phase: BudgetPhase::parse(&l.phase).unwrap_or(BudgetPhase::Preparation),
            planned: sealer.open_amount(&at(BUDGET_PLANNED, l.id), &l.planned)?,
        });
    }
    Ok((kpis, lines))
}

/// What health needs of a project's money and KPIs.
#[derive(Clone, Debug, Default)]
pub struct FinanceStanding {
    pub budget: Standing,
    pub kpis: Vec<KpiStanding>,
}

/// The budget standing and KPI standings of each of `projects`, as of `today`.
pub async fn standings<C: ConnectionTrait>(
    db: &C,
    sealer: &Sealer,
    projects: &[project::Model],
    today: NaiveDate,
) -> AppResult<HashMap<Id, FinanceStanding>> {
    let ids: Vec<Id> = projects.iter().map(|p| p.id).collect();
    let books = books(db, &ids).await?;
    let mut figures: HashMap<Id, Vec<&kpi_actual::Model>> = HashMap::new();
    for f in &books.figures {
        figures.entry(f.kpi_id).or_default().push(f);
    }
    let opened = open_budget(sealer, books.lines, books.expenses)?;
    let mut out: HashMap<Id, FinanceStanding> = HashMap::new();
    for (line, standing) in &opened.lines {
        let entry = out.entry(line.project_id).or_default();
        entry.budget = entry.budget.plus(*standing);
    }
    let by_id: HashMap<Id, &project::Model> = projects.iter().map(|p| (p.id, p)).collect();
    for k in &books.kpis {
        let Some(p) = by_id.get(&k.project_id) else {
            continue;
        };
        let view = kpi_view(
            k,
            figures.get(&k.id).map(Vec::as_slice).unwrap_or(&[]),
            p,
            today,
        );
        out.entry(k.project_id).or_default().kpis.push(KpiStanding {
            name: kpi_title(&view),
            of_plan: view.attainment.of_plan,
        });
    }
    Ok(out)
}

/// Every overrun budget line of `projects`, with its standing and project.
pub async fn overruns<'a, C: ConnectionTrait>(
    db: &C,
    sealer: &Sealer,
    projects: &'a [project::Model],
) -> AppResult<Vec<(budget_line::Model, Standing, &'a project::Model)>> {
    let ids: Vec<Id> = projects.iter().map(|p| p.id).collect();
    let books = books(db, &ids).await?;
    let opened = open_budget(sealer, books.lines, books.expenses)?;
    Ok(opened
        .lines
        .into_iter()
        .filter(|(_, s)| s.overrun())
        .filter_map(|(l, s)| {
            let p = projects.iter().find(|p| p.id == l.project_id)?;
            Some((l, s, p))
        })
        .collect())
}

/// The name a KPI goes by: its own, else its metric's code (translated where it is shown).
pub fn kpi_title(k: &KpiView) -> String {
    if k.name.trim().is_empty() {
        k.metric.as_str().to_string()
    } else {
        k.name.clone()
    }
}
