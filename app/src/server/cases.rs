//! The case library (案例库). A project whose retrospective was approved (it is reviewed) is
//! published as a case by one of its managers: filed under its type, the industry they choose,
//! the channels it spent or measured in, its budget band and its season; with its outcome as its
//! retrospective found it, the lessons they write and the project's files they choose. Everyone
//! in the organisation browses, filters and reads the cases; each person's reads are counted
//! (not an audited change: reading a case moves no project's revision), as are the projects
//! started from a case.
use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::kernel::authz::{require, require_project};
use super::kernel::crypto::{Sealer, CASE_BUDGET};
use super::kernel::entity::{
    attachment, attachment_version, case, case_read, case_reuse, project, project_member,
    retrospective, user,
};
use super::kernel::records::{names, status_of, user_ref};
use super::kernel::{audit, AppState, Caller};
use super::templates::{case_plan, project_plan, SealedBudget};
use crate::domain::cases::{budget_band, nearest, nearness, season};
use crate::domain::policy::{allows, Action};
use crate::domain::validate::{Problems, TITLE_MAX};
use crate::error::{AppError, AppResult};
use crate::i18n::K;
use crate::live::ProjectChange;
use crate::model::files::url_name;
use crate::model::{
    AuditAction, AuditEntity, CaseCategory, CaseDraft, CaseFile, CaseFilter, CaseInput,
    CaseLibrary, CaseOutcome, CaseSummary, CaseView, Channel, Id, Industry, ProjectKind,
    ProjectStatus, RetroFacts, RetroSections, TemplateRef, TemplateSummary,
};

/// The longest lessons, in characters; the most files a case carries.
const LESSONS_MAX: usize = 20_000;
const FILES_MAX: usize = 20;
/// How many cases "for you" and "cases like this one" show.
const FOR_YOU: usize = 3;
/// How many of a person's live projects (the newest) the library matches cases to.
const LIVE_MAX: u64 = 20;

fn category_of(c: &case::Model) -> CaseCategory {
    CaseCategory {
        kind: ProjectKind::parse(&c.kind).unwrap_or(ProjectKind::Other),
        industry: c.industry.as_deref().and_then(Industry::parse),
        channels: serde_json::from_str(&c.channels).unwrap_or_default(),
        budget_band: crate::model::BudgetBand::parse(&c.budget_band)
            .unwrap_or(crate::model::BudgetBand::Under100k),
        season: crate::model::Season::parse(&c.season).unwrap_or(crate::model::Season::Spring),
    }
}

fn summary_of(c: &case::Model, reads: u32, reuses: u32) -> CaseSummary {
    let outcome: CaseOutcome = serde_json::from_str(&c.outcome).unwrap_or_default();
    CaseSummary {
        id: c.id,
        project_id: c.project_id,
        title: c.title.clone(),
        category: category_of(c),
        goals_attained: outcome.goals.iter().filter(|g| g.attained).count() as u32,
        goals: outcome.goals.len() as u32,
        roi: outcome.roi,
        published_at: c.published_at,
        reads,
        reuses,
    }
}

/// What a project's case is filed under, from its records and retrospective.
fn category(p: &project::Model, facts: &RetroFacts, industry: Option<Industry>) -> CaseCategory {
    let mut channels: Vec<Channel> = facts
        .money
        .channels
        .iter()
        .filter(|c| c.spend > 0 || c.conversions > 0)
        .map(|c| c.channel)
        .chain(facts.money.lines.iter().filter_map(|l| l.channel))
        .collect();
    channels.sort_by_key(|c| c.as_str());
    channels.dedup();
    CaseCategory {
        kind: ProjectKind::parse(&p.kind).unwrap_or(ProjectKind::Other),
        industry,
        channels,
        budget_band: budget_band(facts.money.planned),
        season: season(p.start_date, p.end_date),
    }
}

