//! Scheduling on the server: dependencies, the working calendar, baselines, and the engine run
//! as the authority after every change of dates, parents or links.
use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder,
};

use super::holidays;
use super::kernel::authz::{require_changeable_project, require_project};
use super::kernel::entity::{baseline, baseline_task, project, task, task_link};
use super::kernel::records::at_version;
use super::kernel::revision::FirstScreens;
use super::kernel::{audit, hub, AppState, Caller};
use super::task_rows::{save, views};
use crate::domain::policy::Action;
use crate::domain::schedule::calendar::WorkCalendar;
use crate::domain::schedule::{Change, LinkSpec, Mode, Plan, PlanError, PlanTask};
use crate::domain::validate;
use crate::error::{AppError, AppResult};
use crate::i18n::K;
use crate::live::{apply_links, apply_tasks, LiveEvent, ProjectChange};
use crate::model::{
    AuditAction, AuditEntity, BaselineDates, BaselineInfo, Id, LinkInput, LinkKind, Reschedule,
    ScheduleChange, ScheduleView, TaskLink, TaskStatus,
};
use crate::packed::Packed;

/// The most tasks one reschedule request may name (an undo names every task a change moved).
const RESCHEDULE_MAX: usize = 100_000;

pub fn calendar_json(calendar: &WorkCalendar) -> String {
    serde_json::to_string(calendar).unwrap_or_default()
}

pub fn calendar_of(p: &project::Model) -> WorkCalendar {
    serde_json::from_str(&p.calendar).unwrap_or_default()
}

pub(super) fn link_of(l: &task_link::Model) -> TaskLink {
    TaskLink {
        id: l.id,
        predecessor_id: l.predecessor_id,
        successor_id: l.successor_id,
        kind: LinkKind::parse(&l.kind).unwrap_or(LinkKind::FinishToStart),
        lag_days: l.lag_days,
    }
}

fn plan_task(t: &task::Model) -> PlanTask {
    PlanTask {
        id: t.id,
        parent: t.parent_id,
        start: t.start_date,
        due: t.due_date,
        milestone: t.milestone,
        progress: if t.status == TaskStatus::Done.as_str() {
            100
        } else {
            t.progress.clamp(0, 100) as u8
        },
    }
}

async fn links_of<C: ConnectionTrait>(db: &C, project_id: Id) -> AppResult<Vec<TaskLink>> {
    Ok(task_link::Entity::find()
        .filter(task_link::Column::ProjectId.eq(project_id))
        .order_by_asc(task_link::Column::Id)
        .all(db)
        .await?
        .iter()
        .map(link_of)
        .collect())
}

async fn tasks_of<C: ConnectionTrait>(db: &C, project_id: Id) -> AppResult<Vec<task::Model>> {
    Ok(task::Entity::find()
        .filter(task::Column::ProjectId.eq(project_id))
        .order_by_asc(task::Column::SortOrder)
        .order_by_asc(task::Column::Id)
        .all(db)
        .await?)
}

/// The titles of a loop's tasks, for the message.
fn titles(ids: &[Id], tasks: &[task::Model]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            tasks
                .iter()
                .find(|t| t.id == *id)
                .map(|t| t.title.clone())
                .unwrap_or_else(|| format!("#{id}"))
        })
        .collect()
}

fn build(tasks: &[task::Model], links: &[TaskLink], calendar: &WorkCalendar) -> AppResult<Plan> {
    let specs: Vec<LinkSpec> = links.iter().map(LinkSpec::from).collect();
    let items: Vec<PlanTask> = tasks.iter().map(plan_task).collect();
    Plan::new(&items, &specs, calendar).map_err(|e| match e {
        PlanError::Cycle(ids) => AppError::DependencyCycle(titles(&ids, tasks)),
        PlanError::Calendar(_) => AppError::invalid("calendar", K::ErrNoWorkingWeekday),
    })
}

