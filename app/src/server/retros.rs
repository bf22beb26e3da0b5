//! Retrospectives (复盘). When a project is completed — or whenever one of its managers asks —
//! its retrospective is drafted from its own records: each KPI's target against its actual;
//! planned against actual finish per phase and for the project, against the latest baseline,
//! and the tasks that slipped most with whether they were on the critical path; planned,
//! committed and paid per budget line and each channel's return; the overdue tasks, alerts,
//! risks, check-in blockers and the approval steps that waited longest; and the suggestions
//! `domain::retro::suggest` draws from them. The team (the project's managers and contributors)
//! writes its sections in Markdown and its action items, each with an owner and the project it
//! is carried into; approving it (a manager, once the project is completed) marks the project
//! reviewed and makes each carried action item a task of its project, in one transaction.
//!
//! Who sees it: everyone who may see the project.
use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder,
};

use super::kernel::authz::{authorize_project, require_project};
use super::kernel::entity::{
    alert, approval_decision, approval_request, baseline, baseline_task, project, project_member,
    retro_action, retrospective, status_change, task, user,
};
use super::kernel::records::{names, status_of, user_ref};
use super::kernel::{audit, clock, hub, AppState, Caller};
use super::{board, books, channel_data, check_ins, planning, task_rows};
use crate::domain::kpi::KpiUnit;
use crate::domain::policy::{allows, Action};
use crate::domain::retro::{
    longest_waits, money, overdue, schedule, step_waits, suggest, TaskRecord,
};
use crate::domain::validate::TITLE_MAX;
use crate::error::{AppError, AppResult};
use crate::i18n::K;
use crate::live::ProjectChange;
use crate::model::{
    AlertDetail, AlertFact, AlertKind, AuditAction, AuditEntity, Channel, FigureKind, GoalFact, Id,
    KpiMetric, LineFact, ProblemFacts, ProjectRole, ProjectStatus, RetroAction, RetroActionInput,
    RetroEdit, RetroFacts, RetroPage, RetroSection, RetroSections, RetroState, RetroView, Risk,
    RiskFact, TaskStatus, UserRef,
};

const DRAFT: &str = "draft";
const APPROVED: &str = "approved";
/// The longest section, in characters.
const SECTION_MAX: usize = 20_000;
/// The most action items a retrospective has.
const ACTIONS_MAX: usize = 50;

fn state_of(r: &retrospective::Model) -> RetroState {
    if r.state == APPROVED {
        RetroState::Approved
    } else {
        RetroState::Draft
    }
}

