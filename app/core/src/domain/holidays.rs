//! Official holiday schedules for years the built-in calendar does not know: an administrator
//! enters or pastes a year as lines of text — a date or a range of dates, and whether those days
//! are off (休) or worked (班) — which are read here, checked, and written back the same way.
//! And the question the Gantt asks: which years of a plan have no schedule at all.
use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::schedule::calendar::WorkCalendar;
use crate::i18n::K;

/// The most days one line may cover (the longest official break is nine days; a typo spanning
/// months is refused rather than read).
const LONGEST_RANGE: i64 = 31;
/// Lines a year may have.
const MOST_LINES: usize = 200;

/// One year's official schedule: days off that would be worked, weekend days worked instead.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearSchedule {
    pub year: i32,
    pub holidays: BTreeSet<NaiveDate>,
    pub workdays: BTreeSet<NaiveDate>,
}

/// What is wrong with a line: its number (from 1) and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineProblem {
    pub line: usize,
    pub key: K,
}

/// A date as people write it: 2027-01-01, 2027/1/1, 2027.1.1, 2027年1月1日.
fn date(text: &str) -> Option<NaiveDate> {
    let text = text.trim().trim_end_matches('日');
    let parts: Vec<&str> = text
        .split(['-', '/', '.', '年', '月'])
        .map(str::trim)
        .collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Whether a word says the days are off (`Some(true)`), worked (`Some(false)`), or neither.
fn kind(word: &str) -> Option<bool> {
    match word.trim().to_lowercase().as_str() {
        "" | "off" | "holiday" | "休" | "假" | "放假" | "休息" => Some(true),
        "work" | "workday" | "working" | "班" | "上班" | "补班" => Some(false),
        _ => None,
    }
}

/// The dates and kind of one line, or why it cannot be read.
fn line(year: i32, text: &str) -> Result<(Vec<NaiveDate>, bool), K> {
    // The kind is the last word, if it is one; what comes before is a date or a range.
    let (dates, off) = match text.rsplit_once(|c: char| c.is_whitespace()) {
        Some((head, last)) if kind(last).is_some() => (head.trim(), kind(last) == Some(true)),
        _ => {
            // Chinese is often written without a space: 2027-02-06至2027-02-13休.
            let trimmed = text.trim_end_matches(|c: char| "休假班".contains(c));
            let tail = &text[trimmed.len()..];
            match kind(tail) {
                Some(off) if !tail.is_empty() => (trimmed.trim(), off),
                _ => (text.trim(), true),
            }
        }
    };
    let (first, last) = match dates
        .split_once('~')
        .or_else(|| dates.split_once('至'))
        .or_else(|| dates.split_once(".."))
        .or_else(|| dates.split_once('–'))
        .or_else(|| dates.split_once('—'))
        .or_else(|| dates.split_once(" to "))
    {
        Some((a, b)) => (date(a), date(b)),
        None => (date(dates), date(dates)),
    };
    let (Some(first), Some(last)) = (first, last) else {
        return Err(K::ErrHolidayLine);
    };
    if first.year() != year || last.year() != year {
        return Err(K::ErrHolidayYear);
    }
    if last < first || (last - first).num_days() >= LONGEST_RANGE {
        return Err(K::ErrHolidayRange);
    }
    let days: Vec<NaiveDate> = first.iter_days().take_while(|d| *d <= last).collect();
    if !off
        && days
            .iter()
            .any(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
    {
        return Err(K::ErrHolidayWorkday);
    }
    Ok((days, off))
}

/// Reads a year's schedule from its lines (`#` starts a comment); every line that cannot be read
/// is named, and nothing is taken unless all can.
pub fn parse(year: i32, text: &str) -> Result<YearSchedule, Vec<LineProblem>> {
    let mut out = YearSchedule {
        year,
        ..YearSchedule::default()
    };
    let mut problems = Vec::new();
    let mut count = 0;
    for (i, raw) in text.lines().enumerate() {
        let content = raw.split('#').next().unwrap_or("").trim();
        if content.is_empty() {
            continue;
        }
        count += 1;
        if count > MOST_LINES {
            problems.push(LineProblem {
                line: i + 1,
                key: K::ErrHolidayTooMany,
            });
            break;
        }
        match line(year, content) {
            Ok((days, off)) => {
                let (into, other) = if off {
                    (&mut out.holidays, &out.workdays)
                } else {
                    (&mut out.workdays, &out.holidays)
                };
                if days.iter().any(|d| other.contains(d)) {
                    problems.push(LineProblem {
                        line: i + 1,
                        key: K::ErrHolidayBoth,
                    });
                    continue;
                }
                into.extend(days);
            }
            Err(key) => problems.push(LineProblem { line: i + 1, key }),
        }
    }
    if out.holidays.is_empty() && problems.is_empty() {
        problems.push(LineProblem {
            line: 1,
            key: K::ErrHolidayEmpty,
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The schedule as lines [`parse`] reads back: runs of days off as ranges, then the days worked.
pub fn format(schedule: &YearSchedule) -> String {
    let mut out = String::new();
    let mut days = schedule.holidays.iter().copied().peekable();
    while let Some(first) = days.next() {
        let mut last = first;
        while days.peek() == last.succ_opt().as_ref() {
            last = days.next().unwrap_or(last);
        }
        if first == last {
            out.push_str(&format!("{first} off\n"));
        } else {
            out.push_str(&format!("{first} ~ {last} off\n"));
        }
    }
    for day in &schedule.workdays {
        out.push_str(&format!("{day} work\n"));
    }
    out
}

/// The years from `from` to `to` for which a calendar that follows an official schedule has
/// none: there only the weekly pattern counts, and a plan should say so. A calendar with no
/// holidays at all follows none, and has nothing missing.
pub fn years_without_schedule(calendar: &WorkCalendar, from: NaiveDate, to: NaiveDate) -> Vec<i32> {
    if calendar.holidays.is_empty() || to < from {
        return Vec::new();
    }
    let known: BTreeSet<i32> = calendar
        .holidays
        .iter()
        .chain(&calendar.working_weekends)
        .map(|d| d.year())
        .collect();
    (from.year()..=to.year())
        .filter(|y| !known.contains(y))
        .collect()
}

/// The days of `year` that `calendar` keeps: its holidays and make-up working days in that year.
pub fn year_of(calendar: &WorkCalendar, year: i32) -> YearSchedule {
    YearSchedule {
        year,
        holidays: calendar
            .holidays
            .iter()
            .copied()
            .filter(|d| d.year() == year)
            .collect(),
        workdays: calendar
            .working_weekends
            .iter()
            .copied()
            .filter(|d| d.year() == year)
            .collect(),
    }
}

/// `calendar` with `schedule`'s days: the year's days as the schedule says, the rest unchanged.
pub fn apply(calendar: &WorkCalendar, schedule: &YearSchedule) -> WorkCalendar {
    let mut out = calendar.clone();
    out.holidays.retain(|d| d.year() != schedule.year);
    out.working_weekends.retain(|d| d.year() != schedule.year);
    out.holidays.extend(schedule.holidays.iter().copied());
    out.working_weekends
        .extend(schedule.workdays.iter().copied());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_year_is_read_as_people_write_it() {
        let text = "# 2027 — as announced\n\
                    2027-01-01 off\n\
                    2027/2/6 ~ 2027/2/13 休\n\
                    2027年2月14日 班\n\
                    2027-05-01至2027-05-05休\n\
                    2027.4.25 work\n\
                    \n\
                    2027-10-01 .. 2027-10-07\n";
        let s = parse(2027, text).unwrap();
        assert_eq!(s.holidays.len(), 1 + 8 + 5 + 7);
        assert!(s.holidays.contains(&d(2027, 2, 10)));
        assert_eq!(
            s.workdays.iter().copied().collect::<Vec<_>>(),
            vec![d(2027, 2, 14), d(2027, 4, 25)]
        );
        // Written back, it reads the same.
        assert_eq!(parse(2027, &format(&s)).unwrap(), s);
        assert!(format(&s).starts_with("2027-01-01 off\n2027-02-06 ~ 2027-02-13 off\n"));
    }

    #[test]
    fn every_bad_line_is_named_and_nothing_is_taken() {
        let text = "2027-01-01 off\n\
                    next friday\n\
                    2026-12-31 off\n\
                    2027-03-10 ~ 2027-03-01\n\
                    2027-03-03 work\n\
                    2027-01-01 班\n\
                    2027-01-01 ~ 2027-06-01 off";
        let problems = parse(2027, text).unwrap_err();
        assert_eq!(
            problems,
            vec![
                LineProblem {
                    line: 2,
                    key: K::ErrHolidayLine
                },
                LineProblem {
                    line: 3,
                    key: K::ErrHolidayYear
                },
                LineProblem {
                    line: 4,
                    key: K::ErrHolidayRange
                },
                LineProblem {
                    line: 5,
                    key: K::ErrHolidayWorkday
                },
                LineProblem {
                    line: 6,
                    key: K::ErrHolidayWorkday
                },
                LineProblem {
                    line: 7,
                    key: K::ErrHolidayRange
                },
            ]
        );
        // A Saturday both off and worked.
        let both = parse(2027, "2027-02-13 off\n2027-02-13 work").unwrap_err();
        assert_eq!(
            both,
            vec![LineProblem {
                line: 2,
                key: K::ErrHolidayBoth
            }]
        );
        assert_eq!(
            parse(2027, "# nothing yet").unwrap_err()[0].key,
            K::ErrHolidayEmpty
        );
    }

    #[test]
    fn a_plan_says_which_of_its_years_have_no_schedule() {
        let china = WorkCalendar::china();
        assert_eq!(
            years_without_schedule(&china, d(2026, 11, 1), d(2028, 2, 1)),
            vec![2027, 2028]
        );
        assert!(years_without_schedule(&china, d(2026, 1, 1), d(2026, 12, 31)).is_empty());
        // Monday to Friday follows no official schedule: nothing is missing.
        assert!(
            years_without_schedule(&WorkCalendar::weekdays(), d(2026, 1, 1), d(2030, 1, 1))
                .is_empty()
        );
        let s = parse(2027, "2027-02-06 ~ 2027-02-13 off\n2027-02-14 work").unwrap();
        let applied = apply(&china, &s);
        assert!(!applied.is_working(d(2027, 2, 8)));
        assert!(applied.is_working(d(2027, 2, 14)));
        assert!(years_without_schedule(&applied, d(2026, 11, 1), d(2027, 12, 1)).is_empty());
        // Applied again with a change, the year is replaced, not merged.
        let changed = parse(2027, "2027-01-01 off").unwrap();
        let again = apply(&applied, &changed);
        assert!(again.is_working(d(2027, 2, 8)));
        assert!(!again.is_working(d(2027, 1, 1)));
    }
}
