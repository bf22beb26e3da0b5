//! Performance figures (绩效) per person over a period: tasks done, on-time and overdue rates,
//! average delay (`domain::performance`), the results of the projects they led that ended in the
//! period (KPIs attained and ROI, from the approved retrospective's facts, or read from the
//! project's records as a retrospective would), and points. A person reads their own; a
//! project's managers read its people's for that project's work; admins read everyone's.
//! Exported as an XLSX workbook for a performance review.
use std::collections::{HashMap, HashSet};

use base64::Engine;
use chrono::Duration;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::kernel::authz::{require, require_project};
use super::kernel::entity::{point_entry, project, project_member, retrospective, task, user};
use super::kernel::{clock, AppState, Caller};
use crate::domain::performance::{task_figures, TaskDates, TaskFigures};
use crate::domain::policy::{allows, Action};
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, K};
use crate::model::{
    ExportFile, Id, LedProject, PerformanceQuery, PerformanceRow, PerformanceView, RetroFacts,
    UserRef,
};

/// The longest period read at once: a year and a day.
const PERIOD_MAX_DAYS: i64 = 366;

/// The projects whose people the caller may review (those they manage; all for admins).
async fn reviewable<C: ConnectionTrait>(db: &C, caller: &Caller) -> AppResult<Vec<(Id, String)>> {
    let all = project::Entity::find()
        .order_by_asc(project::Column::Name)
        .all(db)
        .await?;
    let managed: HashSet<Id> = project_member::Entity::find()
        .filter(project_member::Column::UserId.eq(caller.id))
        .all(db)
        .await?
        .into_iter()
        .filter(|m| {
            allows(
                caller.role,
                crate::model::ProjectRole::parse(&m.role),
                Action::EditProject,
            )
        })
        .map(|m| m.project_id)
        .collect();
    let everyone = allows(caller.role, None, Action::ReviewPerformance);
    Ok(all
        .into_iter()
        .filter(|p| everyone || managed.contains(&p.id))
        .map(|p| (p.id, p.name))
        .collect())
}

/// The figures the caller may read for `query`.
pub async fn figures(
    state: &AppState,
    caller: &Caller,
    query: PerformanceQuery,
) -> AppResult<PerformanceView> {
    require(caller, Action::ReadPoints)?;
    if query.to < query.from {
        return Err(AppError::invalid("to", K::ErrEndBeforeStart));
    }
    if (query.to - query.from).num_days() > PERIOD_MAX_DAYS {
        return Err(AppError::invalid_with(
            "to",
            K::ErrPeriodTooLong,
            PERIOD_MAX_DAYS,
        ));
    }
    let db = &state.db;
    let everyone = allows(caller.role, None, Action::ReviewPerformance);
    // Whose figures, and over which project's work.
    let people: Vec<Id> = match query.project_id {
        Some(p) => {
            require_project(db, caller, p, Action::EditProject).await?;
            project_member::Entity::find()
                .filter(project_member::Column::ProjectId.eq(p))
                .select_only()
                .column(project_member::Column::UserId)
                .into_tuple()
                .all(db)
                .await?
        }
        None if query.everyone => {
            require(caller, Action::ReviewPerformance)?;
            user::Entity::find()
                .filter(user::Column::Active.eq(true))
                .select_only()
                .column(user::Column::Id)
                .into_tuple()
                .all(db)
                .await?
        }
        None => vec![caller.id],
    };
    let zone = clock::zone(db).await?;
    let today = clock::today_in(zone);
    // Done or due in the period (a day either side: done_at is an instant).
    let earliest = super::points::midnight(zone, query.from - Duration::days(1));
    let latest = super::points::midnight(zone, query.to + Duration::days(2));
    let mut tasks_q = task::Entity::find()
        .filter(task::Column::OwnerId.is_in(people.clone()))
        .filter(
            Condition::any()
                .add(
                    task::Column::DoneAt
                        .gte(earliest)
                        .and(task::Column::DoneAt.lt(latest)),
                )
                .add(
                    task::Column::DueDate
                        .gte(query.from)
                        .and(task::Column::DueDate.lte(query.to)),
                ),
        );
    if let Some(p) = query.project_id {
        tasks_q = tasks_q.filter(task::Column::ProjectId.eq(p));
    }
    let mut dates: HashMap<Id, Vec<TaskDates>> = HashMap::new();
    for t in tasks_q.all(db).await? {
        let Some(owner) = t.owner_id else { continue };
        dates.entry(owner).or_default().push(TaskDates {
            due: t.due_date,
            done: t
                .done_at
                .filter(|_| t.status == crate::model::TaskStatus::Done.as_str())
                .map(|at| at.with_timezone(&zone).date_naive()),
        });
    }
    // Points earned in the period (in the project, for a project's review).
    let mut points_q = point_entry::Entity::find()
        .select_only()
        .column(point_entry::Column::UserId)
        .column_as(Expr::col(point_entry::Column::Points).sum(), "points")
        .filter(point_entry::Column::UserId.is_in(people.clone()))
        .filter(point_entry::Column::HappenedAt.gte(super::points::midnight(zone, query.from)))
        .filter(
            point_entry::Column::HappenedAt
                .lt(super::points::midnight(zone, query.to + Duration::days(1))),
        )
        .group_by(point_entry::Column::UserId);
    if let Some(p) = query.project_id {
        points_q = points_q.filter(point_entry::Column::ProjectId.eq(p));
    }
    let points: HashMap<Id, i64> = points_q
        .into_tuple::<(Id, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    // Projects they led that ended in the period.
    let mut led_q = project::Entity::find()
        .filter(project::Column::OwnerId.is_in(people.clone()))
        .filter(project::Column::EndDate.gte(query.from))
        .filter(project::Column::EndDate.lte(query.to))
        .order_by_asc(project::Column::EndDate);
    if let Some(p) = query.project_id {
        led_q = led_q.filter(project::Column::Id.eq(p));
    }
    let led_projects = led_q.all(db).await?;
    let kept: HashMap<Id, RetroFacts> = retrospective::Entity::find()
        .filter(retrospective::Column::ProjectId.is_in(led_projects.iter().map(|p| p.id)))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| Some((r.project_id, serde_json::from_str(&r.facts).ok()?)))
        .collect();
    let mut led: HashMap<Id, Vec<LedProject>> = HashMap::new();
    for p in &led_projects {
        let facts = match kept.get(&p.id) {
            Some(f) => f.clone(),
            None => super::retros::facts(db, &state.sealer, p).await?,
        };
        led.entry(p.owner_id).or_default().push(LedProject {
            id: p.id,
            name: p.name.clone(),
            goals_attained: facts.goals.iter().filter(|g| g.attained).count() as u32,
            goals: facts.goals.iter().filter(|g| g.of_target.is_some()).count() as u32,
            roi: facts.money.roi,
        });
    }
    let named = super::kernel::records::names(db, people.iter().copied()).await?;
    let mut rows: Vec<PerformanceRow> = people
        .iter()
        .filter(|id| named.contains_key(id))
        .map(|id| PerformanceRow {
            person: UserRef {
                id: *id,
                display_name: named.get(id).cloned().unwrap_or_default(),
            },
            tasks: task_figures(
                dates.remove(id).unwrap_or_default(),
                query.from,
                query.to,
                today,
            ),
            led: led.remove(id).unwrap_or_default(),
            points: points.get(id).copied().unwrap_or(0),
        })
        .collect();
    rows.sort_by(|a, b| a.person.display_name.cmp(&b.person.display_name));
    let total = rows
        .iter()
        .fold(TaskFigures::default(), |sum, r| sum.plus(r.tasks));
    Ok(PerformanceView {
        from: query.from,
        to: query.to,
        project_id: query.project_id,
        rows,
        total,
        projects: reviewable(db, caller).await?,
        everyone,
    })
}

