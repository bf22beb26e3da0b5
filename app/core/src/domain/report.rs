//! Channel reports: the figures of a day's rows summed per channel, campaign, ad, region,
//! audience or period, the ratios marketers read from them (CTR, CPC, CPM, CVR, CPA, ROAS, ROI),
//! and the comparison with the period just before. Money stays in integer minor units; only
//! ratios are fractions, worked out from the sums (never averaged across rows).
use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::money::{format_amount, grouped, Currency};
use crate::i18n::{Locale, K};
use crate::model::values::{Channel, Dimension, Measure};

/// The sums of a set of rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sums {
    /// Minor units of the project's currency.
    pub spend: i64,
    pub impressions: i64,
    pub clicks: i64,
    pub conversions: i64,
    /// Minor units of the project's currency.
    pub revenue: i64,
}

impl Sums {
    pub fn add(&mut self, other: &Sums) {
        self.spend = self.spend.saturating_add(other.spend);
        self.impressions = self.impressions.saturating_add(other.impressions);
        self.clicks = self.clicks.saturating_add(other.clicks);
        self.conversions = self.conversions.saturating_add(other.conversions);
        self.revenue = self.revenue.saturating_add(other.revenue);
    }

    pub fn is_empty(&self) -> bool {
        *self == Sums::default()
    }
}

fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole != 0).then(|| part as f64 / whole as f64)
}

impl Measure {
    /// The measure of `sums`: counts as they are, money in minor units, rates as fractions
    /// (0.05 for 5%); `None` where it divides by nothing (no clicks, no spend).
    pub fn of(self, s: &Sums) -> Option<f64> {
        match self {
            Measure::Impressions => Some(s.impressions as f64),
            Measure::Clicks => Some(s.clicks as f64),
            Measure::Ctr => ratio(s.clicks, s.impressions),
            Measure::Spend => Some(s.spend as f64),
            Measure::Cpc => ratio(s.spend, s.clicks),
            Measure::Cpm => ratio(s.spend, s.impressions).map(|r| r * 1000.0),
            Measure::Conversions => Some(s.conversions as f64),
            Measure::Cvr => ratio(s.conversions, s.clicks),
            Measure::Cpa => ratio(s.spend, s.conversions),
            Measure::Revenue => Some(s.revenue as f64),
            Measure::Roas => ratio(s.revenue, s.spend),
            Measure::Roi => ratio(s.revenue - s.spend, s.spend),
        }
    }

    pub fn is_money(self) -> bool {
        matches!(
            self,
            Measure::Spend | Measure::Cpc | Measure::Cpm | Measure::Cpa | Measure::Revenue
        )
    }

    /// A sum, whose parts add up to the whole (so it may be stacked or cut into slices); the
    /// others are ratios of sums.
    pub fn is_additive(self) -> bool {
        matches!(
            self,
            Measure::Spend
                | Measure::Impressions
                | Measure::Clicks
                | Measure::Conversions
                | Measure::Revenue
        )
    }

    pub fn is_rate(self) -> bool {
        matches!(
            self,
            Measure::Ctr | Measure::Cvr | Measure::Roas | Measure::Roi
        )
    }

    /// Where less is better (a cost per result): a rise is bad news.
    pub fn lower_is_better(self) -> bool {
        matches!(self, Measure::Cpc | Measure::Cpm | Measure::Cpa)
    }

    /// The measure as a person reads it: "¥1,234.50", "12,345", "3.21%", ROAS as "2.35".
    pub fn format(self, value: Option<f64>, currency: Currency) -> String {
        let Some(v) = value else {
            return "—".to_string();
        };
        match self {
            Measure::Roas => format!("{v:.2}"),
            m if m.is_rate() => format!("{:.2}%", v * 100.0),
            m if m.is_money() => format_amount(v.round() as i64, currency),
            _ => {
                let n = v.round() as i64;
                let sign = if n < 0 { "-" } else { "" };
                format!("{sign}{}", grouped(n.unsigned_abs()))
            }
        }
    }
}

