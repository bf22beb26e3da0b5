//! Working calendars: which days count as working days, and arithmetic in working days.
//!
//! A calendar is a weekly pattern (which weekdays are the weekend) plus dated exceptions: public
//! holidays (days off that would be working days) and make-up working days (weekend days worked
//! instead, China's 调休). The scheduling engine never adds calendar days; it counts working days
//! through a [`WorkIndex`], which answers in constant time inside the dates it was built for.
use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A day as a plain number (days since 0001-01-01), for fast arithmetic.
pub type DayNum = i32;

pub fn day_num(date: NaiveDate) -> DayNum {
    date.num_days_from_ce()
}

pub fn from_day_num(day: DayNum) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day).unwrap_or(NaiveDate::MAX)
}

/// One project's working calendar, as stored and edited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkCalendar {
    /// Weekend days, Monday = 0 … Sunday = 6.
    pub weekend: Vec<u8>,
    /// Days off that would otherwise be working days.
    pub holidays: BTreeSet<NaiveDate>,
    /// Weekend days that are worked (make-up working days).
    pub working_weekends: BTreeSet<NaiveDate>,
}

impl Default for WorkCalendar {
    fn default() -> Self {
        WorkCalendar::weekdays()
    }
}

/// Why a calendar cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalendarProblem {
    /// Every day of the week is a weekend day.
    NoWorkingWeekday,
    /// A weekday number outside 0–6.
    UnknownWeekday,
    /// The same date is both a holiday and a make-up working day.
    HolidayAndWorkday(NaiveDate),
}

impl WorkCalendar {
    /// Monday to Friday, no holidays.
    pub fn weekdays() -> WorkCalendar {
        WorkCalendar {
            weekend: vec![5, 6],
            holidays: BTreeSet::new(),
            working_weekends: BTreeSet::new(),
        }
    }

    /// Monday to Friday with the public holidays and make-up working days of mainland China, as
    /// published by the State Council for each year.
    pub fn china() -> WorkCalendar {
        let mut calendar = WorkCalendar::weekdays();
        for &(year, holidays, workdays) in CHINA {
            for &(month, from, to) in holidays {
                for day in from..=to {
                    if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
                        calendar.holidays.insert(date);
                    }
                }
            }
            for &(month, day) in workdays {
                if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
                    calendar.working_weekends.insert(date);
                }
            }
        }
        calendar
    }

    /// The years [`WorkCalendar::china`] knows the official schedule of.
    pub fn china_years() -> Vec<i32> {
        CHINA.iter().map(|(year, _, _)| *year).collect()
    }

    pub fn check(&self) -> Result<(), CalendarProblem> {
        if self.weekend.iter().any(|&d| d > 6) {
            return Err(CalendarProblem::UnknownWeekday);
        }
        if (0..7u8).all(|d| self.weekend.contains(&d)) {
            return Err(CalendarProblem::NoWorkingWeekday);
        }
        if let Some(&date) = self.holidays.intersection(&self.working_weekends).next() {
            return Err(CalendarProblem::HolidayAndWorkday(date));
        }
        Ok(())
    }

    fn weekly(&self) -> [bool; 7] {
        let mut working = [true; 7];
        for &d in &self.weekend {
            if let Some(slot) = working.get_mut(usize::from(d)) {
                *slot = false;
            }
        }
        working
    }

    pub fn is_working(&self, date: NaiveDate) -> bool {
        if self.holidays.contains(&date) {
            return false;
        }
        if self.working_weekends.contains(&date) {
            return true;
        }
        self.weekly()[weekday_index(day_num(date))]
    }

    /// Whether `date` is a weekend day of the weekly pattern (whether or not it is worked).
    pub fn is_weekend(&self, date: NaiveDate) -> bool {
        !self.weekly()[weekday_index(day_num(date))]
    }
}

fn weekday_index(day: DayNum) -> usize {
    // 0001-01-01 (day 1) was a Monday.
    (day - 1).rem_euclid(7) as usize
}