/// The tasks on the critical path of the project's plan as it stands (`tasks` are the project's).
pub async fn critical_tasks<C: ConnectionTrait>(
    db: &C,
    p: &project::Model,
    tasks: &[task::Model],
) -> AppResult<std::collections::HashSet<Id>> {
    let links = links_of(db, p.id).await?;
    let plan = build(tasks, &links, &calendar_of(p))?;
    Ok(plan
        .critical_path()
        .into_iter()
        .filter(|f| f.critical)
        .map(|f| f.task)
        .collect())
}

/// Runs the engine over a project inside the caller's transaction: applies `changes`, enforces the
/// links of `seeds`, brings summary tasks in line with their children, writes every task whose
/// dates or progress moved (each with an audit entry), and returns them.
pub(super) async fn reconcile<C: ConnectionTrait>(
    db: &C,
    actor: Id,
    p: &project::Model,
    changes: &[Change],
    seeds: &[Id],
) -> AppResult<Vec<task::Model>> {
    let tasks = tasks_of(db, p.id).await?;
    let links = links_of(db, p.id).await?;
    let mut plan = build(&tasks, &links, &calendar_of(p))?;
    let mut moved: HashMap<Id, (chrono::NaiveDate, chrono::NaiveDate)> = HashMap::new();
    for m in plan.apply(changes, Mode::PushOnly) {
        moved.insert(m.task, (m.start, m.due));
    }
    for m in plan.settle(seeds, Mode::PushOnly) {
        moved.insert(m.task, (m.start, m.due));
    }
    let summaries: HashMap<Id, (chrono::NaiveDate, chrono::NaiveDate, u8)> = plan
        .summaries()
        .into_iter()
        .map(|s| (s.task, (s.start, s.due, s.progress)))
        .collect();
    let mut written = Vec::new();
    for t in &tasks {
        let mut dates = moved.get(&t.id).copied();
        let mut progress = None;
        if let Some(&(start, due, rolled)) = summaries.get(&t.id) {
            dates = Some((start, due));
            progress = Some(i16::from(rolled));
        }
        let new_dates = dates.map(|(s, d)| (Some(s), Some(d)));
        let dates_differ = new_dates.is_some_and(|d| d != (t.start_date, t.due_date));
        let progress_differs = progress.is_some_and(|p| p != t.progress);
        if !dates_differ && !progress_differs {
            continue;
        }
        let mut changed: task::ActiveModel = t.clone().into();
        if let Some((start, due)) = new_dates {
            changed.start_date = Set(start);
            changed.due_date = Set(due);
        }
        if let Some(progress) = progress {
            changed.progress = Set(progress);
        }
        let saved = save(db, t.id, t.version, changed).await?;
        audit::Entry::new(AuditEntity::Task, t.id, AuditAction::Reschedule).in_project(p.id).by(actor).before(&serde_json::json!({ "start_date": t.start_date, "due_date": t.due_date, "progress": t.progress })).after(&serde_json::json!({ "start_date": saved.start_date, "due_date": saved.due_date, "progress": saved.progress })).write(db)
        .await?;
        written.push(saved);
    }
    Ok(written)
}

/// The Gantt chart's data, encoded. Kept per project revision: the same answer goes out again,
/// without touching the tasks, until the project changes; then the kept answer is brought up to
/// date from the project's events where they say everything that changed, else read afresh.
/// (It is the same for everyone who may see the project.)
pub async fn schedule(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
) -> AppResult<Packed<ScheduleView>> {
    let (p, _) = require_project(&state.db, caller, project_id, Action::ViewProject).await?;
    if let Some(bytes) = state.schedules.get(p.id, p.revision) {
        return Ok(Packed::from_bytes(bytes));
    }
    let (bytes, _) = read_schedule(state, &p).await?;
    Ok(Packed::from_bytes(bytes))
}

