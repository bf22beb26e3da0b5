//! Budgets: what each line may spend, what is committed (signed, not yet paid) and paid, how the
//! money runs down over the campaign, and the return the campaign is heading for. All amounts
//! are whole minor units of the project's currency.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One expense as the sums see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spend {
    pub day: NaiveDate,
    pub amount: i64,
    /// Paid, or only committed (an order or contract signed).
    pub paid: bool,
}

/// Where a budget line, or the whole budget, stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    pub planned: i64,
    pub committed: i64,
    pub paid: i64,
}

impl Standing {
    pub fn of(planned: i64, spends: impl IntoIterator<Item = Spend>) -> Standing {
        let mut s = Standing {
            planned,
            ..Standing::default()
        };
        for spend in spends {
            if spend.paid {
                s.paid = s.paid.saturating_add(spend.amount);
            } else {
                s.committed = s.committed.saturating_add(spend.amount);
            }
        }
        s
    }

    /// Money no longer free: committed and paid.
    pub fn spent(self) -> i64 {
        self.committed.saturating_add(self.paid)
    }

    /// What is left: the plan less what is spent; below zero when the line is overrun.
    pub fn remaining(self) -> i64 {
        self.planned.saturating_sub(self.spent())
    }

    pub fn overrun(self) -> bool {
        self.remaining() < 0
    }

    pub fn plus(self, other: Standing) -> Standing {
        Standing {
            planned: self.planned.saturating_add(other.planned),
            committed: self.committed.saturating_add(other.committed),
            paid: self.paid.saturating_add(other.paid),
        }
    }
}

/// One day of the burn-down: what should be left if money went out evenly over the campaign,
/// and what is left (`None` for days still to come).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BurnPoint {
    pub day: NaiveDate,
    pub ideal: i64,
    pub remaining: Option<i64>,
}

/// The budget running down from `total` over the campaign `start..=end`, at most `points` days
/// (evenly spaced, always with the first and last). Money spent before the start counts on the
/// first day; after the end, on the last.
pub fn burn_down(
    total: i64,
    spends: &[Spend],
    start: NaiveDate,
    end: NaiveDate,
    today: NaiveDate,
    points: usize,
) -> Vec<BurnPoint> {
    let end = end.max(start);
    let days = (end - start).num_days() + 1;
    let step = (days + points.max(2) as i64 - 2) / (points.max(2) as i64 - 1);
    let step = step.max(1);
    let mut sorted: Vec<Spend> = spends.to_vec();
    sorted.sort_by_key(|s| s.day);
    let mut out = Vec::new();
    let mut taken = 0usize;
    let mut spent = 0i64;
    let mut offset = 0i64;
    loop {
        let offset_now = offset.min(days - 1);
        let day = start + chrono::Duration::days(offset_now);
        let last = offset_now == days - 1;
        while taken < sorted.len() && (sorted[taken].day <= day || last) {
            spent = spent.saturating_add(sorted[taken].amount);
            taken += 1;
        }
        let elapsed = i128::from(offset_now + 1);
        let ideal = i128::from(total) - i128::from(total) * elapsed / i128::from(days);
        out.push(BurnPoint {
            day,
            ideal: ideal as i64,
            remaining: (day <= today).then(|| total.saturating_sub(spent)),
        });
        if last {
            break;
        }
        offset += step;
    }
    out
}

/// Where the expected revenue comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevenueBasis {
    /// No revenue recorded yet: the target.
    Target,
    /// The revenue so far, at the pace the plan expected: `actual × target ÷ planned so far`.
    Pace,
    /// The campaign is over: what came in.
    Actual,
}

/// The return a campaign is heading for: `(revenue − cost) ÷ cost`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoiForecast {
    pub revenue: i64,
    pub basis: RevenueBasis,
    /// The budget, or what is already spent when that is more.
    pub cost: i64,
    /// In basis points (10,000 = 100 %); `None` while there is no cost to divide by.
    pub roi: Option<i64>,
}

