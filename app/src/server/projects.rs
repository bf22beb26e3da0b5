//! Campaign projects: portfolio, detail, create, edit, status lifecycle and membership.
use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;

use super::kernel::authz::{
    authorize_project, permissions, require, require_changeable_project, require_project,
};
use super::kernel::entity::{project, project_member, status_change, task};
use super::kernel::records::{
    active_user, at_version, names, status_of, user_ref, write_at_version,
};
use super::kernel::{audit, clock, AppState, Caller};
use super::{approvals, books, planning, retros};
use crate::domain::health::{health, schedule_standing, Health, HealthInput, ScheduledWork};
use crate::domain::lifecycle::{needs_comment, transition_action};
use crate::domain::policy::{allows, Action};
use crate::domain::tree::{rollup, Rollup, RollupItem};
use crate::domain::validate::{self, Problems, COMMENT_MAX};
use crate::error::{AppError, AppResult};
use crate::i18n::K;
use crate::live::ProjectChange;
use crate::model::{
    AuditAction, AuditEntity, Id, Member, MemberInput, ProjectDetail, ProjectInput, ProjectKind,
    ProjectRole, ProjectStatus, ProjectSummary, StatusChange, StatusRequest, TaskStatus,
    TemplateRef,
};

#[derive(Serialize)]
struct Snapshot<'a> {
    #[serde(flatten)]
    input: &'a ProjectInput,
    status: ProjectStatus,
}

fn input_of(p: &project::Model) -> ProjectInput {
    ProjectInput {
        name: p.name.clone(),
        kind: ProjectKind::parse(&p.kind).unwrap_or(ProjectKind::Other),
        background: p.background.clone(),
        objectives: p.objectives.clone(),
        expected_benefit: p.expected_benefit.clone(),
        risks: serde_json::from_str(&p.risks).unwrap_or_default(),
        owner_id: p.owner_id,
        start_date: p.start_date,
        end_date: p.end_date,
        observers_comment: p.observers_comment,
    }
}

/// Task counts, progress and health of a project.
#[derive(Default)]
struct Standing {
    rollup: Rollup,
    health: Health,
}

/// Task counts, progress and health per project, as of `today`. Only the columns these need
/// are read: a project of 50,000 tasks is read in a fraction of the time its whole rows take,
/// and every project page waits for it.
async fn standings(
    state: &AppState,
    projects: &[project::Model],
    today: NaiveDate,
) -> AppResult<HashMap<Id, Standing>> {
    let db = &state.db;
    let project_ids: Vec<Id> = projects.iter().map(|p| p.id).collect();
    let mut money = books::standings(db, &state.sealer, projects, today).await?;
    type Row = (
        Id,
        Id,
        Option<Id>,
        String,
        i16,
        Option<NaiveDate>,
        Option<NaiveDate>,
    );
    let tasks: Vec<Row> = task::Entity::find()
        .select_only()
        .columns([
            task::Column::ProjectId,
            task::Column::Id,
            task::Column::ParentId,
            task::Column::Status,
            task::Column::Progress,
            task::Column::StartDate,
            task::Column::DueDate,
        ])
        .filter(task::Column::ProjectId.is_in(project_ids.clone()))
        .into_tuple()
        .all(db)
        .await?;
    let mut by_project: HashMap<Id, Vec<Row>> = HashMap::new();
    for row in tasks {
        by_project.entry(row.0).or_default().push(row);
    }
    Ok(project_ids
        .iter()
        .map(|&id| {
            let rows = by_project.remove(&id).unwrap_or_default();
            let finance = money.remove(&id).unwrap_or_default();
            let items: Vec<RollupItem> = rows
                .iter()
                .map(|(_, id, parent, status, progress, _, _)| RollupItem {
                    id: *id,
                    parent: *parent,
                    done: status == TaskStatus::Done.as_str(),
                    progress: (*progress).clamp(0, 100) as u8,
                })
                .collect();
            let parents: HashSet<Id> = rows.iter().filter_map(|r| r.2).collect();
            let work: Vec<ScheduledWork> = rows
                .iter()
                .zip(&items)
                .filter(|(r, _)| !parents.contains(&r.1))
                .map(|(r, item)| ScheduledWork {
                    start: r.5,
                    due: r.6,
                    progress: item.progress,
                    done: item.done,
                })
                .collect();
            let schedule = schedule_standing(&work, today);
            let health = health(&HealthInput {
                planned_progress: schedule.planned,
                actual_progress: schedule.actual,
                open_tasks: schedule.open,
                overdue_tasks: schedule.overdue,
                budget: finance.budget.planned,
                spent: finance.budget.spent(),
                kpis: finance.kpis,
            });
            let standing = Standing {
                rollup: rollup(&items),
                health,
            };
            (id, standing)
        })
        .collect())
}

