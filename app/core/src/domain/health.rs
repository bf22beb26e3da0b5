//! Project health: a score from 0 to 100 and a green, amber or red status, with the reasons a
//! person should look at. Four things weigh in: progress against the schedule, money against
//! the budget, overdue work and KPIs against their plan so far.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::money::per_mille;
pub use crate::model::values::HealthStatus;

/// A task without subtasks, as the schedule measure sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScheduledWork {
    pub start: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub progress: u8,
    pub done: bool,
}

/// Where a project's work stands against its dates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScheduleStanding {
    /// Progress the dates expect by the end of today, and progress made, per mille of the dated
    /// work, each task weighed by its length in days.
    pub planned: i64,
    pub actual: i64,
    pub open: i64,
    /// Open tasks whose due date has passed.
    pub overdue: i64,
}

pub fn schedule_standing(work: &[ScheduledWork], today: NaiveDate) -> ScheduleStanding {
    let mut standing = ScheduleStanding::default();
    let (mut planned, mut actual, mut weight) = (0i64, 0i64, 0i64);
    for w in work {
        if !w.done {
            standing.open += 1;
            if w.due.is_some_and(|due| due < today) {
                standing.overdue += 1;
            }
        }
        let (Some(start), Some(due)) = (w.start.or(w.due), w.due.or(w.start)) else {
            continue;
        };
        let length = (due - start).num_days().max(0) + 1;
        let elapsed = ((today - start).num_days() + 1).clamp(0, length);
        planned += 1000 * elapsed;
        let progress = if w.done {
            100
        } else {
            i64::from(w.progress.min(100))
        };
        actual += 10 * progress * length;
        weight += length;
    }
    if weight > 0 {
        standing.planned = planned / weight;
        standing.actual = actual / weight;
    }
    standing
}

/// What health is computed from; everything in whole numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HealthInput {
    /// Progress the schedule expects by today, and progress made, per mille of the work.
    pub planned_progress: i64,
    pub actual_progress: i64,
    /// The whole budget and what has been spent, in minor units; a project without a budget has
    /// a budget of zero.
    pub budget: i64,
    pub spent: i64,
    /// Open tasks, and how many of them are past their due date.
    pub open_tasks: i64,
    pub overdue_tasks: i64,
    /// Each KPI's actual as a share of what its plan expects by now, per mille (`None`: nothing
    /// expected yet).
    pub kpis: Vec<KpiStanding>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KpiStanding {
    pub name: String,
    pub of_plan: Option<i64>,
}

/// Why a project is not perfectly healthy; numbers are what a person would quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", try_from = "ReasonFields")]
pub enum HealthReason {
    /// Progress this many percentage points behind the schedule.
    BehindSchedule { points: i64 },
    /// Spent this many percent more than the whole budget.
    OverBudget { percent: i64 },
    /// Spent a larger share of the budget than of the work done, by this many points.
    SpendingAhead { points: i64 },
    /// This many open tasks past their due date.
    OverdueTasks { count: i64 },
    /// A KPI at this percent of its plan so far.
    KpiBehind { name: String, percent: i64 },
}

/// A reason as it is written (`{"kind": "over_budget", "percent": 12}`), read field by field:
/// serde reads an internally tagged enum by buffering it in a generic tree first, code the
/// browser would otherwise load for this alone.
#[derive(Deserialize)]
struct ReasonFields {
    kind: String,
    points: Option<i64>,
    percent: Option<i64>,
    count: Option<i64>,
    name: Option<String>,
}

impl TryFrom<ReasonFields> for HealthReason {
    type Error = String;

