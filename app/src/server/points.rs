//! Points (积分) and the month's star (项目之星). Admins set what each rule is worth; settling
//! reads what happened since it last looked (tasks done on time or late, deliverables accepted,
//! check-in streaks, cases published, check-ins on someone else's task) and appends to the
//! ledger — once per person, rule and source, whatever is read twice. Totals are sums of the
//! ledger, which is never changed: an admin's adjustment is a line of its own, with its reason,
//! in the audit log too. Leaderboards are by month, for the organisation or one project's team;
//! anyone may leave them. The star is drawn from the month's points and nominations.
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::kernel::authz::{require, require_project};
use super::kernel::entity::{
    case, check_in, point_entry, point_pref, point_rule, project, project_member, star_nomination,
    task, user,
};
use super::kernel::records::{active_user, names, user_ref};
use super::kernel::{audit, clock, AppState, Caller};
use crate::domain::checkins::streaks_completed;
use crate::domain::points::{default_rule, fits, ranks, star, MonthScore, RULES};
use crate::domain::policy::{allows, Action};
use crate::domain::validate::Problems;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, K};
use crate::model::{
    AuditAction, AuditEntity, CheckedTask, Id, LeaderRow, Nomination, PointAdjustment,
    PointEntryView, PointReason, PointRuleView, PointsPage, PointsQuery, StarView, TaskStatus,
    UserRef,
};

/// The longest reason for an adjustment or a nomination.
const NOTE_MAX: usize = 500;
/// What committed a little before the last settling is read again (the ledger keeps it once).
const SLACK_MINUTES: i64 = 10;

/// Something a rule pays for.
struct Earned {
    user_id: Id,
    source: String,
    project_id: Option<Id>,
    note: String,
    happened_at: DateTime<Utc>,
}

/// "2026-12" → its first day.
fn month_start(month: &str) -> Option<NaiveDate> {
    let (y, m) = month.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}

fn month_of(day: NaiveDate) -> String {
    format!("{:04}-{:02}", day.year(), day.month())
}

fn next_month(first: NaiveDate) -> NaiveDate {
    first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(NaiveDate::MAX)
}

/// Midnight starting `day` in `zone`, as an instant.
pub fn midnight(zone: Tz, day: NaiveDate) -> DateTime<Utc> {
    zone.from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
        .earliest()
        .map_or_else(
            || Utc.from_utc_datetime(&day.and_time(chrono::NaiveTime::MIN)),
            |t| t.with_timezone(&Utc),
        )
}

/// The month's bounds as instants.
fn bounds(zone: Tz, first: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    (midnight(zone, first), midnight(zone, next_month(first)))
}

/// The rules as set, each rule's default where an admin never set it.
fn rule_views(rows: &[point_rule::Model]) -> Vec<PointRuleView> {
    RULES
        .iter()
        .map(|rule| {
            let (points, active) = rows
                .iter()
                .find(|r| r.rule == rule.as_str())
                .map_or_else(|| default_rule(*rule), |r| (r.points, r.active));
            PointRuleView {
                rule: *rule,
                points,
                active,
            }
        })
        .collect()
}

