//! The task list's rows: filtered by status, owner and due window, in tree order or sorted by a
//! column, and the same rows as CSV.
use chrono::{Datelike, NaiveDate};

use crate::domain::tree::flatten;
use crate::i18n::{Locale, K};
use crate::model::{Id, TaskStatus, TaskView};

/// Where a task's due date falls, seen from today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DueWindow {
    Overdue,
    Today,
    ThisWeek,
    Later,
    NoDate,
}

impl DueWindow {
    pub const ALL: [DueWindow; 5] = [
        DueWindow::Overdue,
        DueWindow::Today,
        DueWindow::ThisWeek,
        DueWindow::Later,
        DueWindow::NoDate,
    ];

    /// A finished task is never overdue; "this week" runs to Sunday.
    pub fn of(due: Option<NaiveDate>, done: bool, today: NaiveDate) -> DueWindow {
        let Some(due) = due else {
            return DueWindow::NoDate;
        };
        let sunday =
            today + chrono::Days::new(u64::from(6 - today.weekday().num_days_from_monday()));
        if due < today {
            if done {
                DueWindow::Later
            } else {
                DueWindow::Overdue
            }
        } else if due == today {
            DueWindow::Today
        } else if due <= sunday {
            DueWindow::ThisWeek
        } else {
            DueWindow::Later
        }
    }

    /// Where a task's due date falls.
    pub fn of_task(t: &TaskView, today: NaiveDate) -> DueWindow {
        DueWindow::of(t.input.due_date, t.input.status == TaskStatus::Done, today)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DueWindow::Overdue => "overdue",
            DueWindow::Today => "today",
            DueWindow::ThisWeek => "this_week",
            DueWindow::Later => "later",
            DueWindow::NoDate => "no_date",
        }
    }

    pub fn parse(text: &str) -> Option<DueWindow> {
        DueWindow::ALL.into_iter().find(|w| w.as_str() == text)
    }

    pub fn label(self) -> K {
        match self {
            DueWindow::Overdue => K::Overdue,
            DueWindow::Today => K::DueToday,
            DueWindow::ThisWeek => K::DueThisWeek,
            DueWindow::Later => K::DueLater,
            DueWindow::NoDate => K::NoDueDate,
        }
    }
}

/// The column the list is sorted by; `Tree` keeps the task tree.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    #[default]
    Tree,
    Title,
    Owner,
    Status,
    Priority,
    Start,
    Due,
    Progress,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListView {
    pub status: Option<TaskStatus>,
    pub owner: Option<Id>,
    pub due: Option<DueWindow>,
    pub sort: SortKey,
    pub descending: bool,
}

impl ListView {
    fn keeps(&self, t: &TaskView, today: NaiveDate) -> bool {
        self.status.is_none_or(|s| t.input.status == s)
            && self.owner.is_none_or(|o| t.input.owner_id == Some(o))
            && self.due.is_none_or(|w| DueWindow::of_task(t, today) == w)
    }

    /// The rows to show, each with its depth in the tree (0 when sorted by a column).
    pub fn rows(&self, tasks: &[TaskView], today: NaiveDate) -> Vec<(TaskView, usize)> {
        let filtering = self.status.is_some() || self.owner.is_some() || self.due.is_some();
        let mut kept: Vec<TaskView> = tasks
            .iter()
            .filter(|t| self.keeps(t, today))
            .cloned()
            .collect();
        if self.sort == SortKey::Tree && !filtering {
            kept.sort_by_key(|t| (t.input.start_date, t.sort_order, t.id));
            return flatten(&kept, |t| t.id, |t| t.input.parent_id)
                .into_iter()
                .map(|(index, depth)| (kept[index].clone(), depth))
                .collect();
        }
        let title = |t: &TaskView| t.input.title.to_lowercase();
        match self.sort {
            SortKey::Tree => kept.sort_by_key(|t| (t.input.start_date, t.sort_order, t.id)),
            SortKey::Title => kept.sort_by_key(title),
            SortKey::Owner => {
                kept.sort_by_key(|t| t.owner.as_ref().map(|o| o.display_name.to_lowercase()))
            }
            SortKey::Status => {
                kept.sort_by_key(|t| TaskStatus::ALL.iter().position(|s| *s == t.input.status))
            }
            SortKey::Priority => kept.sort_by_key(|t| t.input.priority as u8),
            SortKey::Start => kept.sort_by_key(|t| t.input.start_date),
            SortKey::Due => kept.sort_by_key(|t| t.input.due_date),
            SortKey::Progress => kept.sort_by_key(|t| t.input.progress),
        }
        if self.descending {
            kept.reverse();
        }
        kept.into_iter().map(|t| (t, 0)).collect()
    }
}

