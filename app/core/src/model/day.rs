//! A day on the wire, `2026-12-07`, read by a few lines of code instead of chrono's general
//! reader: chrono reads a `NaiveDate` through the machinery of every format it knows (RFC 2822,
//! RFC 3339, week dates…), and the browser's first pages read dates and nothing else. Written as
//! chrono writes it. Fields use it with `#[serde(with = "day")]`, or `day::option`.
use chrono::NaiveDate;
use serde::{Deserializer, Serializer};

/// A day as chrono reads one (`NaiveDate`'s `FromStr`): a year (up to four digits, or more
/// after a sign), a month and a day of one or two digits, joined by `-`, spaces allowed around
/// each part.
pub fn parse(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('-');
    // A year may be negative: its sign comes before the first `-` that separates.
    let (negative, year) = match parts.next()?.trim() {
        "" => (true, parts.next()?.trim()),
        year => (false, year),
    };
    let month = parts.next()?.trim();
    let day = parts.next()?.trim();
    if parts.next().is_some() {
        return None;
    }
    let digits = |s: &str, most: usize| {
        (!s.is_empty() && s.len() <= most && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    // Without a sign, four digits at most; with one, more (chrono writes years past 9999 so).
    let year = match year.strip_prefix('+') {
        Some(rest) => digits(rest, 9)?,
        None if negative => digits(year, 9)?,
        None => digits(year, 4)?,
    };
    let year = i32::try_from(year).ok()?;
    let year = if negative { -year } else { year };
    NaiveDate::from_ymd_opt(year, digits(month, 2)?, digits(day, 2)?)
}

pub fn serialize<S: Serializer>(day: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(day)
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    deserializer.deserialize_str(Day)
}

struct Day;

impl serde::de::Visitor<'_> for Day {
    type Value = NaiveDate;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a date as YYYY-MM-DD")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<NaiveDate, E> {
        parse(text).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(text), &self))
    }
}

/// `Option<NaiveDate>`: a day or `null`.
pub mod option {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        day: &Option<NaiveDate>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match day {
            Some(day) => serializer.collect_str(day),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<NaiveDate>, D::Error> {
        #[derive(Deserialize)]
        struct Wrapped(#[serde(with = "super")] NaiveDate);
        Ok(Option::<Wrapped>::deserialize(deserializer)?.map(|w| w.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn days_read_as_chrono_reads_them() {
        for text in [
            "2026-12-07",
            " 2026-12-07 ",
            "2026 - 1 - 5",
            "2026-1-05",
            "+2026-12-07",
            "-0044-03-15",
            "0000-01-01",
            "12026-02-03",
            "2026-02-30",
            "2026-13-01",
            "2026-12",
            "2026-12-07-01",
            "2026/12/07",
            "2026-012-07",
            "",
            "-",
            "--",
            "2026-12-7x",
            "٢٠٢٦-12-07",
        ] {
            assert_eq!(parse(text), text.parse::<NaiveDate>().ok(), "{text:?}");
        }
    }

    #[test]
    fn fields_travel_as_chrono_writes_them() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Both {
            #[serde(with = "super")]
            day: NaiveDate,
            #[serde(with = "super::option", default)]
            maybe: Option<NaiveDate>,
        }
        let both = Both {
            day: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            maybe: None,
        };
        let json = serde_json::to_string(&both).unwrap();
        assert_eq!(json, r#"{"day":"2026-12-07","maybe":null}"#);
        assert_eq!(serde_json::from_str::<Both>(&json).unwrap(), both);
        let read: Both =
            serde_json::from_str(r#"{"day":"2026-01-02","maybe":"2027-03-04"}"#).unwrap();
        assert_eq!(read.maybe, NaiveDate::from_ymd_opt(2027, 3, 4));
        assert_eq!(
            serde_json::from_str::<Both>(r#"{"day":"2026-01-02"}"#)
                .unwrap()
                .maybe,
            None
        );
        assert!(serde_json::from_str::<Both>(r#"{"day":"2026-02-30"}"#).is_err());
        assert!(serde_json::from_str::<Both>(r#"{"day":20260102}"#).is_err());
    }

    proptest! {
        #[test]
        fn any_day_chrono_writes_reads_back(days in -1_000_000i32..1_000_000) {
            let day = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            prop_assert_eq!(parse(&day.to_string()), Some(day));
        }

        #[test]
        fn any_near_miss_reads_as_chrono_reads_it(text in "[ ]?[+-]?[0-9]{0,6}[ ]?-[ ]?[0-9]{0,3}[ ]?-[ ]?[0-9]{0,3}[ ]?") {
            prop_assert_eq!(parse(&text), text.parse::<NaiveDate>().ok());
        }
    }
}