fn outcome(facts: &RetroFacts) -> CaseOutcome {
    CaseOutcome {
        currency: facts.currency.clone(),
        goals: facts.goals.clone(),
        roi: facts.money.roi,
        cycle_days: facts.schedule.cycle_days,
        planned_days: facts.schedule.planned_days,
        late_rate: facts.schedule.late_rate,
        planned: facts.money.planned,
        spent: facts.money.committed.saturating_add(facts.money.paid),
    }
}

/// Reads and reuses of each case, counted by the database.
async fn usage<C: ConnectionTrait>(db: &C) -> AppResult<(HashMap<Id, u32>, HashMap<Id, u32>)> {
    let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    let reads: Vec<(Id, i64)> = case_read::Entity::find()
        .select_only()
        .column(case_read::Column::CaseId)
        .column_as(Expr::col(case_read::Column::Times).sum(), "reads")
        .group_by(case_read::Column::CaseId)
        .into_tuple()
        .all(db)
        .await?;
    let reuses: Vec<(Id, i64)> = case_reuse::Entity::find()
        .select_only()
        .column(case_reuse::Column::CaseId)
        .column_as(Expr::col(case_reuse::Column::Id).count(), "reuses")
        .group_by(case_reuse::Column::CaseId)
        .into_tuple()
        .all(db)
        .await?;
    Ok((
        reads.into_iter().map(|(id, n)| (id, count(n))).collect(),
        reuses.into_iter().map(|(id, n)| (id, count(n))).collect(),
    ))
}

/// What a live project would be filed under were it a case: its type, the channels its budget
/// plans to spend in, its planned total's band and its season.
pub async fn category_now<C: ConnectionTrait>(
    db: &C,
    sealer: &Sealer,
    p: &project::Model,
) -> AppResult<CaseCategory> {
    let (_, lines) = super::books::plan_of(db, sealer, p.id).await?;
    let mut channels: Vec<Channel> = lines.iter().filter_map(|l| l.channel).collect();
    channels.sort_by_key(|c| c.as_str());
    channels.dedup();
    let planned = lines.iter().fold(0i64, |s, l| s.saturating_add(l.planned));
    Ok(CaseCategory {
        kind: ProjectKind::parse(&p.kind).unwrap_or(ProjectKind::Other),
        industry: None,
        channels,
        budget_band: budget_band(planned),
        season: season(p.start_date, p.end_date),
    })
}

/// A case as a template to start a project from; `None` when it kept no plan.
fn template_of(
    sealer: &Sealer,
    c: &case::Model,
    project_name: &str,
) -> AppResult<Option<TemplateSummary>> {
    let Some((plan, currency)) = case_plan(sealer, c)? else {
        return Ok(None);
    };
    Ok(Some(TemplateSummary {
        template: TemplateRef::Case(c.id),
        name: c.title.clone(),
        description: String::new(),
        kind: ProjectKind::parse(&c.kind).unwrap_or(ProjectKind::Other),
        tasks: plan.tasks.len(),
        kpis: plan.kpis.len(),
        budget_lines: plan.budget.len(),
        budget_total: plan.budget_total(),
        currency,
        span: plan.span(),
        created_by: None,
        created_at: Some(c.published_at),
        source_project: Some((c.project_id, project_name.to_string())),
        version: c.version,
        manageable: false,
    }))
}

/// Case `id` as a template, for starting a project from it (whoever may create projects).
pub async fn as_template(state: &AppState, caller: &Caller, id: Id) -> AppResult<TemplateSummary> {
    require(caller, Action::ReadCases)?;
    require(caller, Action::CreateProject)?;
    let c = case::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let name = project::Entity::find_by_id(c.project_id)
        .one(&state.db)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    template_of(&state.sealer, &c, &name)?
        .ok_or_else(|| AppError::invalid("template", K::ErrCaseNoPlan))
}

