//! The Gantt chart's time axis: zoom levels, dates to pixels and back, and the header's ticks.
use chrono::{Datelike, Days, NaiveDate};

use crate::i18n::{Locale, K};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Zoom {
    Day,
    Week,
    Month,
    Quarter,
}

impl Zoom {
    pub const ALL: [Zoom; 4] = [Zoom::Day, Zoom::Week, Zoom::Month, Zoom::Quarter];

    pub fn px_per_day(self) -> f64 {
        match self {
            Zoom::Day => 36.0,
            Zoom::Week => 14.0,
            Zoom::Month => 4.0,
            Zoom::Quarter => 1.5,
        }
    }

    pub fn label(self) -> K {
        match self {
            Zoom::Day => K::ZoomDay,
            Zoom::Week => K::ZoomWeek,
            Zoom::Month => K::ZoomMonth,
            Zoom::Quarter => K::ZoomQuarter,
        }
    }
}

/// One labelled stretch of the header.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub x: f64,
    pub width: f64,
    pub label: String,
}

/// Maps dates to horizontal pixels for one zoom level.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub zoom: Zoom,
    pub origin: NaiveDate,
    pub days: i64,
}

impl Scale {
    /// A scale covering `first` to `last` with room either side, starting on a month's first day.
    pub fn new(zoom: Zoom, first: NaiveDate, last: NaiveDate) -> Scale {
        let padded = first.checked_sub_days(Days::new(14)).unwrap_or(first);
        let origin = padded.with_day(1).unwrap_or(padded);
        let end = last.checked_add_days(Days::new(60)).unwrap_or(last);
        Scale {
            zoom,
            origin,
            days: (end - origin).num_days().max(31),
        }
    }

    pub fn ppd(&self) -> f64 {
        self.zoom.px_per_day()
    }

    pub fn width(&self) -> f64 {
        self.days as f64 * self.ppd()
    }

    /// The left edge of `date`.
    pub fn x(&self, date: NaiveDate) -> f64 {
        (date - self.origin).num_days() as f64 * self.ppd()
    }

    /// The day under pixel `x`.
    pub fn date_at(&self, x: f64) -> NaiveDate {
        let days = (x / self.ppd()).floor() as i64;
        if days >= 0 {
            self.origin
                .checked_add_days(Days::new(days as u64))
                .unwrap_or(self.origin)
        } else {
            self.origin
                .checked_sub_days(Days::new(days.unsigned_abs()))
                .unwrap_or(self.origin)
        }
    }

    /// Whole days a horizontal drag of `dx` pixels stands for.
    pub fn days_in(&self, dx: f64) -> i64 {
        (dx / self.ppd()).round() as i64
    }

    /// The header's two rows (coarse above, fine below) for the pixels `x0..x1`.
    pub fn ticks(&self, x0: f64, x1: f64, locale: Locale) -> (Vec<Tick>, Vec<Tick>) {
        let from = self.date_at(x0.max(0.0));
        let to = self.date_at(x1.min(self.width()));
        let month_name = |d: NaiveDate| match locale {
            Locale::Zh => format!("{}月", d.month()),
            Locale::En => d.format("%b").to_string(),
        };
        let year_month = |d: NaiveDate| match locale {
            Locale::Zh => format!("{}年{}月", d.year(), d.month()),
            Locale::En => d.format("%b %Y").to_string(),
        };
        match self.zoom {
            Zoom::Day => (
                self.spans(from, to, month_start, next_month, year_month),
                self.spans(from, to, |d| d, next_day, |d| d.day().to_string()),
            ),
            Zoom::Week => (
                self.spans(from, to, month_start, next_month, year_month),
                self.spans(from, to, week_start, next_week, |d| {
                    d.format("%m-%d").to_string()
                }),
            ),
            Zoom::Month => (
                self.spans(from, to, year_start, next_year, |d| d.year().to_string()),
                self.spans(from, to, month_start, next_month, month_name),
            ),
            Zoom::Quarter => (
                self.spans(from, to, year_start, next_year, |d| d.year().to_string()),
                self.spans(from, to, quarter_start, next_quarter, |d| {
                    format!("Q{}", (d.month() - 1) / 3 + 1)
                }),
            ),
        }
    }

    fn spans(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        align: impl Fn(NaiveDate) -> NaiveDate,
        next: impl Fn(NaiveDate) -> NaiveDate,
        label: impl Fn(NaiveDate) -> String,
    ) -> Vec<Tick> {
        let mut out = Vec::new();
        let mut at = align(from);
        // A bounded walk: even a day scale over the visible width has a few hundred ticks.
        while at <= to && out.len() < 2000 {
            let after = next(at);
            out.push(Tick {
                x: self.x(at),
                width: self.x(after) - self.x(at),
                label: label(at),
            });
            at = after;
        }
        out
    }
}

fn next_day(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(d)
}

fn week_start(d: NaiveDate) -> NaiveDate {
    d.checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday())))
        .unwrap_or(d)
}

fn next_week(d: NaiveDate) -> NaiveDate {
    d.checked_add_days(Days::new(7)).unwrap_or(d)
}

fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn next_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(d)
}

fn quarter_start(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), (d.month() - 1) / 3 * 3 + 1, 1).unwrap_or(d)
}

fn next_quarter(d: NaiveDate) -> NaiveDate {
    next_month(next_month(next_month(quarter_start(d))))
}

fn year_start(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), 1, 1).unwrap_or(d)
}

fn next_year(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year() + 1, 1, 1).unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn dates_and_pixels_round_trip() {
        let s = Scale::new(Zoom::Week, d(11, 10), d(12, 20));
        assert_eq!(s.origin, d(10, 1));
        assert_eq!(s.x(d(10, 2)), 14.0);
        assert_eq!(s.date_at(s.x(d(11, 11)) + 3.0), d(11, 11));
        assert_eq!(s.days_in(20.0), 1);
        assert_eq!(s.days_in(-22.0), -2);
    }

    #[test]
    fn ticks_follow_the_zoom() {
        let s = Scale::new(Zoom::Week, d(11, 10), d(12, 20));
        let (months, weeks) = s.ticks(0.0, s.x(d(11, 1)), Locale::En);
        assert_eq!(months[0].label, "Oct 2026");
        // Weeks start on Mondays: 28 September is the Monday before 1 October.
        assert_eq!(weeks[0].label, "09-28");
        assert_eq!(weeks[1].label, "10-05");
        let q = Scale::new(Zoom::Quarter, d(3, 10), d(12, 20));
        let (years, quarters) = q.ticks(0.0, q.width(), Locale::Zh);
        assert_eq!(years[0].label, "2026");
        assert_eq!(
            quarters
                .iter()
                .take(4)
                .map(|t| t.label.as_str())
                .collect::<Vec<_>>(),
            ["Q1", "Q2", "Q3", "Q4"]
        );
        // Two weeks of room before 10 January reach back into December 2025.
        let (years, months) =
            Scale::new(Zoom::Month, d(1, 10), d(3, 1)).ticks(0.0, 200.0, Locale::Zh);
        assert_eq!(
            (years[0].label.as_str(), years[1].label.as_str()),
            ("2025", "2026")
        );
        assert_eq!(
            (months[0].label.as_str(), months[1].label.as_str()),
            ("12月", "1月")
        );
    }
}
