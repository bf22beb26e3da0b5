//! KPIs and budgets of a project: targets and the figures entered for them, budget lines and
//! expenses (their amounts sealed at rest, `crypto`), and what is worked out from them —
//! attainment against the plan so far, committed and paid money, the burn-down and the ROI
//! forecast. Every change answers with the whole picture again.
use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::Serialize;

use super::approvals;
use super::books::*;
use super::kernel::authz::{require_changeable_project, require_project};
use super::kernel::crypto::{at, Sealer, BUDGET_PLANNED, EXPENSE_AMOUNT};
use super::kernel::entity::{budget_line, expense, kpi_actual, kpi_target, project};
use super::kernel::records::{at_version, status_of, write_at_version};
use super::kernel::{audit, clock, AppState, Caller};
use crate::domain::budget::{burn_down, roi_forecast, Spend, Standing};
use crate::domain::kpi::{check_phasing, CurveProblem};
use crate::domain::money::{Currency, MoneyError};
use crate::domain::policy::{allows, Action};
use crate::domain::validate::{Problems, COMMENT_MAX, NAME_MAX, TEXT_MAX};
use crate::error::{AppError, AppResult};
use crate::i18n::K;
use crate::live::ProjectChange;
use crate::model::{
    AuditAction, AuditEntity, BudgetCategory, BudgetChange, BudgetLineInput, BudgetLineView,
    BudgetPhase, ExpenseInput, ExpenseState, ExpenseView, FinancePermissions, Id, KpiActualInput,
    KpiInput, KpiMetric, KpiView, ProjectFinance,
};

pub const KPIS_MAX: usize = 30;
pub const LINES_MAX: usize = 200;
pub const EXPENSES_MAX: usize = 10_000;
const UNIT_MAX: usize = 20;
/// Points of the burn-down chart at most.
const BURN_POINTS: usize = 60;
/// How far from the campaign's dates a figure or an expense may be dated.
const DAYS_AROUND: i64 = 366;

fn money_error(field: &str, e: MoneyError) -> (String, K) {
    let key = match e {
        MoneyError::Malformed => K::ErrAmount,
        MoneyError::TooPrecise => K::ErrTooPrecise,
        MoneyError::TooLarge => K::ErrTooLarge,
        MoneyError::Negative => K::ErrNegative,
    };
    (field.to_string(), key)
}

async fn load(state: &AppState, caller: &Caller, project_id: Id) -> AppResult<ProjectFinance> {
    let (p, role) = require_project(&state.db, caller, project_id, Action::ViewProject).await?;
    let today = clock::today(&state.db).await?;
    let books = books(&state.db, &[p.id]).await?;
    let mut figures: HashMap<Id, Vec<&kpi_actual::Model>> = HashMap::new();
    for f in &books.figures {
        figures.entry(f.kpi_id).or_default().push(f);
    }
    let kpis: Vec<KpiView> = books
        .kpis
        .iter()
        .map(|k| {
            kpi_view(
                k,
                figures.get(&k.id).map(Vec::as_slice).unwrap_or(&[]),
                &p,
                today,
            )
        })
        .collect();
    let opened = open_budget(&state.sealer, books.lines, books.expenses)?;
    let totals = opened
        .lines
        .iter()
        .fold(Standing::default(), |t, (_, s)| t.plus(*s));
    let spends: Vec<Spend> = opened
        .expenses
        .iter()
        .map(|(e, amount)| Spend {
            day: e.day,
            amount: *amount,
            paid: e.state == ExpenseState::Paid.as_str(),
        })
        .collect();
    let revenue = kpis.iter().find(|k| k.metric == KpiMetric::Revenue);
    let roi = revenue.map(|r| roi_forecast(r.target, r.actual, r.planned, totals));
    let currency = currency_of(&p);
    let editable = status_of(&p).is_editable();
    let may = |action| editable && allows(caller.role, role, action);
    let currency_locked = !opened.expenses.is_empty()
        || opened.lines.iter().any(|(_, s)| s.planned != 0)
        || kpis
            .iter()
            .any(|k| matches!(k.metric, KpiMetric::Revenue | KpiMetric::AverageOrderValue));
    Ok(ProjectFinance {
        project_id: p.id,
        currency,
        start_date: p.start_date,
        end_date: p.end_date,
        today,
        kpis,
        lines: opened
            .lines
            .iter()
            .map(|(l, standing)| BudgetLineView {
                id: l.id,
                name: l.name.clone(),
                channel: channel_of(&l.channel),
                category: BudgetCategory::parse(&l.category).unwrap_or(BudgetCategory::Other),
                phase: BudgetPhase::parse(&l.phase).unwrap_or(BudgetPhase::Preparation),
                standing: *standing,
                version: l.version,
            })
            .collect(),
        expenses: opened
            .expenses
            .iter()
            .map(|(e, amount)| ExpenseView {
                id: e.id,
                line_id: e.line_id,
                day: e.day,
                vendor: e.vendor.clone(),
                amount: *amount,
                state: ExpenseState::parse(&e.state).unwrap_or(ExpenseState::Committed),
                note: e.note.clone(),
                version: e.version,
            })
            .collect(),
        burn: burn_down(
            totals.planned,
            &spends,
            p.start_date,
            p.end_date,
            today,
            BURN_POINTS,
        ),
        totals,
        roi,
        permissions: FinancePermissions {
            edit_kpis: may(Action::EditKpis),
            edit_budget: may(Action::EditBudget),
            record: may(Action::RecordActuals),
        },
        currency_locked,
        budget_changes: approvals::budget_changes(&state.db, &state.sealer, caller, p.id).await?,
    })
}