/// The cases nearest to project `project_id` (not its own), for whoever reads the project.
pub async fn like_project(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
) -> AppResult<Vec<CaseSummary>> {
    require(caller, Action::ReadCases)?;
    let db = &state.db;
    let (p, _) = require_project(db, caller, project_id, Action::ViewProject).await?;
    let all = case::Entity::find()
        .filter(case::Column::ProjectId.ne(p.id))
        .all(db)
        .await?;
    if all.is_empty() {
        return Ok(Vec::new());
    }
    let filed: Vec<(Id, CaseCategory)> = all.iter().map(|c| (c.id, category_of(c))).collect();
    let near = nearest(&filed, &category_now(db, &state.sealer, &p).await?, FOR_YOU);
    let (reads, reuses) = usage(db).await?;
    Ok(near
        .iter()
        .filter_map(|id| all.iter().find(|c| c.id == *id))
        .map(|c| {
            summary_of(
                c,
                reads.get(&c.id).copied().unwrap_or(0),
                reuses.get(&c.id).copied().unwrap_or(0),
            )
        })
        .collect())
}

fn passes(c: &case::Model, category: &CaseCategory, f: &CaseFilter) -> bool {
    let text = f.text.trim().to_lowercase();
    f.kind.is_none_or(|k| k == category.kind)
        && f.industry.is_none_or(|i| Some(i) == category.industry)
        && f.channel.is_none_or(|ch| category.channels.contains(&ch))
        && f.budget_band.is_none_or(|b| b == category.budget_band)
        && f.season.is_none_or(|s| s == category.season)
        && (text.is_empty()
            || c.title.to_lowercase().contains(&text)
            || c.lessons.to_lowercase().contains(&text))
}

/// The library: the cases that pass the filter, newest first, and those nearest to the
/// projects the caller works on now. Everyone signed in reads it.
pub async fn library(
    state: &AppState,
    caller: &Caller,
    filter: CaseFilter,
) -> AppResult<CaseLibrary> {
    require(caller, Action::ReadCases)?;
    let db = &state.db;
    let all = case::Entity::find()
        .order_by_desc(case::Column::PublishedAt)
        .order_by_desc(case::Column::Id)
        .all(db)
        .await?;
    let (reads, reuses) = usage(db).await?;
    let summary = |c: &case::Model| {
        summary_of(
            c,
            reads.get(&c.id).copied().unwrap_or(0),
            reuses.get(&c.id).copied().unwrap_or(0),
        )
    };
    let cases: Vec<CaseSummary> = all
        .iter()
        .filter(|c| passes(c, &category_of(c), &filter))
        .map(summary)
        .collect();
    // The projects the caller works on now, as cases would be filed; each case scored by the
    // nearest of them (not its own).
    let mine: Vec<Id> = project_member::Entity::find()
        .filter(project_member::Column::UserId.eq(caller.id))
        .select_only()
        .column(project_member::Column::ProjectId)
        .into_tuple()
        .all(db)
        .await?;
    let current = if all.is_empty() {
        Vec::new()
    } else {
        project::Entity::find()
            .filter(project::Column::Status.is_in(ProjectStatus::LIVE.map(ProjectStatus::as_str)))
            .filter(
                Condition::any()
                    .add(project::Column::OwnerId.eq(caller.id))
                    .add(project::Column::Id.is_in(mine)),
            )
            .order_by_desc(project::Column::Id)
            .limit(LIVE_MAX)
            .all(db)
            .await?
    };
    let mut near: Vec<(Id, CaseCategory)> = Vec::with_capacity(current.len());
    for p in &current {
        near.push((p.id, category_now(db, &state.sealer, p).await?));
    }
    let mut scored: Vec<(u32, &case::Model)> = all
        .iter()
        .map(|c| {
            let filed = category_of(c);
            let best = near
                .iter()
                .filter(|(project_id, _)| *project_id != c.project_id)
                .map(|(_, now)| nearness(&filed, now))
                .max()
                .unwrap_or(0);
            (best, c)
        })
        .filter(|(score, _)| *score > 0)
        .collect();
    // Nearest first; newest first among equals (`all` is newest first and the sort is stable).
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    let picked: Vec<Id> = scored.iter().take(FOR_YOU).map(|(_, c)| c.id).collect();
    let for_you = picked
        .iter()
        .filter_map(|id| all.iter().find(|c| c.id == *id))
        .map(summary)
        .collect();
    let people = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .count(db)
        .await? as u32;
    let readers = case_read::Entity::find()
        .select_only()
        .column(case_read::Column::UserId)
        .distinct()
        .into_tuple::<Id>()
        .all(db)
        .await?
        .len();
    Ok(CaseLibrary {
        cases,
        for_you,
        readers: readers as u32,
        people,
        reads: reads.values().sum(),
        reuses: reuses.values().sum(),
    })
}

