//! Daily check-ins (每日打卡): each manager and contributor of a project says, once a day (the
//! organisation's day), what they did — ticking tasks and setting their progress, which
//! updates the tasks like any edit, live on the board and the Gantt —, what they plan next and
//! what blocks them. Everyone on the project sees who has checked in today and each person's
//! run of working days; at the organisation's reminder time those who have not are told.
use std::collections::HashMap;
use std::time::Duration;

use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::kernel::authz::{membership, require_changeable_project, require_project};
use super::kernel::entity::{alert, check_in, project, project_member, task, user};
use super::kernel::notices::{self, Notice};
use super::kernel::records::{names, user_ref};
use super::kernel::{audit, clock, AppState, Caller};
use super::planning;
use super::tasks;
use crate::domain::checkins::{streak, STREAK_LOOKBACK};
use crate::domain::policy::{allows, Action};
use crate::domain::validate;
use crate::error::{AppError, AppResult};
use crate::i18n::K;
use crate::model::{
    AlertKind, AuditAction, AuditEntity, CheckInDay, CheckInInput, CheckInStanding, CheckInView,
    CheckedTask, Id, MyCheckIn, NotifyReason, NotifyTopic, OrgRole, Place, ProjectRole,
    ProjectStatus, ReportBlocker, TaskStatus,
};

/// How often each process looks for people to remind.
const EVERY: Duration = Duration::from_secs(300);

/// The project roles that check in.
fn checks_in(role: Option<ProjectRole>) -> bool {
    matches!(role, Some(ProjectRole::Manager | ProjectRole::Contributor))
}

fn view(c: &check_in::Model, people: &HashMap<Id, String>) -> CheckInView {
    CheckInView {
        id: c.id,
        user: user_ref(people, c.user_id),
        day: c.day,
        done: c.done.clone(),
        next: c.next.clone(),
        blockers: c.blockers.clone(),
        tasks: serde_json::from_str(&c.tasks).unwrap_or_default(),
        updated_at: c.updated_at,
        photos: Vec::new(),
        kept: Vec::new(),
    }
}

/// The blockers written in a project's check-ins, oldest first: over `span` (every day when
/// none), by `person` (everyone's when none). For weekly reports and retrospectives.
pub async fn blockers<C: sea_orm::ConnectionTrait>(
    db: &C,
    project_id: Id,
    span: Option<(NaiveDate, NaiveDate)>,
    person: Option<Id>,
) -> AppResult<Vec<ReportBlocker>> {
    let mut query = check_in::Entity::find()
        .filter(check_in::Column::ProjectId.eq(project_id))
        .filter(check_in::Column::Blockers.ne(""));
    if let Some((from, to)) = span {
        query = query.filter(check_in::Column::Day.between(from, to));
    }
    if let Some(person) = person {
        query = query.filter(check_in::Column::UserId.eq(person));
    }
    let rows = query.order_by_asc(check_in::Column::Day).all(db).await?;
    let writers = names(db, rows.iter().map(|c| c.user_id)).await?;
    Ok(rows
        .iter()
        .map(|c| ReportBlocker {
            who: user_ref(&writers, c.user_id),
            day: c.day,
            text: c.blockers.clone(),
        })
        .collect())
}

/// Writes the caller's check-in for today (again, if they already did: the later one stands),
/// and the progress it sets on their tasks.
pub async fn save(
    state: &AppState,
    caller: &Caller,
    input: CheckInInput,
) -> AppResult<CheckInView> {
    if input.user_id.is_some_and(|id| id != caller.id) {
        return Err(AppError::invalid("user_id", K::ErrCheckInForOther));
    }
    validate::check_in(&input).map_err(AppError::Invalid)?;
    let txn = state.begin_write().await?;
    let p = require_changeable_project(&txn, caller, input.project_id, Action::CheckIn).await?;
    let role = membership(&txn, caller, p.id).await?;
    if !checks_in(role) {
        return Err(AppError::invalid("project_id", K::ErrNotCheckingIn));
    }
    let today = clock::today(&txn).await?;
    // Written offline and sent later: the day it was written, up to a week back (a device ahead
    // of the organisation's time zone writes for today).
    let day = match input.day {
        Some(day) if day < today - chrono::Duration::days(7) => {
            return Err(AppError::invalid("day", K::ErrCheckInTooLate));
        }
        Some(day) => day.min(today),
        None => today,
    };
    let (changed, ticked, kept) = tasks::set_progress(&txn, caller, &p, &input.tasks).await?;
    let checked = |list: Vec<(Id, String, u8)>| -> Vec<CheckedTask> {
        list.into_iter()
            .map(|(task_id, title, progress)| CheckedTask {
                task_id,
                title,
                progress,
            })
            .collect()
    };
    let (ticked, kept) = (checked(ticked), checked(kept));
    let now = Utc::now();
    let row = check_in::ActiveModel {
        project_id: Set(p.id),
        user_id: Set(caller.id),
        day: Set(day),
        done: Set(input.done.trim().to_string()),
        next: Set(input.next.trim().to_string()),
        blockers: Set(input.blockers.trim().to_string()),
        tasks: Set(serde_json::to_string(&ticked).map_err(|_| AppError::Internal)?),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    // One a day: checking in again replaces what was said.
    check_in::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                check_in::Column::ProjectId,
                check_in::Column::UserId,
                check_in::Column::Day,
            ])
            .update_columns([
                check_in::Column::Done,
                check_in::Column::Next,
                check_in::Column::Blockers,
                check_in::Column::Tasks,
                check_in::Column::UpdatedAt,
            ])
            .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    let saved = check_in::Entity::find()
        .filter(check_in::Column::ProjectId.eq(p.id))
        .filter(check_in::Column::UserId.eq(caller.id))
        .filter(check_in::Column::Day.eq(day))
        .one(&txn)
        .await?
        .ok_or(AppError::Internal)?;
    audit::Entry::new(AuditEntity::CheckIn, saved.id, AuditAction::Set)
        .in_project(p.id)
        .by(caller.id)
        .after(&serde_json::json!({
            "day": day, "excerpt": crate::server::comments::excerpt(&saved.done),
            "blockers": saved.blockers, "tasks": ticked.len(),
        }))
        .write(&txn)
        .await?;
    let mut change = changed;
    change.check_ins = true;
    state.commit_change(txn, p.id, caller, change).await?;
    let people = names(&state.db, [caller.id]).await?;
    Ok(CheckInView {
        kept,
        ..view(&saved, &people)
    })
}

