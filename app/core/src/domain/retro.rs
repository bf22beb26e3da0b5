//! A retrospective's rules: planned against actual finish per phase and for the project, which
//! tasks were late and by how much, each channel's return, how long approval steps waited, and
//! the suggestions drawn from those facts.
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::report::Sums;
use crate::domain::weekly::money as money_text;
use crate::i18n::{Locale, K};
use crate::model::{
    Channel, ChannelFact, Id, LateTask, LineFact, MoneyFacts, PhaseFact, RetroFacts, ScheduleFacts,
    Suggestion, UserRef, WaitFact,
};

/// How many of the tasks that slipped most a retrospective names.
pub const SLIPPED_SHOWN: usize = 10;
/// How many overdue tasks and approval waits it lists at most.
pub const LISTED: usize = 50;
/// A late rate above this (basis points) draws a suggestion: the article's 5 %.
pub const LATE_RATE_LIMIT: i64 = 500;
/// Approval steps waiting this long on average (tenths of a day) draw a suggestion.
pub const SLOW_APPROVAL_TENTHS: i64 = 30;
/// A channel whose CPA is this many times the others' (tenths) draws a suggestion.
pub const CPA_TIMES_TENTHS: i64 = 20;
/// Check-ins naming blockers this often draw a suggestion.
pub const BLOCKERS_REPEATED: usize = 3;

/// A task as a retrospective reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskRecord {
    pub id: Id,
    pub parent_id: Option<Id>,
    pub title: String,
    pub owner: Option<UserRef>,
    pub due: Option<NaiveDate>,
    /// The day it was done (in the organisation's time zone); none while it is not.
    pub done_on: Option<NaiveDate>,
    pub critical: bool,
    /// Its finish in the project's latest baseline.
    pub baseline_due: Option<NaiveDate>,
}

/// Days late: finished after its due date, or not finished and past it as of `today`.
fn days_late(t: &TaskRecord, today: NaiveDate) -> Option<i64> {
    let due = t.due?;
    let late = (t.done_on.unwrap_or(today) - due).num_days();
    (late > 0).then_some(late)
}

/// The slip of work that should have finished on `reference`: finished, its finish less the
/// reference; not finished, the days past it so far (none before it).
fn slip(
    reference: Option<NaiveDate>,
    finished: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<i64> {
    let reference = reference?;
    match finished {
        Some(f) => Some((f - reference).num_days()),
        None => (today > reference).then(|| (today - reference).num_days()),
    }
}

/// A phase's or the project's planned against actual finish, from its tasks (leaves).
fn phase<'a>(
    task_id: Option<Id>,
    title: String,
    leaves: impl Iterator<Item = &'a TaskRecord> + Clone,
    planned_due: Option<NaiveDate>,
    today: NaiveDate,
) -> PhaseFact {
    let baseline_due = leaves.clone().filter_map(|t| t.baseline_due).max();
    let mut any = false;
    let mut finished = Some(NaiveDate::MIN);
    for t in leaves {
        any = true;
        finished = match (finished, t.done_on) {
            (Some(a), Some(b)) => Some(a.max(b)),
            _ => None,
        };
    }
    let finished = finished.filter(|_| any);
    PhaseFact {
        task_id,
        title,
        baseline_due,
        planned_due,
        finished,
        slip_days: slip(baseline_due.or(planned_due), finished, today),
    }
}