/// May the caller change the case of project `p` (its managers, admins)?
async fn edits<C: ConnectionTrait>(db: &C, caller: &Caller, p: &project::Model) -> AppResult<bool> {
    let role = super::kernel::authz::membership(db, caller, p.id).await?;
    Ok(allows(caller.role, role, Action::EditProject))
}

async fn view<C: ConnectionTrait>(
    db: &C,
    sealer: &Sealer,
    caller: &Caller,
    c: &case::Model,
) -> AppResult<CaseView> {
    let p = project::Entity::find_by_id(c.project_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let read_rows = case_read::Entity::find()
        .filter(case_read::Column::CaseId.eq(c.id))
        .all(db)
        .await?;
    let reuses = case_reuse::Entity::find()
        .filter(case_reuse::Column::CaseId.eq(c.id))
        .all(db)
        .await?
        .len() as u32;
    let file_ids: Vec<Id> = serde_json::from_str(&c.files).unwrap_or_default();
    let mut files = Vec::with_capacity(file_ids.len());
    if !file_ids.is_empty() {
        let found = attachment::Entity::find()
            .filter(attachment::Column::Id.is_in(file_ids))
            .filter(attachment::Column::ProjectId.eq(c.project_id))
            .order_by_asc(attachment::Column::Name)
            .all(db)
            .await?;
        let latest: HashMap<Id, Id> = attachment_version::Entity::find()
            .filter(attachment_version::Column::AttachmentId.is_in(found.iter().map(|a| a.id)))
            .order_by_asc(attachment_version::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|v| (v.attachment_id, v.id))
            .collect();
        for a in found {
            let href = match (&a.url, latest.get(&a.id)) {
                (Some(url), _) => url.clone(),
                (None, Some(version)) => format!("/files/{version}/{}", url_name(&a.name)),
                (None, None) => continue,
            };
            files.push(CaseFile {
                id: a.id,
                name: a.name,
                href,
            });
        }
    }
    let people = names(db, [c.published_by]).await?;
    Ok(CaseView {
        summary: summary_of(
            c,
            read_rows
                .iter()
                .map(|r| u32::try_from(r.times).unwrap_or(0))
                .sum(),
            reuses,
        ),
        project_name: p.name.clone(),
        outcome: serde_json::from_str(&c.outcome).unwrap_or_default(),
        lessons: c.lessons.clone(),
        lessons_html: super::comments::render(&c.lessons, &HashMap::new()),
        files,
        published_by: user_ref(&people, c.published_by),
        readers: read_rows.len() as u32,
        can_edit: edits(db, caller, &p).await?,
        template: template_of(sealer, c, &p.name)?,
    })
}

/// A case, read by the caller: the read is counted.
pub async fn get(state: &AppState, caller: &Caller, id: Id) -> AppResult<CaseView> {
    require(caller, Action::ReadCases)?;
    let c = case::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = Utc::now();
    case_read::Entity::insert(case_read::ActiveModel {
        case_id: Set(c.id),
        user_id: Set(caller.id),
        times: Set(1),
        first_at: Set(now),
        last_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([case_read::Column::CaseId, case_read::Column::UserId])
            .value(
                case_read::Column::Times,
                Expr::col((case_read::Entity, case_read::Column::Times)).add(1),
            )
            .value(case_read::Column::LastAt, now)
            .to_owned(),
    )
    .exec_without_returning(&state.db)
    .await?;
    view(&state.db, &state.sealer, caller, &c).await
}

/// Publishes a reviewed project as a case, or changes its case (its managers): filed from its
/// records and approved retrospective, with the title, industry, lessons and files given.
pub async fn publish(state: &AppState, caller: &Caller, input: CaseInput) -> AppResult<CaseView> {
    let mut problems = Problems::default();
    problems.required("title", &input.title, TITLE_MAX);
    problems.at_most("lessons", &input.lessons, LESSONS_MAX);
    if input.files.len() > FILES_MAX {
        problems.add("files", K::ErrTooMany, Some(FILES_MAX as i64));
    }
    let txn = state.begin_write().await?;
    let (p, _) = require_project(&txn, caller, input.project_id, Action::EditProject).await?;
    problems.finish().map_err(AppError::Invalid)?;
    if status_of(&p) != ProjectStatus::Reviewed {
        return Err(AppError::invalid("project_id", K::ErrCaseNotReviewed));
    }
    let retro = retrospective::Entity::find()
        .filter(retrospective::Column::ProjectId.eq(p.id))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::invalid("project_id", K::ErrCaseNotReviewed))?;
    let mut files: Vec<Id> = input.files.clone();
    files.sort_unstable();
    files.dedup();
    if !files.is_empty() {
        let found = attachment::Entity::find()
            .filter(attachment::Column::Id.is_in(files.clone()))
            .filter(attachment::Column::ProjectId.eq(p.id))
            .all(&txn)
            .await?
            .len();
        if found != files.len() {
            return Err(AppError::invalid("files", K::ErrCaseFile));
        }
    }
    let facts: RetroFacts = serde_json::from_str(&retro.facts).unwrap_or_default();
    let filed = category(&p, &facts, input.industry);
    let now = Utc::now();
    let existing = case::Entity::find()
        .filter(case::Column::ProjectId.eq(p.id))
        .one(&txn)
        .await?;
    let channels = serde_json::to_string(&filed.channels).map_err(|_| AppError::Internal)?;
    let outcome = serde_json::to_string(&outcome(&facts)).map_err(|_| AppError::Internal)?;
    let files_json = serde_json::to_string(&files).map_err(|_| AppError::Internal)?;
    let (saved, action) = match existing {
        Some(c) => (
            case::ActiveModel {
                id: Set(c.id),
                title: Set(input.title.trim().to_string()),
                industry: Set(filed.industry.map(|i| i.as_str().to_string())),
                lessons: Set(input.lessons.trim().to_string()),
                files: Set(files_json),
                updated_at: Set(now),
                version: Set(c.version + 1),
                ..Default::default()
            }
            .update(&txn)
            .await?,
            AuditAction::Update,
        ),
        None => (
            case::ActiveModel {
                project_id: Set(p.id),
                title: Set(input.title.trim().to_string()),
                kind: Set(filed.kind.as_str().to_string()),
                industry: Set(filed.industry.map(|i| i.as_str().to_string())),
                channels: Set(channels),
                budget_band: Set(filed.budget_band.as_str().to_string()),
                season: Set(filed.season.as_str().to_string()),
                outcome: Set(outcome),
                lessons: Set(input.lessons.trim().to_string()),
                files: Set(files_json),
                plan: Set("{}".into()),
                budget: Set(String::new()),
                published_by: Set(caller.id),
                published_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            }
            .insert(&txn)
            .await?,
            AuditAction::Create,
        ),
    };
    let id = saved.id;
    audit::Entry::new(AuditEntity::Case, saved.id, action)
        .in_project(p.id)
        .by(caller.id)
        .after(&serde_json::json!({ "title": saved.title, "files": files.len() }))
        .write(&txn)
        .await?;
    // The project's plan, KPI targets and budget lines, to start projects from.
    let (plan, budget) = match project_plan(&txn, &state.sealer, &p).await? {
        Some((mut plan, currency)) => {
            let lines = std::mem::take(&mut plan.budget);
            (plan, SealedBudget { currency, lines })
        }
        None => Default::default(),
    };
    let mut kept: case::ActiveModel = saved.into();
    kept.plan = Set(serde_json::to_string(&plan).map_err(|_| AppError::Internal)?);
    kept.budget = Set(budget.seal(&state.sealer, CASE_BUDGET, id)?);
    let saved = kept.update(&txn).await?;
    let shown = view(&txn, &state.sealer, caller, &saved).await?;
    state
        .commit_change(txn, p.id, caller, ProjectChange::default())
        .await?;
    Ok(shown)
}

/// The case of reviewed project `project_id` as its managers edit it on the retrospective page:
/// as published, or drafted from its retrospective (the project's name; what went well and badly
/// as the lessons). `None` for others, and before the project is reviewed.
pub async fn draft(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
) -> AppResult<Option<CaseDraft>> {
    let db = &state.db;
    let (p, role) = require_project(db, caller, project_id, Action::ViewProject).await?;
    if status_of(&p) != ProjectStatus::Reviewed || !allows(caller.role, role, Action::EditProject) {
        return Ok(None);
    }
    let retro = retrospective::Entity::find()
        .filter(retrospective::Column::ProjectId.eq(p.id))
        .one(db)
        .await?;
    let choices = attachment::Entity::find()
        .filter(attachment::Column::ProjectId.eq(p.id))
        .order_by_asc(attachment::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    let published = case::Entity::find()
        .filter(case::Column::ProjectId.eq(p.id))
        .one(db)
        .await?;
    let input = match &published {
        Some(c) => CaseInput {
            project_id: p.id,
            title: c.title.clone(),
            industry: c.industry.as_deref().and_then(Industry::parse),
            lessons: c.lessons.clone(),
            files: serde_json::from_str(&c.files).unwrap_or_default(),
        },
        None => {
            let sections: RetroSections = retro
                .as_ref()
                .and_then(|r| serde_json::from_str(&r.sections).ok())
                .unwrap_or_default();
            let lessons = [sections.went_well.trim(), sections.went_badly.trim()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("\n\n");
            CaseInput {
                project_id: p.id,
                title: p.name.clone(),
                industry: None,
                lessons,
                files: Vec::new(),
            }
        }
    };
    Ok(Some(CaseDraft {
        case_id: published.map(|c| c.id),
        input,
        choices,
    }))
}

/// Counts project `project_id`, started by `by`, as a reuse of case `case_id`.
pub async fn reused<C: ConnectionTrait>(
    db: &C,
    case_id: Id,
    project_id: Id,
    by: Id,
) -> AppResult<()> {
    case_reuse::ActiveModel {
        case_id: Set(case_id),
        project_id: Set(project_id),
        user_id: Set(by),
        at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Takes a case out of the library (its project's managers).
pub async fn withdraw(state: &AppState, caller: &Caller, id: Id) -> AppResult<()> {
    let txn = state.begin_write().await?;
    let c = case::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let (p, _) = require_project(&txn, caller, c.project_id, Action::EditProject).await?;
    case::Entity::delete_by_id(c.id).exec(&txn).await?;
    audit::Entry::new(AuditEntity::Case, c.id, AuditAction::Delete)
        .in_project(p.id)
        .by(caller.id)
        .before(&serde_json::json!({ "title": c.title }))
        .write(&txn)
        .await?;
    state
        .commit_change(txn, p.id, caller, ProjectChange::default())
        .await
}