/// The rule rows, made from the defaults where missing.
async fn rule_rows<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
) -> AppResult<Vec<point_rule::Model>> {
    let mut rows = point_rule::Entity::find().all(db).await?;
    for rule in RULES {
        if rows.iter().any(|r| r.rule == rule.as_str()) {
            continue;
        }
        let (points, active) = default_rule(rule);
        let row = point_rule::ActiveModel {
            rule: Set(rule.as_str().to_string()),
            points: Set(points),
            active: Set(active),
            since: Set(now),
            settled_to: Set(now),
            updated_by: Set(None),
            updated_at: Set(now),
        };
        point_rule::Entity::insert(row)
            .on_conflict(
                OnConflict::column(point_rule::Column::Rule)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    if rows.len() < RULES.len() {
        rows = point_rule::Entity::find().all(db).await?;
    }
    Ok(rows)
}

/// Tasks done since `from` by their owners.
async fn tasks_done<C: ConnectionTrait>(
    db: &C,
    from: DateTime<Utc>,
) -> AppResult<Vec<task::Model>> {
    Ok(task::Entity::find()
        .filter(task::Column::DoneAt.gt(from))
        .filter(task::Column::OwnerId.is_not_null())
        .filter(task::Column::Status.eq(TaskStatus::Done.as_str()))
        .all(db)
        .await?)
}

fn task_earned(t: &task::Model) -> Option<Earned> {
    Some(Earned {
        user_id: t.owner_id?,
        source: format!("task:{}", t.id),
        project_id: Some(t.project_id),
        note: t.title.clone(),
        happened_at: t.done_at?,
    })
}

/// What `rule` pays for among what happened since `from`.
async fn earned<C: ConnectionTrait>(
    db: &C,
    zone: Tz,
    rule: PointReason,
    from: DateTime<Utc>,
    since: DateTime<Utc>,
) -> AppResult<Vec<Earned>> {
    let on_time = |t: &task::Model| match (t.due_date, t.done_at) {
        (Some(due), Some(done)) => Some(done.with_timezone(&zone).date_naive() <= due),
        _ => None,
    };
    Ok(match rule {
        PointReason::TaskOnTime => tasks_done(db, from)
            .await?
            .iter()
            .filter(|t| on_time(t) == Some(true))
            .filter_map(task_earned)
            .collect(),
        PointReason::TaskLate => tasks_done(db, from)
            .await?
            .iter()
            .filter(|t| on_time(t) == Some(false))
            .filter_map(task_earned)
            .collect(),
        PointReason::DeliverableAccepted => tasks_done(db, from)
            .await?
            .iter()
            .filter(|t| !t.deliverable.trim().is_empty())
            .filter_map(task_earned)
            .collect(),
        PointReason::CasePublished => case::Entity::find()
            .filter(case::Column::PublishedAt.gt(from))
            .all(db)
            .await?
            .into_iter()
            .map(|c| Earned {
                user_id: c.published_by,
                source: format!("case:{}", c.id),
                project_id: Some(c.project_id),
                note: c.title,
                happened_at: c.published_at,
            })
            .collect(),
        PointReason::Helped => {
            let check_ins = check_in::Entity::find()
                .filter(check_in::Column::UpdatedAt.gt(from))
                .all(db)
                .await?;
            let named: Vec<(Id, &check_in::Model)> = check_ins
                .iter()
                .flat_map(|c| {
                    serde_json::from_str::<Vec<CheckedTask>>(&c.tasks)
                        .unwrap_or_default()
                        .into_iter()
                        .map(move |t| (t.task_id, c))
                })
                .collect();
            let tasks: HashMap<Id, task::Model> = task::Entity::find()
                .filter(task::Column::Id.is_in(named.iter().map(|(id, _)| *id)))
                .all(db)
                .await?
                .into_iter()
                .map(|t| (t.id, t))
                .collect();
            named
                .into_iter()
                .filter_map(|(task_id, c)| {
                    let t = tasks.get(&task_id)?;
                    let owner = t.owner_id?;
                    (owner != c.user_id && t.project_id == c.project_id).then(|| Earned {
                        user_id: c.user_id,
                        source: format!("task:{}", t.id),
                        project_id: Some(t.project_id),
                        note: t.title.clone(),
                        happened_at: c.updated_at,
                    })
                })
                .collect()
        }
        PointReason::CheckInStreak => {
            // The people who checked in since; each one's days since the rule was on.
            let people: HashSet<Id> = check_in::Entity::find()
                .filter(check_in::Column::UpdatedAt.gt(from))
                .select_only()
                .column(check_in::Column::UserId)
                .into_tuple::<Id>()
                .all(db)
                .await?
                .into_iter()
                .collect();
            if people.is_empty() {
                return Ok(Vec::new());
            }
            let calendar = super::holidays::default_for(db, Locale::Zh).await?;
            let first = since.with_timezone(&zone).date_naive();
            let rows = check_in::Entity::find()
                .filter(check_in::Column::UserId.is_in(people))
                .filter(check_in::Column::Day.gte(first))
                .all(db)
                .await?;
            let mut by_person: BTreeMap<Id, BTreeMap<NaiveDate, DateTime<Utc>>> = BTreeMap::new();
            for c in rows {
                let at = by_person
                    .entry(c.user_id)
                    .or_default()
                    .entry(c.day)
                    .or_insert(c.updated_at);
                *at = std::cmp::min(*at, c.updated_at);
            }
            let mut out = Vec::new();
            for (person, days) in by_person {
                let list: Vec<NaiveDate> = days.keys().copied().collect();
                for day in streaks_completed(&list, &calendar) {
                    out.push(Earned {
                        user_id: person,
                        source: format!("streak:{day}"),
                        project_id: None,
                        note: day.to_string(),
                        happened_at: days.get(&day).copied().unwrap_or(since),
                    });
                }
            }
            out
        }
        PointReason::Adjustment => Vec::new(),
    })
}

/// Appends to the ledger what the active rules pay for since each last looked; answers how many
/// lines were added. Reading twice adds nothing.
pub async fn settle(state: &AppState) -> AppResult<u64> {
    let txn = state.begin_write().await?;
    let now = Utc::now();
    let zone = clock::zone(&txn).await?;
    let rows = rule_rows(&txn, now).await?;
    let mut added = 0;
    for row in rows {
        let Some(rule) = PointReason::parse(&row.rule) else {
            continue;
        };
        if row.active && row.points != 0 {
            let from = row.settled_to - Duration::minutes(SLACK_MINUTES);
            for e in earned(&txn, zone, rule, from, row.since).await? {
                if e.happened_at < row.since {
                    continue;
                }
                let line = point_entry::ActiveModel {
                    user_id: Set(e.user_id),
                    points: Set(row.points),
                    rule: Set(rule.as_str().to_string()),
                    source: Set(e.source),
                    project_id: Set(e.project_id),
                    note: Set(e.note),
                    happened_at: Set(e.happened_at),
                    recorded_at: Set(now),
                    recorded_by: Set(None),
                    ..Default::default()
                };
                added += point_entry::Entity::insert(line)
                    .on_conflict(
                        OnConflict::columns([
                            point_entry::Column::UserId,
                            point_entry::Column::Rule,
                            point_entry::Column::Source,
                        ])
                        .do_nothing()
                        .to_owned(),
                    )
                    .exec_without_returning(&txn)
                    .await?;
            }
        }
        point_rule::Entity::update_many()
            .col_expr(point_rule::Column::SettledTo, Expr::value(now))
            .filter(point_rule::Column::Rule.eq(row.rule.clone()))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(added)
}

/// Settles every few minutes (`MARQUEE_ALERT_SCAN_SECONDS`).
pub async fn run(state: AppState) {
    let every = clock::scan_interval(std::time::Duration::from_secs(300));
    loop {
        tokio::time::sleep(every).await;
        match settle(&state).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(n, "points settled"),
            Err(e) => tracing::warn!(error = %e, "settling points failed"),
        }
    }
}

/// Sums of the ledger per person over `[from, to)`, for one project when given.
async fn sums<C: ConnectionTrait>(
    db: &C,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    project_id: Option<Id>,
) -> AppResult<HashMap<Id, i64>> {
    let mut q = point_entry::Entity::find()
        .select_only()
        .column(point_entry::Column::UserId)
        .column_as(Expr::col(point_entry::Column::Points).sum(), "points")
        .filter(point_entry::Column::HappenedAt.gte(from))
        .filter(point_entry::Column::HappenedAt.lt(to))
        .group_by(point_entry::Column::UserId);
    if let Some(p) = project_id {
        q = q.filter(point_entry::Column::ProjectId.eq(p));
    }
    Ok(q.into_tuple::<(Id, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// Nominations per person in `month`.
async fn nominations<C: ConnectionTrait>(db: &C, month: &str) -> AppResult<HashMap<Id, u32>> {
    let counted: Vec<(Id, i64)> = star_nomination::Entity::find()
        .select_only()
        .column(star_nomination::Column::NomineeId)
        .column_as(
            Expr::col(star_nomination::Column::Id).count(),
            "nominations",
        )
        .filter(star_nomination::Column::Month.eq(month))
        .group_by(star_nomination::Column::NomineeId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(counted
        .into_iter()
        .map(|(id, n)| (id, u32::try_from(n).unwrap_or(u32::MAX)))
        .collect())
}

/// The star of `month` (so far, if it is not over), among those on the public leaderboard.
async fn star_of<C: ConnectionTrait>(
    db: &C,
    zone: Tz,
    first: NaiveDate,
    hidden: &HashSet<Id>,
) -> AppResult<Option<StarView>> {
    let month = month_of(first);
    let (from, to) = bounds(zone, first);
    let points = sums(db, from, to, None).await?;
    let nominated = nominations(db, &month).await?;
    let people: HashSet<Id> = points.keys().chain(nominated.keys()).copied().collect();
    let scores: Vec<MonthScore> = people
        .into_iter()
        .filter(|id| !hidden.contains(id))
        .map(|user| MonthScore {
            user,
            points: points.get(&user).copied().unwrap_or(0),
            nominations: i64::from(nominated.get(&user).copied().unwrap_or(0)),
        })
        .collect();
    let Some(winner) = star(&scores) else {
        return Ok(None);
    };
    let named = names(db, [winner]).await?;
    Ok(Some(StarView {
        month,
        user: user_ref(&named, winner),
        points: points.get(&winner).copied().unwrap_or(0),
        nominations: nominated.get(&winner).copied().unwrap_or(0),
    }))
}

async fn hidden_people<C: ConnectionTrait>(db: &C) -> AppResult<HashSet<Id>> {
    Ok(point_pref::Entity::find()
        .filter(point_pref::Column::Hidden.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.user_id)
        .collect())
}

fn href_of(e: &point_entry::Model) -> Option<String> {
    let (kind, id) = e.source.split_once(':')?;
    match (kind, e.project_id) {
        ("task", Some(p)) => Some(format!("/projects/{p}/board?task={id}")),
        ("case", _) => Some(format!("/cases/{id}")),
        ("streak", _) => Some("/check-in".to_string()),
        _ => None,
    }
}

/// The points page: a month's leaderboard (the organisation's, or a project team's the caller
/// sees), the caller's own points, the stars and the rules. Settles first.
pub async fn page(state: &AppState, caller: &Caller, query: PointsQuery) -> AppResult<PointsPage> {
    require(caller, Action::ReadPoints)?;
    let db = &state.db;
    let zone = clock::zone(db).await?;
    let today = clock::today_in(zone);
    let current = month_of(today);
    let first = match query.month.as_deref() {
        None => month_start(&current).unwrap_or(today),
        Some(m) => month_start(m).ok_or_else(|| AppError::invalid("month", K::ErrDate))?,
    };
    if let Some(p) = query.project_id {
        require_project(db, caller, p, Action::ViewProject).await?;
    }
    settle(state).await?;
    let month = month_of(first);
    let (from, to) = bounds(zone, first);
    let hidden = hidden_people(db).await?;
    let points = sums(db, from, to, query.project_id).await?;
    let nominated = nominations(db, &month).await?;
    // A team's board: the project's people; the organisation's: everyone with points.
    let mut people: HashSet<Id> = points.keys().copied().collect();
    if let Some(p) = query.project_id {
        people.extend(
            project_member::Entity::find()
                .filter(project_member::Column::ProjectId.eq(p))
                .all(db)
                .await?
                .into_iter()
                .map(|m| m.user_id),
        );
    }
    people.retain(|id| !hidden.contains(id) || *id == caller.id);
    let named = names(db, people.iter().copied()).await?;
    let mut rows: Vec<(Id, i64)> = people
        .iter()
        .filter(|id| named.contains_key(id))
        .map(|id| (*id, points.get(id).copied().unwrap_or(0)))
        .collect();
    rows.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| named.get(&a.0).cmp(&named.get(&b.0)).then(a.0.cmp(&b.0)))
    });
    let ranked = ranks(&rows.iter().map(|(_, p)| *p).collect::<Vec<_>>());
    let board = rows
        .iter()
        .zip(ranked)
        .map(|((id, p), rank)| LeaderRow {
            rank,
            user: user_ref(&named, *id),
            points: *p,
            nominations: nominated.get(id).copied().unwrap_or(0),
        })
        .collect();
    // The caller's own.
    let mine = point_entry::Entity::find()
        .filter(point_entry::Column::UserId.eq(caller.id))
        .filter(point_entry::Column::HappenedAt.gte(from))
        .filter(point_entry::Column::HappenedAt.lt(to))
        .order_by_desc(point_entry::Column::HappenedAt)
        .order_by_desc(point_entry::Column::Id)
        .all(db)
        .await?;
    let my_total: i64 = point_entry::Entity::find()
        .select_only()
        .column_as(Expr::col(point_entry::Column::Points).sum(), "points")
        .filter(point_entry::Column::UserId.eq(caller.id))
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten()
        .unwrap_or(0);
    let projects: HashMap<Id, String> = project::Entity::find()
        .filter(project::Column::Id.is_in(mine.iter().filter_map(|e| e.project_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let admins = names(db, mine.iter().filter_map(|e| e.recorded_by)).await?;
    let my_entries = mine
        .iter()
        .filter_map(|e| {
            Some(PointEntryView {
                id: e.id,
                points: e.points,
                reason: PointReason::parse(&e.rule)?,
                note: e.note.clone(),
                href: href_of(e),
                project: e
                    .project_id
                    .and_then(|p| projects.get(&p).map(|n| (p, n.clone()))),
                happened_at: e.happened_at,
                by: e.recorded_by.map(|id| user_ref(&admins, id)),
            })
        })
        .collect();
    let nominees: Vec<UserRef> = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Id.ne(caller.id))
        .order_by_asc(user::Column::DisplayName)
        .all(db)
        .await?
        .into_iter()
        .map(|u| UserRef {
            id: u.id,
            display_name: u.display_name,
        })
        .collect();
    let current_first = month_start(&current).unwrap_or(today);
    let last_first = current_first
        .checked_sub_months(chrono::Months::new(1))
        .unwrap_or(current_first);
    // Made where missing by the settling above.
    let rules = point_rule::Entity::find().all(db).await?;
    Ok(PointsPage {
        month: month.clone(),
        current_month: current.clone(),
        project_id: query.project_id,
        projects: visible_projects(db, caller).await?,
        board,
        my_month: mine.iter().map(|e| i64::from(e.points)).sum(),
        my_total,
        my_entries,
        hidden: hidden.contains(&caller.id),
        last_star: star_of(db, zone, last_first, &hidden).await?,
        leading: star_of(db, zone, current_first, &hidden).await?,
        nominated: star_nomination::Entity::find()
            .filter(star_nomination::Column::Month.eq(current.clone()))
            .filter(star_nomination::Column::NominatorId.eq(caller.id))
            .one(db)
            .await?
            .map(|n| n.nominee_id),
        nominees,
        can_nominate: allows(caller.role, None, Action::Nominate),
        rules: rule_views(&rules),
        can_manage: allows(caller.role, None, Action::ManagePoints),
    })
}

/// The projects whose team board the caller may read, by name.
async fn visible_projects<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
) -> AppResult<Vec<(Id, String)>> {
    let all = allows(caller.role, None, Action::ViewProject);
    let mine: HashSet<Id> = project_member::Entity::find()
        .filter(project_member::Column::UserId.eq(caller.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.project_id)
        .collect();
    Ok(project::Entity::find()
        .order_by_asc(project::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .filter(|p| all || mine.contains(&p.id) || p.owner_id == caller.id)
        .map(|p| (p.id, p.name))
        .collect())
}

/// Sets what a rule is worth and whether it counts (admins). Switching a rule on pays only for
/// what happens from then on.
pub async fn save_rule(
    state: &AppState,
    caller: &Caller,
    input: PointRuleView,
) -> AppResult<Vec<PointRuleView>> {
    require(caller, Action::ManagePoints)?;
    if input.rule == PointReason::Adjustment || !fits(input.rule, input.points) {
        return Err(AppError::invalid_with(
            "points",
            if input.rule == PointReason::TaskLate {
                K::ErrPointsDeduction
            } else {
                K::ErrPointsRange
            },
            i64::from(crate::domain::points::POINTS_MAX),
        ));
    }
    let txn = state.begin_write().await?;
    let now = Utc::now();
    let rows = rule_rows(&txn, now).await?;
    let before = rows
        .iter()
        .find(|r| r.rule == input.rule.as_str())
        .cloned()
        .ok_or(AppError::Internal)?;
    let switched_on = input.active && !before.active;
    let mut changed: point_rule::ActiveModel = before.clone().into();
    changed.points = Set(input.points);
    changed.active = Set(input.active);
    if switched_on {
        changed.since = Set(now);
        changed.settled_to = Set(now);
    }
    changed.updated_by = Set(Some(caller.id));
    changed.updated_at = Set(now);
    changed.update(&txn).await?;
    audit::Entry::new(AuditEntity::PointRule, 0, AuditAction::Update)
        .by(caller.id)
        .before(&serde_json::json!({ "rule": before.rule, "points": before.points, "active": before.active }))
        .after(&serde_json::json!({ "rule": input.rule.as_str(), "points": input.points, "active": input.active }))
        .write(&txn)
        .await?;
    txn.commit().await?;
    Ok(rule_views(
        &point_rule::Entity::find().all(&state.db).await?,
    ))
}

/// Gives or takes points by hand (admins), with the reason, as a line of the ledger and an
/// entry of the audit log.
pub async fn adjust(state: &AppState, caller: &Caller, input: PointAdjustment) -> AppResult<()> {
    require(caller, Action::ManagePoints)?;
    let mut problems = Problems::default();
    problems.required("reason", &input.reason, NOTE_MAX);
    if !fits(PointReason::Adjustment, input.points) {
        problems.add(
            "points",
            K::ErrPointsRange,
            Some(i64::from(crate::domain::points::POINTS_MAX)),
        );
    }
    problems.finish().map_err(AppError::Invalid)?;
    let txn = state.begin_write().await?;
    active_user(&txn, input.user_id, "user_id").await?;
    let now = Utc::now();
    let line = point_entry::ActiveModel {
        user_id: Set(input.user_id),
        points: Set(input.points),
        rule: Set(PointReason::Adjustment.as_str().to_string()),
        // Unique however many adjustments a person gets.
        source: Set(format!(
            "adjustment:{}",
            now.timestamp_nanos_opt().unwrap_or_default()
        )),
        project_id: Set(None),
        note: Set(input.reason.trim().to_string()),
        happened_at: Set(now),
        recorded_at: Set(now),
        recorded_by: Set(Some(caller.id)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::Entry::new(AuditEntity::Points, line.id, AuditAction::Create)
        .by(caller.id)
        .after(&serde_json::json!({ "user_id": input.user_id, "points": input.points, "reason": line.note }))
        .write(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Leaves the public leaderboard, or comes back (anyone, for themselves).
pub async fn set_hidden(state: &AppState, caller: &Caller, hidden: bool) -> AppResult<()> {
    require(caller, Action::ReadPoints)?;
    point_pref::Entity::insert(point_pref::ActiveModel {
        user_id: Set(caller.id),
        hidden: Set(hidden),
    })
    .on_conflict(
        OnConflict::column(point_pref::Column::UserId)
            .update_column(point_pref::Column::Hidden)
            .to_owned(),
    )
    .exec_without_returning(&state.db)
    .await?;
    Ok(())
}

/// Nominates a colleague for this month's star, or changes whom (one nomination a month).
pub async fn nominate(state: &AppState, caller: &Caller, input: Nomination) -> AppResult<()> {
    require(caller, Action::Nominate)?;
    let mut problems = Problems::default();
    problems.at_most("reason", &input.reason, NOTE_MAX);
    if input.nominee_id == caller.id {
        problems.add("nominee_id", K::ErrNominateSelf, None);
    }
    problems.finish().map_err(AppError::Invalid)?;
    let txn = state.begin_write().await?;
    active_user(&txn, input.nominee_id, "nominee_id").await?;
    let month = month_of(clock::today(&txn).await?);
    star_nomination::Entity::insert(star_nomination::ActiveModel {
        month: Set(month),
        nominee_id: Set(input.nominee_id),
        nominator_id: Set(caller.id),
        reason: Set(input.reason.trim().to_string()),
        at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            star_nomination::Column::Month,
            star_nomination::Column::NominatorId,
        ])
        .update_columns([
            star_nomination::Column::NomineeId,
            star_nomination::Column::Reason,
            star_nomination::Column::At,
        ])
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_read_only_as_year_dash_month() {
        assert_eq!(month_start("2026-12"), NaiveDate::from_ymd_opt(2026, 12, 1));
        for bad in ["2026-13", "2026-1", "26-12", "2026/12", "", "2026-12-01"] {
            assert_eq!(month_start(bad), None, "{bad}");
        }
        let first = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(month_of(next_month(first)), "2027-01");
        // December in Shanghai starts at 16:00 UTC on 30 November.
        let (from, to) = bounds(chrono_tz::Asia::Shanghai, first);
        assert_eq!(from.to_rfc3339(), "2026-11-30T16:00:00+00:00");
        assert_eq!(to.to_rfc3339(), "2026-12-31T16:00:00+00:00");
    }
}