/// The change from `before` to `now` as a fraction (0.1 for +10%), where there was a before.
pub fn change(now: Option<f64>, before: Option<f64>) -> Option<f64> {
    match (now, before) {
        (Some(n), Some(b)) if b != 0.0 => Some((n - b) / b.abs()),
        _ => None,
    }
}

/// The period of the same length just before `from`..=`to`.
pub fn previous_period(from: NaiveDate, to: NaiveDate) -> (NaiveDate, NaiveDate) {
    let days = (to - from).num_days().max(0) + 1;
    let end = from - Duration::days(1);
    (end - Duration::days(days - 1), end)
}

/// The key of the period a day falls in: the day (`2026-11-03`), the Monday its week starts
/// on (`2026-11-02`), or its month (`2026-11`). Keys sort in time order.
pub fn period_key(day: NaiveDate, dimension: Dimension) -> String {
    match dimension {
        Dimension::Week => {
            let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
            monday.format("%Y-%m-%d").to_string()
        }
        Dimension::Month => day.format("%Y-%m").to_string(),
        _ => day.format("%Y-%m-%d").to_string(),
    }
}

/// One row of a report: what it is about, its sums, and the same in the period before (for a
/// channel, campaign, region, audience or ad; periods are not compared row by row).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PivotRow {
    pub key: String,
    pub sums: Sums,
    pub previous: Option<Sums>,
}

/// A report: rows, their totals (which are the sum of the rows), and the totals of the period
/// before when asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pivot {
    pub rows: Vec<PivotRow>,
    pub total: Sums,
    pub previous_total: Option<Sums>,
}

/// Builds a report from sums per key (keys may repeat: they are added up). Periods come in time
/// order; everything else by spend, largest first, then by name. `previous` (the period before,
/// by the same keys) gives each row its comparison and the report its previous totals.
pub fn pivot(
    dimension: Dimension,
    current: impl IntoIterator<Item = (String, Sums)>,
    previous: Option<Vec<(String, Sums)>>,
) -> Pivot {
    let mut rows: Vec<PivotRow> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut total = Sums::default();
    for (key, sums) in current {
        total.add(&sums);
        match index.get(&key) {
            Some(&i) => rows[i].sums.add(&sums),
            None => {
                index.insert(key.clone(), rows.len());
                rows.push(PivotRow {
                    key,
                    sums,
                    previous: None,
                });
            }
        }
    }
    let previous_total = previous.map(|before| {
        let mut total = Sums::default();
        for (key, sums) in before {
            total.add(&sums);
            if dimension.is_period() {
                continue;
            }
            if let Some(&i) = index.get(&key) {
                rows[i]
                    .previous
                    .get_or_insert_with(Sums::default)
                    .add(&sums);
            }
        }
        if !dimension.is_period() {
            for row in &mut rows {
                row.previous.get_or_insert_with(Sums::default);
            }
        }
        total
    });
    if dimension.is_period() {
        rows.sort_by(|a, b| a.key.cmp(&b.key));
    } else {
        rows.sort_by(|a, b| b.sums.spend.cmp(&a.sums.spend).then(a.key.cmp(&b.key)));
    }
    Pivot {
        rows,
        total,
        previous_total,
    }
}

/// The label of a report row's key in `locale`: a channel by its name, a week by its first
/// day, a blank by "(not set)".
pub fn key_label(dimension: Dimension, key: &str, locale: Locale) -> String {
    match dimension {
        Dimension::Channel => Channel::parse(key)
            .map(|c| c.label().text(locale).to_string())
            .unwrap_or_else(|| key.to_string()),
        Dimension::Week => K::WeekOf.text(locale).replace("{d}", key),
        _ if key.is_empty() => K::NotSet.text(locale).to_string(),
        _ => key.to_string(),
    }
}

