//! Weekly reports (周报). At the organisation's set moment of the week (Friday 17:00 where it
//! is, unless an admin chose another) every process looks for projects in progress without
//! this week's reports and drafts them — one for the project, one for each of its managers and
//! contributors — from the week's records: tasks finished, in progress, overdue and due next
//! week; blockers written in check-ins; KPI figures, money spent and channel figures against
//! the week before. Their authors are told; they edit the summary, refresh the figures, and
//! send it, which tells everyone on the project. A project's managers also draft the week's
//! reports whenever they like.
//!
//! Who sees what: a sent report, everyone who may see the project; a draft, its author (the
//! person, or for the project's report its managers).
use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

use super::kernel::authz::require_project;
use super::kernel::entity::{project, task, weekly_report};
use super::kernel::notices::{self, Notice};
use super::kernel::records::{names, status_of, user_ref};
use super::kernel::{audit, clock, AppState, Caller};
use super::{books, channel_data, check_ins, settings};
use crate::domain::kpi::{actual_of, KpiUnit};
use crate::domain::policy::{allows, Action};
use crate::domain::weekly::{due, sort_tasks, week_start, TaskFact};
use crate::error::{AppError, AppResult};
use crate::i18n::K;
use crate::live::ProjectChange;
use crate::model::{
    AuditAction, AuditEntity, Channel, ChannelWeek, FigureKind, Id, KpiMetric, NotifyReason,
    NotifyTopic, ProjectRole, ProjectStatus, ReportFacts, ReportList, ReportState, ReportSummary,
    ReportTask, TaskStatus, WeekFigure, WeeklyReportView,
};

/// How often each process looks for reports to draft.
const EVERY: Duration = Duration::from_secs(300);
/// The longest summary, in characters.
const SUMMARY_MAX: usize = 20_000;
const DRAFT: &str = "draft";
const SENT: &str = "sent";

/// The project roles whose people get a report of their own.
fn reports_of_their_own(role: Option<ProjectRole>) -> bool {
    matches!(role, Some(ProjectRole::Manager | ProjectRole::Contributor))
}

fn state_of(r: &weekly_report::Model) -> ReportState {
    if r.state == SENT {
        ReportState::Sent
    } else {
        ReportState::Draft
    }
}

/// Whether the caller writes this report: its person, or for the project's, a manager.
fn writes(caller: &Caller, role: Option<ProjectRole>, r: &weekly_report::Model) -> bool {
    if r.person_id == 0 {
        allows(caller.role, role, Action::EditProject)
    } else {
        r.person_id == caller.id
    }
}

/// Whether the caller may read it: a sent one, anyone who sees the project; a draft, who writes it.
fn reads(caller: &Caller, role: Option<ProjectRole>, r: &weekly_report::Model) -> bool {
    r.state == SENT || writes(caller, role, r)
}