/// The project's schedule as kept for its revision (read and kept when it is not), decoded: for
/// the first screen of the Gantt chart that the server draws into the page. With the project and
/// the caller's role in it.
pub async fn kept_schedule(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
) -> AppResult<(
    std::sync::Arc<ScheduleView>,
    project::Model,
    Option<crate::model::ProjectRole>,
)> {
    let (p, role) = require_project(&state.db, caller, project_id, Action::ViewProject).await?;
    let view = match state.schedules.latest(p.id) {
        Some((kept, view)) if kept == p.revision => view,
        _ => read_schedule(state, &p).await?.1,
    };
    Ok((view, p, role))
}

/// The first screen kept for this project at this revision, drawn for this look.
pub fn kept_first_screen(
    state: &AppState,
    project_id: Id,
    revision: i64,
    look: &str,
) -> Option<std::sync::Arc<str>> {
    let (kept, screens) = state.first_screens.latest(project_id)?;
    if kept != revision {
        return None;
    }
    screens.get(look)
}

/// Keeps a first screen drawn for this project at this revision and look.
pub fn keep_first_screen(
    state: &AppState,
    project_id: Id,
    revision: i64,
    look: String,
    html: std::sync::Arc<str>,
) {
    if let Some((kept, screens)) = state.first_screens.latest(project_id) {
        if kept == revision {
            screens.add(look, html);
            return;
        }
    }
    let weight = html.len() * FirstScreens::PER_PROJECT;
    let screens = FirstScreens::default();
    screens.add(look, html);
    state.first_screens.put(
        project_id,
        revision,
        bytes::Bytes::new(),
        std::sync::Arc::new(screens),
        weight,
    );
}

/// Reads the project's schedule at its revision — from the one kept before and the changes
/// since where it can — encodes it and keeps both.
async fn read_schedule(
    state: &AppState,
    p: &project::Model,
) -> AppResult<(bytes::Bytes, std::sync::Arc<ScheduleView>)> {
    let patched = match state.schedules.latest(p.id) {
        Some((kept, view)) if kept < p.revision => {
            brought_up_to_date(&state.db, p.id, kept, p.revision, &view).await?
        }
        _ => None,
    };
    // Read after the revision: what is read is at least as new as the revision it is kept under.
    let view = match patched {
        Some(view) => view,
        None => schedule_view(&state.db, p).await?,
    };
    let packed = Packed::pack(&view).map_err(|e| {
        tracing::error!(error = %e, "encoding a schedule");
        AppError::Internal
    })?;
    let view = std::sync::Arc::new(view);
    // Decoded, a schedule takes about four times the room of its encoding.
    let weight = packed.bytes().len() * 4;
    state.schedules.put(
        p.id,
        p.revision,
        packed.bytes().clone(),
        view.clone(),
        weight,
    );
    Ok((packed.bytes().clone(), view))
}

/// A schedule kept at revision `kept`, with the project's events up to `revision` applied; `None`
/// when they are not all in the log. Events carry every task and link they change (a board
/// change the cards it moved or took a label off); a new baseline's dates are not in its event,
/// so the baselines alone are read again.
async fn brought_up_to_date(
    db: &DatabaseConnection,
    project_id: Id,
    kept: i64,
    revision: i64,
    view: &ScheduleView,
) -> AppResult<Option<ScheduleView>> {
    let Some(events) = hub::events_after(db, project_id, kept).await? else {
        return Ok(None);
    };
    let events: Vec<_> = events
        .into_iter()
        .take_while(|(seq, _)| *seq <= revision)
        .collect();
    if events.last().map(|(seq, _)| *seq) != Some(revision) {
        return Ok(None);
    }
    let mut view = view.clone();
    let mut new_baseline = false;
    for (_, json) in events {
        let Ok(event) = serde_json::from_str::<LiveEvent>(&json) else {
            return Ok(None);
        };
        let change = event.change;
        new_baseline |= change.baseline;
        apply_tasks(&mut view.tasks, &change);
        apply_links(&mut view.links, &change);
        // A deleted task's baseline dates go with it.
        if !change.removed_tasks.is_empty() {
            view.baseline
                .retain(|b| !change.removed_tasks.contains(&b.task_id));
        }
        if let Some(calendar) = change.calendar {
            view.calendar = calendar;
        }
    }
    if new_baseline {
        (view.baselines, view.baseline) = baselines_of(db, project_id).await?;
    }
    // In the order a fresh read gives.
    view.tasks.sort_by_key(|t| (t.sort_order, t.id));
    Ok(Some(view))
}

