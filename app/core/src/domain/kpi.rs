//! KPI targets: what a campaign promised, how much of it should be reached by a given day, and
//! how far the actuals are from that. Values are whole numbers in the metric's unit: counts,
//! money in minor units, rates in basis points (1 = 0.01 %).
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::money::{format_amount, grouped, parse_amount, per_mille, scaled, signed};
use super::money::{Currency, MoneyError};
pub use crate::model::values::KpiMetric;

/// What a metric's whole numbers count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KpiUnit {
    Count,
    /// Minor units of the project's currency.
    Money,
    /// Basis points: 10,000 is 100 %.
    BasisPoints,
}

impl KpiMetric {
    pub fn unit(self) -> KpiUnit {
        match self {
            KpiMetric::Ctr | KpiMetric::ConversionRate | KpiMetric::Roi => KpiUnit::BasisPoints,
            KpiMetric::AverageOrderValue | KpiMetric::Revenue => KpiUnit::Money,
            _ => KpiUnit::Count,
        }
    }

    /// Counts and money add up over a campaign, so by mid-campaign about half should be there;
    /// rates and averages do not add up: their target holds on every day.
    pub fn accumulates(self) -> bool {
        !matches!(
            self,
            KpiMetric::Ctr
                | KpiMetric::ConversionRate
                | KpiMetric::AverageOrderValue
                | KpiMetric::Roi
        )
    }
}

impl KpiMetric {
    /// Only a return can be below zero; a count, an amount or a rate cannot.
    pub fn may_be_negative(self) -> bool {
        self == KpiMetric::Roi
    }

    /// Reads a value as a person types it in the metric's unit: counts ("12,000", "1.2万"),
    /// money ("¥3.5万") and rates as percentages ("2.5%", "2.5").
    pub fn parse_value(self, text: &str, currency: Currency) -> Result<i64, MoneyError> {
        let value = match self.unit() {
            KpiUnit::Money => parse_amount(text, currency)?,
            unit => {
                let (negative, s) = signed(text);
                let (s, digits) = match unit {
                    KpiUnit::BasisPoints => {
                        let s = s.trim_end_matches(['%', '％']);
                        (s.to_string(), 2)
                    }
                    _ => (s, 0),
                };
                let v = scaled(&s, digits)?;
                if negative {
                    -v
                } else {
                    v
                }
            }
        };
        if value < 0 && !self.may_be_negative() {
            return Err(MoneyError::Negative);
        }
        Ok(value)
    }

    /// A value written back as [`KpiMetric::parse_value`] reads it: `12,000`, `¥1,234.50`,
    /// `2.50%`.
    pub fn format_value(self, value: i64, currency: Currency) -> String {
        match self.unit() {
            KpiUnit::Money => format_amount(value, currency),
            KpiUnit::Count => {
                let sign = if value < 0 { "-" } else { "" };
                format!("{sign}{}", grouped(value.unsigned_abs()))
            }
            KpiUnit::BasisPoints => {
                let sign = if value < 0 { "-" } else { "" };
                let m = value.unsigned_abs();
                format!("{sign}{}.{:02}%", grouped(m / 100), m % 100)
            }
        }
    }
}

/// How a target is spread over the campaign.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "points")]
pub enum Phasing {
    /// The same amount every day.
    #[default]
    Linear,
    /// The share (per mille) of the target reached by the end of each of equal parts of the
    /// campaign, e.g. `[100, 300, 1000]`: a slow start and most of it in the last third.
    Curve(Vec<u16>),
}

pub const CURVE_POINTS_MAX: usize = 52;

/// Why a curve cannot phase a target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CurveProblem {
    Empty,
    TooManyPoints,
    /// A share smaller than the one before it: what was reached cannot be lost.
    Decreasing,
    /// The last share is not the whole target (1,000 ‰).
    DoesNotEndAtTarget,
}

pub fn check_phasing(phasing: &Phasing) -> Result<(), CurveProblem> {
    let Phasing::Curve(points) = phasing else {
        return Ok(());
    };
    if points.is_empty() {
        return Err(CurveProblem::Empty);
    }
    if points.len() > CURVE_POINTS_MAX {
        return Err(CurveProblem::TooManyPoints);
    }
    if points.windows(2).any(|w| w[1] < w[0]) {
        return Err(CurveProblem::Decreasing);
    }
    if points.last() != Some(&1000) {
        return Err(CurveProblem::DoesNotEndAtTarget);
    }
    Ok(())
}

