//! The PMO dashboard's arithmetic (项目管理办公室): which months a window holds, which month a
//! day falls in, and averages in tenths, so that a month's cycle time, budget variance,
//! approval lead time and ROI read the same wherever they are drawn.
use chrono::{Datelike, Months, NaiveDate};

/// The first days of the `n` months up to and including `today`'s, oldest first.
pub fn months_to(today: NaiveDate, n: u32) -> Vec<NaiveDate> {
    let first = today.with_day(1).unwrap_or(today);
    (0..n)
        .rev()
        .filter_map(|back| first.checked_sub_months(Months::new(back)))
        .collect()
}

/// Where `day` falls among `months` (first days, oldest first), if within them.
pub fn month_index(months: &[NaiveDate], day: NaiveDate) -> Option<usize> {
    let first = day.with_day(1)?;
    months.iter().position(|m| *m == first)
}

/// The mean of `values`, rounded half away from zero; `None` for none.
pub fn mean(values: &[i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let n = values.len() as i128;
    let sum: i128 = values.iter().map(|v| i128::from(*v)).sum();
    let half = if sum >= 0 { n / 2 } else { -(n / 2) };
    i64::try_from((sum + half) / n).ok()
}

/// (spent − planned) / planned in basis points; `None` without a plan.
pub fn variance(planned: i64, spent: i64) -> Option<i64> {
    if planned <= 0 {
        return None;
    }
    let over = i128::from(spent) - i128::from(planned);
    i64::try_from((over * 10_000 + i128::from(planned) / 2 * over.signum()) / i128::from(planned))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_window_of_months_runs_across_the_new_year() {
        let months = months_to(d(2027, 2, 14), 4);
        assert_eq!(
            months,
            vec![d(2026, 11, 1), d(2026, 12, 1), d(2027, 1, 1), d(2027, 2, 1)]
        );
        assert_eq!(month_index(&months, d(2026, 12, 31)), Some(1));
        assert_eq!(month_index(&months, d(2026, 10, 31)), None);
        assert_eq!(month_index(&months, d(2027, 3, 1)), None);
    }

    #[test]
    fn means_and_variances_round_as_people_expect() {
        assert_eq!(mean(&[]), None);
        assert_eq!(mean(&[450, 340]), Some(395));
        assert_eq!(mean(&[1, 2]), Some(2));
        assert_eq!(mean(&[-1, -2]), Some(-2));
        // ¥100,000 planned, ¥108,000 spent: 8 % over; ¥95,000: 5 % under.
        assert_eq!(variance(10_000_000, 10_800_000), Some(800));
        assert_eq!(variance(10_000_000, 9_500_000), Some(-500));
        assert_eq!(variance(3, 4), Some(3_333));
        assert_eq!(variance(0, 100), None);
    }
}
