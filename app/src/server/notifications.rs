//! Exception alerts (异常预警): a job in every server process looks over the open projects now
//! and then and raises an alert when a task is overdue by more than the project's threshold,
//! when a budget line is overrun, and when an approval has waited more than the threshold at
//! one step. Each alert has a key naming what it is about and at which threshold; the key is
//! unique in the database, so an alert is raised once whatever restarts or how many processes
//! look. Raising one notifies the project's owner and managers (and, for a waiting approval,
//! those it waits on); the notification centre lists them, read or not.
use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::approvals;
use super::books;
use super::kernel::authz::require_changeable_project;
use super::kernel::crypto::{at, Sealer, ALERT_DETAIL};
use super::kernel::entity::{alert, comment, notification, outbox, project, project_member, task};
use super::kernel::notices::{self, Notice};
use super::kernel::records::{names, user_ref};
use super::kernel::{audit, AppState, Caller};
use crate::domain::money::Currency;
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::i18n::K;
use crate::live::ProjectChange;
use crate::model::{
    AlertDetail, AlertKind, AuditAction, AuditEntity, Id, NotificationPage, NotificationView,
    NotifyReason, NotifyTopic, ProjectRole, ProjectStatus, TaskStatus,
};

pub const ALERT_DAYS_MAX: i32 = 90;
/// How often each process looks, unless `MARQUEE_ALERT_SCAN_SECONDS` says otherwise.
const EVERY: Duration = Duration::from_secs(600);
/// Notifications listed at most.
const PAGE: u64 = 50;

/// One alert to raise, if it has not been raised before.
struct Raise {
    key: String,
    project_id: Id,
    kind: AlertKind,
    detail: AlertDetail,
    /// Who hears of it, besides the owner and managers.
    also: Vec<Id>,
    /// Only those in `also` hear of it (a task of theirs due tomorrow is nobody else's news).
    only_also: bool,
    /// The task it is about, for its notification to lead to.
    task_id: Option<Id>,
}

/// The owner and the managers of each project.
async fn responsible<C: ConnectionTrait>(
    db: &C,
    projects: &[project::Model],
) -> AppResult<HashMap<Id, Vec<Id>>> {
    let ids: Vec<Id> = projects.iter().map(|p| p.id).collect();
    let managers = project_member::Entity::find()
        .filter(project_member::Column::ProjectId.is_in(ids))
        .filter(project_member::Column::Role.eq(ProjectRole::Manager.as_str()))
        .all(db)
        .await?;
    let mut out: HashMap<Id, Vec<Id>> = projects.iter().map(|p| (p.id, vec![p.owner_id])).collect();
    for m in managers {
        let list = out.entry(m.project_id).or_default();
        if !list.contains(&m.user_id) {
            list.push(m.user_id);
        }
    }
    Ok(out)
}