pub async fn list(
    state: &AppState,
    caller: &Caller,
    include_archived: bool,
) -> AppResult<Vec<ProjectSummary>> {
    let mut query = project::Entity::find();
    if !allows(caller.role, None, Action::ViewProject) {
        let mine: Vec<Id> = project_member::Entity::find()
            .filter(project_member::Column::UserId.eq(caller.id))
            .all(&state.db)
            .await?
            .into_iter()
            .filter(|m| {
                ProjectRole::parse(&m.role)
                    .is_some_and(|r| allows(caller.role, Some(r), Action::ViewProject))
            })
            .map(|m| m.project_id)
            .collect();
        query = query.filter(project::Column::Id.is_in(mine));
    }
    if !include_archived {
        query = query.filter(project::Column::Status.ne(ProjectStatus::Archived.as_str()));
    }
    let projects = query
        .order_by_asc(project::Column::StartDate)
        .order_by_asc(project::Column::Id)
        .all(&state.db)
        .await?;
    let stats = standings(state, &projects, clock::today(&state.db).await?).await?;
    let owners = names(&state.db, projects.iter().map(|p| p.owner_id)).await?;
    Ok(projects
        .iter()
        .map(|p| {
            let standing = stats.get(&p.id);
            let r = standing.map(|s| s.rollup).unwrap_or_default();
            ProjectSummary {
                id: p.id,
                name: p.name.clone(),
                kind: ProjectKind::parse(&p.kind).unwrap_or(ProjectKind::Other),
                status: status_of(p),
                owner: user_ref(&owners, p.owner_id),
                start_date: p.start_date,
                end_date: p.end_date,
                task_count: r.tasks,
                done_count: r.done,
                progress: r.progress,
                health: standing.map(|s| s.health.clone()).unwrap_or_default(),
            }
        })
        .collect())
}

