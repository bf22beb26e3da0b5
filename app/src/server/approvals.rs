//! Approval flows (configured by admins) and the requests a project makes when it is submitted:
//! the flow is chosen then and its steps are kept with the request; each decision is a row;
//! where the request stands is `domain::approval::outcome` of those decisions. A rejection
//! returns the project to draft; resubmission opens a new request that starts from the first
//! step, and every request stays in the trail.
use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

use super::books;
use super::books::open_change;
use super::kernel::authz::require;
use super::kernel::crypto::{at, Sealer, APPROVAL_CHANGE};
use super::kernel::entity::{approval_decision, approval_flow, approval_request, project, user};
use super::kernel::notices;
use super::kernel::records::{
    active_of, at_version, decisions, decisions_of, people, status_of, steps_of, user_ref,
    write_at_version,
};
use super::kernel::{audit, AppState, Caller};
use super::webhooks::{self, Notice};
use crate::domain::approval::{
    approvers, combined, default_steps, may_decide, outcome, Condition, Decision, Outcome, StepRule,
};
use crate::domain::money::{parse_amount, Currency, MoneyError};
use crate::domain::policy::{allows, Action};
use crate::domain::validate::{Problems, NAME_MAX};
use crate::error::{AppError, AppResult};
use crate::i18n::K;
use crate::model::{
    ApprovalDecisionView, ApprovalFlow, ApprovalFlowInput, ApprovalRequestView, ApprovalStepView,
    ApprovalTask, AuditAction, AuditEntity, BudgetChange, FlowChoice, FlowPurpose, Id,
    NotifyReason, NotifyTopic, OrgRole, ProjectKind, ProjectStatus, RequestStatus, WebhookEvent,
};

pub const FLOWS_MAX: usize = 50;
pub const STEPS_MAX: usize = 10;
const STEP_NAME_MAX: usize = 60;

fn flow_view(f: &approval_flow::Model) -> ApprovalFlow {
    ApprovalFlow {
        id: f.id,
        name: f.name.clone(),
        purpose: FlowPurpose::parse(&f.purpose).unwrap_or_default(),
        condition: Condition {
            kind: f.kind.as_deref().and_then(ProjectKind::parse),
            budget_above: f.budget_above,
        },
        steps: serde_json::from_str(&f.steps).unwrap_or_default(),
        version: f.version,
    }
}

async fn flows<C: ConnectionTrait>(db: &C) -> AppResult<Vec<ApprovalFlow>> {
    Ok(approval_flow::Entity::find()
        .order_by_asc(approval_flow::Column::Position)
        .order_by_asc(approval_flow::Column::Id)
        .all(db)
        .await?
        .iter()
        .map(flow_view)
        .collect())
}

pub async fn list_flows(state: &AppState, caller: &Caller) -> AppResult<Vec<ApprovalFlow>> {
    require(caller, Action::ViewApprovalFlows)?;
    flows(&state.db).await
}

/// A checked flow: its budget threshold read, its steps trimmed.
fn check_flow(
    input: &ApprovalFlowInput,
    active: &[(Id, OrgRole)],
) -> AppResult<(Option<i64>, Vec<StepRule>)> {
    let mut p = Problems::default();
    p.required("name", &input.name, NAME_MAX);
    let budget_above = if input.budget_above.trim().is_empty() {
        None
    } else {
        match parse_amount(&input.budget_above, Currency::Cny) {
            Ok(v) if v < 0 => {
                p.add("budget_above", K::ErrNegative, None);
                None
            }
            Ok(v) => Some(v),
            Err(e) => {
                let key = match e {
                    MoneyError::TooPrecise => K::ErrTooPrecise,
                    MoneyError::TooLarge => K::ErrTooLarge,
                    _ => K::ErrAmount,
                };
                p.add("budget_above", key, None);
                None
            }
        }
    };
    if input.steps.is_empty() {
        p.add("steps", K::ErrNoSteps, None);
    }
    if input.steps.len() > STEPS_MAX {
        p.add("steps", K::ErrTooMany, Some(STEPS_MAX as i64));
    }
    let mut steps = Vec::new();
    for (i, step) in input.steps.iter().enumerate() {
        let field = format!("steps.{i}");
        p.at_most(&field, &step.name, STEP_NAME_MAX);
        let mut users = step.users.clone();
        users.sort_unstable();
        users.dedup();
        let mut roles = step.roles.clone();
        roles.dedup();
        if users.is_empty() && roles.is_empty() {
            p.add(&field, K::ErrStepNoApprovers, None);
        }
        if users.iter().any(|u| !active.iter().any(|(id, _)| id == u)) {
            p.add(&field, K::ErrUnknownUser, None);
        }
        steps.push(StepRule {
            name: step.name.trim().to_string(),
            mode: step.mode,
            users,
            roles,
        });
    }
    p.finish().map_err(AppError::Invalid)?;
    Ok((budget_above, steps))
}