/// The week's records, as a report of the project (`person` none) or of one person shows them.
async fn facts(
    state: &AppState,
    p: &project::Model,
    person: Option<Id>,
    monday: NaiveDate,
) -> AppResult<ReportFacts> {
    let db = &state.db;
    let zone = clock::zone(db).await?;
    let today = clock::today_in(zone);
    let sunday = monday + chrono::Duration::days(6);
    let last = (
        monday - chrono::Duration::days(7),
        monday - chrono::Duration::days(1),
    );
    let mut query = task::Entity::find().filter(task::Column::ProjectId.eq(p.id));
    if let Some(person) = person {
        query = query.filter(task::Column::OwnerId.eq(person));
    }
    let tasks = query.all(db).await?;
    let parents: HashSet<Id> = task::Entity::find()
        .filter(task::Column::ProjectId.eq(p.id))
        .filter(task::Column::ParentId.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|t| t.parent_id)
        .collect();
    let people = names(db, tasks.iter().filter_map(|t| t.owner_id)).await?;
    let facts_of: Vec<TaskFact> = tasks
        .iter()
        .map(|t| TaskFact {
            task: ReportTask {
                id: t.id,
                title: t.title.clone(),
                owner: t.owner_id.map(|id| user_ref(&people, id)),
                status: TaskStatus::parse(&t.status).unwrap_or(TaskStatus::Todo),
                progress: u8::try_from(t.progress.clamp(0, 100)).unwrap_or(0),
                due_date: t.due_date,
            },
            changed: t.updated_at.with_timezone(&zone).date_naive(),
            parent: parents.contains(&t.id),
        })
        .collect();
    let mut out = ReportFacts {
        currency: p.currency.clone(),
        ..Default::default()
    };
    sort_tasks(&mut out, facts_of, monday, today);

    out.blockers = check_ins::blockers(db, p.id, Some((monday, sunday)), person).await?;

    // The figures are the project's: a person's report lists their own work only.
    if person.is_some() {
        return Ok(out);
    }
    let b = books::books(db, &[p.id]).await?;
    for k in &b.kpis {
        let metric = KpiMetric::parse(&k.metric).unwrap_or(KpiMetric::Custom);
        let in_span = |(from, to): (NaiveDate, NaiveDate)| {
            actual_of(
                metric,
                b.figures
                    .iter()
                    .filter(|f| f.kpi_id == k.id)
                    .filter(|f| metric.accumulates() || f.channel.is_empty())
                    .filter(|f| (from..=to).contains(&f.day))
                    .map(|f| (f.day, f.value)),
            )
        };
        out.kpis.push(WeekFigure {
            name: k.name.clone(),
            label: Some(metric.label()),
            unit: k.unit.clone(),
            kind: match metric.unit() {
                KpiUnit::Count => FigureKind::Count,
                KpiUnit::Money => FigureKind::Money,
                KpiUnit::BasisPoints => FigureKind::BasisPoints,
            },
            this_week: in_span((monday, sunday)),
            last_week: in_span(last),
        });
    }
    let opened = books::open_budget(&state.sealer, b.lines, b.expenses)?;
    if !opened.expenses.is_empty() {
        let spent = |(from, to): (NaiveDate, NaiveDate)| {
            opened
                .expenses
                .iter()
                .filter(|(e, _)| (from..=to).contains(&e.day))
                .map(|(_, amount)| *amount)
                .sum::<i64>()
        };
        out.spend = Some(WeekFigure {
            name: String::new(),
            label: Some(K::ReportMoneySpent),
            unit: String::new(),
            kind: FigureKind::Money,
            this_week: spent((monday, sunday)),
            last_week: spent(last),
        });
    }
    let this_week: HashMap<String, crate::domain::report::Sums> =
        channel_data::by_channel(db, p.id, (monday, sunday))
            .await?
            .into_iter()
            .collect();
    let last_week: HashMap<String, crate::domain::report::Sums> =
        channel_data::by_channel(db, p.id, last)
            .await?
            .into_iter()
            .collect();
    let mut channels: Vec<&String> = this_week.keys().chain(last_week.keys()).collect();
    channels.sort();
    channels.dedup();
    for name in channels {
        let (a, b) = (
            this_week.get(name).cloned().unwrap_or_default(),
            last_week.get(name).cloned().unwrap_or_default(),
        );
        out.channels.push(ChannelWeek {
            channel: Channel::parse(name).unwrap_or(Channel::Other),
            spend: (a.spend, b.spend),
            conversions: (a.conversions, b.conversions),
            revenue: (a.revenue, b.revenue),
        });
    }
    Ok(out)
}

fn view(
    r: &weekly_report::Model,
    p: &project::Model,
    people: &HashMap<Id, String>,
    can_edit: bool,
) -> WeeklyReportView {
    WeeklyReportView {
        id: r.id,
        project_id: r.project_id,
        project_name: p.name.clone(),
        person: (r.person_id != 0).then(|| user_ref(people, r.person_id)),
        week_start: r.week_start,
        week_end: r.week_start + chrono::Duration::days(6),
        state: state_of(r),
        summary: r.summary.clone(),
        facts: serde_json::from_str(&r.facts).unwrap_or_default(),
        updated_at: r.updated_at,
        sent_at: r.sent_at,
        sent_by: r.sent_by.map(|id| user_ref(people, id)),
        can_edit: can_edit && r.state == DRAFT,
    }
}