/// What is alarming in the open projects as of `today`.
async fn find(state: &AppState, today: NaiveDate) -> AppResult<Vec<Raise>> {
    let db = &state.db;
    let projects: Vec<project::Model> = project::Entity::find()
        .filter(project::Column::Status.is_not_in([
            ProjectStatus::Archived.as_str(),
            ProjectStatus::Reviewed.as_str(),
        ]))
        .all(db)
        .await?;
    let by_id: HashMap<Id, &project::Model> = projects.iter().map(|p| (p.id, p)).collect();
    let mut raise = Vec::new();

    // Overdue work: leaf or summary alike, each task once per due date past the threshold.
    let late = task::Entity::find()
        .filter(task::Column::ProjectId.is_in(by_id.keys().copied()))
        .filter(task::Column::Status.ne(TaskStatus::Done.as_str()))
        .filter(task::Column::DueDate.lt(today))
        .all(db)
        .await?;
    for t in late {
        let (Some(p), Some(due)) = (by_id.get(&t.project_id), t.due_date) else {
            continue;
        };
        let days = (today - due).num_days();
        if days <= i64::from(p.alert_days) {
            continue;
        }
        raise.push(Raise {
            key: format!("overdue:{}:{}:{}", t.id, due, p.alert_days),
            project_id: p.id,
            kind: AlertKind::OverdueTask,
            detail: AlertDetail {
                title: t.title.clone(),
                days,
                amount: 0,
                currency: Currency::default(),
            },
            also: t.owner_id.into_iter().collect(),
            only_also: false,
            task_id: Some(t.id),
        });
    }

    // Work due tomorrow: its owner is told once per due date.
    let tomorrow = today + chrono::Duration::days(1);
    let soon = task::Entity::find()
        .filter(task::Column::ProjectId.is_in(by_id.keys().copied()))
        .filter(task::Column::Status.ne(TaskStatus::Done.as_str()))
        .filter(task::Column::DueDate.eq(tomorrow))
        .filter(task::Column::OwnerId.is_not_null())
        .all(db)
        .await?;
    for t in soon {
        let Some(p) = by_id.get(&t.project_id) else {
            continue;
        };
        raise.push(Raise {
            key: format!("due:{}:{tomorrow}", t.id),
            project_id: p.id,
            kind: AlertKind::DueSoon,
            detail: AlertDetail {
                title: t.title.clone(),
                days: 1,
                amount: 0,
                currency: Currency::default(),
            },
            also: t.owner_id.into_iter().collect(),
            only_also: true,
            task_id: Some(t.id),
        });
    }

    // Budget lines overrun: once per line and planned amount.
    for (line, standing, p) in books::overruns(db, &state.sealer, &projects).await? {
        raise.push(Raise {
            key: format!("overrun:{}:{}", line.id, line.version),
            project_id: p.id,
            kind: AlertKind::BudgetOverrun,
            detail: AlertDetail {
                title: line.name.clone(),
                days: 0,
                amount: -standing.remaining(),
                currency: Currency::parse(&p.currency).unwrap_or_default(),
            },
            also: Vec::new(),
            only_also: false,
            task_id: None,
        });
    }

    // Approvals waiting at one step longer than the threshold.
    for stalled in approvals::stalled(db, &projects, Utc::now()).await? {
        let Some(p) = by_id.get(&stalled.project_id) else {
            continue;
        };
        if stalled.days <= i64::from(p.alert_days) {
            continue;
        }
        raise.push(Raise {
            key: format!(
                "stalled:{}:{}:{}",
                stalled.request_id, stalled.step, p.alert_days
            ),
            project_id: p.id,
            kind: AlertKind::ApprovalStalled,
            detail: AlertDetail {
                title: stalled.step_name,
                days: stalled.days,
                amount: 0,
                currency: Currency::default(),
            },
            also: stalled.waiting_on,
            only_also: false,
            task_id: None,
        });
    }
    Ok(raise)
}