pub async fn get(state: &AppState, caller: &Caller, project_id: Id) -> AppResult<ProjectFinance> {
    load(state, caller, project_id).await
}

/// Ends a change: its live event, the commit, and the picture as it now is.
async fn finish(
    state: &AppState,
    caller: &Caller,
    txn: sea_orm::DatabaseTransaction,
    project_id: Id,
) -> AppResult<ProjectFinance> {
    state
        .commit_change(
            txn,
            project_id,
            caller,
            ProjectChange {
                finance: true,
                ..Default::default()
            },
        )
        .await?;
    load(state, caller, project_id).await
}

fn invalid(problems: Vec<(String, K, Option<i64>)>) -> AppResult<()> {
    let mut p = Problems::default();
    for (field, key, arg) in problems {
        p.add(&field, key, arg);
    }
    p.finish().map_err(AppError::Invalid)
}

fn curve_key(problem: CurveProblem) -> (K, Option<i64>) {
    match problem {
        CurveProblem::Empty => (K::ErrCurveEmpty, None),
        CurveProblem::TooManyPoints => (
            K::ErrTooMany,
            Some(crate::domain::kpi::CURVE_POINTS_MAX as i64),
        ),
        CurveProblem::Decreasing => (K::ErrCurveDecreasing, None),
        CurveProblem::DoesNotEndAtTarget => (K::ErrCurveEnd, None),
    }
}

/// A checked KPI: its target and channel targets in whole numbers.
struct CheckedKpi {
    target: i64,
    splits: Vec<StoredSplit>,
}