/// How much of `target` the plan expects by the end of `day`, for a campaign from `start` to
/// `end` (both days included).
pub fn planned_by(
    target: i64,
    metric: KpiMetric,
    phasing: &Phasing,
    start: NaiveDate,
    end: NaiveDate,
    day: NaiveDate,
) -> i64 {
    if day < start {
        return 0;
    }
    if !metric.accumulates() || day >= end {
        return target;
    }
    // Elapsed share of the campaign as a fraction `elapsed / total` of whole days.
    let total = i128::from((end - start).num_days() + 1);
    let elapsed = i128::from((day - start).num_days() + 1);
    let share_per_mille: i128 = match phasing {
        Phasing::Linear => return (i128::from(target) * elapsed / total) as i64,
        Phasing::Curve(points) if points.is_empty() => elapsed * 1000 / total,
        Phasing::Curve(points) => {
            // Position along the parts, scaled by `total`: part `k` covers
            // `[k * total, (k + 1) * total)` of `elapsed * n`.
            let n = points.len() as i128;
            let position = elapsed * n;
            let k = (position / total).min(n - 1);
            let within = position - k * total;
            let from = if k == 0 {
                0
            } else {
                i128::from(points[(k - 1) as usize])
            };
            let to = i128::from(points[k as usize]);
            from + (to - from) * within / total
        }
    };
    (i128::from(target) * share_per_mille / 1000) as i64
}

/// A KPI's actual from the figures entered for it, in the order entered: counts and money add
/// up; a rate or an average is the figure of the latest day.
pub fn actual_of(metric: KpiMetric, figures: impl IntoIterator<Item = (NaiveDate, i64)>) -> i64 {
    if metric.accumulates() {
        figures
            .into_iter()
            .fold(0i64, |sum, (_, v)| sum.saturating_add(v))
    } else {
        figures
            .into_iter()
            .fold(None::<(NaiveDate, i64)>, |latest, (day, v)| match latest {
                Some((d, _)) if d > day => latest,
                _ => Some((day, v)),
            })
            .map_or(0, |(_, v)| v)
    }
}

/// Share of this much below the plan that still counts as on plan.
pub const BEHIND_TOLERANCE_PER_MILLE: i64 = 100;

/// Where a KPI stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attainment {
    /// Actual as a share of the whole target, per mille.
    pub of_target: Option<i64>,
    /// Actual as a share of what the plan expects by now, per mille.
    pub of_plan: Option<i64>,
    /// More than the tolerance below the plan so far.
    pub behind: bool,
}

