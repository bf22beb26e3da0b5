//! Performance figures (绩效) over a period: how many tasks a person finished, how many of those
//! were on time, how many of the tasks due in the period slipped past their due day, and by how
//! much on average — from each task's due day and the day it was done.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A task as the figures see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaskDates {
    pub due: Option<NaiveDate>,
    /// The day it was done (in the organisation's time zone); `None` while it is not.
    pub done: Option<NaiveDate>,
}

/// What a period's tasks add up to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskFigures {
    /// Done in the period.
    pub done: u32,
    /// Of those, with a due day, and done on or before it.
    pub done_with_due: u32,
    pub on_time: u32,
    /// Due in the period (up to today), and of those not done by their due day.
    pub due: u32,
    pub overdue: u32,
    /// Days past due summed over the tasks done late in the period, and how many they are.
    pub late_days: i64,
    pub late: u32,
}

impl TaskFigures {
    /// On time, of those done with a due day, basis points.
    pub fn on_time_rate(&self) -> Option<i64> {
        rate(self.on_time, self.done_with_due)
    }

    /// Slipped past their due day, of those due, basis points.
    pub fn overdue_rate(&self) -> Option<i64> {
        rate(self.overdue, self.due)
    }

    /// Average days late of the tasks done late, in tenths of a day.
    pub fn average_delay(&self) -> Option<i64> {
        (self.late > 0)
            .then(|| (self.late_days * 10 + i64::from(self.late) / 2) / i64::from(self.late))
    }

    pub fn plus(self, other: TaskFigures) -> TaskFigures {
        TaskFigures {
            done: self.done + other.done,
            done_with_due: self.done_with_due + other.done_with_due,
            on_time: self.on_time + other.on_time,
            due: self.due + other.due,
            overdue: self.overdue + other.overdue,
            late_days: self.late_days + other.late_days,
            late: self.late + other.late,
        }
    }
}

fn rate(part: u32, whole: u32) -> Option<i64> {
    (whole > 0).then(|| (i64::from(part) * 10_000 + i64::from(whole) / 2) / i64::from(whole))
}

/// The figures of `tasks` over `[from, to]`, as of `today`: a task due in the period but later
/// than today is not yet due; one due and still open is overdue once its day has passed.
pub fn task_figures(
    tasks: impl IntoIterator<Item = TaskDates>,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> TaskFigures {
    let mut f = TaskFigures::default();
    let within = |d: NaiveDate| d >= from && d <= to;
    for t in tasks {
        if let Some(done) = t.done.filter(|d| within(*d)) {
            f.done += 1;
            if let Some(due) = t.due {
                f.done_with_due += 1;
                if done <= due {
                    f.on_time += 1;
                } else {
                    f.late += 1;
                    f.late_days += (done - due).num_days();
                }
            }
        }
        if let Some(due) = t.due.filter(|d| within(*d) && *d < today) {
            f.due += 1;
            if t.done.is_none_or(|done| done > due) {
                f.overdue += 1;
            }
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    fn t(due: Option<u32>, done: Option<u32>) -> TaskDates {
        TaskDates {
            due: due.map(d),
            done: done.map(d),
        }
    }

    #[test]
    fn a_months_tasks_add_up_as_a_review_reads_them() {
        let tasks = [
            // On time; a day late; four days late; no due day; open and overdue; open, not
            // yet due; done in the month before.
            t(Some(10), Some(9)),
            t(Some(10), Some(11)),
            t(Some(12), Some(16)),
            t(None, Some(20)),
            t(Some(18), None),
            t(Some(29), None),
            t(Some(2), Some(1)),
        ];
        let f = task_figures(tasks, d(3), d(30), d(25));
        assert_eq!(f.done, 4);
        assert_eq!((f.on_time, f.done_with_due), (1, 3));
        assert_eq!(f.on_time_rate(), Some(3_333));
        // Due by the 25th: the 10th (twice), the 12th, the 18th; three slipped.
        assert_eq!((f.overdue, f.due), (3, 4));
        assert_eq!(f.overdue_rate(), Some(7_500));
        // (1 + 4) / 2 = 2.5 days.
        assert_eq!(f.average_delay(), Some(25));
    }

    #[test]
    fn nothing_to_measure_is_no_rate() {
        let f = task_figures([t(None, None)], d(1), d(30), d(15));
        assert_eq!(f, TaskFigures::default());
        assert_eq!(
            (f.on_time_rate(), f.overdue_rate(), f.average_delay()),
            (None, None, None)
        );
        let both = task_figures([t(Some(2), Some(1))], d(1), d(30), d(15)).plus(task_figures(
            [t(Some(3), Some(5))],
            d(1),
            d(30),
            d(15),
        ));
        assert_eq!((both.done, both.on_time, both.late_days), (2, 1, 2));
    }
}