fn check_kpi(input: &KpiInput, currency: Currency) -> AppResult<CheckedKpi> {
    let mut problems = Vec::new();
    let mut p = Problems::default();
    if input.metric == KpiMetric::Custom {
        p.required("name", &input.name, NAME_MAX);
    } else {
        p.at_most("name", &input.name, NAME_MAX);
    }
    p.at_most("unit", &input.unit, UNIT_MAX);
    p.finish().map_err(AppError::Invalid)?;
    let metric = input.metric;
    let target = match metric.parse_value(&input.target, currency) {
        Ok(v) if v <= 0 => {
            problems.push(("target".into(), K::ErrMustBePositive, None));
            0
        }
        Ok(v) => v,
        Err(e) => {
            let (f, k) = money_error("target", e);
            problems.push((f, k, None));
            0
        }
    };
    if let Err(problem) = check_phasing(&input.phasing) {
        let (k, arg) = curve_key(problem);
        problems.push(("phasing".into(), k, arg));
    }
    let mut splits = Vec::new();
    for (i, split) in input.splits.iter().enumerate() {
        let field = format!("splits.{i}");
        if splits.iter().any(|StoredSplit(c, _)| *c == split.channel) {
            problems.push((field, K::ErrDuplicateChannel, None));
            continue;
        }
        match metric.parse_value(&split.target, currency) {
            Ok(v) if v < 0 => problems.push((field, K::ErrNegative, None)),
            Ok(v) => splits.push(StoredSplit(split.channel, v)),
            Err(e) => {
                let (_, k) = money_error(&field, e);
                problems.push((field, k, None));
            }
        }
    }
    if metric.accumulates() && !splits.is_empty() && problems.is_empty() {
        let sum = splits
            .iter()
            .fold(0i64, |s, StoredSplit(_, v)| s.saturating_add(*v));
        if sum != target {
            let percent = crate::domain::money::per_mille(sum, target).unwrap_or(0) / 10;
            problems.push(("splits".into(), K::ErrSplitSum, Some(percent)));
        }
    }
    invalid(problems)?;
    Ok(CheckedKpi { target, splits })
}

#[derive(Serialize)]
struct KpiRecord<'a> {
    metric: &'a str,
    name: &'a str,
    target: i64,
}

pub async fn save_kpi(
    state: &AppState,
    caller: &Caller,
    input: KpiInput,
) -> AppResult<ProjectFinance> {
    let txn = state.begin_write().await?;
    let p = require_changeable_project(&txn, caller, input.project_id, Action::EditKpis).await?;
    let checked = check_kpi(&input, currency_of(&p))?;
    let existing = kpi_target::Entity::find()
        .filter(kpi_target::Column::ProjectId.eq(p.id))
        .all(&txn)
        .await?;
    if input.metric != KpiMetric::Custom
        && existing
            .iter()
            .any(|k| k.metric == input.metric.as_str() && Some(k.id) != input.id)
    {
        return Err(AppError::invalid("metric", K::ErrKpiMetricTaken));
    }
    let now = Utc::now();
    let phasing = serde_json::to_string(&input.phasing).map_err(|_| AppError::Internal)?;
    let splits = serde_json::to_string(&checked.splits).map_err(|_| AppError::Internal)?;
    let after = KpiRecord {
        metric: input.metric.as_str(),
        name: input.name.trim(),
        target: checked.target,
    };
    match input.id {
        None => {
            if existing.len() >= KPIS_MAX {
                return Err(AppError::invalid_with(
                    "metric",
                    K::ErrTooMany,
                    KPIS_MAX as i64,
                ));
            }
            let position = existing.iter().map(|k| k.position).max().unwrap_or(0) + 1024;
            let created = kpi_target::ActiveModel {
                project_id: Set(p.id),
                metric: Set(input.metric.as_str().to_string()),
                name: Set(input.name.trim().to_string()),
                unit: Set(input.unit.trim().to_string()),
                target: Set(checked.target),
                phasing: Set(phasing),
                splits: Set(splits),
                position: Set(position),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            audit::Entry::new(AuditEntity::Kpi, created.id, AuditAction::Create)
                .in_project(p.id)
                .by(caller.id)
                .after(&after)
                .write(&txn)
                .await?;
        }
        Some(id) => {
            let current = existing
                .iter()
                .find(|k| k.id == id)
                .cloned()
                .ok_or(AppError::NotFound)?;
            let current = at_version(current, input.version)?;
            let before = KpiRecord {
                metric: &current.metric,
                name: &current.name,
                target: current.target,
            };
            audit::Entry::new(AuditEntity::Kpi, id, AuditAction::Update)
                .in_project(p.id)
                .by(caller.id)
                .before(&before)
                .after(&after)
                .write(&txn)
                .await?;
            let mut changed: kpi_target::ActiveModel = current.clone().into();
            changed.metric = Set(input.metric.as_str().to_string());
            changed.name = Set(input.name.trim().to_string());
            changed.unit = Set(input.unit.trim().to_string());
            changed.target = Set(checked.target);
            changed.phasing = Set(phasing);
            changed.splits = Set(splits);
            changed.version = Set(current.version + 1);
            changed.updated_at = Set(now);
            write_at_version(&txn, current.id, current.version, changed).await?;
        }
    }
    finish(state, caller, txn, p.id).await
}

/// A KPI and its project, for a change by the caller.
async fn kpi_for<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    kpi_id: Id,
    action: Action,
) -> AppResult<(kpi_target::Model, project::Model)> {
    let kpi = kpi_target::Entity::find_by_id(kpi_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = require_changeable_project(db, caller, kpi.project_id, action).await?;
    Ok((kpi, p))
}

pub async fn delete_kpi(
    state: &AppState,
    caller: &Caller,
    kpi_id: Id,
) -> AppResult<ProjectFinance> {
    let txn = state.begin_write().await?;
    let (kpi, p) = kpi_for(&txn, caller, kpi_id, Action::EditKpis).await?;
    kpi_actual::Entity::delete_many()
        .filter(kpi_actual::Column::KpiId.eq(kpi.id))
        .exec(&txn)
        .await?;
    kpi_target::Entity::delete_by_id(kpi.id).exec(&txn).await?;
    audit::Entry::new(AuditEntity::Kpi, kpi.id, AuditAction::Delete)
        .in_project(p.id)
        .by(caller.id)
        .before(&KpiRecord {
            metric: &kpi.metric,
            name: &kpi.name,
            target: kpi.target,
        })
        .write(&txn)
        .await?;
    finish(state, caller, txn, p.id).await
}

/// A date a figure or an expense may carry: near the campaign, and for figures not ahead of
/// today in the organisation's time zone.
fn check_day(
    day: NaiveDate,
    p: &project::Model,
    not_after_today: Option<NaiveDate>,
) -> Result<(), (String, K, Option<i64>)> {
    let around = chrono::Duration::days(DAYS_AROUND);
    if not_after_today.is_some_and(|today| day > today) {
        return Err(("day".into(), K::ErrFutureDay, None));
    }
    if day < p.start_date - around || day > p.end_date + around {
        return Err(("day".into(), K::ErrDayOutOfRange, None));
    }
    Ok(())
}

#[derive(Serialize)]
struct FigureRecord<'a> {
    kpi_id: Id,
    day: NaiveDate,
    channel: &'a str,
    value: i64,
}