pub fn attainment(actual: i64, target: i64, planned: i64) -> Attainment {
    let of_plan = per_mille(actual, planned);
    Attainment {
        of_target: per_mille(actual, target),
        of_plan,
        behind: planned > 0 && of_plan.is_some_and(|p| p < 1000 - BEHIND_TOLERANCE_PER_MILLE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn a_linear_target_grows_by_the_day() {
        // Ten days, 1,000 leads.
        let plan = |day| {
            planned_by(
                1000,
                KpiMetric::Leads,
                &Phasing::Linear,
                d(3, 1),
                d(3, 10),
                day,
            )
        };
        assert_eq!(plan(d(2, 28)), 0);
        assert_eq!(plan(d(3, 1)), 100);
        assert_eq!(plan(d(3, 5)), 500);
        assert_eq!(plan(d(3, 10)), 1000);
        assert_eq!(plan(d(4, 1)), 1000);
    }

    #[test]
    fn a_curve_puts_the_target_where_the_campaign_does_its_work() {
        // Twelve days in three parts: 10 % by day 4, 30 % by day 8, all by day 12.
        let curve = Phasing::Curve(vec![100, 300, 1000]);
        assert_eq!(check_phasing(&curve), Ok(()));
        let plan = |day| planned_by(10_000, KpiMetric::Revenue, &curve, d(3, 1), d(3, 12), day);
        assert_eq!(plan(d(3, 4)), 1000);
        assert_eq!(plan(d(3, 8)), 3000);
        // Halfway through the last part: halfway from 30 % to 100 %.
        assert_eq!(plan(d(3, 10)), 6500);
        assert_eq!(plan(d(3, 12)), 10_000);
        // Never less than the day before.
        let mut last = 0;
        for day in 1..=12 {
            let now = plan(d(3, day));
            assert!(now >= last, "day {day}");
            last = now;
        }
    }

    #[test]
    fn rates_hold_their_target_on_every_day() {
        let plan = planned_by(
            250,
            KpiMetric::Ctr,
            &Phasing::Linear,
            d(3, 1),
            d(3, 31),
            d(3, 2),
        );
        assert_eq!(plan, 250);
        assert_eq!(KpiMetric::Ctr.unit(), KpiUnit::BasisPoints);
        assert!(KpiMetric::Revenue.accumulates());
        assert_eq!(KpiMetric::Revenue.unit(), KpiUnit::Money);
    }

    #[test]
    fn curves_that_cannot_phase_a_target_are_refused() {
        let check = |p: Vec<u16>| check_phasing(&Phasing::Curve(p));
        assert_eq!(check(vec![]), Err(CurveProblem::Empty));
        assert_eq!(check(vec![500, 400, 1000]), Err(CurveProblem::Decreasing));
        assert_eq!(check(vec![500, 900]), Err(CurveProblem::DoesNotEndAtTarget));
        assert_eq!(check(vec![1000; 53]), Err(CurveProblem::TooManyPoints));
        assert_eq!(check_phasing(&Phasing::Linear), Ok(()));
    }

    #[test]
    fn behind_plan_means_more_than_a_tenth_short_of_it() {
        let a = attainment(450, 1000, 500);
        assert_eq!(a.of_target, Some(450));
        assert_eq!(a.of_plan, Some(900));
        assert!(!a.behind);
        assert!(attainment(449, 1000, 500).behind);
        // Nothing planned yet: never behind, and no share of nothing.
        let early = attainment(0, 1000, 0);
        assert_eq!(early.of_plan, None);
        assert!(!early.behind);
        assert_eq!(attainment(0, 0, 0).of_target, None);
    }

    #[test]
    fn values_are_read_in_the_metric_s_unit_and_written_back_alike() {
        let cny = Currency::Cny;
        assert_eq!(KpiMetric::Leads.parse_value("1.2万", cny), Ok(12_000));
        assert_eq!(
            KpiMetric::Impressions.parse_value("3,000,000", cny),
            Ok(3_000_000)
        );
        assert_eq!(KpiMetric::Revenue.parse_value("¥3.5万", cny), Ok(3_500_000));
        assert_eq!(KpiMetric::Ctr.parse_value("2.5%", cny), Ok(250));
        assert_eq!(KpiMetric::ConversionRate.parse_value("0.75", cny), Ok(75));
        assert_eq!(KpiMetric::Roi.parse_value("-20%", cny), Ok(-2000));
        assert_eq!(
            KpiMetric::Leads.parse_value("-5", cny),
            Err(MoneyError::Negative)
        );
        assert_eq!(
            KpiMetric::Clicks.parse_value("1.5", cny),
            Err(MoneyError::TooPrecise)
        );
        assert_eq!(
            KpiMetric::Ctr.parse_value("abc%", cny),
            Err(MoneyError::Malformed)
        );
        for (metric, value) in [
            (KpiMetric::Leads, 12_000),
            (KpiMetric::Revenue, 123_456),
            (KpiMetric::Ctr, 250),
            (KpiMetric::Roi, -2005),
        ] {
            let text = metric.format_value(value, cny);
            assert_eq!(metric.parse_value(&text, cny), Ok(value), "{text}");
        }
        assert_eq!(KpiMetric::Ctr.format_value(250, cny), "2.50%");
        assert_eq!(KpiMetric::Leads.format_value(12_000, cny), "12,000");
    }

    #[test]
    fn counts_add_up_and_rates_take_the_latest_day() {
        let figures = [(d(3, 2), 120), (d(3, 1), 100), (d(3, 2), 130)];
        assert_eq!(actual_of(KpiMetric::Leads, figures), 350);
        // The latest day wins; of two on that day, the one entered last.
        assert_eq!(actual_of(KpiMetric::Ctr, figures), 130);
        assert_eq!(actual_of(KpiMetric::Ctr, []), 0);
    }

    #[test]
    fn metrics_are_named_in_storage_and_on_the_wire_alike() {
        for &m in KpiMetric::ALL {
            assert_eq!(KpiMetric::parse(m.as_str()), Some(m));
            assert_eq!(
                serde_json::to_string(&m).unwrap(),
                format!("\"{}\"", m.as_str())
            );
        }
    }
}