pub async fn get(state: &AppState, caller: &Caller, id: Id) -> AppResult<ProjectDetail> {
    let (p, role) = require_project(&state.db, caller, id, Action::ViewProject).await?;
    let members = project_member::Entity::find()
        .filter(project_member::Column::ProjectId.eq(id))
        .all(&state.db)
        .await?;
    let history = status_change::Entity::find()
        .filter(status_change::Column::ProjectId.eq(id))
        .order_by_asc(status_change::Column::Id)
        .all(&state.db)
        .await?;
    let people = names(
        &state.db,
        members
            .iter()
            .map(|m| m.user_id)
            .chain(history.iter().map(|h| h.by_user_id))
            .chain([p.owner_id]),
    )
    .await?;
    let standing = standings(
        state,
        std::slice::from_ref(&p),
        clock::today(&state.db).await?,
    )
    .await?
    .remove(&id)
    .unwrap_or_default();
    let r = standing.rollup;
    let mut members: Vec<Member> = members
        .iter()
        .filter_map(|m| {
            Some(Member {
                user: user_ref(&people, m.user_id),
                role: ProjectRole::parse(&m.role)?,
            })
        })
        .collect();
    members.sort_by(|a, b| a.user.display_name.cmp(&b.user.display_name));
    let (approvals, flows, decides) = approvals::trail(&state.db, state, caller, &p).await?;
    let mut permissions = permissions(caller, role);
    // Observers comment where the project lets them.
    if role == Some(ProjectRole::Observer)
        && !p.observers_comment
        && !crate::domain::policy::allows(caller.role, None, Action::Comment)
    {
        permissions.comment = false;
    }
    permissions.approve = decides;
    Ok(ProjectDetail {
        id,
        input: input_of(&p),
        status: status_of(&p),
        owner: user_ref(&people, p.owner_id),
        members,
        history: history
            .iter()
            .map(|h| StatusChange {
                from: ProjectStatus::parse(&h.from_status).unwrap_or(ProjectStatus::Draft),
                to: ProjectStatus::parse(&h.to_status).unwrap_or(ProjectStatus::Draft),
                by: user_ref(&people, h.by_user_id),
                at: h.at,
                comment: h.comment.clone(),
            })
            .collect(),
        permissions,
        version: p.version,
        task_count: r.tasks,
        done_count: r.done,
        progress: r.progress,
        health: standing.health,
        revision: p.revision,
        approvals,
        flows,
        alert_days: p.alert_days,
    })
}

