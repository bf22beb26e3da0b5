//! Official holiday schedules: the years Marquee knows (mainland China's, built in) and those the
//! organisation enters for later years — or to correct one. A new project following the official
//! schedule gets them all; a project's plan that reaches a year its calendar lacks takes the
//! year in from here (`planning::apply_holiday_year`).
use std::collections::BTreeSet;

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, QueryOrder, QuerySelect};

use super::kernel::authz::require;
use super::kernel::entity::holiday_year;
use super::kernel::{audit, AppState, Caller};
use crate::domain::holidays::{self, YearSchedule};
use crate::domain::policy::Action;
use crate::domain::schedule::calendar::WorkCalendar;
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::{Locale, K};
use crate::model::{AuditAction, AuditEntity, HolidayYearView};

/// The years an organisation may enter.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

fn schedule_of(row: &holiday_year::Model) -> YearSchedule {
    YearSchedule {
        year: row.year,
        holidays: serde_json::from_str(&row.holidays).unwrap_or_default(),
        workdays: serde_json::from_str(&row.workdays).unwrap_or_default(),
    }
}

/// The years the organisation entered.
pub async fn entered<C: ConnectionTrait>(db: &C) -> AppResult<Vec<YearSchedule>> {
    Ok(holiday_year::Entity::find()
        .order_by_asc(holiday_year::Column::Year)
        .all(db)
        .await?
        .iter()
        .map(schedule_of)
        .collect())
}

/// Mainland China's official calendar with `entered` years applied.
fn official_with(entered: &[YearSchedule]) -> WorkCalendar {
    entered
        .iter()
        .fold(WorkCalendar::china(), |calendar, year| {
            holidays::apply(&calendar, year)
        })
}

/// The years that have an official schedule: built in, or among `entered`.
fn years_with(entered: &[YearSchedule]) -> Vec<i32> {
    let mut out: BTreeSet<i32> = WorkCalendar::china_years().into_iter().collect();
    out.extend(entered.iter().map(|y| y.year));
    out.into_iter().collect()
}

/// The years with an official schedule, built in or entered, in order: read without the
/// schedules themselves (a Gantt page's first screen is looked up by them).
pub async fn official_years<C: ConnectionTrait>(db: &C) -> AppResult<Vec<i32>> {
    let entered: Vec<i32> = holiday_year::Entity::find()
        .select_only()
        .column(holiday_year::Column::Year)
        .into_tuple()
        .all(db)
        .await?;
    let mut out: BTreeSet<i32> = WorkCalendar::china_years().into_iter().collect();
    out.extend(entered);
    Ok(out.into_iter().collect())
}

/// Mainland China's official calendar with every year the organisation entered.
pub async fn official<C: ConnectionTrait>(db: &C) -> AppResult<WorkCalendar> {
    Ok(official_with(&entered(db).await?))
}

/// The calendar a new project starts with: the official one (with the years entered) for Chinese,
/// Monday to Friday otherwise.
pub async fn default_for<C: ConnectionTrait>(db: &C, locale: Locale) -> AppResult<WorkCalendar> {
    match locale {
        Locale::Zh => official(db).await,
        Locale::En => Ok(WorkCalendar::weekdays()),
    }
}

/// One year's official schedule, if there is one.
pub async fn year<C: ConnectionTrait>(db: &C, year: i32) -> AppResult<Option<YearSchedule>> {
    let entered = entered(db).await?;
    if !years_with(&entered).contains(&year) {
        return Ok(None);
    }
    Ok(Some(holidays::year_of(&official_with(&entered), year)))
}

/// Every year with a schedule, newest first, as the settings page shows them.
pub async fn list(state: &AppState, _caller: &Caller) -> AppResult<Vec<HolidayYearView>> {
    let entered = entered(&state.db).await?;
    let built_in = WorkCalendar::china_years();
    let calendar = official_with(&entered);
    let mut out: Vec<HolidayYearView> = years_with(&entered)
        .into_iter()
        .map(|year| {
            let schedule = holidays::year_of(&calendar, year);
            HolidayYearView {
                year,
                built_in: built_in.contains(&year),
                entered: entered.iter().any(|y| y.year == year),
                text: holidays::format(&schedule),
                holidays: u32::try_from(schedule.holidays.len()).unwrap_or(u32::MAX),
                workdays: u32::try_from(schedule.workdays.len()).unwrap_or(u32::MAX),
            }
        })
        .collect();
    out.reverse();
    Ok(out)
}

/// Enters (or replaces) a year's schedule from its lines (admins); every bad line is named.
pub async fn save(
    state: &AppState,
    caller: &Caller,
    year: i32,
    text: String,
) -> AppResult<Vec<HolidayYearView>> {
    require(caller, Action::ManageSettings)?;
    if !YEARS.contains(&year) {
        return Err(AppError::invalid("year", K::ErrHolidayYearNumber));
    }
    let schedule = holidays::parse(year, &text).map_err(|problems| {
        AppError::Invalid(
            problems
                .into_iter()
                .map(|p| FieldError {
                    field: "text".into(),
                    key: p.key,
                    arg: Some(i64::try_from(p.line).unwrap_or(i64::MAX)),
                })
                .collect(),
        )
    })?;
    let txn = state.begin_write().await?;
    let before = holiday_year::Entity::find_by_id(year).one(&txn).await?;
    let json = |dates: &BTreeSet<chrono::NaiveDate>| {
        serde_json::to_string(dates).map_err(|_| AppError::Internal)
    };
    let mut entry = audit::Entry::new(AuditEntity::Calendar, i64::from(year), AuditAction::Update)
        .by(caller.id)
        .after(&schedule);
    if let Some(b) = &before {
        entry = entry.before(&schedule_of(b));
    }
    entry.write(&txn).await?;
    holiday_year::Entity::insert(holiday_year::ActiveModel {
        year: Set(year),
        holidays: Set(json(&schedule.holidays)?),
        workdays: Set(json(&schedule.workdays)?),
        updated_at: Set(Utc::now()),
        updated_by: Set(Some(caller.id)),
    })
    .on_conflict(
        OnConflict::column(holiday_year::Column::Year)
            .update_columns([
                holiday_year::Column::Holidays,
                holiday_year::Column::Workdays,
                holiday_year::Column::UpdatedAt,
                holiday_year::Column::UpdatedBy,
            ])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    list(state, caller).await
}

/// Forgets the organisation's schedule of a year (admins): a built-in year is as shipped again.
pub async fn delete(
    state: &AppState,
    caller: &Caller,
    year: i32,
) -> AppResult<Vec<HolidayYearView>> {
    require(caller, Action::ManageSettings)?;
    let txn = state.begin_write().await?;
    // Forgetting a year that was never entered changes nothing.
    let Some(before) = holiday_year::Entity::find_by_id(year).one(&txn).await? else {
        drop(txn);
        return list(state, caller).await;
    };
    audit::Entry::new(AuditEntity::Calendar, i64::from(year), AuditAction::Delete)
        .by(caller.id)
        .before(&schedule_of(&before))
        .write(&txn)
        .await?;
    holiday_year::Entity::delete_by_id(year).exec(&txn).await?;
    txn.commit().await?;
    list(state, caller).await
}
