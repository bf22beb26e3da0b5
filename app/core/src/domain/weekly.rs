//! The week of a weekly report: when it is drafted (a set weekday and time where the
//! organisation is, Friday 17:00 unless an admin says otherwise), which tasks it lists under
//! which heading, and the report as Markdown for export.
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};

use crate::domain::money::{format_amount, grouped, Currency};
use crate::i18n::{Locale, K};
use crate::model::{FigureKind, ReportFacts, ReportTask, TaskStatus, WeekFigure, WeeklyReportView};

/// Monday of the week `day` is in.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The week whose report is due to be drafted at `now` (local time): this week's, once its
/// drafting moment (`weekday`, 1 = Monday … 7 = Sunday, at `at`) has come; else none.
pub fn due(now: NaiveDateTime, weekday: u32, at: NaiveTime) -> Option<NaiveDate> {
    let monday = week_start(now.date());
    let moment = (monday + Duration::days(i64::from(weekday.clamp(1, 7)) - 1)).and_time(at);
    (now >= moment).then_some(monday)
}

/// A task as the week sees it: its fields, and the day it last changed.
#[derive(Clone, Debug)]
pub struct TaskFact {
    pub task: ReportTask,
    pub changed: NaiveDate,
    /// Whether it has subtasks (a parent's progress is theirs: it is not listed itself).
    pub parent: bool,
}

/// The tasks under each heading: finished in the week, in progress, overdue as of `today` (or
/// the week's end, for a past week), and due in the week after.
pub fn sort_tasks(
    facts: &mut ReportFacts,
    tasks: Vec<TaskFact>,
    monday: NaiveDate,
    today: NaiveDate,
) {
    let sunday = monday + Duration::days(6);
    let as_of = today.min(sunday);
    let next = (sunday + Duration::days(1), sunday + Duration::days(7));
    for t in tasks.into_iter().filter(|t| !t.parent) {
        let done = t.task.status == TaskStatus::Done;
        if done {
            if (monday..=sunday).contains(&t.changed) {
                facts.finished.push(t.task);
            }
            continue;
        }
        let due = t.task.due_date;
        if due.is_some_and(|d| d < as_of) {
            facts.overdue.push(t.task.clone());
        } else if matches!(t.task.status, TaskStatus::InProgress | TaskStatus::Review) {
            facts.in_progress.push(t.task.clone());
        }
        if due.is_some_and(|d| (next.0..=next.1).contains(&d)) {
            facts.due_next_week.push(t.task);
        }
    }
    for list in [
        &mut facts.finished,
        &mut facts.in_progress,
        &mut facts.overdue,
        &mut facts.due_next_week,
    ] {
        list.sort_by(|a, b| a.due_date.cmp(&b.due_date).then(a.id.cmp(&b.id)));
    }
}

/// An amount in minor units of the project's currency (its code), as people read it: ¥12,345.60.
pub fn money(minor: i64, currency: &str) -> String {
    match Currency::parse(currency) {
        Some(c) => format_amount(minor, c),
        None => format!("{:.2}", minor as f64 / 100.0),
    }
}

/// A whole number with thousands separated.
pub fn count(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", grouped(n.unsigned_abs()))
}

/// The change from last week to this, as a signed percentage ("+12%", "−5%"), or "—" when last
/// week had nothing.
pub fn change(this_week: i64, last_week: i64) -> String {
    if last_week == 0 {
        return "—".into();
    }
    let pct = ((this_week - last_week) as f64 / last_week.abs() as f64 * 100.0).round() as i64;
    match pct {
        p if p > 0 => format!("+{p}%"),
        0 => "0%".into(),
        p => format!("−{}%", -p),
    }
}

/// A figure's value as people read it.
pub fn figure_value(f: &WeekFigure, v: i64, currency: &str) -> String {
    match f.kind {
        FigureKind::Money => money(v, currency),
        FigureKind::BasisPoints => format!("{:.2}%", v as f64 / 100.0),
        FigureKind::Count if f.unit.is_empty() => count(v),
        FigureKind::Count => format!("{} {}", count(v), f.unit),
    }
}