/// The project's records as its retrospective reads them, as of now.
pub async fn facts<C: ConnectionTrait>(
    db: &C,
    sealer: &super::kernel::crypto::Sealer,
    p: &project::Model,
) -> AppResult<RetroFacts> {
    let zone = clock::zone(db).await?;
    let now = Utc::now();
    let today = clock::today_in(zone);
    let tasks = task::Entity::find()
        .filter(task::Column::ProjectId.eq(p.id))
        .order_by_asc(task::Column::SortOrder)
        .order_by_asc(task::Column::Id)
        .all(db)
        .await?;
    // A plan that cannot be laid out (it never should) only loses the critical path.
    let critical = planning::critical_tasks(db, p, &tasks)
        .await
        .unwrap_or_default();
    let latest = baseline::Entity::find()
        .filter(baseline::Column::ProjectId.eq(p.id))
        .order_by_desc(baseline::Column::Id)
        .one(db)
        .await?;
    let baseline_dues: HashMap<Id, NaiveDate> = match latest {
        Some(b) => baseline_task::Entity::find()
            .filter(baseline_task::Column::BaselineId.eq(b.id))
            .all(db)
            .await?
            .into_iter()
            .map(|t| (t.task_id, t.due_date))
            .collect(),
        None => HashMap::new(),
    };
    let owners = names(db, tasks.iter().filter_map(|t| t.owner_id)).await?;
    let records: Vec<TaskRecord> = tasks
        .iter()
        .map(|t| TaskRecord {
            id: t.id,
            parent_id: t.parent_id,
            title: t.title.clone(),
            owner: t.owner_id.map(|id| user_ref(&owners, id)),
            due: t.due_date,
            done_on: (t.status == TaskStatus::Done.as_str()).then(|| {
                t.done_at
                    .unwrap_or(t.updated_at)
                    .with_timezone(&zone)
                    .date_naive()
            }),
            critical: critical.contains(&t.id),
            baseline_due: baseline_dues.get(&t.id).copied(),
        })
        .collect();
    let mut out = RetroFacts {
        currency: p.currency.clone(),
        as_of: Some(today),
        schedule: schedule(&records, p.start_date, p.end_date, today),
        ..Default::default()
    };

    let b = books::books(db, &[p.id]).await?;
    let mut figures: HashMap<Id, Vec<&super::kernel::entity::kpi_actual::Model>> = HashMap::new();
    for f in &b.figures {
        figures.entry(f.kpi_id).or_default().push(f);
    }
    for k in &b.kpis {
        let view = books::kpi_view(
            k,
            figures.get(&k.id).map(Vec::as_slice).unwrap_or(&[]),
            p,
            today,
        );
        let metric = KpiMetric::parse(&k.metric).unwrap_or(KpiMetric::Custom);
        out.goals.push(GoalFact {
            kpi_id: k.id,
            name: k.name.clone(),
            metric,
            unit: k.unit.clone(),
            kind: match metric.unit() {
                KpiUnit::Count => FigureKind::Count,
                KpiUnit::Money => FigureKind::Money,
                KpiUnit::BasisPoints => FigureKind::BasisPoints,
            },
            target: view.target,
            actual: view.actual,
            of_target: (view.target > 0)
                .then(|| (i128::from(view.actual) * 10_000 / i128::from(view.target)) as i64),
            attained: view.target > 0 && view.actual >= view.target,
        });
    }
    let opened = books::open_budget(sealer, b.lines, b.expenses)?;
    let lines = opened
        .lines
        .iter()
        .map(|(l, s)| LineFact {
            line_id: l.id,
            name: l.name.clone(),
            channel: books::channel_of(&l.channel),
            planned: s.planned,
            committed: s.committed,
            paid: s.paid,
        })
        .collect();
    let span = (
        p.start_date.min(today),
        p.end_date.max(today).max(p.start_date),
    );
    let channels: Vec<(Channel, crate::domain::report::Sums)> =
        channel_data::by_channel(db, p.id, span)
            .await?
            .into_iter()
            .map(|(name, sums)| (Channel::parse(&name).unwrap_or(Channel::Other), sums))
            .collect();
    out.money = money(lines, &channels);

    let mut problems = ProblemFacts {
        late: overdue(&records, today),
        ..Default::default()
    };
    problems.alerts = alert::Entity::find()
        .filter(alert::Column::ProjectId.eq(p.id))
        .order_by_asc(alert::Column::RaisedAt)
        .order_by_asc(alert::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|a| {
            let detail: Option<AlertDetail> = serde_json::from_str(&a.detail).ok();
            Some(AlertFact {
                alert_id: a.id,
                kind: AlertKind::parse(&a.kind)?,
                title: detail.map(|d| d.title).unwrap_or_default(),
                raised_on: a.raised_at.with_timezone(&zone).date_naive(),
                task_id: task_of_alert(&a.key),
            })
        })
        .collect();
    let risks: Vec<Risk> = serde_json::from_str(&p.risks).unwrap_or_default();
    problems.risks = risks
        .into_iter()
        .map(|r| RiskFact {
            description: r.description,
            likelihood: r.likelihood,
            impact: r.impact,
            mitigation: r.mitigation,
        })
        .collect();
    problems.blockers = check_ins::blockers(db, p.id, None, None).await?;
    let requests = approval_request::Entity::find()
        .filter(approval_request::Column::ProjectId.eq(p.id))
        .all(db)
        .await?;
    let decisions = if requests.is_empty() {
        Vec::new()
    } else {
        approval_decision::Entity::find()
            .filter(approval_decision::Column::RequestId.is_in(requests.iter().map(|r| r.id)))
            .all(db)
            .await?
    };
    let mut waits = Vec::new();
    // A request no flow applied to was decided as it was made: it waited on nobody.
    for r in requests
        .iter()
        .filter(|r| !super::kernel::records::steps_of(r).is_empty())
    {
        let steps: Vec<(u32, chrono::DateTime<Utc>)> = decisions
            .iter()
            .filter(|d| d.request_id == r.id)
            .map(|d| (u32::try_from(d.step.max(0)).unwrap_or(0), d.at))
            .collect();
        let waiting = (r.status == crate::model::RequestStatus::Pending.as_str())
            .then(|| steps.iter().map(|(s, _)| s + 1).max().unwrap_or(0));
        waits.extend(step_waits(
            r.id,
            &r.flow_name,
            r.submitted_at,
            &steps,
            waiting,
            now,
        ));
    }
    let (average, longest) = longest_waits(waits);
    problems.average_wait_tenths = average;
    problems.waits = longest;
    out.problems = problems;
    out.suggestions = suggest(&out);
    Ok(out)
}