async fn ensure_member<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
    user_id: Id,
    role: ProjectRole,
) -> AppResult<()> {
    if project_member::Entity::find_by_id((project_id, user_id))
        .one(db)
        .await?
        .is_none()
    {
        project_member::ActiveModel {
            project_id: Set(project_id),
            user_id: Set(user_id),
            role: Set(role.as_str().to_string()),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// A project to create: what the form says, the template it starts from, and the budget to plan
/// over the template's budget lines in their proportions.
pub struct NewProject {
    pub input: ProjectInput,
    pub template: Option<TemplateRef>,
    pub budget_total: Option<i64>,
}

pub async fn create(
    state: &AppState,
    caller: &Caller,
    new: NewProject,
    locale: crate::i18n::Locale,
) -> AppResult<Id> {
    let NewProject {
        input,
        template,
        budget_total,
    } = new;
    require(caller, Action::CreateProject)?;
    validate::project(&input).map_err(AppError::Invalid)?;
    if budget_total.is_some_and(|t| t < 0) {
        return Err(AppError::invalid("budget_total", K::ErrNegative));
    }
    if template.is_some_and(|t| matches!(t, TemplateRef::Case(_))) {
        require(caller, Action::ReadCases)?;
    }
    let txn = state.begin_write().await?;
    active_user(&txn, input.owner_id, "owner_id").await?;
    let plan = match template {
        Some(t) => {
            let (mut plan, kind, currency) =
                super::templates::resolve(&txn, &state.sealer, t, locale).await?;
            if let Some(total) = budget_total {
                plan.scale_budget(total);
            }
            Some((plan, kind, currency))
        }
        None => None,
    };
    let now = Utc::now();
    let created = project::ActiveModel {
        name: Set(input.name.trim().to_string()),
        kind: Set(input.kind.as_str().to_string()),
        background: Set(input.background.clone()),
        objectives: Set(input.objectives.clone()),
        expected_benefit: Set(input.expected_benefit.clone()),
        risks: Set(serde_json::to_string(&input.risks).map_err(|_| AppError::Internal)?),
        owner_id: Set(input.owner_id),
        start_date: Set(input.start_date),
        end_date: Set(input.end_date),
        observers_comment: Set(input.observers_comment),
        status: Set(ProjectStatus::Draft.as_str().to_string()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        calendar: Set(planning::calendar_json(
            &super::holidays::default_for(&txn, locale).await?,
        )),
        currency: Set(plan
            .as_ref()
            .filter(|(plan, _, _)| !plan.budget.is_empty())
            .map_or_else(Default::default, |(_, _, c)| *c)
            .code()
            .to_string()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    ensure_member(&txn, created.id, input.owner_id, ProjectRole::Manager).await?;
    ensure_member(&txn, created.id, caller.id, ProjectRole::Manager).await?;
    super::board::create_defaults(&txn, created.id).await?;
    if let Some((plan, _, _)) = &plan {
        super::templates::apply(&txn, &state.sealer, caller.id, &created, plan).await?;
    }
    if let Some(TemplateRef::Case(case_id)) = template {
        super::cases::reused(&txn, case_id, created.id, caller.id).await?;
    }
    let after = Snapshot {
        input: &input_of(&created),
        status: ProjectStatus::Draft,
    };
    audit::Entry::new(AuditEntity::Project, created.id, AuditAction::Create)
        .in_project(created.id)
        .by(caller.id)
        .after(&after)
        .write(&txn)
        .await?;
    txn.commit().await?;
    Ok(created.id)
}

pub async fn update(
    state: &AppState,
    caller: &Caller,
    id: Id,
    version: i32,
    input: ProjectInput,
) -> AppResult<()> {
    let txn = state.begin_write().await?;
    let current = require_changeable_project(&txn, caller, id, Action::EditProject).await?;
    // Someone saved it meanwhile (or the version sent is none Marquee gave): nothing to do.
    let current = at_version(current, version)?;
    validate::project(&input).map_err(AppError::Invalid)?;
    active_user(&txn, input.owner_id, "owner_id").await?;
    let mut changed: project::ActiveModel = current.clone().into();
    changed.name = Set(input.name.trim().to_string());
    changed.kind = Set(input.kind.as_str().to_string());
    changed.background = Set(input.background.clone());
    changed.objectives = Set(input.objectives.clone());
    changed.expected_benefit = Set(input.expected_benefit.clone());
    changed.risks = Set(serde_json::to_string(&input.risks).map_err(|_| AppError::Internal)?);
    changed.owner_id = Set(input.owner_id);
    changed.start_date = Set(input.start_date);
    changed.end_date = Set(input.end_date);
    changed.observers_comment = Set(input.observers_comment);
    changed.version = Set(version + 1);
    changed.updated_at = Set(Utc::now());
    write_at_version(&txn, id, version, changed).await?;
    ensure_member(&txn, id, input.owner_id, ProjectRole::Manager).await?;
    let status = status_of(&current);
    let before = Snapshot {
        input: &input_of(&current),
        status,
    };
    audit::Entry::new(AuditEntity::Project, id, AuditAction::Update)
        .in_project(id)
        .by(caller.id)
        .before(&before)
        .after(&Snapshot {
            input: &input,
            status,
        })
        .write(&txn)
        .await?;
    state
        .commit_change(txn, current.id, caller, ProjectChange::project(false))
        .await?;
    Ok(())
}

pub async fn change_status(
    state: &AppState,
    caller: &Caller,
    request: StatusRequest,
) -> AppResult<()> {
    let txn = state.begin_write().await?;
    let current = project::Entity::find_by_id(request.project_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let from = status_of(&current);
    // Approving or rejecting is a decision in the project's approval flow: anyone who sees the
    // project may try, and the flow says whether it is theirs to make.
    let deciding = transition_action(from, request.to) == Action::ApproveProject;
    let needed = if deciding {
        Action::ViewProject
    } else {
        transition_action(from, request.to)
    };
    authorize_project(&txn, caller, &current, needed).await?;
    if !from.can_become(request.to) {
        return Err(AppError::BadTransition);
    }
    // A completed project is reviewed by approving its retrospective.
    if request.to == ProjectStatus::Reviewed {
        return Err(AppError::invalid("status", K::ErrRetroFirst));
    }
    let comment = request.comment.trim().to_string();
    let mut problems = Problems::default();
    if needs_comment(from, request.to) && comment.is_empty() {
        problems.add("comment", K::ErrRequired, None);
    }
    problems.at_most("comment", &comment, COMMENT_MAX);
    problems.finish().map_err(AppError::Invalid)?;
    let to = if deciding {
        let approve = request.to == ProjectStatus::Approved;
        match approvals::decide(&txn, caller, &current, approve, &comment).await? {
            Some(decided) => decided,
            // Further steps or approvers remain: the decision is recorded, the status stays.
            None => {
                return state
                    .commit_change(txn, current.id, caller, ProjectChange::project(false))
                    .await;
            }
        }
    } else {
        request.to
    };
    let request = StatusRequest { to, ..request };
    let now = Utc::now();
    let mut changed: project::ActiveModel = current.clone().into();
    changed.status = Set(request.to.as_str().to_string());
    changed.version = Set(current.version + 1);
    changed.updated_at = Set(now);
    write_at_version(&txn, current.id, current.version, changed).await?;
    status_change::ActiveModel {
        project_id: Set(current.id),
        from_status: Set(from.as_str().to_string()),
        to_status: Set(request.to.as_str().to_string()),
        by_user_id: Set(caller.id),
        at: Set(now),
        comment: Set(comment.clone()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::Entry::new(AuditEntity::Project, current.id, AuditAction::Status)
        .in_project(current.id)
        .by(caller.id)
        .before(&serde_json::json!({ "status": from }))
        .after(&serde_json::json!({ "status": request.to, "comment": comment }))
        .write(&txn)
        .await?;
    if request.to == ProjectStatus::PendingApproval {
        approvals::open_request(&txn, state, caller, &current, &comment).await?;
    }
    if request.to == ProjectStatus::Approved {
        // The budget as approved: raises from here on add up against budget flows.
        books::mark_approved(&txn, &state.sealer, current.id).await?;
    }
    state
        .commit_change(txn, current.id, caller, ProjectChange::project(false))
        .await?;
    if request.to == ProjectStatus::Completed {
        retros::on_completed(state, caller, current.id).await;
    }
    Ok(())
}

pub async fn set_member(state: &AppState, caller: &Caller, input: MemberInput) -> AppResult<()> {
    let txn = state.begin_write().await?;
    let p =
        require_changeable_project(&txn, caller, input.project_id, Action::ManageMembers).await?;
    let existing = project_member::Entity::find_by_id((input.project_id, input.user_id))
        .one(&txn)
        .await?;
    let before = existing.as_ref().and_then(|m| ProjectRole::parse(&m.role));
    match input.role {
        None => {
            if input.user_id == p.owner_id {
                return Err(AppError::invalid("user_id", K::ErrOwnerRemoval));
            }
            let Some(member) = existing else {
                return Err(AppError::NotFound);
            };
            project_member::Entity::delete_by_id((member.project_id, member.user_id))
                .exec(&txn)
                .await?;
        }
        Some(role) => {
            active_user(&txn, input.user_id, "user_id").await?;
            match existing {
                Some(member) => {
                    let mut changed: project_member::ActiveModel = member.into();
                    changed.role = Set(role.as_str().to_string());
                    changed.update(&txn).await?;
                }
                None => ensure_member(&txn, input.project_id, input.user_id, role).await?,
            }
        }
    }
    audit::Entry::new(
        AuditEntity::ProjectMember,
        input.project_id,
        if input.role.is_some() {
            AuditAction::Set
        } else {
            AuditAction::Remove
        },
    )
    .in_project(input.project_id)
    .by(caller.id)
    .before(&serde_json::json!({ "user_id": input.user_id, "role": before }))
    .after(&serde_json::json!({ "user_id": input.user_id, "role": input.role }))
    .write(&txn)
    .await?;
    state
        .commit_change(txn, input.project_id, caller, ProjectChange::project(true))
        .await?;
    Ok(())
}