/// A figure's name in `locale`.
pub fn figure_name(f: &WeekFigure, locale: Locale) -> String {
    match (f.name.is_empty(), f.label) {
        (true, Some(label)) => label.text(locale).to_string(),
        _ => f.name.clone(),
    }
}

/// The report as Markdown, in `locale`: what the author said, then what the records say.
pub fn markdown(r: &WeeklyReportView, locale: Locale) -> String {
    let t = |k: K| k.text(locale);
    let mut out = String::new();
    let whose = match &r.person {
        Some(p) => format!("{} · {}", r.project_name, p.display_name),
        None => r.project_name.clone(),
    };
    out.push_str(&format!(
        "# {} — {}\n\n{} {} – {}\n\n",
        t(K::WeeklyReport),
        whose,
        t(K::ReportWeek),
        r.week_start,
        r.week_end
    ));
    if !r.summary.trim().is_empty() {
        out.push_str(&format!(
            "## {}\n\n{}\n\n",
            t(K::ReportSummary),
            r.summary.trim()
        ));
    }
    let tasks = |out: &mut String, heading: K, list: &[ReportTask]| {
        out.push_str(&format!("## {} ({})\n\n", t(heading), list.len()));
        if list.is_empty() {
            out.push_str(&format!("{}\n\n", t(K::ReportNone)));
            return;
        }
        for task in list {
            let mut line = format!("- {}", task.title);
            if let Some(o) = &task.owner {
                line.push_str(&format!(" · {}", o.display_name));
            }
            if let Some(d) = task.due_date {
                line.push_str(&format!(" · {} {d}", t(K::ReportDue)));
            }
            if task.status != TaskStatus::Done {
                line.push_str(&format!(" · {}%", task.progress));
            }
            out.push_str(&line);
            out.push('\n');
        }
        out.push('\n');
    };
    let f = &r.facts;
    tasks(&mut out, K::ReportFinished, &f.finished);
    tasks(&mut out, K::ReportInProgress, &f.in_progress);
    tasks(&mut out, K::ReportOverdue, &f.overdue);
    tasks(&mut out, K::ReportDueNextWeek, &f.due_next_week);
    out.push_str(&format!(
        "## {} ({})\n\n",
        t(K::ReportBlockers),
        f.blockers.len()
    ));
    if f.blockers.is_empty() {
        out.push_str(&format!("{}\n\n", t(K::ReportNone)));
    } else {
        for b in &f.blockers {
            out.push_str(&format!(
                "- {} · {}: {}\n",
                b.day,
                b.who.display_name,
                b.text.replace('\n', " ")
            ));
        }
        out.push('\n');
    }
    let figures: Vec<&WeekFigure> = f.kpis.iter().chain(f.spend.as_ref()).collect();
    if !figures.is_empty() || !f.channels.is_empty() {
        out.push_str(&format!(
            "## {}\n\n| | {} | {} | {} |\n|---|---:|---:|---:|\n",
            t(K::ReportFigures),
            t(K::ReportThisWeek),
            t(K::ReportLastWeek),
            t(K::ReportChange)
        ));
        for fig in figures {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                figure_name(fig, locale),
                figure_value(fig, fig.this_week, &f.currency),
                figure_value(fig, fig.last_week, &f.currency),
                change(fig.this_week, fig.last_week)
            ));
        }
        for c in &f.channels {
            let name = t(c.channel.label());
            out.push_str(&format!(
                "| {name} · {} | {} | {} | {} |\n",
                t(K::ReportSpend),
                money(c.spend.0, &f.currency),
                money(c.spend.1, &f.currency),
                change(c.spend.0, c.spend.1)
            ));
            out.push_str(&format!(
                "| {name} · {} | {} | {} | {} |\n",
                t(K::ReportConversions),
                count(c.conversions.0),
                count(c.conversions.1),
                change(c.conversions.0, c.conversions.1)
            ));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ReportState, UserRef};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn task(id: i64, status: TaskStatus, due: Option<&str>, changed: &str) -> TaskFact {
        TaskFact {
            task: ReportTask {
                id,
                title: format!("T{id}"),
                owner: None,
                status,
                progress: 40,
                due_date: due.map(d),
            },
            changed: d(changed),
            parent: false,
        }
    }

    #[test]
    fn the_report_is_due_from_its_moment_in_the_week() {
        let at = NaiveTime::from_hms_opt(17, 0, 0).unwrap();
        // 2026-12-04 is a Friday.
        let friday = |h, m| d("2026-12-04").and_hms_opt(h, m, 0).unwrap();
        assert_eq!(due(friday(16, 59), 5, at), None);
        assert_eq!(due(friday(17, 0), 5, at), Some(d("2026-11-30")));
        assert_eq!(
            due(d("2026-12-06").and_hms_opt(9, 0, 0).unwrap(), 5, at),
            Some(d("2026-11-30"))
        );
        assert_eq!(
            due(d("2026-12-07").and_hms_opt(9, 0, 0).unwrap(), 5, at),
            None
        );
        assert_eq!(week_start(d("2026-12-06")), d("2026-11-30"));
    }

    #[test]
    fn tasks_fall_under_the_week_s_headings() {
        let monday = d("2026-11-30");
        let mut facts = ReportFacts::default();
        sort_tasks(
            &mut facts,
            vec![
                task(1, TaskStatus::Done, Some("2026-12-02"), "2026-12-03"),
                task(2, TaskStatus::Done, None, "2026-11-20"),
                task(3, TaskStatus::InProgress, Some("2026-12-10"), "2026-12-01"),
                task(4, TaskStatus::Todo, Some("2026-12-01"), "2026-11-25"),
                task(5, TaskStatus::Todo, Some("2026-12-09"), "2026-11-25"),
                task(6, TaskStatus::Review, Some("2026-12-03"), "2026-12-02"),
            ],
            monday,
            d("2026-12-04"),
        );
        let ids = |l: &[ReportTask]| l.iter().map(|t| t.id).collect::<Vec<_>>();
        assert_eq!(ids(&facts.finished), vec![1]);
        assert_eq!(ids(&facts.overdue), vec![4, 6]);
        assert_eq!(ids(&facts.in_progress), vec![3]);
        assert_eq!(ids(&facts.due_next_week), vec![5, 3]);
    }

    #[test]
    fn figures_read_naturally() {
        assert_eq!(money(1_234_560, "CNY"), "¥12,345.60");
        assert_eq!(money(-5, "CNY"), "-¥0.05");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(count(-12), "-12");
        assert_eq!(change(120, 100), "+20%");
        assert_eq!(change(95, 100), "−5%");
        assert_eq!(change(5, 0), "—");
    }

    #[test]
    fn the_export_says_it_all_in_the_reader_s_language() {
        let r = WeeklyReportView {
            id: 1,
            project_id: 1,
            project_name: "双十一大促".into(),
            person: Some(UserRef {
                id: 2,
                display_name: "李娜".into(),
            }),
            week_start: d("2026-11-30"),
            week_end: d("2026-12-06"),
            state: ReportState::Draft,
            summary: "主视觉定稿。".into(),
            facts: ReportFacts {
                kpis: vec![WeekFigure {
                    name: "GMV".into(),
                    label: None,
                    unit: String::new(),
                    kind: FigureKind::Money,
                    this_week: 1_200_000,
                    last_week: 1_000_000,
                }],
                currency: "CNY".into(),
                ..Default::default()
            },
            updated_at: chrono::Utc::now(),
            sent_at: None,
            sent_by: None,
            can_edit: true,
        };
        let zh = markdown(&r, Locale::Zh);
        assert!(zh.starts_with("# 周报 — 双十一大促 · 李娜"), "{zh}");
        assert!(zh.contains("主视觉定稿。"));
        assert!(
            zh.contains("| GMV | ¥12,000.00 | ¥10,000.00 | +20% |"),
            "{zh}"
        );
        let en = markdown(&r, Locale::En);
        assert!(en.contains("## Finished this week (0)"), "{en}");
    }
}