/// Adds a row of nothing for every period of `from`..=`to` without data, so a time series has
/// no holes (a chart would join the days on either side of a gap as if they were neighbours).
pub fn fill_periods(pivot: &mut Pivot, dimension: Dimension, from: NaiveDate, to: NaiveDate) {
    if !dimension.is_period() || from > to {
        return;
    }
    let mut have: std::collections::HashSet<String> =
        pivot.rows.iter().map(|r| r.key.clone()).collect();
    let mut day = from;
    while day <= to {
        let key = period_key(day, dimension);
        if have.insert(key.clone()) {
            pivot.rows.push(PivotRow {
                key,
                sums: Sums::default(),
                previous: None,
            });
        }
        day += Duration::days(1);
    }
    pivot.rows.sort_by(|a, b| a.key.cmp(&b.key));
}

impl Dimension {
    /// Day, week or month: rows are periods.
    pub fn is_period(self) -> bool {
        matches!(self, Dimension::Day | Dimension::Week | Dimension::Month)
    }
}

/// What the day sums kept for reports are grouped by besides day and channel: nothing (`all`,
/// the channel's day total), or campaign, region or audience.
pub const SUMMED_BY: [&str; 4] = ["all", "campaign", "region", "audience"];

/// One of the sums kept for reports: a day's rows on a channel, with one value of what
/// `dimension` groups by (empty for `all`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DaySum<'r> {
    pub dimension: &'static str,
    pub day: NaiveDate,
    pub channel: Channel,
    pub value: &'r str,
    pub sums: Sums,
}