/// The task an alert's key names (`overdue:<task>:…`, `due:<task>:…`), if any.
fn task_of_alert(key: &str) -> Option<Id> {
    let mut parts = key.split(':');
    match parts.next()? {
        "overdue" | "due" => parts.next()?.parse().ok(),
        _ => None,
    }
}

/// The project's people (its members and owner, active), who may own an action item.
async fn people_of<C: ConnectionTrait>(db: &C, p: &project::Model) -> AppResult<Vec<UserRef>> {
    Ok(super::kernel::records::people_of(db, p)
        .await?
        .into_iter()
        .map(|(person, _)| person)
        .collect())
}

/// The projects, other than `except`, that the caller may add tasks to and that are not over:
/// where an action item may be carried.
async fn targets<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    except: Id,
) -> AppResult<Vec<(Id, String)>> {
    let projects = project::Entity::find()
        .filter(project::Column::Status.is_in(ProjectStatus::LIVE.map(ProjectStatus::as_str)))
        .filter(project::Column::Id.ne(except))
        .order_by_asc(project::Column::Name)
        .all(db)
        .await?;
    let roles: HashMap<Id, Option<ProjectRole>> = project_member::Entity::find()
        .filter(project_member::Column::UserId.eq(caller.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.project_id, ProjectRole::parse(&m.role)))
        .collect();
    Ok(projects
        .into_iter()
        .filter(|p| {
            allows(
                caller.role,
                roles.get(&p.id).copied().flatten(),
                Action::EditTasks,
            )
        })
        .map(|p| (p.id, p.name))
        .collect())
}

