//! Daily check-ins (每日打卡): how long a person's run of check-ins is, and where runs complete
//! a streak that earns points.
use chrono::NaiveDate;

use super::schedule::calendar::WorkCalendar;

/// Days looked back at most for a streak.
pub const STREAK_LOOKBACK: u32 = 366;

/// How many working days in a row, back from `today`, have a check-in in `days`. Today counts
/// when it has one; when it has none yet, the run up to the working day before still stands.
/// Days off neither break a run nor add to it (a check-in on one is welcome, not required).
pub fn streak(days: &[NaiveDate], today: NaiveDate, calendar: &WorkCalendar) -> u32 {
    let mut run = 0;
    let mut day = today;
    for back in 0..STREAK_LOOKBACK {
        let checked = days.contains(&day);
        if calendar.is_working(day) {
            if checked {
                run += 1;
            } else if back > 0 {
                break;
            }
        }
        let Some(before) = day.pred_opt() else { break };
        day = before;
    }
    run
}

/// Working days in a row of check-ins that earn points once (a streak).
pub const STREAK_DAYS: usize = 5;

/// The days on which a streak completes, given the days a person checked in (any order,
/// repeats allowed): each run of `STREAK_DAYS` working days in a row counts once, a longer run
/// once more for each further `STREAK_DAYS`. As for [`streak`], days off neither break a run nor
/// add to it.
pub fn streaks_completed(days: &[NaiveDate], calendar: &WorkCalendar) -> Vec<NaiveDate> {
    let mut days: Vec<NaiveDate> = days
        .iter()
        .copied()
        .filter(|d| calendar.is_working(*d))
        .collect();
    days.sort_unstable();
    days.dedup();
    let mut out = Vec::new();
    let mut run = 0;
    let mut last: Option<NaiveDate> = None;
    for day in days {
        // Nothing but days off between this one and the last.
        let follows = last.is_some_and(|prev| {
            prev.iter_days()
                .skip(1)
                .take_while(|d| *d < day)
                .all(|d| !calendar.is_working(d))
        });
        run = if follows { run + 1 } else { 1 };
        if run % STREAK_DAYS == 0 {
            out.push(day);
        }
        last = Some(day);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        // December 2026: the 7th is a Monday.
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
    }

    #[test]
    fn a_weekend_does_not_break_a_run() {
        let week = WorkCalendar::weekdays();
        // Wednesday to Friday, then Monday.
        let days = [d(2), d(3), d(4), d(7)];
        assert_eq!(streak(&days, d(7), &week), 4);
        // Tuesday before checking in: the run up to Monday stands.
        assert_eq!(streak(&days, d(8), &week), 4);
        // A working day missed ends it.
        assert_eq!(streak(&days, d(9), &week), 0);
    }

    #[test]
    fn nothing_is_no_streak_and_a_day_off_check_in_adds_nothing() {
        let week = WorkCalendar::weekdays();
        assert_eq!(streak(&[], d(7), &week), 0);
        assert_eq!(streak(&[d(5), d(7)], d(7), &week), 1);
    }

    #[test]
    fn five_working_days_in_a_row_complete_a_streak_over_weekends() {
        let week = WorkCalendar::weekdays();
        // Monday to Friday.
        let days: Vec<NaiveDate> = (7..=11).map(d).collect();
        assert_eq!(streaks_completed(&days, &week), vec![d(11)]);
        // Wednesday to the next Tuesday but one, over two weekends, in any order, repeated.
        let mut run: Vec<NaiveDate> = [9, 10, 11, 14, 15, 9, 16, 17, 18, 21, 22]
            .into_iter()
            .map(d)
            .collect();
        run.reverse();
        assert_eq!(streaks_completed(&run, &week), vec![d(15), d(22)]);
        // A working day missed starts again; a check-in on a Saturday counts for nothing.
        let broken: Vec<NaiveDate> = [7, 8, 9, 10, 12, 14, 15, 16, 17]
            .into_iter()
            .map(d)
            .collect();
        assert!(streaks_completed(&broken, &week).is_empty());
        assert!(streaks_completed(&[], &week).is_empty());
    }
}