/// The schedule's facts of a project that ran from `start` to `end` as planned.
pub fn schedule(
    tasks: &[TaskRecord],
    start: NaiveDate,
    end: NaiveDate,
    today: NaiveDate,
) -> ScheduleFacts {
    let parents: HashSet<Id> = tasks.iter().filter_map(|t| t.parent_id).collect();
    let by_id: HashMap<Id, &TaskRecord> = tasks.iter().map(|t| (t.id, t)).collect();
    // Each leaf's top-level ancestor (a loop in the records ends the walk).
    let top_of = |t: &TaskRecord| -> Id {
        let mut at = t;
        for _ in 0..tasks.len() {
            match at.parent_id.and_then(|p| by_id.get(&p)) {
                Some(parent) => at = parent,
                None => break,
            }
        }
        at.id
    };
    let leaves: Vec<&TaskRecord> = tasks.iter().filter(|t| !parents.contains(&t.id)).collect();
    let mut under: HashMap<Id, Vec<&TaskRecord>> = HashMap::new();
    for t in &leaves {
        under.entry(top_of(t)).or_default().push(t);
    }
    let phases = tasks
        .iter()
        .filter(|t| t.parent_id.is_none() && parents.contains(&t.id))
        .map(|t| {
            let of = under.get(&t.id).map(Vec::as_slice).unwrap_or(&[]);
            let planned = t.due.or_else(|| of.iter().filter_map(|l| l.due).max());
            phase(
                Some(t.id),
                t.title.clone(),
                of.iter().copied(),
                planned,
                today,
            )
        })
        .collect();
    let project = phase(
        None,
        String::new(),
        leaves.iter().copied(),
        Some(end),
        today,
    );
    let cycle_days = project.finished.map(|f| (f - start).num_days() + 1);
    let with_due = leaves.iter().filter(|t| t.due.is_some()).count() as i64;
    let mut late: Vec<LateTask> = leaves
        .iter()
        .filter_map(|t| {
            Some(LateTask {
                task_id: t.id,
                title: t.title.clone(),
                owner: t.owner.clone(),
                due: t.due?,
                finished: t.done_on,
                days_late: days_late(t, today)?,
                critical: t.critical,
            })
        })
        .collect();
    let late_count = late.len() as i64;
    let delay: i64 = late.iter().map(|l| l.days_late).sum();
    late.sort_by(|a, b| {
        b.days_late
            .cmp(&a.days_late)
            .then(b.critical.cmp(&a.critical))
            .then(a.task_id.cmp(&b.task_id))
    });
    late.truncate(SLIPPED_SHOWN);
    ScheduleFacts {
        project: Some(project),
        phases,
        cycle_days,
        planned_days: (end - start).num_days() + 1,
        tasks: leaves.len() as u32,
        done: leaves.iter().filter(|t| t.done_on.is_some()).count() as u32,
        late: late_count as u32,
        late_rate: if with_due == 0 {
            0
        } else {
            late_count * 10_000 / with_due
        },
        average_delay_tenths: if late_count == 0 {
            0
        } else {
            delay * 10 / late_count
        },
        slipped: late,
    }
}