/// Everything the Gantt chart shows, read afresh.
async fn schedule_view(db: &DatabaseConnection, p: &project::Model) -> AppResult<ScheduleView> {
    // The tasks, the links and the baselines come from separate connections at the same time.
    let (tasks, links, baselines) = futures::join!(
        tasks_of(db, p.id),
        links_of(db, p.id),
        baselines_of(db, p.id)
    );
    let (tasks, links, (baselines, baseline)) = (tasks?, links?, baselines?);
    Ok(ScheduleView {
        project_id: p.id,
        tasks: views(db, p.id, &tasks).await?,
        links,
        calendar: calendar_of(p),
        baselines,
        baseline,
    })
}

/// A project's baselines, newest first, and the dates of the newest.
async fn baselines_of<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
) -> AppResult<(Vec<BaselineInfo>, Vec<BaselineDates>)> {
    let baselines: Vec<BaselineInfo> = baseline::Entity::find()
        .filter(baseline::Column::ProjectId.eq(project_id))
        .order_by_desc(baseline::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|b| BaselineInfo {
            id: b.id,
            name: b.name,
            created_at: b.created_at,
        })
        .collect();
    let dates = match baselines.first() {
        Some(latest) => baseline_task::Entity::find()
            .filter(baseline_task::Column::BaselineId.eq(latest.id))
            .all(db)
            .await?
            .into_iter()
            .map(|b| BaselineDates {
                task_id: b.task_id,
                start: b.start_date,
                due: b.due_date,
            })
            .collect(),
        None => Vec::new(),
    };
    Ok((baselines, dates))
}

async fn change_of<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    written: &[task::Model],
) -> AppResult<ScheduleChange> {
    Ok(ScheduleChange {
        tasks: views(db, project_id, written).await?,
        links: links_of(db, project_id).await?,
    })
}