    fn try_from(f: ReasonFields) -> Result<Self, Self::Error> {
        let missing = |field: &str| format!("missing field `{field}` of `{}`", f.kind);
        Ok(match f.kind.as_str() {
            "behind_schedule" => HealthReason::BehindSchedule {
                points: f.points.ok_or_else(|| missing("points"))?,
            },
            "over_budget" => HealthReason::OverBudget {
                percent: f.percent.ok_or_else(|| missing("percent"))?,
            },
            "spending_ahead" => HealthReason::SpendingAhead {
                points: f.points.ok_or_else(|| missing("points"))?,
            },
            "overdue_tasks" => HealthReason::OverdueTasks {
                count: f.count.ok_or_else(|| missing("count"))?,
            },
            "kpi_behind" => HealthReason::KpiBehind {
                percent: f.percent.ok_or_else(|| missing("percent"))?,
                name: f.name.ok_or_else(|| missing("name"))?,
            },
            other => return Err(format!("unknown health reason `{other}`")),
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub score: u8,
    pub status: HealthStatus,
    pub reasons: Vec<HealthReason>,
}

/// A project with nothing to say against it (no dated work, no budget, no KPIs yet).
impl Default for Health {
    fn default() -> Self {
        health(&HealthInput::default())
    }
}

/// Points of the score each concern may take at most; together 100.
const SCHEDULE_WEIGHT: i64 = 30;
const BUDGET_WEIGHT: i64 = 30;
const OVERDUE_WEIGHT: i64 = 20;
const KPI_WEIGHT: i64 = 20;
/// Shortfalls smaller than these are noise, not reasons.
const SCHEDULE_SLACK: i64 = 50; // ‰ of the work
const SPENDING_SLACK: i64 = 150; // ‰ of the budget beyond the share of work done
const KPI_SLACK: i64 = 100; // ‰ below plan
/// A score at or above these is green, or amber; below, red.
const GREEN_FROM: i64 = 80;
const AMBER_FROM: i64 = 60;

/// `weight * over / full`, capped at `weight`: a penalty that reaches its whole weight when
/// `over` reaches `full`.
fn penalty(weight: i64, over: i64, full: i64) -> i64 {
    (i128::from(weight) * i128::from(over.max(0)) / i128::from(full)).min(i128::from(weight)) as i64
}

pub fn health(input: &HealthInput) -> Health {
    let mut reasons = Vec::new();
    let mut lost = 0;

    // Schedule: the whole weight at 40 points behind.
    let behind = input.planned_progress.saturating_sub(input.actual_progress);
    if behind > SCHEDULE_SLACK {
        lost += penalty(SCHEDULE_WEIGHT, behind, 400);
        reasons.push(HealthReason::BehindSchedule {
            points: behind.saturating_add(5) / 10,
        });
    }

    // Budget: any overrun is serious (the whole weight at 20 % over); spending well ahead of
    // the work done is a warning.
    let mut overrun = 0;
    if input.budget > 0 {
        let spent_share = per_mille(input.spent, input.budget).unwrap_or(0);
        overrun = spent_share.saturating_sub(1000);
        if overrun > 0 {
            lost += penalty(BUDGET_WEIGHT, overrun, 200);
            reasons.push(HealthReason::OverBudget {
                percent: overrun.saturating_add(9) / 10,
            });
        } else {
            let ahead = spent_share.saturating_sub(input.actual_progress);
            if ahead > SPENDING_SLACK {
                lost += penalty(BUDGET_WEIGHT / 2, ahead - SPENDING_SLACK, 350);
                reasons.push(HealthReason::SpendingAhead {
                    points: ahead.saturating_add(5) / 10,
                });
            }
        }
    } else if input.spent > 0 {
        // Money spent with no budget at all: as bad as a large overrun.
        overrun = 1000;
        lost += BUDGET_WEIGHT;
        reasons.push(HealthReason::OverBudget { percent: 100 });
    }

    // Overdue work: the whole weight when a quarter of the open tasks are overdue.
    if input.overdue_tasks > 0 {
        let share = per_mille(input.overdue_tasks, input.open_tasks.max(1)).unwrap_or(0);
        lost += penalty(OVERDUE_WEIGHT, share, 250).max(2);
        reasons.push(HealthReason::OverdueTasks {
            count: input.overdue_tasks,
        });
    }

    // KPIs: the average shortfall of those behind, the whole weight at half the plan missed.
    let mut shortfall = 0i64;
    let mut weighed = 0;
    for kpi in &input.kpis {
        let Some(of_plan) = kpi.of_plan else {
            continue;
        };
        weighed += 1;
        let short = 1000i64.saturating_sub(of_plan);
        if short > KPI_SLACK {
            shortfall = shortfall.saturating_add(short);
            reasons.push(HealthReason::KpiBehind {
                name: kpi.name.clone(),
                percent: of_plan.saturating_add(5) / 10,
            });
        }
    }
    if weighed > 0 {
        lost += penalty(KPI_WEIGHT, shortfall / weighed, 500);
    }

    let score = (100 - lost).clamp(0, 100);
    let mut status = if score >= GREEN_FROM {
        HealthStatus::Green
    } else if score >= AMBER_FROM {
        HealthStatus::Amber
    } else {
        HealthStatus::Red
    };
    // An overrun is never green, and a large one is red whatever else is fine.
    if overrun > 0 {
        status = status.max(HealthStatus::Amber);
    }
    if overrun >= 100 {
        status = HealthStatus::Red;
    }
    Health {
        score: score as u8,
        status,
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_reads_back_as_it_was_written_and_a_wrong_one_is_refused() {
        let reasons = vec![
            HealthReason::BehindSchedule { points: 12 },
            HealthReason::OverBudget { percent: 8 },
            HealthReason::SpendingAhead { points: 20 },
            HealthReason::OverdueTasks { count: 3 },
            HealthReason::KpiBehind {
                name: "leads".into(),
                percent: 60,
            },
        ];
        let text = serde_json::to_string(&reasons).unwrap();
        assert!(
            text.contains(r#"{"kind":"over_budget","percent":8}"#),
            "{text}"
        );
        assert_eq!(
            serde_json::from_str::<Vec<HealthReason>>(&text).unwrap(),
            reasons
        );
        for wrong in [
            r#"{"kind":"over_budget"}"#,
            r#"{"kind":"on_fire","points":1}"#,
            r#"{"points":1}"#,
        ] {
            assert!(
                serde_json::from_str::<HealthReason>(wrong).is_err(),
                "{wrong}"
            );
        }
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn the_schedule_expects_what_the_dates_have_passed() {
        let work = [
            // Ten days, half of them gone, 20 % done.
            ScheduledWork {
                start: Some(d(3, 1)),
                due: Some(d(3, 10)),
                progress: 20,
                done: false,
            },
            // Over and done.
            ScheduledWork {
                start: Some(d(2, 1)),
                due: Some(d(2, 10)),
                progress: 0,
                done: true,
            },
            // Over and not done: overdue.
            ScheduledWork {
                start: Some(d(2, 21)),
                due: Some(d(2, 28)),
                progress: 50,
                done: false,
            },
            // Undated: counts as open, weighs nothing.
            ScheduledWork {
                start: None,
                due: None,
                progress: 0,
                done: false,
            },
        ];
        let s = schedule_standing(&work, d(3, 5));
        // Planned: 5 of 10 + 10 of 10 + 8 of 8 days = 23 of 28; done: 2 + 10 + 4 of 28.
        assert_eq!(s.planned, 1000 * 23 / 28);
        assert_eq!(s.actual, 1000 * 16 / 28);
        assert_eq!((s.open, s.overdue), (3, 1));
        assert_eq!(schedule_standing(&[], d(3, 5)), ScheduleStanding::default());
    }

    fn on_track() -> HealthInput {
        HealthInput {
            planned_progress: 500,
            actual_progress: 500,
            budget: 1_000_000,
            spent: 450_000,
            open_tasks: 20,
            overdue_tasks: 0,
            kpis: vec![KpiStanding {
                name: "Leads".into(),
                of_plan: Some(1000),
            }],
        }
    }

    #[test]
    fn a_project_on_track_is_green_with_nothing_to_say() {
        let h = health(&on_track());
        assert_eq!(h.score, 100);
        assert_eq!(h.status, HealthStatus::Green);
        assert!(h.reasons.is_empty());
        assert_eq!(health(&HealthInput::default()).score, 100);
    }

    #[test]
    fn an_overrun_is_never_green_and_a_tenth_over_is_red() {
        let small = health(&HealthInput {
            spent: 1_010_000,
            actual_progress: 900,
            planned_progress: 900,
            ..on_track()
        });
        assert_eq!(small.status, HealthStatus::Amber);
        assert_eq!(small.reasons, vec![HealthReason::OverBudget { percent: 1 }]);
        let large = health(&HealthInput {
            spent: 1_150_000,
            ..on_track()
        });
        assert_eq!(large.status, HealthStatus::Red);
        assert_eq!(
            large.reasons,
            vec![HealthReason::OverBudget { percent: 15 }]
        );
        // Spending without any budget.
        let unbudgeted = health(&HealthInput {
            budget: 0,
            spent: 1,
            ..on_track()
        });
        assert_eq!(unbudgeted.status, HealthStatus::Red);
    }

    #[test]
    fn each_concern_names_itself_and_costs_points() {
        let h = health(&HealthInput {
            planned_progress: 600,
            actual_progress: 300,
            spent: 400_000,
            overdue_tasks: 3,
            kpis: vec![
                KpiStanding {
                    name: "Leads".into(),
                    of_plan: Some(600),
                },
                KpiStanding {
                    name: "Revenue".into(),
                    of_plan: None,
                },
            ],
            ..on_track()
        });
        assert_eq!(
            h.reasons,
            vec![
                HealthReason::BehindSchedule { points: 30 },
                HealthReason::OverdueTasks { count: 3 },
                HealthReason::KpiBehind {
                    name: "Leads".into(),
                    percent: 60
                },
            ]
        );
        // 30 points behind: 22 of 30; 3 of 20 overdue: 12 of 20; leads 40 % short: 16 of 20.
        assert_eq!(h.score, 100 - 22 - 12 - 16);
        assert_eq!(h.status, HealthStatus::Red);
    }

    #[test]
    fn spending_far_ahead_of_the_work_is_a_warning() {
        let h = health(&HealthInput {
            actual_progress: 200,
            planned_progress: 200,
            spent: 700_000,
            ..on_track()
        });
        assert_eq!(h.reasons, vec![HealthReason::SpendingAhead { points: 50 }]);
        assert_eq!(h.status, HealthStatus::Green);
        assert!(h.score < 100);
    }

    #[test]
    fn the_score_never_leaves_its_range() {
        let worst = health(&HealthInput {
            planned_progress: 1000,
            actual_progress: 0,
            budget: 1,
            spent: i64::MAX,
            open_tasks: 1,
            overdue_tasks: i64::MAX,
            kpis: vec![KpiStanding {
                name: "x".into(),
                of_plan: Some(i64::MIN / 2),
            }],
        });
        assert_eq!(worst.score, 0);
        assert_eq!(worst.status, HealthStatus::Red);
    }
}