fn rate_cell(bp: Option<i64>) -> Option<f64> {
    bp.map(|v| v as f64 / 10_000.0)
}

/// The figures as an XLSX workbook, headed in `locale`.
pub async fn export(
    state: &AppState,
    caller: &Caller,
    query: PerformanceQuery,
    locale: Locale,
) -> AppResult<ExportFile> {
    let view = figures(state, caller, query).await?;
    let bytes = workbook(&view, locale).map_err(|e| {
        tracing::error!(error = %e, "the performance workbook could not be written");
        AppError::Internal
    })?;
    Ok(ExportFile {
        file_name: format!(
            "{}-{}-{}.xlsx",
            K::PerformanceFile.text(locale),
            view.from,
            view.to
        ),
        mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".into(),
        content: base64::engine::general_purpose::STANDARD.encode(bytes),
    })
}

fn workbook(view: &PerformanceView, locale: Locale) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0%");
    let days = Format::new().set_num_format("0.0");
    let heads = [
        K::PointsPerson,
        K::PerfDone,
        K::PerfOnTime,
        K::PerfOverdue,
        K::PerfDelay,
        K::PerfLed,
        K::PerfGoals,
        K::RetroRoi,
        K::Points,
    ];
    for (c, k) in heads.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, k.text(locale), &bold)?;
    }
    let mut row = 1u32;
    let write_tasks = |sheet: &mut rust_xlsxwriter::Worksheet,
                       row: u32,
                       t: &TaskFigures|
     -> Result<(), rust_xlsxwriter::XlsxError> {
        sheet.write_number(row, 1, f64::from(t.done))?;
        if let Some(v) = rate_cell(t.on_time_rate()) {
            sheet.write_number_with_format(row, 2, v, &percent)?;
        }
        if let Some(v) = rate_cell(t.overdue_rate()) {
            sheet.write_number_with_format(row, 3, v, &percent)?;
        }
        if let Some(v) = t.average_delay() {
            sheet.write_number_with_format(row, 4, v as f64 / 10.0, &days)?;
        }
        Ok(())
    };
    for r in &view.rows {
        sheet.write_string(row, 0, &r.person.display_name)?;
        write_tasks(sheet, row, &r.tasks)?;
        let names: Vec<&str> = r.led.iter().map(|p| p.name.as_str()).collect();
        sheet.write_string(row, 5, names.join(", "))?;
        let (attained, goals) = r
            .led
            .iter()
            .fold((0, 0), |(a, g), p| (a + p.goals_attained, g + p.goals));
        if goals > 0 {
            sheet.write_string(row, 6, format!("{attained}/{goals}"))?;
        }
        let rois: Vec<String> = r
            .led
            .iter()
            .filter_map(|p| p.roi)
            .map(crate::domain::retro::percent)
            .collect();
        sheet.write_string(row, 7, rois.join(", "))?;
        sheet.write_number(row, 8, r.points as f64)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, K::PerfTotal.text(locale), &bold)?;
    write_tasks(sheet, row, &view.total)?;
    sheet.set_column_width(0, 18)?;
    sheet.set_column_range_width(1, 4, 12)?;
    sheet.set_column_width(5, 32)?;
    sheet.set_column_range_width(6, 8, 12)?;
    sheet.set_freeze_panes(1, 1)?;
    book.save_to_buffer()
}