/// Adds a dependency and pushes the successor (and what follows it) as far as it requires.
pub async fn create_link(
    state: &AppState,
    caller: &Caller,
    input: LinkInput,
) -> AppResult<ScheduleChange> {
    let txn = state.begin_write().await?;
    let p = require_changeable_project(&txn, caller, input.project_id, Action::EditTasks).await?;
    validate::link(&input).map_err(AppError::Invalid)?;
    let tasks = tasks_of(&txn, p.id).await?;
    for (field, id) in [
        ("predecessor_id", input.predecessor_id),
        ("successor_id", input.successor_id),
    ] {
        if !tasks.iter().any(|t| t.id == id) {
            return Err(AppError::invalid(field, K::ErrUnknownTask));
        }
    }
    let links = links_of(&txn, p.id).await?;
    let linked = |a: Id, b: Id| {
        links
            .iter()
            .any(|l| l.predecessor_id == a && l.successor_id == b)
    };
    if linked(input.predecessor_id, input.successor_id)
        || linked(input.successor_id, input.predecessor_id)
    {
        return Err(AppError::invalid("successor_id", K::ErrLinkExists));
    }
    let spec = LinkSpec {
        predecessor: input.predecessor_id,
        successor: input.successor_id,
        kind: input.kind,
        lag: input.lag_days,
    };
    let plan = build(&tasks, &links, &calendar_of(&p))?;
    if let Some(cycle) = plan.cycle_with(&spec) {
        return Err(AppError::DependencyCycle(titles(&cycle, &tasks)));
    }
    let created = task_link::ActiveModel {
        project_id: Set(p.id),
        predecessor_id: Set(input.predecessor_id),
        successor_id: Set(input.successor_id),
        kind: Set(input.kind.as_str().to_string()),
        lag_days: Set(input.lag_days),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::Entry::new(AuditEntity::TaskLink, created.id, AuditAction::Create)
        .in_project(p.id)
        .by(caller.id)
        .after(&link_of(&created))
        .write(&txn)
        .await?;
    let written = reconcile(&txn, caller.id, &p, &[], &[input.successor_id]).await?;
    let result = change_of(&txn, p.id, &written).await?;
    let change = ProjectChange {
        tasks: result.tasks.clone(),
        added_links: vec![link_of(&created)],
        ..Default::default()
    };
    state.commit_change(txn, p.id, caller, change).await?;
    Ok(result)
}

/// Removes a dependency. Nothing moves: dependents never move earlier on their own.
pub async fn delete_link(
    state: &AppState,
    caller: &Caller,
    link_id: Id,
) -> AppResult<ScheduleChange> {
    let txn = state.begin_write().await?;
    let found = task_link::Entity::find_by_id(link_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = require_changeable_project(&txn, caller, found.project_id, Action::EditTasks).await?;
    task_link::Entity::delete_by_id(found.id).exec(&txn).await?;
    audit::Entry::new(AuditEntity::TaskLink, found.id, AuditAction::Delete)
        .in_project(p.id)
        .by(caller.id)
        .before(&link_of(&found))
        .write(&txn)
        .await?;
    let result = change_of(&txn, p.id, &[]).await?;
    let change = ProjectChange {
        removed_links: vec![found.id],
        ..Default::default()
    };
    state.commit_change(txn, p.id, caller, change).await?;
    Ok(result)
}

/// Moves or resizes tasks (each held at the earliest its own links allow) and reschedules what
/// depends on them. Several at once restore an earlier state, as undo does.
pub async fn reschedule(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
    requests: Vec<Reschedule>,
) -> AppResult<ScheduleChange> {
    if requests.is_empty() {
        return Err(AppError::invalid("requests", K::ErrRequired));
    }
    if requests.len() > RESCHEDULE_MAX {
        return Err(AppError::Invalid(vec![crate::error::FieldError {
            field: "requests".into(),
            key: K::ErrTooMany,
            arg: Some(RESCHEDULE_MAX as i64),
        }]));
    }
    for request in &requests {
        validate::reschedule(request).map_err(AppError::Invalid)?;
    }
    let txn = state.begin_write().await?;
    let p = require_changeable_project(&txn, caller, project_id, Action::EditTasks).await?;
    let mut changes = Vec::new();
    let mut seeds = Vec::new();
    let mut dated = Vec::new();
    for request in &requests {
        let current = task::Entity::find_by_id(request.task_id)
            .one(&txn)
            .await?
            .filter(|t| t.project_id == p.id)
            .ok_or_else(|| AppError::invalid("task_id", K::ErrUnknownTask))?;
        let current = at_version(current, request.version)?;
        if current.start_date.is_none() || current.due_date.is_none() {
            // An undated task gets its dates first; the engine then places it.
            let mut changed: task::ActiveModel = current.clone().into();
            changed.start_date = Set(Some(request.start));
            changed.due_date = Set(Some(request.due));
            let saved = save(&txn, current.id, current.version, changed).await?;
            audit::Entry::new(AuditEntity::Task, current.id, AuditAction::Reschedule).in_project(p.id).by(caller.id).before(&serde_json::json!({ "start_date": current.start_date, "due_date": current.due_date })).after(&serde_json::json!({ "start_date": saved.start_date, "due_date": saved.due_date })).write(&txn)
            .await?;
            dated.push(saved);
        } else {
            changes.push(Change {
                task: request.task_id,
                start: request.start,
                due: request.due,
            });
        }
        seeds.push(request.task_id);
    }
    let mut written = reconcile(&txn, caller.id, &p, &changes, &seeds).await?;
    // A task that got its first dates is part of the change even where the engine left it (as
    // saved then; where the engine moved it on, `written` has it already).
    for saved in dated {
        if !written.iter().any(|w| w.id == saved.id) {
            written.push(saved);
        }
    }
    let result = change_of(&txn, p.id, &written).await?;
    let change = ProjectChange::tasks(result.tasks.clone());
    state.commit_change(txn, p.id, caller, change).await?;
    Ok(result)
}

/// Replaces a project's working calendar and reschedules every task on it.
pub async fn set_calendar(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
    calendar: WorkCalendar,
) -> AppResult<ScheduleChange> {
    validate::calendar(&calendar).map_err(AppError::Invalid)?;
    let txn = state.begin_write().await?;
    let p = require_changeable_project(&txn, caller, project_id, Action::EditProject).await?;
    let before = calendar_of(&p);
    let mut changed: project::ActiveModel = p.clone().into();
    changed.calendar = Set(calendar_json(&calendar));
    let saved = changed.update(&txn).await?;
    audit::Entry::new(AuditEntity::Calendar, p.id, AuditAction::Update)
        .in_project(p.id)
        .by(caller.id)
        .before(&before)
        .after(&calendar)
        .write(&txn)
        .await?;
    let all: Vec<Id> = tasks_of(&txn, p.id).await?.iter().map(|t| t.id).collect();
    let written = reconcile(&txn, caller.id, &saved, &[], &all).await?;
    let result = change_of(&txn, p.id, &written).await?;
    let change = ProjectChange {
        tasks: result.tasks.clone(),
        calendar: Some(calendar),
        ..Default::default()
    };
    state.commit_change(txn, p.id, caller, change).await?;
    Ok(result)
}

/// Saves every dated task's current dates under a name, to compare the plan against later.
pub async fn save_baseline(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
    name: String,
) -> AppResult<BaselineInfo> {
    validate::baseline_name(&name).map_err(AppError::Invalid)?;
    let txn = state.begin_write().await?;
    let p = require_changeable_project(&txn, caller, project_id, Action::EditProject).await?;
    let created = baseline::ActiveModel {
        project_id: Set(p.id),
        name: Set(name.trim().to_string()),
        created_by: Set(Some(caller.id)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let rows: Vec<baseline_task::ActiveModel> = tasks_of(&txn, p.id)
        .await?
        .iter()
        .filter_map(|t| {
            let (start, due) = (t.start_date.or(t.due_date)?, t.due_date.or(t.start_date)?);
            Some(baseline_task::ActiveModel {
                baseline_id: Set(created.id),
                task_id: Set(t.id),
                start_date: Set(start),
                due_date: Set(due),
            })
        })
        .collect();
    for chunk in rows.chunks(500) {
        baseline_task::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    audit::Entry::new(AuditEntity::Baseline, created.id, AuditAction::Create)
        .in_project(p.id)
        .by(caller.id)
        .after(&serde_json::json!({ "project_id": p.id, "name": created.name }))
        .write(&txn)
        .await?;
    let change = ProjectChange {
        baseline: true,
        ..Default::default()
    };
    state.commit_change(txn, p.id, caller, change).await?;
    Ok(BaselineInfo {
        id: created.id,
        name: created.name,
        created_at: created.created_at,
    })
}

/// Takes the official schedule of `year` (built in, or entered by the organisation) into the
/// project's calendar, replacing whatever the calendar had for that year, and reschedules.
pub async fn apply_holiday_year(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
    year: i32,
) -> AppResult<ScheduleChange> {
    let (p, _) = require_project(&state.db, caller, project_id, Action::EditProject).await?;
    let schedule = holidays::year(&state.db, year)
        .await?
        .ok_or_else(|| AppError::invalid("year", K::ErrHolidayYearNumber))?;
    let calendar = crate::domain::holidays::apply(&calendar_of(&p), &schedule);
    set_calendar(state, caller, project_id, calendar).await
}