/// Mainland China's official holiday schedule: per year, ranges of days off (month, first, last)
/// and the weekend days worked in exchange (month, day).
type YearSchedule = (i32, &'static [(u32, u32, u32)], &'static [(u32, u32)]);
const CHINA: &[YearSchedule] = &[
    (
        2024,
        &[
            (1, 1, 1),
            (2, 10, 17),
            (4, 4, 6),
            (5, 1, 5),
            (6, 10, 10),
            (9, 15, 17),
            (10, 1, 7),
        ],
        &[
            (2, 4),
            (2, 18),
            (4, 7),
            (4, 28),
            (5, 11),
            (9, 14),
            (9, 29),
            (10, 12),
        ],
    ),
    (
        2025,
        &[
            (1, 1, 1),
            (1, 28, 31),
            (2, 1, 4),
            (4, 4, 6),
            (5, 1, 5),
            (5, 31, 31),
            (6, 1, 2),
            (10, 1, 8),
        ],
        &[(1, 26), (2, 8), (4, 27), (9, 28), (10, 11)],
    ),
    (
        2026,
        &[
            (1, 1, 3),
            (2, 15, 23),
            (4, 4, 6),
            (5, 1, 5),
            (6, 19, 21),
            (9, 25, 27),
            (10, 1, 7),
        ],
        &[(1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10)],
    ),
];

/// Working-day arithmetic for one calendar, precomputed over a span of dates. Working days are
/// numbered consecutively ("ordinals"); a non-working day shares the ordinal of the next working
/// day. Outside the span only the weekly pattern applies (holidays are always inside it, since the
/// span is built to cover them).
#[derive(Clone, Debug)]
pub struct WorkIndex {
    first: DayNum,
    /// Ordinal of each day of the span: how many working days of the span come before it.
    ordinal: Vec<i32>,
    /// The working days of the span, by ordinal.
    working: Vec<DayNum>,
    weekly: [bool; 7],
    per_week: i32,
}

impl WorkIndex {
    /// Builds the index for the days from `from` to `to` (inclusive), widened to cover every dated
    /// exception of the calendar. The calendar must pass [`WorkCalendar::check`].
    pub fn new(calendar: &WorkCalendar, from: NaiveDate, to: NaiveDate) -> WorkIndex {
        let exceptions = calendar
            .holidays
            .iter()
            .chain(calendar.working_weekends.iter());
        let mut first = day_num(from.min(to));
        let mut last = day_num(to.max(from));
        for &date in exceptions {
            first = first.min(day_num(date));
            last = last.max(day_num(date));
        }
        let weekly = calendar.weekly();
        let per_week = weekly.iter().filter(|w| **w).count().max(1) as i32;
        let span = (last - first + 1) as usize;
        let mut ordinal = Vec::with_capacity(span + 1);
        let mut working = Vec::with_capacity(span);
        for day in first..=last + 1 {
            ordinal.push(working.len() as i32);
            if day <= last && calendar.is_working(from_day_num(day)) {
                working.push(day);
            }
        }
        WorkIndex {
            first,
            ordinal,
            working,
            weekly,
            per_week,
        }
    }

    fn last(&self) -> DayNum {
        self.first + self.ordinal.len() as i32 - 2
    }

    fn weekly_working(&self, day: DayNum) -> bool {
        self.weekly[weekday_index(day)]
    }

    /// Working days in `[from, to)` by the weekly pattern alone.
    fn pattern_count(&self, from: DayNum, to: DayNum) -> i32 {
        if to <= from {
            return 0;
        }
        let weeks = (to - from) / 7;
        let mut count = weeks * self.per_week;
        for day in from + weeks * 7..to {
            count += i32::from(self.weekly_working(day));
        }
        count
    }

    /// The ordinal of `day`: working days before it, counted from the start of the span.
    pub fn ordinal(&self, day: DayNum) -> i32 {
        if day < self.first {
            -self.pattern_count(day, self.first)
        } else if day > self.last() + 1 {
            self.working.len() as i32 + self.pattern_count(self.last() + 1, day)
        } else {
            self.ordinal[(day - self.first) as usize]
        }
    }

