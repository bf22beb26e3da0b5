//! Daily check-ins (每日打卡): how long a person's run of check-ins is.
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
}