/// Raises every alert that is due and not raised before; how many were new.
pub async fn scan(state: &AppState, today: NaiveDate) -> AppResult<usize> {
    let found = find(state, today).await?;
    if found.is_empty() {
        return Ok(0);
    }
    let projects: Vec<project::Model> = project::Entity::find()
        .filter(
            project::Column::Id.is_in(found.iter().map(|r| r.project_id).collect::<HashSet<_>>()),
        )
        .all(&state.db)
        .await?;
    let people = responsible(&state.db, &projects).await?;
    let mut new = 0;
    for r in found {
        let txn = state.begin_write().await?;
        // The unique key decides: a second process or a second look inserts nothing.
        let inserted = alert::Entity::insert(alert::ActiveModel {
            key: Set(r.key.clone()),
            project_id: Set(r.project_id),
            kind: Set(r.kind.as_str().to_string()),
            // Sealed: an overrun's detail is an amount of the sealed budget.
            detail: Set(state.sealer.seal(
                &at(ALERT_DETAIL, &r.key),
                &serde_json::to_vec(&r.detail).map_err(|_| AppError::Internal)?,
            )),
            raised_at: Set(Utc::now()),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::column(alert::Column::Key)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        if inserted == 0 {
            continue;
        }
        let Some(raised) = alert::Entity::find()
            .filter(alert::Column::Key.eq(r.key.clone()))
            .one(&txn)
            .await?
        else {
            continue;
        };
        let mut to: Vec<Id> = if r.only_also {
            Vec::new()
        } else {
            people.get(&r.project_id).cloned().unwrap_or_default()
        };
        for id in r.also {
            if !to.contains(&id) {
                to.push(id);
            }
        }
        let told = to
            .into_iter()
            .map(|id| {
                Notice::new(id, NotifyReason::Alert, r.project_id)
                    .task(r.task_id)
                    .alert(raised.id)
            })
            .collect();
        notices::tell_all(&txn, told, NotifyTopic::of_alert(r.kind)).await?;
        txn.commit().await?;
        new += 1;
    }
    Ok(new)
}

/// Looks every ten minutes (or `MARQUEE_ALERT_SCAN_SECONDS`), for as long as the server runs.
pub async fn run(state: AppState) {
    let every = super::kernel::clock::scan_interval(EVERY);
    loop {
        // First a pause: a process that has just started (or a test server) is not held up,
        // and several processes started together do not all look at once.
        tokio::time::sleep(every).await;
        let today = super::kernel::clock::today(&state.db).await;
        if let Err(e) = match today {
            Ok(today) => scan(&state, today).await,
            Err(e) => Err(e),
        } {
            tracing::warn!(error = ?e, "alert scan");
        }
    }
}

pub async fn unread(db: &impl ConnectionTrait, user_id: Id) -> AppResult<u32> {
    let n = notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// A notification as it is stored, in the app or waiting in the outbox.
pub struct Told {
    pub id: Id,
    pub reason: String,
    pub project_id: Option<Id>,
    pub task_id: Option<Id>,
    pub comment_id: Option<Id>,
    pub alert_id: Option<Id>,
    pub report_id: Option<Id>,
    pub actor_id: Option<Id>,
    pub created_at: chrono::DateTime<Utc>,
    pub read: bool,
}

impl From<&notification::Model> for Told {
    fn from(n: &notification::Model) -> Told {
        Told {
            id: n.id,
            reason: n.reason.clone(),
            project_id: n.project_id,
            task_id: n.task_id,
            comment_id: n.comment_id,
            alert_id: n.alert_id,
            report_id: n.report_id,
            actor_id: n.actor_id,
            created_at: n.created_at,
            read: n.read_at.is_some(),
        }
    }
}

impl From<&outbox::Model> for Told {
    fn from(n: &outbox::Model) -> Told {
        Told {
            id: n.id,
            reason: n.reason.clone(),
            project_id: Some(n.project_id),
            task_id: n.task_id,
            comment_id: n.comment_id,
            alert_id: n.alert_id,
            report_id: n.report_id,
            actor_id: n.actor_id,
            created_at: n.created_at,
            read: false,
        }
    }
}

/// What each notification is about, read in a few statements whatever their number; one whose
/// alert or project is gone is left out.
pub async fn describe<C: ConnectionTrait>(
    db: &C,
    sealer: &Sealer,
    rows: &[Told],
) -> AppResult<Vec<NotificationView>> {
    let alerts: HashMap<Id, alert::Model> = alert::Entity::find()
        .filter(alert::Column::Id.is_in(rows.iter().filter_map(|n| n.alert_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let comments: HashMap<Id, comment::Model> = comment::Entity::find()
        .filter(comment::Column::Id.is_in(rows.iter().filter_map(|n| n.comment_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let projects: HashMap<Id, String> = project::Entity::find()
        .filter(project::Column::Id.is_in(rows.iter().filter_map(|n| n.project_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let tasks: HashMap<Id, String> = task::Entity::find()
        .filter(task::Column::Id.is_in(rows.iter().filter_map(|n| n.task_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.title))
        .collect();
    let people = names(db, rows.iter().filter_map(|n| n.actor_id)).await?;
    Ok(rows
        .iter()
        .filter_map(|n| {
            let reason = NotifyReason::parse(&n.reason)?;
            let project_id = n.project_id?;
            let project_name = projects.get(&project_id)?.clone();
            let alert = n.alert_id.and_then(|id| alerts.get(&id));
            if reason == NotifyReason::Alert && alert.is_none() {
                return None;
            }
            Some(NotificationView {
                id: n.id,
                reason,
                kind: alert.and_then(|a| AlertKind::parse(&a.kind)),
                detail: alert.and_then(|a| open_detail(sealer, &a.key, &a.detail)),
                project_id,
                project_name,
                task_id: n.task_id,
                task_title: n.task_id.and_then(|id| tasks.get(&id).cloned()),
                actor: n.actor_id.map(|id| user_ref(&people, id)),
                excerpt: n
                    .comment_id
                    .and_then(|id| comments.get(&id))
                    .map(|c| super::comments::excerpt(&c.body))
                    .unwrap_or_default(),
                created_at: n.created_at,
                read: n.read,
                report_id: n.report_id,
            })
        })
        .collect())
}

/// The caller's latest notifications and how many are unread.
pub async fn mine(state: &AppState, caller: &Caller) -> AppResult<NotificationPage> {
    let db = &state.db;
    let rows: Vec<Told> = notification::Entity::find()
        .filter(notification::Column::UserId.eq(caller.id))
        .order_by_desc(notification::Column::Id)
        .limit(PAGE)
        .all(db)
        .await?
        .iter()
        .map(Told::from)
        .collect();
    Ok(NotificationPage {
        unread: unread(db, caller.id).await?,
        items: describe(db, &state.sealer, &rows).await?,
    })
}

/// An alert's detail as stored: sealed (an older version kept it plain).
fn open_detail(sealer: &Sealer, key: &str, stored: &str) -> Option<AlertDetail> {
    if !Sealer::is_sealed(stored) {
        return serde_json::from_str(stored).ok();
    }
    let plain = sealer.open(&at(ALERT_DETAIL, key), stored).ok()?;
    serde_json::from_slice(&plain).ok()
}

/// Marks the caller's notifications read: these, or all when none are named.
pub async fn mark_read(
    state: &AppState,
    caller: &Caller,
    ids: Vec<Id>,
) -> AppResult<NotificationPage> {
    let mut update = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Some(Utc::now())))
        .filter(notification::Column::UserId.eq(caller.id))
        .filter(notification::Column::ReadAt.is_null());
    if !ids.is_empty() {
        update = update.filter(notification::Column::Id.is_in(ids));
    }
    update.exec(&state.db).await?;
    mine(state, caller).await
}

/// Sets a project's alert threshold in days.
pub async fn set_days(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
    days: i32,
) -> AppResult<()> {
    let txn = state.begin_write().await?;
    let p = require_changeable_project(&txn, caller, project_id, Action::EditProject).await?;
    if !(1..=ALERT_DAYS_MAX).contains(&days) {
        return Err(AppError::invalid("alert_days", K::ErrAlertDays));
    }
    if p.alert_days == days {
        return Ok(());
    }
    audit::Entry::new(AuditEntity::Project, p.id, AuditAction::Update)
        .in_project(p.id)
        .by(caller.id)
        .before(&serde_json::json!({ "alert_days": p.alert_days }))
        .after(&serde_json::json!({ "alert_days": days }))
        .write(&txn)
        .await?;
    project::Entity::update_many()
        .col_expr(project::Column::AlertDays, Expr::value(days))
        .filter(project::Column::Id.eq(p.id))
        .exec(&txn)
        .await?;
    state
        .commit_change(txn, p.id, caller, ProjectChange::project(false))
        .await
}