/// Writes a notification about a report, unless its person turned weekly reports off or caused it.
async fn tell<C: ConnectionTrait>(
    db: &C,
    to: &[Id],
    reason: NotifyReason,
    r: &weekly_report::Model,
    actor: Option<Id>,
) -> AppResult<()> {
    let told = to
        .iter()
        .map(|&person| {
            let notice = Notice::new(person, reason, r.project_id).report(r.id);
            match actor {
                Some(actor) => notice.by(actor),
                None => notice,
            }
        })
        .collect();
    notices::tell_all(db, told, NotifyTopic::WeeklyReport).await?;
    Ok(())
}

/// The project's people: its members and owner, active, with their project roles.
async fn people_of<C: ConnectionTrait>(
    db: &C,
    p: &project::Model,
) -> AppResult<Vec<(Id, Option<ProjectRole>)>> {
    Ok(super::kernel::records::people_of(db, p)
        .await?
        .into_iter()
        .map(|(person, role)| (person.id, role))
        .collect())
}

/// Drafts the project's and its people's reports for the week of `monday` that do not exist
/// yet, and tells their authors; how many were drafted.
async fn draft_week(state: &AppState, p: &project::Model, monday: NaiveDate) -> AppResult<usize> {
    let people = people_of(&state.db, p).await?;
    let managers: Vec<Id> = people
        .iter()
        .filter(|(_, role)| *role == Some(ProjectRole::Manager))
        .map(|(id, _)| *id)
        .collect();
    let project_authors = if managers.is_empty() {
        vec![p.owner_id]
    } else {
        managers
    };
    let mut whose: Vec<(Id, Vec<Id>)> = vec![(0, project_authors)];
    for (id, role) in &people {
        if reports_of_their_own(*role) {
            whose.push((*id, vec![*id]));
        }
    }
    // Every process looks every few minutes from the moment on: what is drafted already is
    // skipped before any of its week is read.
    let done: HashSet<Id> = weekly_report::Entity::find()
        .filter(weekly_report::Column::ProjectId.eq(p.id))
        .filter(weekly_report::Column::WeekStart.eq(monday))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|r| r.person_id)
        .collect();
    whose.retain(|(person, _)| !done.contains(person));
    let mut drafted = 0;
    for (person, authors) in whose {
        let facts = facts(state, p, (person != 0).then_some(person), monday).await?;
        let now = Utc::now();
        let txn = state.begin_write().await?;
        let inserted = weekly_report::Entity::insert(weekly_report::ActiveModel {
            project_id: Set(p.id),
            person_id: Set(person),
            week_start: Set(monday),
            state: Set(DRAFT.into()),
            summary: Set(String::new()),
            facts: Set(serde_json::to_string(&facts).map_err(|_| AppError::Internal)?),
            created_at: Set(now),
            updated_at: Set(now),
            sent_at: Set(None),
            sent_by: Set(None),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([
                weekly_report::Column::ProjectId,
                weekly_report::Column::PersonId,
                weekly_report::Column::WeekStart,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        if inserted == 1 {
            let r = weekly_report::Entity::find()
                .filter(weekly_report::Column::ProjectId.eq(p.id))
                .filter(weekly_report::Column::PersonId.eq(person))
                .filter(weekly_report::Column::WeekStart.eq(monday))
                .one(&txn)
                .await?
                .ok_or(AppError::Internal)?;
            tell(&txn, &authors, NotifyReason::ReportReady, &r, None).await?;
            drafted += 1;
        }
        txn.commit().await?;
    }
    Ok(drafted)
}

/// Drafts the reports due at `now`: this week's, once the organisation's moment has come, for
/// every project in progress. How many were drafted.
pub async fn draft_due(state: &AppState, now: DateTime<Utc>) -> AppResult<usize> {
    let db = &state.db;
    let zone = clock::zone(db).await?;
    let (weekday, at) = settings::report_moment(db).await?;
    let Some(monday) = due(now.with_timezone(&zone).naive_local(), weekday, at) else {
        return Ok(0);
    };
    let projects = project::Entity::find()
        .filter(project::Column::Status.eq(ProjectStatus::InProgress.as_str()))
        .all(db)
        .await?;
    let mut drafted = 0;
    for p in projects {
        drafted += draft_week(state, &p, monday).await?;
    }
    Ok(drafted)
}

/// Looks for reports to draft every five minutes (`MARQUEE_ALERT_SCAN_SECONDS`).
pub async fn run(state: AppState) {
    let every = clock::scan_interval(EVERY);
    loop {
        tokio::time::sleep(every).await;
        match draft_due(&state, Utc::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(n, "weekly reports drafted"),
            Err(e) => tracing::warn!(error = %e, "weekly report drafting failed"),
        }
    }
}

/// Drafts this week's reports now (a project's managers).
pub async fn draft_now(state: &AppState, caller: &Caller, project_id: Id) -> AppResult<ReportList> {
    let (p, _) = require_project(&state.db, caller, project_id, Action::EditProject).await?;
    if !status_of(&p).is_editable() {
        return Err(AppError::invalid("status", K::ErrArchived));
    }
    let monday = week_start(clock::today(&state.db).await?);
    draft_week(state, &p, monday).await?;
    list(state, caller, project_id).await
}

/// The project's reports the caller may read, newest week first (the project's before the people's).
pub async fn list(state: &AppState, caller: &Caller, project_id: Id) -> AppResult<ReportList> {
    let db = &state.db;
    let (p, role) = require_project(db, caller, project_id, Action::ViewProject).await?;
    let rows = weekly_report::Entity::find()
        .filter(weekly_report::Column::ProjectId.eq(p.id))
        .order_by_desc(weekly_report::Column::WeekStart)
        .order_by_asc(weekly_report::Column::PersonId)
        .all(db)
        .await?;
    let rows: Vec<&weekly_report::Model> = rows.iter().filter(|r| reads(caller, role, r)).collect();
    let people = names(db, rows.iter().map(|r| r.person_id).filter(|id| *id != 0)).await?;
    Ok(ReportList {
        reports: rows
            .iter()
            .map(|r| ReportSummary {
                id: r.id,
                person: (r.person_id != 0).then(|| user_ref(&people, r.person_id)),
                week_start: r.week_start,
                state: state_of(r),
                sent_at: r.sent_at,
            })
            .collect(),
        can_draft: allows(caller.role, role, Action::EditProject) && status_of(&p).is_editable(),
    })
}

/// A report the caller may read, its project and their role.
async fn readable<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    id: Id,
) -> AppResult<(weekly_report::Model, project::Model, Option<ProjectRole>)> {
    let r = weekly_report::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (p, role) = require_project(db, caller, r.project_id, Action::ViewProject).await?;
    if !reads(caller, role, &r) {
        return Err(AppError::NotFound);
    }
    Ok((r, p, role))
}

async fn shown<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    r: &weekly_report::Model,
    p: &project::Model,
    role: Option<ProjectRole>,
) -> AppResult<WeeklyReportView> {
    let people = names(
        db,
        [r.person_id, r.sent_by.unwrap_or(0)]
            .into_iter()
            .filter(|id| *id != 0),
    )
    .await?;
    let editable = writes(caller, role, r) && status_of(p).is_editable();
    Ok(view(r, p, &people, editable))
}

pub async fn get(state: &AppState, caller: &Caller, id: Id) -> AppResult<WeeklyReportView> {
    let (r, p, role) = readable(&state.db, caller, id).await?;
    shown(&state.db, caller, &r, &p, role).await
}

/// A draft the caller writes, in a write transaction.
async fn writable(
    txn: &sea_orm::DatabaseTransaction,
    caller: &Caller,
    id: Id,
) -> AppResult<(weekly_report::Model, project::Model, Option<ProjectRole>)> {
    let (r, p, role) = readable(txn, caller, id).await?;
    if !writes(caller, role, &r) {
        return Err(AppError::Forbidden);
    }
    if !status_of(&p).is_editable() {
        return Err(AppError::invalid("status", K::ErrArchived));
    }
    if r.state == SENT {
        return Err(AppError::invalid("state", K::ErrReportSent));
    }
    Ok((r, p, role))
}

/// Changes a draft's summary (its author).
pub async fn save(
    state: &AppState,
    caller: &Caller,
    id: Id,
    summary: String,
) -> AppResult<WeeklyReportView> {
    if summary.chars().count() > SUMMARY_MAX {
        return Err(AppError::invalid_with(
            "summary",
            K::ErrTooLong,
            SUMMARY_MAX as i64,
        ));
    }
    let txn = state.begin_write().await?;
    let (r, p, role) = writable(&txn, caller, id).await?;
    let saved = weekly_report::ActiveModel {
        id: Set(r.id),
        summary: Set(summary.trim().to_string()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let record = serde_json::json!({ "week": r.week_start, "person": r.person_id, "excerpt": super::comments::excerpt(&saved.summary) });
    finish(
        state,
        txn,
        caller,
        (&saved, &p, role),
        AuditAction::Update,
        record,
    )
    .await
}

/// Reads a draft's week again from the records (its author).
pub async fn refresh(state: &AppState, caller: &Caller, id: Id) -> AppResult<WeeklyReportView> {
    let (r, p, _) = readable(&state.db, caller, id).await?;
    let facts = facts(
        state,
        &p,
        (r.person_id != 0).then_some(r.person_id),
        r.week_start,
    )
    .await?;
    let txn = state.begin_write().await?;
    let (r, p, role) = writable(&txn, caller, r.id).await?;
    let saved = weekly_report::ActiveModel {
        id: Set(r.id),
        facts: Set(serde_json::to_string(&facts).map_err(|_| AppError::Internal)?),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let record =
        serde_json::json!({ "week": r.week_start, "person": r.person_id, "refreshed": true });
    finish(
        state,
        txn,
        caller,
        (&saved, &p, role),
        AuditAction::Update,
        record,
    )
    .await
}

/// Sends a draft (its author): it no longer changes, and everyone on the project is told.
pub async fn send(state: &AppState, caller: &Caller, id: Id) -> AppResult<WeeklyReportView> {
    let txn = state.begin_write().await?;
    let (r, p, role) = writable(&txn, caller, id).await?;
    let now = Utc::now();
    let saved = weekly_report::ActiveModel {
        id: Set(r.id),
        state: Set(SENT.into()),
        sent_at: Set(Some(now)),
        sent_by: Set(Some(caller.id)),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let everyone: Vec<Id> = people_of(&txn, &p)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    tell(
        &txn,
        &everyone,
        NotifyReason::ReportSent,
        &saved,
        Some(caller.id),
    )
    .await?;
    let record = serde_json::json!({ "week": r.week_start, "person": r.person_id, "state": SENT });
    finish(
        state,
        txn,
        caller,
        (&saved, &p, role),
        AuditAction::Status,
        record,
    )
    .await
}

/// Ends a change of a report: its audit entry, then the project's next event; the report as
/// the caller now sees it.
async fn finish(
    state: &AppState,
    txn: sea_orm::DatabaseTransaction,
    caller: &Caller,
    (saved, p, role): (&weekly_report::Model, &project::Model, Option<ProjectRole>),
    action: AuditAction,
    record: serde_json::Value,
) -> AppResult<WeeklyReportView> {
    audit::Entry::new(AuditEntity::WeeklyReport, saved.id, action)
        .in_project(p.id)
        .by(caller.id)
        .after(&record)
        .write(&txn)
        .await?;
    let view = shown(&txn, caller, saved, p, role).await?;
    state
        .commit_change(txn, p.id, caller, ProjectChange::default())
        .await?;
    Ok(view)
}