    /// The working day with ordinal `n`.
    pub fn working_day(&self, n: i32) -> DayNum {
        let len = self.working.len() as i32;
        if (0..len).contains(&n) {
            return self.working[n as usize];
        }
        if n >= len {
            // Walk forward from the day after the span by whole weeks, then day by day.
            let mut left = n - len;
            let mut day = self.last() + 1;
            day += (left / self.per_week) * 7;
            left %= self.per_week;
            loop {
                if self.weekly_working(day) {
                    if left == 0 {
                        return day;
                    }
                    left -= 1;
                }
                day += 1;
            }
        }
        // n < 0: the (-n)th working day before the span.
        let mut left = -n - 1;
        let mut day = self.first - 1;
        day -= (left / self.per_week) * 7;
        left %= self.per_week;
        loop {
            if self.weekly_working(day) {
                if left == 0 {
                    return day;
                }
                left -= 1;
            }
            day -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_china_calendar_knows_spring_festival_and_its_make_up_days() {
        let cn = WorkCalendar::china();
        assert!(cn.check().is_ok());
        // 2026: 15–23 February off; Saturday 14 and Saturday 28 February worked.
        assert!(!cn.is_working(d(2026, 2, 16)));
        assert!(!cn.is_working(d(2026, 2, 23)));
        assert!(cn.is_working(d(2026, 2, 14)));
        assert!(cn.is_working(d(2026, 2, 28)));
        assert!(cn.is_working(d(2026, 2, 24)));
        // National Day 2025 ran 1–8 October with Sunday 28 September worked.
        assert!(!cn.is_working(d(2025, 10, 8)));
        assert!(cn.is_working(d(2025, 9, 28)));
        // An ordinary weekend.
        assert!(!cn.is_working(d(2026, 3, 7)));
    }

    #[test]
    fn ordinals_count_working_days() {
        let cn = WorkCalendar::china();
        let index = WorkIndex::new(&cn, d(2026, 2, 1), d(2026, 3, 31));
        // Friday 13 Feb → Saturday 14 (worked) → holidays → Tuesday 24.
        let friday = index.ordinal(day_num(d(2026, 2, 13)));
        assert_eq!(index.working_day(friday + 1), day_num(d(2026, 2, 14)));
        assert_eq!(index.working_day(friday + 2), day_num(d(2026, 2, 24)));
        // A holiday shares the ordinal of the next working day.
        assert_eq!(
            index.ordinal(day_num(d(2026, 2, 18))),
            index.ordinal(day_num(d(2026, 2, 24)))
        );
    }

    #[test]
    fn arithmetic_continues_outside_the_span_by_the_weekly_pattern() {
        let plain = WorkCalendar::weekdays();
        let index = WorkIndex::new(&plain, d(2026, 1, 5), d(2026, 1, 9));
        for offset in -40..60 {
            let day = day_num(d(2026, 1, 5)) + offset;
            let n = index.ordinal(day);
            if plain.is_working(from_day_num(day)) {
                assert_eq!(index.working_day(n), day, "offset {offset}");
            } else {
                assert!(index.working_day(n) > day, "offset {offset}");
            }
        }
        // Ten working days after Monday 5 January is Monday 19 January.
        let monday = index.ordinal(day_num(d(2026, 1, 5)));
        assert_eq!(from_day_num(index.working_day(monday + 10)), d(2026, 1, 19));
        assert_eq!(from_day_num(index.working_day(monday - 1)), d(2026, 1, 2));
    }

    #[test]
    fn broken_calendars_are_refused() {
        let mut c = WorkCalendar::weekdays();
        c.weekend = (0..7).collect();
        assert_eq!(c.check(), Err(CalendarProblem::NoWorkingWeekday));
        let mut c = WorkCalendar::weekdays();
        c.weekend = vec![9];
        assert_eq!(c.check(), Err(CalendarProblem::UnknownWeekday));
        let mut c = WorkCalendar::weekdays();
        c.holidays.insert(d(2026, 5, 2));
        c.working_weekends.insert(d(2026, 5, 2));
        assert_eq!(
            c.check(),
            Err(CalendarProblem::HolidayAndWorkday(d(2026, 5, 2)))
        );
    }
}