/// Enters a KPI's figure for a day (and channel); the same day and channel again replaces it.
pub async fn record_kpi_actual(
    state: &AppState,
    caller: &Caller,
    input: KpiActualInput,
) -> AppResult<ProjectFinance> {
    let txn = state.begin_write().await?;
    let (kpi, p) = kpi_for(&txn, caller, input.kpi_id, Action::RecordActuals).await?;
    let metric = KpiMetric::parse(&kpi.metric).unwrap_or(KpiMetric::Custom);
    let mut problems = Vec::new();
    if let Err(problem) = check_day(input.day, &p, Some(clock::today(&txn).await?)) {
        problems.push(problem);
    }
    let value = match metric.parse_value(&input.value, currency_of(&p)) {
        Ok(v) => v,
        Err(e) => {
            let (f, k) = money_error("value", e);
            problems.push((f, k, None));
            0
        }
    };
    invalid(problems)?;
    let channel = channel_text(input.channel);
    let existing = kpi_actual::Entity::find()
        .filter(kpi_actual::Column::KpiId.eq(kpi.id))
        .filter(kpi_actual::Column::Day.eq(input.day))
        .filter(kpi_actual::Column::Channel.eq(channel.clone()))
        .one(&txn)
        .await?;
    let after = FigureRecord {
        kpi_id: kpi.id,
        day: input.day,
        channel: &channel,
        value,
    };
    match existing {
        Some(row) => {
            audit::Entry::new(AuditEntity::KpiActual, row.id, AuditAction::Update)
                .in_project(p.id)
                .by(caller.id)
                .before(&FigureRecord {
                    kpi_id: kpi.id,
                    day: row.day,
                    channel: &row.channel,
                    value: row.value,
                })
                .after(&after)
                .write(&txn)
                .await?;
            let mut changed: kpi_actual::ActiveModel = row.into();
            changed.value = Set(value);
            changed.entered_by = Set(caller.id);
            changed.entered_at = Set(Utc::now());
            changed.update(&txn).await?;
        }
        None => {
            let created = kpi_actual::ActiveModel {
                kpi_id: Set(kpi.id),
                day: Set(input.day),
                channel: Set(channel.clone()),
                value: Set(value),
                entered_by: Set(caller.id),
                entered_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            audit::Entry::new(AuditEntity::KpiActual, created.id, AuditAction::Create)
                .in_project(p.id)
                .by(caller.id)
                .after(&after)
                .write(&txn)
                .await?;
        }
    }
    finish(state, caller, txn, p.id).await
}

pub async fn delete_kpi_actual(
    state: &AppState,
    caller: &Caller,
    entry_id: Id,
) -> AppResult<ProjectFinance> {
    let txn = state.begin_write().await?;
    let row = kpi_actual::Entity::find_by_id(entry_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let (_, p) = kpi_for(&txn, caller, row.kpi_id, Action::RecordActuals).await?;
    kpi_actual::Entity::delete_by_id(row.id).exec(&txn).await?;
    audit::Entry::new(AuditEntity::KpiActual, row.id, AuditAction::Delete)
        .in_project(p.id)
        .by(caller.id)
        .before(&FigureRecord {
            kpi_id: row.kpi_id,
            day: row.day,
            channel: &row.channel,
            value: row.value,
        })
        .write(&txn)
        .await?;
    finish(state, caller, txn, p.id).await
}

/// What the audit log keeps of a budget line: never its amount, which is sealed at rest.
#[derive(Serialize)]
struct LineRecord<'a> {
    name: &'a str,
    channel: &'a str,
    category: &'a str,
    phase: &'a str,
    amount_changed: bool,
}

pub async fn save_budget_line(
    state: &AppState,
    caller: &Caller,
    input: BudgetLineInput,
) -> AppResult<ProjectFinance> {
    let txn = state.begin_write().await?;
    let p = require_changeable_project(&txn, caller, input.project_id, Action::EditBudget).await?;
    let mut problems = Problems::default();
    problems.required("name", &input.name, NAME_MAX);
    let planned = crate::domain::money::parse_amount(&input.planned, currency_of(&p));
    match planned {
        Ok(v) if v < 0 => problems.add("planned", K::ErrNegative, None),
        Ok(_) => {}
        Err(e) => {
            let (f, k) = money_error("planned", e);
            problems.add(&f, k, None);
        }
    }
    problems.finish().map_err(AppError::Invalid)?;
    let planned = planned.unwrap_or(0);
    let existing = budget_line::Entity::find()
        .filter(budget_line::Column::ProjectId.eq(p.id))
        .all(&txn)
        .await?;
    let current = match input.id {
        None => {
            if existing.len() >= LINES_MAX {
                return Err(AppError::invalid_with(
                    "name",
                    K::ErrTooMany,
                    LINES_MAX as i64,
                ));
            }
            None
        }
        Some(id) => {
            let current = existing
                .iter()
                .find(|l| l.id == id)
                .cloned()
                .ok_or(AppError::NotFound)?;
            let current = at_version(current, input.version)?;
            Some(current)
        }
    };
    let before = match &current {
        Some(l) => state
            .sealer
            .open_amount(&at(BUDGET_PLANNED, l.id), &l.planned)?,
        None => 0,
    };
    let change = BudgetChange {
        line_id: input.id,
        name: input.name.trim().to_string(),
        channel: input.channel,
        category: input.category,
        phase: input.phase,
        before,
        after: planned,
    };
    // A raise above a budget flow's threshold in an approved project waits for its approval.
    // Raises since the last approval add up: ten small ones are one large one.
    let raise = planned.saturating_sub(before);
    let counted = if raise > 0 {
        let mut total_before: i64 = 0;
        for l in &existing {
            total_before = total_before.saturating_add(
                state
                    .sealer
                    .open_amount(&at(BUDGET_PLANNED, l.id), &l.planned)?,
            );
        }
        let approved = approved_total(&txn, &state.sealer, p.id)
            .await?
            .unwrap_or(total_before);
        raise.max(total_before.saturating_add(raise).saturating_sub(approved))
    } else {
        raise
    };
    match approvals::budget_flow(&txn, &p, counted).await? {
        Some(flow) => {
            approvals::open_budget_change(&txn, &state.sealer, caller, &p, flow, &change).await?
        }
        None => write_line(&txn, &state.sealer, caller.id, &p, current, &change).await?,
    }
    finish(state, caller, txn, p.id).await
}

/// Writes a budget line as `change` has it: a new line when `current` is `None`. The audit
/// entry says whether the amount changed, never the amount.
pub(super) async fn write_line<C: ConnectionTrait>(
    db: &C,
    sealer: &Sealer,
    actor: Id,
    p: &project::Model,
    current: Option<budget_line::Model>,
    change: &BudgetChange,
) -> AppResult<()> {
    let channel = channel_text(change.channel);
    let now = Utc::now();
    match current {
        None => {
            let position = budget_line::Entity::find()
                .filter(budget_line::Column::ProjectId.eq(p.id))
                .order_by_desc(budget_line::Column::Position)
                .one(db)
                .await?
                .map_or(0, |l| l.position)
                + 1024;
            let created = budget_line::ActiveModel {
                project_id: Set(p.id),
                name: Set(change.name.clone()),
                channel: Set(channel.clone()),
                category: Set(change.category.as_str().to_string()),
                phase: Set(change.phase.as_str().to_string()),
                // Sealed below, bound to the line once it has an id.
                planned: Set(String::new()),
                position: Set(position),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
            set_planned(db, sealer, created.id, change.after).await?;
            audit::Entry::new(AuditEntity::BudgetLine, created.id, AuditAction::Create)
                .in_project(p.id)
                .by(actor)
                .after(&LineRecord {
                    name: &created.name,
                    channel: &channel,
                    category: change.category.as_str(),
                    phase: change.phase.as_str(),
                    amount_changed: true,
                })
                .write(db)
                .await?;
        }
        Some(current) => {
            let before_amount =
                sealer.open_amount(&at(BUDGET_PLANNED, current.id), &current.planned)?;
            audit::Entry::new(AuditEntity::BudgetLine, current.id, AuditAction::Update)
                .in_project(p.id)
                .by(actor)
                .before(&LineRecord {
                    name: &current.name,
                    channel: &current.channel,
                    category: &current.category,
                    phase: &current.phase,
                    amount_changed: false,
                })
                .after(&LineRecord {
                    name: &change.name,
                    channel: &channel,
                    category: change.category.as_str(),
                    phase: change.phase.as_str(),
                    amount_changed: before_amount != change.after,
                })
                .write(db)
                .await?;
            let (id, version) = (current.id, current.version);
            let mut changed: budget_line::ActiveModel = current.into();
            changed.name = Set(change.name.clone());
            changed.channel = Set(channel);
            changed.category = Set(change.category.as_str().to_string());
            changed.phase = Set(change.phase.as_str().to_string());
            if before_amount != change.after {
                changed.planned = Set(sealer.seal_amount(&at(BUDGET_PLANNED, id), change.after));
            }
            changed.version = Set(version + 1);
            changed.updated_at = Set(now);
            write_at_version(db, id, version, changed).await?;
        }
    }
    Ok(())
}

/// The caller's decision on a budget change waiting for approval; the last approval writes the
/// change to its line (or a new line, if the line has gone since).
pub async fn decide_budget_change(
    state: &AppState,
    caller: &Caller,
    request_id: Id,
    approve: bool,
    comment: String,
) -> AppResult<()> {
    let comment = comment.trim().to_string();
    let mut problems = Problems::default();
    if !approve && comment.is_empty() {
        problems.add("comment", K::ErrRequired, None);
    }
    problems.at_most("comment", &comment, COMMENT_MAX);
    problems.finish().map_err(AppError::Invalid)?;
    let txn = state.begin_write().await?;
    let (p, change, decided) =
        approvals::decide_budget_change(&txn, &state.sealer, caller, request_id, approve, &comment)
            .await?;
    if decided == Some(true) {
        if !status_of(&p).is_editable() {
            return Err(AppError::invalid("status", K::ErrArchived));
        }
        let current = match change.line_id {
            Some(id) => {
                budget_line::Entity::find_by_id(id)
                    .filter(budget_line::Column::ProjectId.eq(p.id))
                    .one(&txn)
                    .await?
            }
            None => None,
        };
        write_line(&txn, &state.sealer, caller.id, &p, current, &change).await?;
        // The total with the raise is what is approved now.
        mark_approved(&txn, &state.sealer, p.id).await?;
    }
    state
        .commit_change(
            txn,
            p.id,
            caller,
            ProjectChange {
                finance: true,
                ..Default::default()
            },
        )
        .await?;
    Ok(())
}

pub async fn delete_budget_line(
    state: &AppState,
    caller: &Caller,
    line_id: Id,
) -> AppResult<ProjectFinance> {
    let txn = state.begin_write().await?;
    let line = budget_line::Entity::find_by_id(line_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = require_changeable_project(&txn, caller, line.project_id, Action::EditBudget).await?;
    let spent = expense::Entity::find()
        .filter(expense::Column::LineId.eq(line.id))
        .one(&txn)
        .await?;
    if spent.is_some() {
        return Err(AppError::invalid("line_id", K::ErrLineHasExpenses));
    }
    budget_line::Entity::delete_by_id(line.id)
        .exec(&txn)
        .await?;
    audit::Entry::new(AuditEntity::BudgetLine, line.id, AuditAction::Delete)
        .in_project(p.id)
        .by(caller.id)
        .before(&LineRecord {
            name: &line.name,
            channel: &line.channel,
            category: &line.category,
            phase: &line.phase,
            amount_changed: true,
        })
        .write(&txn)
        .await?;
    finish(state, caller, txn, p.id).await
}

/// What the audit log keeps of an expense: never its amount.
#[derive(Serialize)]
struct ExpenseRecord<'a> {
    line_id: Id,
    day: NaiveDate,
    vendor: &'a str,
    state: &'a str,
    amount_changed: bool,
}

pub async fn save_expense(
    state: &AppState,
    caller: &Caller,
    input: ExpenseInput,
) -> AppResult<ProjectFinance> {
    let txn = state.begin_write().await?;
    let p =
        require_changeable_project(&txn, caller, input.project_id, Action::RecordActuals).await?;
    let mut problems = Problems::default();
    problems.required("vendor", &input.vendor, NAME_MAX);
    problems.at_most("note", &input.note, TEXT_MAX);
    if let Err((field, key, arg)) = check_day(input.day, &p, None) {
        problems.add(&field, key, arg);
    }
    let amount = crate::domain::money::parse_amount(&input.amount, currency_of(&p));
    match amount {
        Ok(v) if v <= 0 => problems.add("amount", K::ErrMustBePositive, None),
        Ok(_) => {}
        Err(e) => {
            let (f, k) = money_error("amount", e);
            problems.add(&f, k, None);
        }
    }
    let line_known = budget_line::Entity::find_by_id(input.line_id)
        .one(&txn)
        .await?
        .is_some_and(|l| l.project_id == p.id);
    if !line_known {
        problems.add("line_id", K::ErrUnknownBudgetLine, None);
    }
    problems.finish().map_err(AppError::Invalid)?;
    let amount = amount.unwrap_or(0);
    let now = Utc::now();
    match input.id {
        None => {
            let count = expense::Entity::find()
                .filter(expense::Column::ProjectId.eq(p.id))
                .all(&txn)
                .await?
                .len();
            if count >= EXPENSES_MAX {
                return Err(AppError::invalid_with(
                    "amount",
                    K::ErrTooMany,
                    EXPENSES_MAX as i64,
                ));
            }
            let created = expense::ActiveModel {
                project_id: Set(p.id),
                line_id: Set(input.line_id),
                day: Set(input.day),
                vendor: Set(input.vendor.trim().to_string()),
                // Sealed below, bound to the expense once it has an id.
                amount: Set(String::new()),
                state: Set(input.state.as_str().to_string()),
                note: Set(input.note.trim().to_string()),
                created_by: Set(caller.id),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            set_spent(&txn, &state.sealer, created.id, amount).await?;
            audit::Entry::new(AuditEntity::Expense, created.id, AuditAction::Create)
                .in_project(p.id)
                .by(caller.id)
                .after(&ExpenseRecord {
                    line_id: input.line_id,
                    day: input.day,
                    vendor: &created.vendor,
                    state: input.state.as_str(),
                    amount_changed: true,
                })
                .write(&txn)
                .await?;
        }
        Some(id) => {
            let current = expense::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .filter(|e| e.project_id == p.id)
                .ok_or(AppError::NotFound)?;
            let current = at_version(current, input.version)?;
            let before_amount = state
                .sealer
                .open_amount(&at(EXPENSE_AMOUNT, id), &current.amount)?;
            audit::Entry::new(AuditEntity::Expense, id, AuditAction::Update)
                .in_project(p.id)
                .by(caller.id)
                .before(&ExpenseRecord {
                    line_id: current.line_id,
                    day: current.day,
                    vendor: &current.vendor,
                    state: &current.state,
                    amount_changed: false,
                })
                .after(&ExpenseRecord {
                    line_id: input.line_id,
                    day: input.day,
                    vendor: input.vendor.trim(),
                    state: input.state.as_str(),
                    amount_changed: before_amount != amount,
                })
                .write(&txn)
                .await?;
            let mut changed: expense::ActiveModel = current.clone().into();
            changed.line_id = Set(input.line_id);
            changed.day = Set(input.day);
            changed.vendor = Set(input.vendor.trim().to_string());
            if before_amount != amount {
                changed.amount = Set(state.sealer.seal_amount(&at(EXPENSE_AMOUNT, id), amount));
            }
            changed.state = Set(input.state.as_str().to_string());
            changed.note = Set(input.note.trim().to_string());
            changed.version = Set(current.version + 1);
            changed.updated_at = Set(now);
            write_at_version(&txn, current.id, current.version, changed).await?;
        }
    }
    finish(state, caller, txn, p.id).await
}

pub async fn delete_expense(
    state: &AppState,
    caller: &Caller,
    expense_id: Id,
) -> AppResult<ProjectFinance> {
    let txn = state.begin_write().await?;
    let row = expense::Entity::find_by_id(expense_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = require_changeable_project(&txn, caller, row.project_id, Action::RecordActuals).await?;
    expense::Entity::delete_by_id(row.id).exec(&txn).await?;
    audit::Entry::new(AuditEntity::Expense, row.id, AuditAction::Delete)
        .in_project(p.id)
        .by(caller.id)
        .before(&ExpenseRecord {
            line_id: row.line_id,
            day: row.day,
            vendor: &row.vendor,
            state: &row.state,
            amount_changed: true,
        })
        .write(&txn)
        .await?;
    finish(state, caller, txn, p.id).await
}

/// Sets the project's currency; refused once any amount is recorded in the old one.
pub async fn set_currency(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
    currency: Currency,
) -> AppResult<ProjectFinance> {
    let current = load(state, caller, project_id).await?;
    let txn = state.begin_write().await?;
    let p = require_changeable_project(&txn, caller, project_id, Action::EditBudget).await?;
    if current.currency == currency {
        return Ok(current);
    }
    if current.currency_locked {
        return Err(AppError::invalid("currency", K::ErrCurrencyLocked));
    }
    audit::Entry::new(AuditEntity::Project, p.id, AuditAction::Update)
        .in_project(p.id)
        .by(caller.id)
        .before(&serde_json::json!({ "currency": p.currency }))
        .after(&serde_json::json!({ "currency": currency.code() }))
        .write(&txn)
        .await?;
    let mut changed: project::ActiveModel = p.clone().into();
    changed.currency = Set(currency.code().to_string());
    changed.update(&txn).await?;
    finish(state, caller, txn, p.id).await
}