pub async fn save_flow(
    state: &AppState,
    caller: &Caller,
    input: ApprovalFlowInput,
) -> AppResult<Vec<ApprovalFlow>> {
    require(caller, Action::ManageApprovalFlows)?;
    let txn = state.begin_write().await?;
    let (budget_above, steps) = check_flow(&input, &people(&txn).await?)?;
    let steps_json = serde_json::to_string(&steps).map_err(|_| AppError::Internal)?;
    let kind = input.kind.map(|k| k.as_str().to_string());
    let now = Utc::now();
    let existing = approval_flow::Entity::find().all(&txn).await?;
    let purpose = input.purpose.as_str().to_string();
    let after = serde_json::json!({ "name": input.name.trim(), "purpose": purpose, "kind": kind, "budget_above": budget_above, "steps": steps });
    match input.id {
        None => {
            if existing.len() >= FLOWS_MAX {
                return Err(AppError::invalid_with(
                    "name",
                    K::ErrTooMany,
                    FLOWS_MAX as i64,
                ));
            }
            let position = existing.iter().map(|f| f.position).max().unwrap_or(0) + 1024;
            let created = approval_flow::ActiveModel {
                name: Set(input.name.trim().to_string()),
                purpose: Set(purpose),
                kind: Set(kind),
                budget_above: Set(budget_above),
                steps: Set(steps_json),
                position: Set(position),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            audit::Entry::new(AuditEntity::ApprovalFlow, created.id, AuditAction::Create)
                .by(caller.id)
                .after(&after)
                .write(&txn)
                .await?;
        }
        Some(id) => {
            let current = existing
                .into_iter()
                .find(|f| f.id == id)
                .ok_or(AppError::NotFound)?;
            let current = at_version(current, input.version)?;
            audit::Entry::new(AuditEntity::ApprovalFlow, id, AuditAction::Update)
                .by(caller.id)
                .before(&flow_view(&current))
                .after(&after)
                .write(&txn)
                .await?;
            let (id, version) = (current.id, current.version);
            let mut changed: approval_flow::ActiveModel = current.into();
            changed.name = Set(input.name.trim().to_string());
            changed.purpose = Set(purpose);
            changed.kind = Set(kind);
            changed.budget_above = Set(budget_above);
            changed.steps = Set(steps_json);
            changed.version = Set(version + 1);
            changed.updated_at = Set(now);
            write_at_version(&txn, id, version, changed).await?;
        }
    }
    txn.commit().await?;
    flows(&state.db).await
}

/// Deletes a flow; requests already under way keep the steps they were submitted with.
pub async fn delete_flow(
    state: &AppState,
    caller: &Caller,
    flow_id: Id,
) -> AppResult<Vec<ApprovalFlow>> {
    require(caller, Action::ManageApprovalFlows)?;
    let txn = state.begin_write().await?;
    let flow = approval_flow::Entity::find_by_id(flow_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    approval_flow::Entity::delete_by_id(flow.id)
        .exec(&txn)
        .await?;
    audit::Entry::new(AuditEntity::ApprovalFlow, flow.id, AuditAction::Delete)
        .by(caller.id)
        .before(&flow_view(&flow))
        .write(&txn)
        .await?;
    txn.commit().await?;
    flows(&state.db).await
}

/// The project's total planned budget, for flow conditions.
async fn budget_of<C: ConnectionTrait>(
    db: &C,
    state: &AppState,
    p: &project::Model,
) -> AppResult<i64> {
    let standings = books::standings(
        db,
        &state.sealer,
        std::slice::from_ref(p),
        super::kernel::clock::today(db).await?,
    )
    .await?;
    Ok(standings.get(&p.id).map_or(0, |s| s.budget.planned))
}

/// The flows that apply to a project as it stands, in their order.
pub async fn applicable<C: ConnectionTrait>(
    db: &C,
    state: &AppState,
    p: &project::Model,
) -> AppResult<Vec<ApprovalFlow>> {
    let kind = ProjectKind::parse(&p.kind).unwrap_or(ProjectKind::Other);
    let all: Vec<ApprovalFlow> = flows(db)
        .await?
        .into_iter()
        .filter(|f| f.purpose == FlowPurpose::Project)
        .collect();
    // The budget is opened (decrypted and summed) only when some flow asks about it.
    let budget = if all.iter().any(|f| f.condition.budget_above.is_some()) {
        budget_of(db, state, p).await?
    } else {
        0
    };
    Ok(all
        .into_iter()
        .filter(|f| f.condition.holds(kind, budget))
        .collect())
}

/// Opens the approval request of a project being submitted: through every flow that applies,
/// one after the other (`domain::approval::combined`), or the default of one admin. The rules
/// choose, not the submitter: a flow named in the request is not consulted.
pub async fn open_request<C: ConnectionTrait>(
    db: &C,
    state: &AppState,
    caller: &Caller,
    p: &project::Model,
    comment: &str,
) -> AppResult<()> {
    let applying: Vec<(String, Vec<StepRule>)> = applicable(db, state, p)
        .await?
        .into_iter()
        .map(|f| (f.name, f.steps))
        .collect();
    let (flow_name, steps) = combined(&applying);
    insert_request(db, caller, p, flow_name, &steps, comment, None).await
}

/// Writes a pending request through `flow_name`'s `steps` — a project's submission, or the
/// budget `change` sealed by `sealer` — with its audit entry and the "submitted" webhook.
async fn insert_request<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    p: &project::Model,
    flow_name: String,
    steps: &[StepRule],
    comment: &str,
    change: Option<(&Sealer, &BudgetChange)>,
) -> AppResult<()> {
    let subject = match change {
        Some(_) => FlowPurpose::Budget,
        None => FlowPurpose::Project,
    };
    let created = approval_request::ActiveModel {
        project_id: Set(p.id),
        flow_name: Set(flow_name.clone()),
        steps: Set(serde_json::to_string(steps).map_err(|_| AppError::Internal)?),
        status: Set(RequestStatus::Pending.as_str().to_string()),
        submitted_by: Set(caller.id),
        submitted_at: Set(Utc::now()),
        comment: Set(comment.to_string()),
        decided_at: Set(None),
        subject: Set(subject.as_str().to_string()),
        change: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    // The change is sealed bound to its request, which needs its id first.
    let created = match change {
        Some((sealer, c)) => {
            let change = seal_change(sealer, created.id, c)?;
            let mut sealed: approval_request::ActiveModel = created.into();
            sealed.change = Set(Some(change));
            sealed.update(db).await?
        }
        None => created,
    };
    audit::Entry::new(
        AuditEntity::ApprovalRequest,
        created.id,
        AuditAction::Create,
    )
    .in_project(p.id)
    .by(caller.id)
    .after(&serde_json::json!({
        "project_id": p.id,
        "flow": flow_name,
        "budget_line": change.and_then(|(_, c)| c.line_id),
        "line_name": change.map(|(_, c)| c.name.clone()),
    }))
    .write(db)
    .await?;
    webhooks::enqueue(
        db,
        &Notice {
            event: WebhookEvent::Submitted,
            project_id: p.id,
            project: p.name.clone(),
            flow: flow_name,
            step: String::new(),
            actor: caller.display_name.clone(),
            comment: comment.to_string(),
            at: Utc::now(),
            subject: change.map(|(_, c)| change_words(c)).unwrap_or_default(),
            request_id: Some(created.id),
        },
    )
    .await?;
    if let Outcome::Pending { waiting_on, .. } = outcome(steps, &people(db).await?, caller.id, &[])
    {
        tell_waiting(db, caller, p, &waiting_on).await?;
    }
    Ok(())
}

/// Tells those a request now waits on that it does.
async fn tell_waiting<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    p: &project::Model,
    waiting_on: &[Id],
) -> AppResult<()> {
    let told = waiting_on
        .iter()
        .map(|&to| notices::Notice::new(to, NotifyReason::ApprovalWaiting, p.id).by(caller.id))
        .collect();
    notices::tell_all(db, told, NotifyTopic::ApprovalWaiting).await?;
    Ok(())
}

/// The budget flow a raise of `raise` (minor units) in an approved project goes through: the
/// first whose condition holds (type, and the raise above its threshold). `None`: the change
/// applies at once.
pub async fn budget_flow<C: ConnectionTrait>(
    db: &C,
    p: &project::Model,
    raise: i64,
) -> AppResult<Option<ApprovalFlow>> {
    if raise <= 0
        || !matches!(
            status_of(p),
            ProjectStatus::Approved | ProjectStatus::InProgress
        )
    {
        return Ok(None);
    }
    let kind = ProjectKind::parse(&p.kind).unwrap_or(ProjectKind::Other);
    Ok(flows(db)
        .await?
        .into_iter()
        .find(|f| f.purpose == FlowPurpose::Budget && f.condition.holds(kind, raise)))
}

/// Words for a budget change in webhooks: "KOL 种草: ¥200,000.00 → ¥350,000.00".
/// A budget change in words, for a webhook: what changes, never the amounts (a hook set to
/// include them adds them when it sends, `webhooks::attempt`).
fn change_words(change: &BudgetChange) -> String {
    format!("预算调整 {}", change.name)
}

fn seal_change(sealer: &Sealer, request: Id, change: &BudgetChange) -> AppResult<String> {
    Ok(sealer.seal(
        &at(APPROVAL_CHANGE, request),
        &serde_json::to_vec(change).map_err(|_| AppError::Internal)?,
    ))
}

/// Opens a request for a budget change through `flow`; refused while another change of the
/// same line waits.
pub async fn open_budget_change<C: ConnectionTrait>(
    db: &C,
    sealer: &Sealer,
    caller: &Caller,
    p: &project::Model,
    flow: ApprovalFlow,
    change: &BudgetChange,
) -> AppResult<()> {
    if let Some(line) = change.line_id {
        let waiting = approval_request::Entity::find()
            .filter(approval_request::Column::ProjectId.eq(p.id))
            .filter(approval_request::Column::Subject.eq(FlowPurpose::Budget.as_str()))
            .filter(approval_request::Column::Status.eq(RequestStatus::Pending.as_str()))
            .all(db)
            .await?;
        for r in &waiting {
            if open_change(sealer, r)?.is_some_and(|c| c.line_id == Some(line)) {
                return Err(AppError::invalid("planned", K::ErrChangePending));
            }
        }
    }
    insert_request(
        db,
        caller,
        p,
        flow.name,
        &flow.steps,
        "",
        Some((sealer, change)),
    )
    .await
}

async fn pending_request<C: ConnectionTrait>(
    db: &C,
    project_id: Id,
) -> AppResult<Option<approval_request::Model>> {
    Ok(approval_request::Entity::find()
        .filter(approval_request::Column::ProjectId.eq(project_id))
        .filter(approval_request::Column::Subject.eq(FlowPurpose::Project.as_str()))
        .filter(approval_request::Column::Status.eq(RequestStatus::Pending.as_str()))
        .order_by_desc(approval_request::Column::Id)
        .one(db)
        .await?)
}

/// An approval waiting at one step.
pub struct Stalled {
    pub request_id: Id,
    pub project_id: Id,
    pub step: usize,
    pub step_name: String,
    /// Whole days since the step began waiting (the submission, or the last decision).
    pub days: i64,
    pub waiting_on: Vec<Id>,
}

/// The pending requests of `projects` and how long each has waited at its current step.
pub async fn stalled<C: ConnectionTrait>(
    db: &C,
    projects: &[project::Model],
    now: chrono::DateTime<Utc>,
) -> AppResult<Vec<Stalled>> {
    let requests = approval_request::Entity::find()
        .filter(approval_request::Column::ProjectId.is_in(projects.iter().map(|p| p.id)))
        .filter(approval_request::Column::Status.eq(RequestStatus::Pending.as_str()))
        .all(db)
        .await?;
    if requests.is_empty() {
        return Ok(Vec::new());
    }
    let people = people(db).await?;
    let rows = decisions(db, requests.iter().map(|r| r.id).collect()).await?;
    let mut out = Vec::new();
    for r in requests {
        let mine: Vec<approval_decision::Model> = rows
            .iter()
            .filter(|d| d.request_id == r.id)
            .cloned()
            .collect();
        let steps = steps_of(&r);
        if let Outcome::Pending { step, waiting_on } =
            outcome(&steps, &people, r.submitted_by, &decisions_of(&mine))
        {
            let since = mine.iter().map(|d| d.at).max().unwrap_or(r.submitted_at);
            out.push(Stalled {
                request_id: r.id,
                project_id: r.project_id,
                step,
                step_name: steps.get(step).map(|s| s.name.clone()).unwrap_or_default(),
                days: (now - since).num_days(),
                waiting_on,
            });
        }
    }
    Ok(out)
}

/// Records the caller's decision on a pending project. `Some(status)` when the request is
/// decided — approved by its last step, or rejected — and the project moves to that status;
/// `None` while further steps or approvers remain. Refused unless the caller decides at the
/// request's current step.
pub async fn decide<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    p: &project::Model,
    approve: bool,
    comment: &str,
) -> AppResult<Option<ProjectStatus>> {
    // A project submitted before flows existed waits on the default: one admin.
    let request = match pending_request(db, p.id).await? {
        Some(r) => r,
        None => approval_request::ActiveModel {
            project_id: Set(p.id),
            flow_name: Set(String::new()),
            steps: Set(serde_json::to_string(&default_steps()).map_err(|_| AppError::Internal)?),
            status: Set(RequestStatus::Pending.as_str().to_string()),
            submitted_by: Set(p.owner_id),
            submitted_at: Set(Utc::now()),
            comment: Set(String::new()),
            decided_at: Set(None),
            subject: Set(FlowPurpose::Project.as_str().to_string()),
            change: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?,
    };
    Ok(
        match record_decision(db, caller, p, request, approve, comment, String::new()).await? {
            None => None,
            Some(true) => Some(ProjectStatus::Approved),
            Some(false) => Some(ProjectStatus::Draft),
        },
    )
}

/// Records the caller's decision on a pending budget change of a project. Answers the project,
/// the change, and `Some(approved)` once the request is decided.
pub async fn decide_budget_change<C: ConnectionTrait>(
    db: &C,
    sealer: &Sealer,
    caller: &Caller,
    request_id: Id,
    approve: bool,
    comment: &str,
) -> AppResult<(project::Model, BudgetChange, Option<bool>)> {
    let request = approval_request::Entity::find_by_id(request_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = project::Entity::find_by_id(request.project_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    // Only someone who may see the project learns that the request exists.
    super::kernel::authz::authorize_project(db, caller, &p, Action::ViewProject).await?;
    let change = open_change(sealer, &request)?
        .filter(|_| request.subject == FlowPurpose::Budget.as_str())
        .ok_or_else(|| AppError::invalid("request_id", K::ErrNotBudgetChange))?;
    if request.status != RequestStatus::Pending.as_str() {
        return Err(AppError::Conflict);
    }
    let words = change_words(&change);
    let decided = record_decision(db, caller, &p, request, approve, comment, words).await?;
    Ok((p, change, decided))
}

/// Records the caller's decision on a pending request; `Some(approved)` when that decides it.
/// Refused unless the caller decides at the request's current step.
async fn record_decision<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    p: &project::Model,
    request: approval_request::Model,
    approve: bool,
    comment: &str,
    subject: String,
) -> AppResult<Option<bool>> {
    let steps = steps_of(&request);
    let people = people(db).await?;
    let made = decisions_of(&decisions(db, vec![request.id]).await?);
    let step = may_decide(&steps, &people, request.submitted_by, &made, caller.id)
        .ok_or(AppError::Forbidden)?;
    approval_decision::ActiveModel {
        request_id: Set(request.id),
        step: Set(step as i32),
        user_id: Set(caller.id),
        approve: Set(approve),
        comment: Set(comment.to_string()),
        at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::Entry::new(
        AuditEntity::ApprovalRequest,
        request.id,
        if approve {
            AuditAction::Approve
        } else {
            AuditAction::Reject
        },
    )
    .in_project(p.id)
    .by(caller.id)
    .after(&serde_json::json!({ "project_id": p.id, "step": step, "comment": comment }))
    .write(db)
    .await?;
    let mut all = made;
    all.push(Decision {
        step,
        by: caller.id,
        approve,
    });
    let result = outcome(&steps, &people, request.submitted_by, &all);
    let notice = Notice {
        event: match result {
            Outcome::Pending { .. } => WebhookEvent::StepApproved,
            Outcome::Approved => WebhookEvent::Approved,
            Outcome::Rejected { .. } => WebhookEvent::Rejected,
        },
        project_id: p.id,
        project: p.name.clone(),
        flow: request.flow_name.clone(),
        step: steps.get(step).map(|s| s.name.clone()).unwrap_or_default(),
        actor: caller.display_name.clone(),
        comment: comment.to_string(),
        at: Utc::now(),
        subject,
        request_id: Some(request.id),
    };
    webhooks::enqueue(db, &notice).await?;
    let (status, approved) = match result {
        // On to the next step: those it waits on now are told.
        Outcome::Pending {
            step: next,
            waiting_on,
        } => {
            if next != step {
                tell_waiting(db, caller, p, &waiting_on).await?;
            }
            return Ok(None);
        }
        Outcome::Approved => (RequestStatus::Approved, true),
        Outcome::Rejected { .. } => (RequestStatus::Rejected, false),
    };
    // The one who submitted it hears how it ended.
    let reason = if approved {
        NotifyReason::RequestApproved
    } else {
        NotifyReason::RequestRejected
    };
    let told = notices::Notice::new(request.submitted_by, reason, p.id).by(caller.id);
    notices::tell(db, told, NotifyTopic::ApprovalDecided).await?;
    let mut changed: approval_request::ActiveModel = request.into();
    changed.status = Set(status.as_str().to_string());
    changed.decided_at = Set(Some(Utc::now()));
    changed.update(db).await?;
    Ok(Some(approved))
}

/// Requests as the page shows them: steps with their approvers and decisions, and who is
/// awaited; with whether `caller` decides now on the pending one.
async fn views<C: ConnectionTrait>(
    db: &C,
    sealer: &Sealer,
    requests: &[approval_request::Model],
    caller: Option<Id>,
) -> AppResult<(Vec<ApprovalRequestView>, HashMap<Id, bool>)> {
    if requests.is_empty() {
        return Ok((Vec::new(), HashMap::new()));
    }
    // One read of the people serves both who approves (the active) and every name shown.
    let users = user::Entity::find().all(db).await?;
    let people = active_of(&users);
    let names: HashMap<Id, String> = users.into_iter().map(|u| (u.id, u.display_name)).collect();
    let rows = decisions(db, requests.iter().map(|r| r.id).collect()).await?;
    let mut out = Vec::with_capacity(requests.len());
    let mut decides = HashMap::new();
    for r in requests {
        let steps = steps_of(r);
        let mine: Vec<&approval_decision::Model> =
            rows.iter().filter(|d| d.request_id == r.id).collect();
        let made: Vec<Decision> =
            decisions_of(&mine.iter().map(|d| (*d).clone()).collect::<Vec<_>>());
        let pending = r.status == RequestStatus::Pending.as_str();
        let (current_step, waiting_on) = match outcome(&steps, &people, r.submitted_by, &made) {
            Outcome::Pending { step, waiting_on } if pending => (Some(step), waiting_on),
            _ => (None, Vec::new()),
        };
        let you_decide = match (caller, pending) {
            (Some(me), true) => may_decide(&steps, &people, r.submitted_by, &made, me).is_some(),
            _ => false,
        };
        if caller.is_some() && pending {
            decides.insert(r.id, you_decide);
        }
        out.push(ApprovalRequestView {
            id: r.id,
            flow_name: r.flow_name.clone(),
            status: RequestStatus::parse(&r.status).unwrap_or(RequestStatus::Pending),
            submitted_by: user_ref(&names, r.submitted_by),
            submitted_at: r.submitted_at,
            steps: steps
                .iter()
                .enumerate()
                .map(|(i, s)| ApprovalStepView {
                    name: s.name.clone(),
                    mode: s.mode,
                    approvers: approvers(s, &people, r.submitted_by)
                        .into_iter()
                        .map(|id| user_ref(&names, id))
                        .collect(),
                    decisions: mine
                        .iter()
                        .filter(|d| d.step as usize == i)
                        .map(|d| ApprovalDecisionView {
                            by: user_ref(&names, d.user_id),
                            approve: d.approve,
                            comment: d.comment.clone(),
                            at: d.at,
                        })
                        .collect(),
                })
                .collect(),
            current_step,
            waiting_on: waiting_on
                .into_iter()
                .map(|id| user_ref(&names, id))
                .collect(),
            change: open_change(sealer, r)?,
            you_decide,
        });
    }
    Ok((out, decides))
}

/// A project's approval trail (newest first), the flows it may be submitted to, and whether
/// the caller decides on it now.
pub async fn trail<C: ConnectionTrait>(
    db: &C,
    state: &AppState,
    caller: &Caller,
    p: &project::Model,
) -> AppResult<(Vec<ApprovalRequestView>, Vec<FlowChoice>, bool)> {
    let requests = approval_request::Entity::find()
        .filter(approval_request::Column::ProjectId.eq(p.id))
        .filter(approval_request::Column::Subject.eq(FlowPurpose::Project.as_str()))
        .order_by_desc(approval_request::Column::Id)
        .all(db)
        .await?;
    let (views, decides) = views(db, &state.sealer, &requests, Some(caller.id)).await?;
    let mut may_decide_now = decides.values().any(|d| *d);
    // A project pending since before flows existed: any admin decides, as before.
    if status_of(p) == ProjectStatus::PendingApproval
        && requests
            .iter()
            .all(|r| r.status != RequestStatus::Pending.as_str())
    {
        may_decide_now = allows(caller.role, None, Action::ApproveProject);
    }
    let choices = if status_of(p) == ProjectStatus::Draft {
        applicable(db, state, p)
            .await?
            .into_iter()
            .map(|f| FlowChoice {
                id: f.id,
                name: f.name,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok((views, choices, may_decide_now))
}

/// The projects waiting for the caller's decision, oldest request first.
pub async fn inbox(state: &AppState, caller: &Caller) -> AppResult<Vec<ApprovalTask>> {
    let db = &state.db;
    let requests = approval_request::Entity::find()
        .filter(approval_request::Column::Status.eq(RequestStatus::Pending.as_str()))
        .order_by_asc(approval_request::Column::SubmittedAt)
        .all(db)
        .await?;
    let (views, decides) = views(db, &state.sealer, &requests, Some(caller.id)).await?;
    let wanted: Vec<Id> = requests
        .iter()
        .filter(|r| decides.get(&r.id).copied().unwrap_or(false))
        .map(|r| r.project_id)
        .collect();
    let projects: HashMap<Id, project::Model> = project::Entity::find()
        .filter(project::Column::Id.is_in(wanted.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let list: Vec<project::Model> = projects.values().cloned().collect();
    let money = books::standings(
        db,
        &state.sealer,
        &list,
        super::kernel::clock::today(db).await?,
    )
    .await?;
    let mut tasks = Vec::new();
    for (r, view) in requests.iter().zip(views) {
        if !decides.get(&r.id).copied().unwrap_or(false) {
            continue;
        }
        let Some(p) = projects.get(&r.project_id) else {
            continue;
        };
        if view.change.is_none() && status_of(p) != ProjectStatus::PendingApproval {
            continue;
        }
        tasks.push(ApprovalTask {
            project_id: p.id,
            project_name: p.name.clone(),
            kind: ProjectKind::parse(&p.kind).unwrap_or(ProjectKind::Other),
            budget: money.get(&p.id).map_or(0, |m| m.budget.planned),
            currency: Currency::parse(&p.currency).unwrap_or_default(),
            request: view,
        });
    }
    Ok(tasks)
}

/// A project's budget changes sent for approval, newest first, with whether `caller` decides
/// on each now.
pub async fn budget_changes<C: ConnectionTrait>(
    db: &C,
    sealer: &Sealer,
    caller: &Caller,
    project_id: Id,
) -> AppResult<Vec<ApprovalRequestView>> {
    let requests = approval_request::Entity::find()
        .filter(approval_request::Column::ProjectId.eq(project_id))
        .filter(approval_request::Column::Subject.eq(FlowPurpose::Budget.as_str()))
        .order_by_desc(approval_request::Column::Id)
        .all(db)
        .await?;
    Ok(views(db, sealer, &requests, Some(caller.id)).await?.0)
}