/// The tasks still not done and past their due date as of `today`, longest late first.
pub fn overdue(tasks: &[TaskRecord], today: NaiveDate) -> Vec<LateTask> {
    let parents: HashSet<Id> = tasks.iter().filter_map(|t| t.parent_id).collect();
    let mut out: Vec<LateTask> = tasks
        .iter()
        .filter(|t| !parents.contains(&t.id) && t.done_on.is_none())
        .filter_map(|t| {
            Some(LateTask {
                task_id: t.id,
                title: t.title.clone(),
                owner: t.owner.clone(),
                due: t.due?,
                finished: None,
                days_late: days_late(t, today)?,
                critical: t.critical,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.days_late
            .cmp(&a.days_late)
            .then(a.task_id.cmp(&b.task_id))
    });
    out.truncate(LISTED);
    out
}

/// `part / whole` in basis points, none when `whole` is not positive.
fn basis_points(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| (i128::from(part) * 10_000 / i128::from(whole)) as i64)
}

/// A channel's return on its spend.
pub fn channel_fact(channel: Channel, s: &Sums) -> ChannelFact {
    ChannelFact {
        channel,
        spend: s.spend,
        conversions: s.conversions,
        revenue: s.revenue,
        roi: basis_points(s.revenue.saturating_sub(s.spend), s.spend),
        roas: basis_points(s.revenue, s.spend),
        cpa: (s.conversions > 0).then(|| s.spend / s.conversions),
    }
}

/// The money's facts: the budget's lines and the channels' returns.
pub fn money(lines: Vec<LineFact>, channels: &[(Channel, Sums)]) -> MoneyFacts {
    let channels: Vec<ChannelFact> = channels.iter().map(|(c, s)| channel_fact(*c, s)).collect();
    let spend: i64 = channels.iter().map(|c| c.spend).sum();
    let revenue: i64 = channels.iter().map(|c| c.revenue).sum();
    MoneyFacts {
        planned: lines.iter().map(|l| l.planned).sum(),
        committed: lines.iter().map(|l| l.committed).sum(),
        paid: lines.iter().map(|l| l.paid).sum(),
        lines,
        roi: basis_points(revenue.saturating_sub(spend), spend),
        channels,
    }
}

/// How long each step of an approval request waited: from its submission (the first step) or
/// the step before's decision to its own, or to `now` for the step still waiting.
pub fn step_waits(
    request_id: Id,
    flow_name: &str,
    submitted: DateTime<Utc>,
    decisions: &[(u32, DateTime<Utc>)],
    waiting: Option<u32>,
    now: DateTime<Utc>,
) -> Vec<WaitFact> {
    let mut decided: Vec<(u32, DateTime<Utc>)> = decisions.to_vec();
    decided.sort();
    // A step decided by several approvers is decided at the last of them.
    let mut ends: Vec<(u32, DateTime<Utc>)> = Vec::new();
    for (step, at) in decided {
        match ends.last_mut() {
            Some(last) if last.0 == step => last.1 = last.1.max(at),
            _ => ends.push((step, at)),
        }
    }
    let mut out = Vec::new();
    let mut from = submitted;
    for (step, at) in &ends {
        out.push(WaitFact {
            request_id,
            flow_name: flow_name.to_string(),
            step: step + 1,
            days: (*at - from).num_days().max(0),
            decided: true,
        });
        from = *at;
    }
    if let Some(step) = waiting {
        out.push(WaitFact {
            request_id,
            flow_name: flow_name.to_string(),
            step: step + 1,
            days: (now - from).num_days().max(0),
            decided: false,
        });
    }
    out
}

/// The average of the waits in tenths of a day, and the longest of them, longest first.
pub fn longest_waits(mut waits: Vec<WaitFact>) -> (i64, Vec<WaitFact>) {
    let average = if waits.is_empty() {
        0
    } else {
        waits.iter().map(|w| w.days).sum::<i64>() * 10 / waits.len() as i64
    };
    waits.sort_by(|a, b| {
        b.days
            .cmp(&a.days)
            .then(a.request_id.cmp(&b.request_id))
            .then(a.step.cmp(&b.step))
    });
    waits.truncate(LISTED);
    (average, waits)
}

/// The suggestions the facts call for, most pressing kinds first.
pub fn suggest(f: &RetroFacts) -> Vec<Suggestion> {
    let mut out = Vec::new();
    if let Some(p) = &f.schedule.project {
        if let (Some(days), Some(_)) = (p.slip_days, p.finished) {
            if days > 0 {
                out.push(Suggestion::ProjectLate { days });
            }
        }
    }
    let critical: Vec<&LateTask> = f.schedule.slipped.iter().filter(|t| t.critical).collect();
    if let Some(days) = critical.iter().map(|t| t.days_late).max() {
        out.push(Suggestion::CriticalSlipped {
            count: critical.len() as u32,
            days,
        });
    }
    if f.schedule.late_rate > LATE_RATE_LIMIT {
        out.push(Suggestion::LateRateHigh {
            rate: f.schedule.late_rate,
        });
    }
    if !f.problems.waits.is_empty() && f.problems.average_wait_tenths >= SLOW_APPROVAL_TENTHS {
        out.push(Suggestion::ApprovalsSlow {
            average_tenths: f.problems.average_wait_tenths,
        });
    }
    for g in &f.goals {
        if let (false, Some(of_target)) = (g.attained, g.of_target) {
            out.push(Suggestion::KpiMissed {
                name: g.name.clone(),
                metric: g.metric,
                of_target,
            });
        }
    }
    for l in &f.money.lines {
        if l.variance() < 0 {
            out.push(Suggestion::LineOver {
                name: l.name.clone(),
                over: -l.variance(),
            });
        }
    }
    let channels = &f.money.channels;
    for c in channels {
        let Some(cpa) = c.cpa else { continue };
        let (spend, conversions) = channels
            .iter()
            .filter(|o| o.channel != c.channel)
            .fold((0i64, 0i64), |(s, n), o| (s + o.spend, n + o.conversions));
        if conversions > 0 && spend > 0 {
            let others = spend / conversions;
            if others > 0 && cpa * 10 / others >= CPA_TIMES_TENTHS {
                out.push(Suggestion::ChannelCpaHigh {
                    channel: c.channel,
                    times_tenths: cpa * 10 / others,
                });
            }
        }
    }
    for c in channels {
        if let Some(roi) = c.roi.filter(|r| *r < 0) {
            out.push(Suggestion::ChannelLoss {
                channel: c.channel,
                roi,
            });
        }
    }
    if f.problems.blockers.len() >= BLOCKERS_REPEATED {
        out.push(Suggestion::BlockersRepeated {
            count: f.problems.blockers.len() as u32,
        });
    }
    out
}

/// Basis points as a percentage people read ("12.5%").
pub fn percent(bp: i64) -> String {
    let tenths = bp / 10;
    if tenths % 10 == 0 {
        format!("{}%", tenths / 10)
    } else {
        format!("{:.1}%", tenths as f64 / 10.0)
    }
}

/// Tenths of a day as days people read ("4.6").
pub fn tenths(t: i64) -> String {
    if t % 10 == 0 {
        (t / 10).to_string()
    } else {
        format!("{:.1}", t as f64 / 10.0)
    }
}

/// What a suggestion says, in `locale`; amounts in `currency`.
pub fn suggestion_text(s: &Suggestion, locale: Locale, currency: &str) -> String {
    match s {
        Suggestion::ProjectLate { days } => K::SugProjectLate
            .text(locale)
            .replace("{days}", &days.to_string()),
        Suggestion::CriticalSlipped { count, days } => K::SugCriticalSlipped
            .text(locale)
            .replace("{count}", &count.to_string())
            .replace("{days}", &days.to_string()),
        Suggestion::LateRateHigh { rate } => K::SugLateRate
            .text(locale)
            .replace("{rate}", &percent(*rate)),
        Suggestion::ApprovalsSlow { average_tenths } => K::SugApprovalsSlow
            .text(locale)
            .replace("{days}", &tenths(*average_tenths)),
        Suggestion::KpiMissed {
            name,
            metric,
            of_target,
        } => K::SugKpiMissed
            .text(locale)
            .replace(
                "{name}",
                if name.is_empty() {
                    metric.label().text(locale)
                } else {
                    name
                },
            )
            .replace("{pct}", &percent(*of_target)),
        Suggestion::LineOver { name, over } => K::SugLineOver
            .text(locale)
            .replace("{name}", name)
            .replace("{amount}", &money_text(*over, currency)),
        Suggestion::ChannelCpaHigh {
            channel,
            times_tenths,
        } => K::SugChannelCpa
            .text(locale)
            .replace("{channel}", channel.label().text(locale))
            .replace("{times}", &tenths(*times_tenths)),
        Suggestion::ChannelLoss { channel, roi } => K::SugChannelLoss
            .text(locale)
            .replace("{channel}", channel.label().text(locale))
            .replace("{roi}", &percent(*roi)),
        Suggestion::BlockersRepeated { count } => K::SugBlockers
            .text(locale)
            .replace("{count}", &count.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FigureKind, GoalFact, KpiMetric, ProblemFacts};

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn task(id: Id, parent: Option<Id>, due: NaiveDate, done: Option<NaiveDate>) -> TaskRecord {
        TaskRecord {
            id,
            parent_id: parent,
            title: format!("T{id}"),
            owner: None,
            due: Some(due),
            done_on: done,
            critical: false,
            baseline_due: None,
        }
    }

    #[test]
    fn a_phase_finishes_with_its_last_task_and_slips_against_the_baseline() {
        let mut tasks = vec![
            task(1, None, day(3, 10), None),
            task(2, Some(1), day(3, 5), Some(day(3, 4))),
            task(3, Some(1), day(3, 10), Some(day(3, 13))),
            task(4, None, day(3, 20), None),
            task(5, Some(4), day(3, 20), None),
        ];
        tasks[2].baseline_due = Some(day(3, 8));
        let s = schedule(&tasks, day(3, 1), day(3, 20), day(3, 25));
        assert_eq!(s.phases.len(), 2);
        let first = &s.phases[0];
        assert_eq!(first.finished, Some(day(3, 13)));
        assert_eq!(first.baseline_due, Some(day(3, 8)));
        assert_eq!(
            first.slip_days,
            Some(5),
            "against the baseline, not the plan"
        );
        let second = &s.phases[1];
        assert_eq!(second.finished, None);
        assert_eq!(second.slip_days, Some(5), "five days past so far");
        let project = s.project.unwrap();
        assert_eq!(project.finished, None);
        assert_eq!(s.cycle_days, None);
        assert_eq!((s.tasks, s.done), (3, 2));
        // Task 3 finished 3 days late, task 5 is 5 days late: 2 of 3.
        assert_eq!(s.late, 2);
        assert_eq!(s.late_rate, 6_666);
        assert_eq!(s.average_delay_tenths, 40);
        assert_eq!(s.slipped[0].task_id, 5);
        assert_eq!(s.slipped[1].task_id, 3);
    }

    #[test]
    fn a_finished_project_has_a_cycle_and_a_slip() {
        let tasks = vec![
            task(1, None, day(3, 10), Some(day(3, 10))),
            task(2, None, day(3, 14), Some(day(3, 16))),
        ];
        let s = schedule(&tasks, day(3, 1), day(3, 14), day(4, 1));
        let project = s.project.clone().unwrap();
        assert_eq!(project.finished, Some(day(3, 16)));
        assert_eq!(project.slip_days, Some(2));
        assert_eq!(s.cycle_days, Some(16));
        assert_eq!(s.planned_days, 14);
        let facts = RetroFacts {
            schedule: s,
            ..Default::default()
        };
        assert!(suggest(&facts).contains(&Suggestion::ProjectLate { days: 2 }));
    }

    #[test]
    fn a_loop_in_the_records_does_not_hang_the_walk() {
        let tasks = vec![
            task(1, Some(2), day(3, 10), None),
            task(2, Some(1), day(3, 10), None),
        ];
        let s = schedule(&tasks, day(3, 1), day(3, 14), day(3, 2));
        assert_eq!(s.tasks, 0);
    }

    #[test]
    fn overdue_lists_only_work_not_done_and_past_due() {
        let tasks = vec![
            task(1, None, day(3, 10), Some(day(3, 12))),
            task(2, None, day(3, 10), None),
            task(3, None, day(3, 30), None),
        ];
        let late = overdue(&tasks, day(3, 15));
        assert_eq!(late.len(), 1);
        assert_eq!((late[0].task_id, late[0].days_late), (2, 5));
    }

    #[test]
    fn channels_return_what_they_brought_against_their_spend() {
        let s = Sums {
            spend: 10_000,
            conversions: 4,
            revenue: 28_000,
            ..Default::default()
        };
        let c = channel_fact(Channel::Douyin, &s);
        assert_eq!(c.roi, Some(18_000));
        assert_eq!(c.roas, Some(28_000));
        assert_eq!(c.cpa, Some(2_500));
        let nothing = channel_fact(Channel::Weibo, &Sums::default());
        assert_eq!((nothing.roi, nothing.cpa), (None, None));
    }

    #[test]
    fn a_channel_costing_twice_the_others_per_conversion_is_named() {
        let m = money(
            Vec::new(),
            &[
                (
                    Channel::Douyin,
                    Sums {
                        spend: 1_000,
                        conversions: 10,
                        revenue: 3_000,
                        ..Default::default()
                    },
                ),
                (
                    Channel::Weibo,
                    Sums {
                        spend: 1_000,
                        conversions: 4,
                        revenue: 800,
                        ..Default::default()
                    },
                ),
            ],
        );
        assert_eq!(m.roi, Some(9_000));
        let facts = RetroFacts {
            money: m,
            ..Default::default()
        };
        let s = suggest(&facts);
        assert!(s.contains(&Suggestion::ChannelCpaHigh {
            channel: Channel::Weibo,
            times_tenths: 25
        }));
        assert!(s.contains(&Suggestion::ChannelLoss {
            channel: Channel::Weibo,
            roi: -2_000
        }));
        assert!(!s.iter().any(|x| matches!(
            x,
            Suggestion::ChannelCpaHigh {
                channel: Channel::Douyin,
                ..
            }
        )));
    }

    #[test]
    fn a_step_waits_from_the_step_before_and_the_last_approver_decides_it() {
        let at = |d: u32| {
            NaiveDate::from_ymd_opt(2026, 3, d)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap()
                .and_utc()
        };
        let waits = step_waits(
            7,
            "Budget",
            at(1),
            &[(0, at(3)), (0, at(4)), (1, at(13))],
            Some(2),
            at(15),
        );
        let days: Vec<(u32, i64, bool)> =
            waits.iter().map(|w| (w.step, w.days, w.decided)).collect();
        assert_eq!(days, [(1, 3, true), (2, 9, true), (3, 2, false)]);
        let (average, longest) = longest_waits(waits);
        assert_eq!(average, 46);
        assert_eq!(longest[0].days, 9);
        let facts = RetroFacts {
            problems: ProblemFacts {
                average_wait_tenths: average,
                waits: longest,
                ..Default::default()
            },
            ..Default::default()
        };
        assert!(suggest(&facts).contains(&Suggestion::ApprovalsSlow { average_tenths: 46 }));
    }

    #[test]
    fn missed_goals_overrun_lines_and_a_high_late_rate_are_suggested_on() {
        let facts = RetroFacts {
            goals: vec![GoalFact {
                kpi_id: 1,
                name: "GMV".into(),
                metric: KpiMetric::Revenue,
                unit: String::new(),
                kind: FigureKind::Money,
                target: 100,
                actual: 80,
                of_target: Some(8_000),
                attained: false,
            }],
            money: MoneyFacts {
                lines: vec![LineFact {
                    line_id: 1,
                    name: "KOL".into(),
                    channel: None,
                    planned: 100,
                    committed: 30,
                    paid: 90,
                }],
                ..Default::default()
            },
            schedule: ScheduleFacts {
                late_rate: 800,
                ..Default::default()
            },
            ..Default::default()
        };
        let s = suggest(&facts);
        assert!(s.contains(&Suggestion::KpiMissed {
            name: "GMV".into(),
            metric: KpiMetric::Revenue,
            of_target: 8_000
        }));
        assert!(s.contains(&Suggestion::LineOver {
            name: "KOL".into(),
            over: 20
        }));
        assert!(s.contains(&Suggestion::LateRateHigh { rate: 800 }));
        let calm = RetroFacts::default();
        assert!(suggest(&calm).is_empty());
    }

    #[test]
    fn suggestions_read_in_both_languages() {
        let s = Suggestion::ApprovalsSlow { average_tenths: 90 };
        assert_eq!(
            suggestion_text(&s, Locale::En, "CNY"),
            "Approvals waited 9 days on average: give each step a deadline."
        );
        assert!(suggestion_text(&s, Locale::Zh, "CNY").contains("审批平均等待 9 天"));
        let cpa = Suggestion::ChannelCpaHigh {
            channel: Channel::Weibo,
            times_tenths: 25,
        };
        assert!(suggestion_text(&cpa, Locale::En, "CNY").contains("2.5×"));
        assert_eq!(percent(8_000), "80%");
        assert_eq!(percent(-2_050), "-20.5%");
    }
}