async fn view<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    r: &retrospective::Model,
    p: &project::Model,
    role: Option<ProjectRole>,
) -> AppResult<RetroView> {
    let rows = retro_action::Entity::find()
        .filter(retro_action::Column::RetroId.eq(r.id))
        .order_by_asc(retro_action::Column::Position)
        .order_by_asc(retro_action::Column::Id)
        .all(db)
        .await?;
    let people = names(
        db,
        rows.iter()
            .map(|a| a.owner_id)
            .chain([r.drafted_by])
            .chain(r.approved_by),
    )
    .await?;
    let target_ids: Vec<Id> = rows.iter().filter_map(|a| a.target_project_id).collect();
    let target_names: HashMap<Id, String> = if target_ids.is_empty() {
        HashMap::new()
    } else {
        project::Entity::find()
            .filter(project::Column::Id.is_in(target_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect()
    };
    let sections: RetroSections = serde_json::from_str(&r.sections).unwrap_or_default();
    let draft = r.state == DRAFT;
    let status = status_of(p);
    Ok(RetroView {
        id: r.id,
        project_id: p.id,
        project_name: p.name.clone(),
        state: state_of(r),
        facts: serde_json::from_str(&r.facts).unwrap_or_default(),
        sections_html: RetroSection::ALL
            .iter()
            .map(|s| super::comments::render(s.text(&sections), &HashMap::new()))
            .collect(),
        sections,
        actions: rows
            .iter()
            .map(|a| RetroAction {
                id: a.id,
                text: a.text.clone(),
                owner: user_ref(&people, a.owner_id),
                due_date: a.due_date,
                target_project: a.target_project_id.map(|id| {
                    (
                        id,
                        target_names
                            .get(&id)
                            .cloned()
                            .unwrap_or_else(|| format!("#{id}")),
                    )
                }),
                carried_task_id: a.carried_task_id,
            })
            .collect(),
        version: r.version,
        drafted_at: r.drafted_at,
        drafted_by: user_ref(&people, r.drafted_by),
        approved_at: r.approved_at,
        approved_by: r.approved_by.map(|id| user_ref(&people, id)),
        can_edit: draft && status.is_editable() && allows(caller.role, role, Action::WriteRetro),
        can_approve: draft
            && status == ProjectStatus::Completed
            && allows(caller.role, role, Action::ChangeProjectStatus),
    })
}

async fn find<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
) -> AppResult<Option<retrospective::Model>> {
    Ok(retrospective::Entity::find()
        .filter(retrospective::Column::ProjectId.eq(project_id))
        .one(db)
        .await?)
}

/// May the caller draft this project's retrospective (a manager, the project not archived)?
fn may_draft(caller: &Caller, role: Option<ProjectRole>, p: &project::Model) -> bool {
    allows(caller.role, role, Action::EditProject)
        && status_of(p).is_editable()
        && !matches!(
            status_of(p),
            ProjectStatus::Draft | ProjectStatus::PendingApproval
        )
}

/// The project's retrospective page as the caller sees it.
pub async fn page(state: &AppState, caller: &Caller, project_id: Id) -> AppResult<RetroPage> {
    let db = &state.db;
    let (p, role) = require_project(db, caller, project_id, Action::ViewProject).await?;
    let found = find(db, p.id).await?;
    let retro = match &found {
        Some(r) => Some(view(db, caller, r, &p, role).await?),
        None => None,
    };
    let writes = allows(caller.role, role, Action::WriteRetro);
    Ok(RetroPage {
        can_draft: may_draft(caller, role, &p) && found.as_ref().is_none_or(|r| r.state == DRAFT),
        targets: if writes {
            targets(db, caller, p.id).await?
        } else {
            Vec::new()
        },
        people: if writes {
            people_of(db, &p).await?
        } else {
            Vec::new()
        },
        retro,
    })
}

/// Drafts the project's retrospective from its records, or reads them again into its draft
/// (its sections and actions stay). `actor` is who asked, or the manager who completed it.
async fn draft_for(
    state: &AppState,
    caller: &Caller,
    p: &project::Model,
) -> AppResult<retrospective::Model> {
    // Read before the write lock is taken: a large project's records take a moment.
    let facts = facts(&state.db, &state.sealer, p).await?;
    let facts = serde_json::to_string(&facts).map_err(|_| AppError::Internal)?;
    let txn = state.begin_write().await?;
    let now = Utc::now();
    let saved = match find(&txn, p.id).await? {
        Some(r) if r.state == APPROVED => {
            return Err(AppError::invalid("state", K::ErrRetroApproved));
        }
        Some(r) => {
            retrospective::ActiveModel {
                id: Set(r.id),
                facts: Set(facts),
                version: Set(r.version + 1),
                updated_at: Set(now),
                ..Default::default()
            }
            .update(&txn)
            .await?
        }
        None => {
            retrospective::ActiveModel {
                project_id: Set(p.id),
                state: Set(DRAFT.into()),
                facts: Set(facts),
                sections: Set("{}".into()),
                version: Set(1),
                drafted_at: Set(now),
                drafted_by: Set(caller.id),
                updated_at: Set(now),
                approved_at: Set(None),
                approved_by: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    audit::Entry::new(AuditEntity::Retrospective, saved.id, AuditAction::Update)
        .in_project(p.id)
        .by(caller.id)
        .after(&serde_json::json!({ "drafted": true, "version": saved.version }))
        .write(&txn)
        .await?;
    state
        .commit_change(txn, p.id, caller, ProjectChange::default())
        .await?;
    Ok(saved)
}

/// Drafts the retrospective now, or reads the records again into the draft (a manager).
pub async fn draft(state: &AppState, caller: &Caller, project_id: Id) -> AppResult<RetroView> {
    let (p, role) = require_project(&state.db, caller, project_id, Action::EditProject).await?;
    if !may_draft(caller, role, &p) {
        return Err(AppError::invalid("status", K::ErrRetroNotCompleted));
    }
    let saved = draft_for(state, caller, &p).await?;
    view(&state.db, caller, &saved, &p, role).await
}

/// A project was just completed: its retrospective is drafted unless it has one.
pub async fn on_completed(state: &AppState, caller: &Caller, project_id: Id) {
    let drafted = async {
        let Some(p) = project::Entity::find_by_id(project_id)
            .one(&state.db)
            .await?
        else {
            return Ok(());
        };
        if find(&state.db, p.id).await?.is_none() {
            draft_for(state, caller, &p).await?;
        }
        AppResult::Ok(())
    }
    .await;
    if let Err(e) = drafted {
        tracing::warn!(error = %e, project_id, "drafting a retrospective failed");
    }
}

/// The retrospective as a change of it needs it: a draft the caller may write, at the version
/// they read, in the write transaction.
async fn writable(
    txn: &DatabaseTransaction,
    caller: &Caller,
    project_id: Id,
    action: Action,
    version: i32,
) -> AppResult<(retrospective::Model, project::Model, Option<ProjectRole>)> {
    let (p, role) = require_project(txn, caller, project_id, action).await?;
    if !status_of(&p).is_editable() {
        return Err(AppError::invalid("status", K::ErrArchived));
    }
    let r = find(txn, p.id).await?.ok_or(AppError::NotFound)?;
    if r.state == APPROVED {
        return Err(AppError::invalid("state", K::ErrRetroApproved));
    }
    if r.version != version {
        return Err(AppError::Conflict);
    }
    Ok((r, p, role))
}

/// Checks the team's part before anything is written.
async fn checked(
    txn: &DatabaseTransaction,
    caller: &Caller,
    p: &project::Model,
    edit: &RetroEdit,
) -> AppResult<()> {
    let mut problems = crate::domain::validate::Problems::default();
    for s in RetroSection::ALL {
        problems.at_most(section_field(s), s.text(&edit.sections), SECTION_MAX);
    }
    if edit.actions.len() > ACTIONS_MAX {
        problems.add("actions", K::ErrTooMany, Some(ACTIONS_MAX as i64));
    }
    for a in &edit.actions {
        problems.required("actions", &a.text, TITLE_MAX);
    }
    problems.finish().map_err(AppError::Invalid)?;
    let people: HashSet<Id> = people_of(txn, p).await?.iter().map(|u| u.id).collect();
    if edit.actions.iter().any(|a| !people.contains(&a.owner_id)) {
        return Err(AppError::invalid("actions", K::ErrRetroOwner));
    }
    let targets: HashSet<Id> = edit
        .actions
        .iter()
        .filter_map(|a| a.target_project_id)
        .collect();
    for target in targets {
        let found = project::Entity::find_by_id(target).one(txn).await?;
        let allowed = match &found {
            Some(t) if t.id != p.id && status_of(t).is_editable() => {
                authorize_project(txn, caller, t, Action::EditTasks)
                    .await
                    .is_ok()
            }
            _ => false,
        };
        if !allowed {
            return Err(AppError::invalid("actions", K::ErrRetroTarget));
        }
    }
    Ok(())
}

fn section_field(s: RetroSection) -> &'static str {
    match s {
        RetroSection::Summary => "summary",
        RetroSection::Goals => "goals",
        RetroSection::Schedule => "schedule",
        RetroSection::Money => "money",
        RetroSection::Problems => "problems",
        RetroSection::WentWell => "went_well",
        RetroSection::WentBadly => "went_badly",
    }
}

/// Writes the team's part: its sections and action items (the project's managers and
/// contributors, on a draft).
pub async fn save(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
    mut edit: RetroEdit,
) -> AppResult<RetroView> {
    let txn = state.begin_write().await?;
    let (r, p, role) = writable(&txn, caller, project_id, Action::WriteRetro, edit.version).await?;
    for s in RetroSection::ALL {
        let text = s.text_mut(&mut edit.sections);
        *text = text.trim().to_string();
    }
    for a in &mut edit.actions {
        a.text = a.text.trim().to_string();
    }
    checked(&txn, caller, &p, &edit).await?;
    let facts: RetroFacts = serde_json::from_str(&r.facts).unwrap_or_default();
    let risks = facts.problems.risks.len() as u32;
    edit.sections.risks_happened.retain(|i| *i < risks);
    edit.sections.risks_happened.sort_unstable();
    edit.sections.risks_happened.dedup();
    let saved = retrospective::ActiveModel {
        id: Set(r.id),
        sections: Set(serde_json::to_string(&edit.sections).map_err(|_| AppError::Internal)?),
        version: Set(r.version + 1),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    retro_action::Entity::delete_many()
        .filter(retro_action::Column::RetroId.eq(r.id))
        .exec(&txn)
        .await?;
    for (i, a) in edit.actions.iter().enumerate() {
        write_action(&txn, r.id, i, a).await?;
    }
    audit::Entry::new(AuditEntity::Retrospective, r.id, AuditAction::Update)
        .in_project(p.id)
        .by(caller.id)
        .after(&serde_json::json!({
            "version": saved.version,
            "summary": super::comments::excerpt(&edit.sections.summary),
            "actions": edit.actions.len(),
        }))
        .write(&txn)
        .await?;
    let shown = view(&txn, caller, &saved, &p, role).await?;
    state
        .commit_change(txn, p.id, caller, ProjectChange::default())
        .await?;
    Ok(shown)
}

async fn write_action(
    txn: &DatabaseTransaction,
    retro_id: Id,
    position: usize,
    a: &RetroActionInput,
) -> AppResult<()> {
    retro_action::ActiveModel {
        retro_id: Set(retro_id),
        text: Set(a.text.clone()),
        owner_id: Set(a.owner_id),
        due_date: Set(a.due_date),
        target_project_id: Set(a.target_project_id),
        carried_task_id: Set(None),
        position: Set(position as i64),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Approves the retrospective (a manager, once the project is completed): the project becomes
/// reviewed and each action item carried into a project becomes a task there, owned by its
/// owner if they are on that project.
pub async fn approve(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
    version: i32,
) -> AppResult<RetroView> {
    let txn = state.begin_write().await?;
    let (r, p, role) = writable(
        &txn,
        caller,
        project_id,
        Action::ChangeProjectStatus,
        version,
    )
    .await?;
    if status_of(&p) != ProjectStatus::Completed {
        return Err(AppError::invalid("status", K::ErrRetroNotCompleted));
    }
    let actions = retro_action::Entity::find()
        .filter(retro_action::Column::RetroId.eq(r.id))
        .order_by_asc(retro_action::Column::Position)
        .all(&txn)
        .await?;
    // Where each goes is checked again: the caller's rights there may have changed since.
    let mut carried: HashMap<Id, Vec<task::Model>> = HashMap::new();
    for a in &actions {
        let Some(target) = a.target_project_id else {
            continue;
        };
        let t = project::Entity::find_by_id(target)
            .one(&txn)
            .await?
            .filter(|t| status_of(t).is_editable())
            .ok_or_else(|| AppError::invalid("actions", K::ErrRetroTarget))?;
        if !may_carry(&txn, caller, &t, a.owner_id).await? {
            return Err(AppError::invalid("actions", K::ErrRetroTarget));
        }
        let created = carry(&txn, caller, &p, &t, a).await?;
        retro_action::ActiveModel {
            id: Set(a.id),
            carried_task_id: Set(Some(created.id)),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        carried.entry(t.id).or_default().push(created);
    }
    let now = Utc::now();
    let saved = retrospective::ActiveModel {
        id: Set(r.id),
        state: Set(APPROVED.into()),
        version: Set(r.version + 1),
        updated_at: Set(now),
        approved_at: Set(Some(now)),
        approved_by: Set(Some(caller.id)),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let mut changed: project::ActiveModel = p.clone().into();
    changed.status = Set(ProjectStatus::Reviewed.as_str().to_string());
    changed.version = Set(p.version + 1);
    changed.updated_at = Set(now);
    super::kernel::records::write_at_version(&txn, p.id, p.version, changed).await?;
    status_change::ActiveModel {
        project_id: Set(p.id),
        from_status: Set(ProjectStatus::Completed.as_str().to_string()),
        to_status: Set(ProjectStatus::Reviewed.as_str().to_string()),
        by_user_id: Set(caller.id),
        at: Set(now),
        comment: Set(String::new()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::Entry::new(AuditEntity::Retrospective, r.id, AuditAction::Status)
        .in_project(p.id)
        .by(caller.id)
        .after(&serde_json::json!({ "state": APPROVED, "carried": carried.values().map(Vec::len).sum::<usize>() }))
        .write(&txn)
        .await?;
    audit::Entry::new(AuditEntity::Project, p.id, AuditAction::Status)
        .in_project(p.id)
        .by(caller.id)
        .before(&serde_json::json!({ "status": ProjectStatus::Completed }))
        .after(&serde_json::json!({ "status": ProjectStatus::Reviewed, "comment": "" }))
        .write(&txn)
        .await?;
    for (target, tasks) in &carried {
        let views = task_rows::views(&txn, *target, tasks).await?;
        hub::record(
            &txn,
            &state.live,
            *target,
            Some(caller),
            ProjectChange {
                tasks: views,
                ..Default::default()
            },
        )
        .await?;
    }
    let p = project::Entity::find_by_id(p.id)
        .one(&txn)
        .await?
        .ok_or(AppError::Internal)?;
    let shown = view(&txn, caller, &saved, &p, role).await?;
    state
        .commit_change(txn, p.id, caller, ProjectChange::project(false))
        .await?;
    for target in carried.into_keys() {
        let (hub, db) = (state.live.clone(), state.db.clone());
        tokio::spawn(async move { hub.wake(&db, target).await });
    }
    Ok(shown)
}

/// Whether an action item may become a task of `into` on approval: the approver may add tasks
/// there, or its owner works on that project (a manager or contributor, still active) — the
/// one who wrote it could, when it was saved.
async fn may_carry(
    txn: &DatabaseTransaction,
    caller: &Caller,
    into: &project::Model,
    owner_id: Id,
) -> AppResult<bool> {
    if authorize_project(txn, caller, into, Action::EditTasks)
        .await
        .is_ok()
    {
        return Ok(true);
    }
    let Some(owner) = user::Entity::find_by_id(owner_id).one(txn).await? else {
        return Ok(false);
    };
    let role = project_member::Entity::find_by_id((into.id, owner_id))
        .one(txn)
        .await?
        .and_then(|m| ProjectRole::parse(&m.role));
    let org = crate::model::OrgRole::parse(&owner.role).unwrap_or(crate::model::OrgRole::Viewer);
    Ok(owner.active && role.is_some() && allows(org, role, Action::EditTasks))
}

/// An action item as a task of the project it is carried into.
async fn carry(
    txn: &DatabaseTransaction,
    caller: &Caller,
    from: &project::Model,
    into: &project::Model,
    a: &retro_action::Model,
) -> AppResult<task::Model> {
    let on_target = project_member::Entity::find_by_id((into.id, a.owner_id))
        .one(txn)
        .await?
        .is_some()
        || into.owner_id == a.owner_id;
    let last = task::Entity::find()
        .filter(task::Column::ProjectId.eq(into.id))
        .filter(task::Column::Status.eq(TaskStatus::Todo.as_str()))
        .order_by_desc(task::Column::SortOrder)
        .one(txn)
        .await?;
    let now = Utc::now();
    let created = task::ActiveModel {
        project_id: Set(into.id),
        parent_id: Set(None),
        title: Set(a.text.clone()),
        description: Set(format!("[{}](/projects/{}/retro)", from.name, from.id)),
        deliverable: Set(String::new()),
        owner_id: Set(on_target.then_some(a.owner_id)),
        start_date: Set(None),
        due_date: Set(a.due_date),
        status: Set(TaskStatus::Todo.as_str().to_string()),
        priority: Set(crate::model::Priority::Medium.as_str().to_string()),
        progress: Set(0),
        milestone: Set(false),
        sort_order: Set(last.map_or(0, |t| t.sort_order) + 1024),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        column_id: Set(board::checked_column(txn, into.id, TaskStatus::Todo, None).await?),
        done_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::Entry::new(AuditEntity::Task, created.id, AuditAction::Create)
        .in_project(into.id)
        .by(caller.id)
        .after(&task_rows::input_of(&created))
        .write(txn)
        .await?;
    Ok(created)
}