/// The ROI forecast from the revenue KPI's target, its actual and what its plan expected by
/// today, and the budget and spending.
pub fn roi_forecast(
    revenue_target: i64,
    revenue_actual: i64,
    revenue_planned: i64,
    budget: Standing,
) -> RoiForecast {
    let (revenue, basis) = if revenue_actual <= 0 || revenue_planned <= 0 {
        (revenue_target, RevenueBasis::Target)
    } else if revenue_planned >= revenue_target {
        (revenue_actual, RevenueBasis::Actual)
    } else {
        let paced =
            i128::from(revenue_actual) * i128::from(revenue_target) / i128::from(revenue_planned);
        (
            paced.clamp(0, i128::from(i64::MAX)) as i64,
            RevenueBasis::Pace,
        )
    };
    let cost = budget.planned.max(budget.spent());
    let roi = (cost > 0).then(|| {
        let r = (i128::from(revenue) - i128::from(cost)) * 10_000 / i128::from(cost);
        r.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
    });
    RoiForecast {
        revenue,
        basis,
        cost,
        roi,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn spend(day: NaiveDate, amount: i64, paid: bool) -> Spend {
        Spend { day, amount, paid }
    }

    #[test]
    fn a_line_counts_committed_and_paid_money_against_its_plan() {
        let s = Standing::of(
            100_000,
            [
                spend(d(3, 1), 30_000, true),
                spend(d(3, 2), 50_000, false),
                spend(d(3, 3), 10_000, true),
            ],
        );
        assert_eq!((s.committed, s.paid), (50_000, 40_000));
        assert_eq!(s.remaining(), 10_000);
        assert!(!s.overrun());
        let over = s.plus(Standing::of(0, [spend(d(3, 4), 20_000, true)]));
        assert_eq!(over.remaining(), -10_000);
        assert!(over.overrun());
    }

    #[test]
    fn the_budget_burns_down_by_the_day_and_stops_at_today() {
        // Ten days, 1,000 to spend.
        let spends = [
            spend(d(2, 20), 100, true), // before the start: counts on day one
            spend(d(3, 3), 200, false),
            spend(d(3, 20), 50, true), // after the end: counts on the last day
        ];
        let burn = burn_down(1000, &spends, d(3, 1), d(3, 10), d(3, 5), 20);
        assert_eq!(burn.len(), 10);
        assert_eq!(burn[0].day, d(3, 1));
        assert_eq!(burn[0].ideal, 900);
        assert_eq!(burn[0].remaining, Some(900));
        assert_eq!(burn[2].remaining, Some(700));
        assert_eq!(burn[4].remaining, Some(700));
        assert_eq!(burn[5].remaining, None);
        assert_eq!(burn[9].ideal, 0);
        let finished = burn_down(1000, &spends, d(3, 1), d(3, 10), d(4, 1), 20);
        assert_eq!(finished[9].remaining, Some(650));
    }

    #[test]
    fn a_long_campaign_is_sampled_with_its_first_and_last_day() {
        let burn = burn_down(365_000, &[], d(1, 1), d(12, 31), d(12, 31), 60);
        assert!(burn.len() <= 60, "{}", burn.len());
        assert_eq!(burn.first().unwrap().day, d(1, 1));
        assert_eq!(burn.last().unwrap().day, d(12, 31));
        assert_eq!(burn.last().unwrap().ideal, 0);
        // One day: one point.
        assert_eq!(burn_down(5, &[], d(1, 1), d(1, 1), d(1, 1), 60).len(), 1);
    }

    #[test]
    fn roi_follows_the_pace_of_revenue_against_its_plan() {
        let budget = Standing::of(100_000, [spend(d(3, 1), 40_000, true)]);
        // Nothing sold yet: the target, 300,000 on 100,000 is 200 %.
        let f = roi_forecast(300_000, 0, 50_000, budget);
        assert_eq!(f.basis, RevenueBasis::Target);
        assert_eq!(f.roi, Some(20_000));
        // 60,000 sold where the plan expected 100,000 so far: heading for 180,000, 80 %.
        let f = roi_forecast(300_000, 60_000, 100_000, budget);
        assert_eq!((f.revenue, f.basis), (180_000, RevenueBasis::Pace));
        assert_eq!(f.roi, Some(8_000));
        // Over: what came in, against the spending when it overran the budget.
        let overrun = budget.plus(Standing::of(0, [spend(d(3, 2), 80_000, true)]));
        let f = roi_forecast(300_000, 90_000, 300_000, overrun);
        assert_eq!((f.revenue, f.cost), (90_000, 120_000));
        assert_eq!(f.roi, Some(-2_500));
        assert_eq!(roi_forecast(1, 0, 0, Standing::default()).roi, None);
    }
}