/// The rows as CSV (RFC 4180), headed in the reader's language, with a byte-order mark so
/// spreadsheet programs read Chinese correctly.
pub fn to_csv(rows: &[(TaskView, usize)], locale: Locale) -> String {
    let header = [
        K::TaskTitle,
        K::Owner,
        K::Status,
        K::Priority,
        K::StartDate,
        K::DueDate,
        K::Progress,
        K::Milestone,
        K::Deliverable,
    ]
    .map(|k| super::csv::field(k.text(locale)))
    .join(",");
    let mut out = format!("\u{feff}{header}\r\n");
    for (t, _) in rows {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let line = [
            super::csv::field(&t.input.title),
            super::csv::field(
                &t.owner
                    .as_ref()
                    .map(|o| o.display_name.clone())
                    .unwrap_or_default(),
            ),
            super::csv::field(t.input.status.label().text(locale)),
            super::csv::field(t.input.priority.label().text(locale)),
            date(t.input.start_date),
            date(t.input.due_date),
            t.input.progress.to_string(),
            if t.input.milestone { "1" } else { "0" }.to_string(),
            super::csv::field(&t.input.deliverable),
        ]
        .join(",");
        out.push_str(&line);
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Priority, TaskInput, UserRef};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn task(id: Id, title: &str, status: TaskStatus, due: Option<NaiveDate>) -> TaskView {
        TaskView {
            id,
            project_id: 1,
            input: TaskInput {
                status,
                due_date: due,
                priority: Priority::Medium,
                owner_id: (id % 2 == 0).then_some(7),
                ..TaskInput::titled(title)
            },
            owner: (id % 2 == 0).then(|| UserRef {
                id: 7,
                display_name: "Li Na".into(),
            }),
            sort_order: id,
            version: 1,
        }
    }

    #[test]
    fn due_windows_are_seen_from_today() {
        // Wednesday 25 November 2026.
        let today = d(11, 25);
        assert_eq!(
            DueWindow::of(Some(d(11, 24)), false, today),
            DueWindow::Overdue
        );
        assert_eq!(
            DueWindow::of(Some(d(11, 24)), true, today),
            DueWindow::Later
        );
        assert_eq!(
            DueWindow::of(Some(d(11, 25)), false, today),
            DueWindow::Today
        );
        assert_eq!(
            DueWindow::of(Some(d(11, 29)), false, today),
            DueWindow::ThisWeek
        );
        assert_eq!(
            DueWindow::of(Some(d(11, 30)), false, today),
            DueWindow::Later
        );
        assert_eq!(DueWindow::of(None, false, today), DueWindow::NoDate);
    }

    #[test]
    fn filters_and_sorting_pick_and_order_rows() {
        let tasks = vec![
            task(1, "banner", TaskStatus::Todo, Some(d(11, 20))),
            task(2, "Apple", TaskStatus::Done, Some(d(11, 20))),
            task(3, "cart", TaskStatus::Todo, None),
        ];
        let today = d(11, 25);
        let titles = |view: &ListView| -> Vec<String> {
            view.rows(&tasks, today)
                .into_iter()
                .map(|(t, _)| t.input.title)
                .collect()
        };
        let by_title = ListView {
            sort: SortKey::Title,
            ..Default::default()
        };
        assert_eq!(titles(&by_title), ["Apple", "banner", "cart"]);
        let backwards = ListView {
            descending: true,
            ..by_title.clone()
        };
        assert_eq!(titles(&backwards), ["cart", "banner", "Apple"]);
        let overdue = ListView {
            due: Some(DueWindow::Overdue),
            ..Default::default()
        };
        assert_eq!(titles(&overdue), ["banner"]);
        let mine = ListView {
            owner: Some(7),
            ..Default::default()
        };
        assert_eq!(titles(&mine), ["Apple"]);
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let mut t = task(2, "Poster, \"final\"", TaskStatus::Review, Some(d(11, 20)));
        t.input.deliverable = "two\nlines".into();
        let csv = to_csv(&[(t, 0)], Locale::Zh);
        let mut lines = csv.split("\r\n");
        assert!(lines
            .next()
            .unwrap()
            .starts_with("\u{feff}任务名称,负责人,状态"));
        assert_eq!(
            lines.next().unwrap(),
            "\"Poster, \"\"final\"\"\",Li Na,待验收,中,,2026-11-20,0,0,\"two\nlines\""
        );
    }
}