/// Rows added up into the sums kept for reports, for every entry of [`SUMMED_BY`], in the
/// order of the table's key (dimension, day, channel, value): what the database gives when it
/// sums the same rows, worked out from rows already in memory.
pub fn day_sums(rows: &[super::ingest::MetricRow]) -> Vec<DaySum<'_>> {
    let mut sums: std::collections::HashMap<(usize, NaiveDate, Channel, &str), Sums> =
        std::collections::HashMap::new();
    for r in rows {
        let figures = Sums {
            spend: r.spend,
            impressions: r.impressions,
            clicks: r.clicks,
            conversions: r.conversions,
            revenue: r.revenue,
        };
        let values = [
            "",
            r.campaign.as_str(),
            r.region.as_str(),
            r.audience.as_str(),
        ];
        for (d, value) in values.into_iter().enumerate() {
            sums.entry((d, r.day, r.channel, value))
                .or_default()
                .add(&figures);
        }
    }
    let mut out: Vec<DaySum<'_>> = sums
        .into_iter()
        .map(|((d, day, channel, value), sums)| DaySum {
            dimension: SUMMED_BY[d],
            day,
            channel,
            value,
            sums,
        })
        .collect();
    out.sort_unstable_by(|a, b| {
        (a.dimension, a.day, a.channel.as_str(), a.value).cmp(&(
            b.dimension,
            b.day,
            b.channel.as_str(),
            b.value,
        ))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ingest::MetricRow;

    fn metric(day: u32, channel: Channel, campaign: &str, region: &str, spend: i64) -> MetricRow {
        MetricRow {
            day: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
            channel,
            campaign: campaign.into(),
            ad: format!("ad {spend}"),
            region: region.into(),
            audience: "18-24".into(),
            spend,
            impressions: spend * 10,
            clicks: spend,
            conversions: 1,
            revenue: spend * 3,
        }
    }

    #[test]
    fn day_sums_add_up_each_day_channel_and_value() {
        let rows = [
            metric(1, Channel::Douyin, "双11", "上海", 100),
            metric(1, Channel::Douyin, "双11", "北京", 50),
            metric(1, Channel::Douyin, "年货", "上海", 7),
            metric(2, Channel::Douyin, "双11", "上海", 1),
            metric(1, Channel::Kuaishou, "双11", "上海", 20),
        ];
        let sums = day_sums(&rows);
        let find = |dimension: &str, day: u32, channel: Channel, value: &str| {
            let day = NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
            sums.iter()
                .find(|s| {
                    s.dimension == dimension
                        && s.day == day
                        && s.channel == channel
                        && s.value == value
                })
                .map(|s| s.sums)
        };
        let all = find("all", 1, Channel::Douyin, "").unwrap();
        assert_eq!(
            (all.spend, all.impressions, all.conversions, all.revenue),
            (157, 1570, 3, 471)
        );
        assert_eq!(
            find("campaign", 1, Channel::Douyin, "双11").unwrap().spend,
            150
        );
        assert_eq!(
            find("campaign", 1, Channel::Douyin, "年货").unwrap().spend,
            7
        );
        assert_eq!(
            find("region", 1, Channel::Douyin, "上海").unwrap().spend,
            107
        );
        assert_eq!(
            find("audience", 1, Channel::Douyin, "18-24")
                .unwrap()
                .clicks,
            157
        );
        assert_eq!(find("all", 2, Channel::Douyin, "").unwrap().spend, 1);
        assert_eq!(find("all", 1, Channel::Kuaishou, "").unwrap().spend, 20);
        // Every dimension sums every row once.
        for dimension in SUMMED_BY {
            let total: i64 = sums
                .iter()
                .filter(|s| s.dimension == dimension)
                .map(|s| s.sums.spend)
                .sum();
            assert_eq!(total, 178, "{dimension}");
        }
        // In the order of the table's key.
        assert!(sums.windows(2).all(|w| {
            (w[0].dimension, w[0].day, w[0].channel.as_str(), w[0].value)
                < (w[1].dimension, w[1].day, w[1].channel.as_str(), w[1].value)
        }));
    }

    fn sums(spend: i64, impressions: i64, clicks: i64, conversions: i64, revenue: i64) -> Sums {
        Sums {
            spend,
            impressions,
            clicks,
            conversions,
            revenue,
        }
    }

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn ratios_come_from_the_sums() {
        // ¥1,000.00 spent, 200,000 shown, 4,000 clicks, 80 orders worth ¥3,000.00.
        let s = sums(100_000, 200_000, 4_000, 80, 300_000);
        assert_eq!(Measure::Ctr.of(&s), Some(0.02));
        assert_eq!(Measure::Cpc.of(&s), Some(25.0));
        assert_eq!(Measure::Cpm.of(&s), Some(500.0));
        assert_eq!(Measure::Cvr.of(&s), Some(0.02));
        assert_eq!(Measure::Cpa.of(&s), Some(1250.0));
        assert_eq!(Measure::Roas.of(&s), Some(3.0));
        assert_eq!(Measure::Roi.of(&s), Some(2.0));
        let c = Currency::Cny;
        assert_eq!(Measure::Ctr.format(Measure::Ctr.of(&s), c), "2.00%");
        assert_eq!(Measure::Cpc.format(Measure::Cpc.of(&s), c), "¥0.25");
        assert_eq!(Measure::Cpa.format(Measure::Cpa.of(&s), c), "¥12.50");
        assert_eq!(Measure::Roas.format(Measure::Roas.of(&s), c), "3.00");
        assert_eq!(Measure::Roi.format(Measure::Roi.of(&s), c), "200.00%");
        assert_eq!(
            Measure::Impressions.format(Measure::Impressions.of(&s), c),
            "200,000"
        );
    }

    #[test]
    fn nothing_to_divide_by_is_no_figure_not_zero_or_infinity() {
        let s = sums(5_000, 0, 0, 0, 0);
        for m in [
            Measure::Ctr,
            Measure::Cpc,
            Measure::Cpm,
            Measure::Cvr,
            Measure::Cpa,
        ] {
            assert_eq!(m.of(&s), None, "{m:?}");
            assert_eq!(m.format(m.of(&s), Currency::Cny), "—");
        }
        assert_eq!(Measure::Roas.of(&Sums::default()), None);
        assert_eq!(Measure::Roi.of(&s), Some(-1.0));
    }

    #[test]
    fn the_period_before_has_the_same_length() {
        assert_eq!(
            previous_period(day(11, 1), day(11, 30)),
            (day(10, 2), day(10, 31))
        );
        assert_eq!(
            previous_period(day(11, 5), day(11, 5)),
            (day(11, 4), day(11, 4))
        );
    }

    #[test]
    fn periods_are_keyed_to_sort_in_time_order() {
        // 2026-11-04 is a Wednesday; its week starts on Monday the 2nd.
        assert_eq!(period_key(day(11, 4), Dimension::Week), "2026-11-02");
        assert_eq!(period_key(day(11, 2), Dimension::Week), "2026-11-02");
        assert_eq!(period_key(day(11, 1), Dimension::Week), "2026-10-26");
        assert_eq!(period_key(day(11, 4), Dimension::Month), "2026-11");
        assert_eq!(period_key(day(11, 4), Dimension::Day), "2026-11-04");
    }

    #[test]
    fn totals_are_the_sum_of_the_rows_and_rows_are_compared_by_key() {
        let current = vec![
            ("douyin".to_string(), sums(300, 10, 2, 1, 900)),
            ("wechat".to_string(), sums(500, 20, 4, 2, 400)),
            ("douyin".to_string(), sums(100, 5, 1, 0, 0)),
        ];
        let previous = vec![
            ("douyin".to_string(), sums(200, 8, 1, 1, 100)),
            ("weibo".to_string(), sums(50, 1, 0, 0, 0)),
        ];
        let p = pivot(Dimension::Channel, current, Some(previous));
        let keys: Vec<&str> = p.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["wechat", "douyin"], "by spend, largest first");
        assert_eq!(p.rows[1].sums, sums(400, 15, 3, 1, 900));
        let mut added = Sums::default();
        for r in &p.rows {
            added.add(&r.sums);
        }
        assert_eq!(added, p.total);
        assert_eq!(p.rows[1].previous, Some(sums(200, 8, 1, 1, 100)));
        assert_eq!(p.rows[0].previous, Some(Sums::default()));
        // Weibo spent before, not now: it counts in the previous total.
        assert_eq!(p.previous_total, Some(sums(250, 9, 1, 1, 100)));
        assert_eq!(
            change(Measure::Spend.of(&p.total), Some(250.0)),
            Some(2.6),
            "¥9.00 now against ¥2.50 before"
        );
    }

    #[test]
    fn periods_come_in_time_order_without_row_comparisons() {
        let current = vec![
            ("2026-11-09".to_string(), sums(1, 0, 0, 0, 0)),
            ("2026-11-02".to_string(), sums(2, 0, 0, 0, 0)),
        ];
        let p = pivot(
            Dimension::Week,
            current,
            Some(vec![("2026-10-26".to_string(), sums(7, 0, 0, 0, 0))]),
        );
        assert_eq!(p.rows[0].key, "2026-11-02");
        assert!(p.rows.iter().all(|r| r.previous.is_none()));
        assert_eq!(p.previous_total.map(|t| t.spend), Some(7));
        assert_eq!(pivot(Dimension::Day, vec![], None).previous_total, None);
    }

    #[test]
    fn a_time_series_has_no_holes() {
        let current = vec![
            ("2026-11-01".to_string(), sums(5, 0, 0, 0, 0)),
            ("2026-11-04".to_string(), sums(7, 0, 0, 0, 0)),
        ];
        let mut p = pivot(Dimension::Day, current.clone(), None);
        fill_periods(&mut p, Dimension::Day, day(10, 31), day(11, 4));
        let keys: Vec<&str> = p.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "2026-10-31",
                "2026-11-01",
                "2026-11-02",
                "2026-11-03",
                "2026-11-04"
            ]
        );
        assert_eq!(p.total.spend, 12, "the totals do not change");
        let mut weeks = pivot(Dimension::Week, vec![], None);
        fill_periods(&mut weeks, Dimension::Week, day(11, 1), day(11, 20));
        assert_eq!(
            weeks.rows.len(),
            4,
            "weeks of 10-26, 11-02, 11-09 and 11-16"
        );
        let mut channels = pivot(Dimension::Channel, current, None);
        fill_periods(&mut channels, Dimension::Channel, day(11, 1), day(11, 4));
        assert_eq!(channels.rows.len(), 2, "only periods are filled");
    }
}