/// A project's check-ins on `day` (today when `None`): who checked in, who has not, runs.
pub async fn day(
    state: &AppState,
    caller: &Caller,
    project_id: Id,
    day: Option<NaiveDate>,
) -> AppResult<CheckInDay> {
    let db = &state.db;
    let (p, role) = require_project(db, caller, project_id, Action::ViewProject).await?;
    let today = clock::today(db).await?;
    let day = day.unwrap_or(today).min(today);
    let calendar = planning::calendar_of(&p);
    let members = project_member::Entity::find()
        .filter(project_member::Column::ProjectId.eq(p.id))
        .all(db)
        .await?;
    let ids: Vec<Id> = members
        .iter()
        .filter(|m| checks_in(ProjectRole::parse(&m.role)))
        .map(|m| m.user_id)
        .collect();
    let active: Vec<Id> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    let from = day - chrono::Duration::days(i64::from(STREAK_LOOKBACK));
    let rows = check_in::Entity::find()
        .filter(check_in::Column::ProjectId.eq(p.id))
        .filter(check_in::Column::Day.between(from, day))
        .all(db)
        .await?;
    let people = names(db, active.iter().copied()).await?;
    let mut standing: Vec<CheckInStanding> = active
        .iter()
        .map(|&id| {
            let days: Vec<NaiveDate> = rows
                .iter()
                .filter(|r| r.user_id == id)
                .map(|r| r.day)
                .collect();
            CheckInStanding {
                user: user_ref(&people, id),
                check_in: rows
                    .iter()
                    .find(|r| r.user_id == id && r.day == day)
                    .map(|r| view(r, &people)),
                streak: streak(&days, day, &calendar),
            }
        })
        .collect();
    let places: Vec<Place> = standing
        .iter()
        .filter_map(|s| s.check_in.as_ref().map(|c| Place::CheckIn(c.id)))
        .collect();
    let mut photos = super::files::of_places(db, p.id, &places).await?;
    for s in &mut standing {
        if let Some(c) = s.check_in.as_mut() {
            c.photos = photos.remove(&Place::CheckIn(c.id)).unwrap_or_default();
        }
    }
    standing.sort_by(|a, b| {
        a.check_in
            .is_some()
            .cmp(&b.check_in.is_some())
            .then(a.user.display_name.cmp(&b.user.display_name))
    });
    let mine = checks_in(role) && active.contains(&caller.id);
    let my_tasks = if mine {
        task::Entity::find()
            .filter(task::Column::ProjectId.eq(p.id))
            .filter(task::Column::OwnerId.eq(caller.id))
            .filter(task::Column::Status.ne(TaskStatus::Done.as_str()))
            .all(db)
            .await?
            .into_iter()
            .map(|t| CheckedTask {
                task_id: t.id,
                title: t.title,
                progress: u8::try_from(t.progress.clamp(0, 100)).unwrap_or(0),
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(CheckInDay {
        day,
        working: calendar.is_working(day),
        people: standing,
        mine,
        my_tasks,
    })
}

/// Tells those who check in and have not, once a day per project, once the organisation's
/// reminder time has passed on a working day of the project. How many were told.
pub async fn remind(state: &AppState) -> AppResult<usize> {
    let db = &state.db;
    let (zone, at) = clock::org(db).await?;
    let local = Utc::now().with_timezone(&zone);
    if local.time() < at {
        return Ok(0);
    }
    let today = local.date_naive();
    let projects = project::Entity::find()
        .filter(project::Column::Status.eq(ProjectStatus::InProgress.as_str()))
        .all(db)
        .await?;
    let mut told = 0;
    for p in projects {
        if !planning::calendar_of(&p).is_working(today) {
            continue;
        }
        let members = project_member::Entity::find()
            .filter(project_member::Column::ProjectId.eq(p.id))
            .all(db)
            .await?;
        let listening = notices::listening(
            db,
            members.iter().map(|m| m.user_id),
            NotifyTopic::CheckInMissing,
        )
        .await?;
        let done: Vec<Id> = check_in::Entity::find()
            .filter(check_in::Column::ProjectId.eq(p.id))
            .filter(check_in::Column::Day.eq(today))
            .all(db)
            .await?
            .into_iter()
            .map(|c| c.user_id)
            .collect();
        let people: HashMap<Id, user::Model> = user::Entity::find()
            .filter(user::Column::Id.is_in(members.iter().map(|m| m.user_id)))
            .filter(user::Column::Active.eq(true))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        for m in members {
            let Some(person) = people.get(&m.user_id) else {
                continue;
            };
            // The person's own organisation role and project role, as the check-in itself asks.
            let role = OrgRole::parse(&person.role).unwrap_or(OrgRole::Viewer);
            if !allows(role, ProjectRole::parse(&m.role), Action::CheckIn)
                || done.contains(&m.user_id)
                || !listening.contains(&m.user_id)
            {
                continue;
            }
            told += usize::from(remind_one(state, &p, person.id, today).await?);
        }
    }
    Ok(told)
}

/// One reminder, raised once under its key whatever the number of processes looking.
async fn remind_one(
    state: &AppState,
    p: &project::Model,
    user_id: Id,
    today: NaiveDate,
) -> AppResult<bool> {
    let key = format!("checkin:{}:{}:{}", p.id, user_id, today);
    let txn = state.begin_write().await?;
    let detail = crate::model::AlertDetail {
        title: p.name.clone(),
        days: 0,
        amount: 0,
        currency: Default::default(),
    };
    let inserted = alert::Entity::insert(alert::ActiveModel {
        key: Set(key.clone()),
        project_id: Set(p.id),
        kind: Set(AlertKind::CheckInMissing.as_str().to_string()),
        detail: Set(serde_json::to_string(&detail).map_err(|_| AppError::Internal)?),
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
        return Ok(false);
    }
    let raised = alert::Entity::find()
        .filter(alert::Column::Key.eq(key))
        .one(&txn)
        .await?
        .ok_or(AppError::Internal)?;
    let notice = Notice::new(user_id, NotifyReason::Alert, p.id).alert(raised.id);
    notices::tell(&txn, notice, NotifyTopic::CheckInMissing).await?;
    txn.commit().await?;
    Ok(true)
}

/// Looks every five minutes (or `MARQUEE_ALERT_SCAN_SECONDS`), for as long as the server runs.
pub async fn run(state: AppState) {
    let every = clock::scan_interval(EVERY);
    loop {
        tokio::time::sleep(every).await;
        if let Err(e) = remind(&state).await {
            tracing::warn!(error = ?e, "check-in reminders");
        }
    }
}

/// The projects under way (not completed, reviewed or archived) the caller checks in on, by name, each with whether they did today
/// and whether today is a working day there: where the check-in shortcut starts.
pub async fn mine(state: &AppState, caller: &Caller) -> AppResult<Vec<MyCheckIn>> {
    let db = &state.db;
    let today = clock::today(db).await?;
    let roles: HashMap<Id, Option<ProjectRole>> = project_member::Entity::find()
        .filter(project_member::Column::UserId.eq(caller.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.project_id, ProjectRole::parse(&m.role)))
        .collect();
    let projects = project::Entity::find()
        .filter(project::Column::Id.is_in(roles.keys().copied()))
        .filter(
            project::Column::Status.is_in(
                [
                    ProjectStatus::Draft,
                    ProjectStatus::PendingApproval,
                    ProjectStatus::Approved,
                    ProjectStatus::InProgress,
                ]
                .map(ProjectStatus::as_str),
            ),
        )
        .order_by_asc(project::Column::Name)
        .all(db)
        .await?;
    let projects: Vec<project::Model> = projects
        .into_iter()
        .filter(|p| {
            allows(
                caller.role,
                roles.get(&p.id).copied().flatten(),
                Action::CheckIn,
            )
        })
        .collect();
    let done: Vec<Id> = check_in::Entity::find()
        .filter(check_in::Column::UserId.eq(caller.id))
        .filter(check_in::Column::Day.eq(today))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.project_id)
        .collect();
    Ok(projects
        .into_iter()
        .map(|p| MyCheckIn {
            project_id: p.id,
            working: planning::calendar_of(&p).is_working(today),
            checked_in: done.contains(&p.id),
            name: p.name,
        })
        .collect())
}
