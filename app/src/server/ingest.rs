//! Reading an uploaded export: its bytes decoded whatever the platform wrote them in (UTF-8 with
//! or without a byte-order mark, UTF-16 with one, else GB18030 — which reads GBK and GB2312
//! too), split as CSV (comma, tab or semicolon, whichever the header row uses), the header
//! matched to fields (`domain::ingest`), then every row read or refused with its line number.
use csv::{ReaderBuilder, StringRecord};
use serde::{Deserialize, Serialize};

use crate::domain::ingest::{
    detect, guess, read_row, Field, Mapping, MetricRow, Platform, Problem, RefusedRow, RowOutcome,
};
use crate::domain::money::Currency;

/// The text encodings exports come in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    Utf8,
    Utf16,
    Gb18030,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf8",
            Encoding::Utf16 => "utf16",
            Encoding::Gb18030 => "gb18030",
        }
    }
}

/// The text of an export. Never fails: bytes that are text in no encoding come out as
/// replacement characters, and the rows holding them are refused one by one.
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_with_bom_removal(bytes);
        let kind = if encoding == encoding_rs::UTF_8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        return (text.into_owned(), kind);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), Encoding::Utf8),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            (text.into_owned(), Encoding::Gb18030)
        }
    }
}

/// The separator the header row uses most.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| header.matches(char::from(*d)).count())
        .unwrap_or(b',')
}

/// Refused rows kept with their cells, at most; the rest are counted.
pub const REFUSED_KEPT: usize = 1000;

/// What a file holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub encoding: Option<Encoding>,
    pub headers: Vec<String>,
    pub platform: Option<Platform>,
    pub mapping: Mapping,
    /// What the mapping lacks; rows are read only when nothing is missing.
    pub missing: Vec<Field>,
    pub rows: Vec<(u64, MetricRow)>,
    pub refused: Vec<RefusedRow>,
    pub refused_count: usize,
    pub skipped: usize,
    /// The first rows as they are, to choose columns by when the mapping lacks something.
    pub sample: Vec<Vec<String>>,
}

/// Rows kept as a sample.
pub const SAMPLE_ROWS: usize = 3;

impl Parsed {
    /// Counts a refused row, and keeps it while fewer than [`REFUSED_KEPT`] are kept.
    fn refuse(&mut self, line: u64, cells: &[&str], problems: Vec<Problem>) {
        self.refused_count += 1;
        if self.refused.len() < REFUSED_KEPT {
            self.refused.push(RefusedRow {
                line,
                cells: cells.iter().map(|c| c.to_string()).collect(),
                problems,
            });
        }
    }
}

/// The kinds of file read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    /// A workbook is a zip archive; anything else is read as text.
    pub fn of(bytes: &[u8]) -> Format {
        if bytes.starts_with(b"PK\x03\x04") {
            Format::Xlsx
        } else {
            Format::Csv
        }
    }
}

/// Reads a CSV export or the first sheet of a workbook. `Err` only for a workbook that cannot
/// be opened; a text file always reads (rows that make no sense are refused one by one).
pub fn read_file(
    bytes: &[u8],
    mapping: Option<Mapping>,
    currency: Currency,
) -> Result<Parsed, crate::i18n::K> {
    match Format::of(bytes) {
        Format::Csv => Ok(read_csv(bytes, mapping, currency)),
        Format::Xlsx => read_xlsx(bytes, mapping, currency),
    }
}

impl Parsed {
    /// A file with these headers, about to be read with `mapping` or the one they suggest.
    fn start(headers: Vec<String>, mapping: Option<Mapping>, encoding: Option<Encoding>) -> Parsed {
        let platform = detect(&headers);
        let mapping = mapping.unwrap_or_else(|| guess(&headers));
        let missing = mapping.missing();
        Parsed {
            encoding,
            headers,
            platform,
            mapping,
            missing,
            ..Parsed::default()
        }
    }

    /// Reads one row, found at `line`.
    fn take(&mut self, line: u64, cells: &[&str], currency: Currency) {
        match read_row(cells, &self.mapping, currency) {
            RowOutcome::Row(row) => self.rows.push((line, row)),
            RowOutcome::Skipped => self.skipped += 1,
            RowOutcome::Refused(problems) => self.refuse(line, cells, problems),
        }
    }
}

/// Reads an export with `mapping`, or the one its headers suggest.
pub fn read_csv(bytes: &[u8], mapping: Option<Mapping>, currency: Currency) -> Parsed {
    let (text, encoding) = decode(bytes);
    let mut reader = ReaderBuilder::new()
        .delimiter(delimiter(&text))
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map(|h| h.iter().map(|c| c.trim().to_string()).collect())
        .unwrap_or_default();
    let mut parsed = Parsed::start(headers, mapping, Some(encoding));
    let mut record = StringRecord::new();
    if !parsed.missing.is_empty() {
        while parsed.sample.len() < SAMPLE_ROWS
            && matches!(reader.read_record(&mut record), Ok(true))
        {
            parsed
                .sample
                .push(record.iter().map(str::to_string).collect());
        }
        return parsed;
    }
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let cells: Vec<&str> = record.iter().collect();
                parsed.take(line, &cells, currency);
            }
            // A quote left open and the like: the row is refused, the rest still read.
            Err(_) => {
                let problem = Problem {
                    field: None,
                    key: crate::i18n::K::ErrMalformedRow,
                };
                parsed.refuse(line, &[], vec![problem]);
                if reader.is_done() {
                    break;
                }
            }
        }
    }
    parsed
}

/// A workbook cell as the text an export would have written: dates as `2026-11-01`, whole
/// numbers without a fraction, others to six places at most (a sum Excel worked out as
/// 0.30000000000000004 is 0.3).
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                let t = format!("{f:.6}");
                t.trim_end_matches('0').trim_end_matches('.').to_string()
            }
        }
        Data::DateTime(d) => d
            .as_datetime()
            .map(|t| t.date().format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Reads the first sheet of a workbook like a CSV export: its first row is the header.
pub fn read_xlsx(
    bytes: &[u8],
    mapping: Option<Mapping>,
    currency: Currency,
) -> Result<Parsed, crate::i18n::K> {
    use calamine::Reader;
    let unreadable = crate::i18n::K::ErrUnreadableWorkbook;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| unreadable)?;
    let range = match book.worksheet_range_at(0) {
        Some(Ok(range)) => range,
        Some(Err(_)) => return Err(unreadable),
        None => return Ok(Parsed::start(Vec::new(), mapping, None)),
    };
    // Rows are numbered as the sheet shows them, from where the used range starts.
    let first_line = range
        .start()
        .map(|(row, _)| u64::from(row) + 1)
        .unwrap_or(1);
    let mut rows = range.rows();
    let headers: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(|c| cell_text(c).trim().to_string()).collect())
        .unwrap_or_default();
    let mut parsed = Parsed::start(headers, mapping, None);
    if !parsed.missing.is_empty() {
        parsed.sample = rows
            .take(SAMPLE_ROWS)
            .map(|r| r.iter().map(cell_text).collect())
            .collect();
        return Ok(parsed);
    }
    for (i, row) in rows.enumerate() {
        let texts: Vec<String> = row.iter().map(cell_text).collect();
        let cells: Vec<&str> = texts.iter().map(String::as_str).collect();
        parsed.take(first_line + 1 + i as u64, &cells, currency);
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::K;
    use crate::model::Channel;
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn an_ocean_engine_export_with_a_byte_order_mark() {
        let p = read_csv(
            include_bytes!("../../testdata/ocean_engine_utf8_bom.csv"),
            None,
            Currency::Cny,
        );
        assert_eq!(p.encoding, Some(Encoding::Utf8));
        assert_eq!(p.platform, Some(Platform::OceanEngine));
        assert_eq!(p.headers[0], "日期");
        assert_eq!(p.rows.len(), 4);
        // The platform's totals row is not data.
        assert_eq!((p.skipped, p.refused_count), (1, 0));
        let (line, first) = &p.rows[0];
        assert_eq!(*line, 2);
        assert_eq!(first.day, day(1));
        assert_eq!(first.channel, Channel::Douyin);
        assert_eq!(first.campaign, "双11预热-信息流");
        assert_eq!(first.ad, "种草短视频A");
        assert_eq!(first.region, "广东");
        assert_eq!(first.spend, 1_234_560);
        assert_eq!(
            (first.impressions, first.clicks, first.conversions),
            (856_000, 10_230, 312)
        );
        // "3.2万" yuan.
        assert_eq!(p.rows[3].1.spend, 3_200_000);
        // The rows add up to the platform's own total.
        let spend: i64 = p.rows.iter().map(|(_, r)| r.spend).sum();
        assert_eq!(spend, 6_555_585);
    }

    #[test]
    fn a_kuaishou_export_in_gbk() {
        let bytes = include_bytes!("../../testdata/kuaishou_gbk.csv");
        assert!(
            String::from_utf8(bytes.to_vec()).is_err(),
            "the sample is GBK"
        );
        let p = read_csv(bytes, None, Currency::Cny);
        assert_eq!(p.encoding, Some(Encoding::Gb18030));
        assert_eq!(p.platform, Some(Platform::Kuaishou));
        assert_eq!(p.rows.len(), 3);
        let r = &p.rows[1].1;
        assert_eq!(r.day, day(2));
        assert_eq!(r.channel, Channel::Kuaishou);
        assert_eq!(r.campaign, "快手双11直播引流");
        assert_eq!(r.audience, "18-24岁女性");
        assert_eq!(
            (r.spend, r.impressions, r.clicks),
            (612_050, 350_500, 4_480)
        );
    }

    #[test]
    fn a_tencent_export_with_bad_rows_reports_each_and_keeps_the_good() {
        let p = read_csv(
            include_bytes!("../../testdata/tencent_ads_bad_rows.tsv"),
            None,
            Currency::Cny,
        );
        assert_eq!(p.platform, Some(Platform::TencentAds));
        let good: Vec<(u64, NaiveDate)> = p.rows.iter().map(|(l, r)| (*l, r.day)).collect();
        assert_eq!(good, vec![(2, day(1)), (7, day(4))]);
        assert_eq!(p.rows[1].1.impressions, 16_000);
        assert_eq!(p.skipped, 1);
        type Reasons = Vec<(Option<Field>, K)>;
        let refused: Vec<(u64, Reasons)> = p
            .refused
            .iter()
            .map(|r| {
                (
                    r.line,
                    r.problems.iter().map(|x| (x.field, x.key)).collect(),
                )
            })
            .collect();
        assert_eq!(
            refused,
            vec![
                (3, vec![(Some(Field::Date), K::ErrDate)]),
                (
                    4,
                    vec![
                        (Some(Field::Spend), K::ErrNegative),
                        (Some(Field::Clicks), K::ErrAmount)
                    ]
                ),
                (5, vec![(Some(Field::Spend), K::ErrAmount)]),
            ]
        );
        assert_eq!(p.refused[0].cells[1], "朋友圈双11");
    }

    #[test]
    fn utf16_and_unmapped_files() {
        let text = "Date\tChannel\tCost\n2026-11-01\t小红书\t99.5\n";
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let p = read_csv(&bytes, None, Currency::Cny);
        assert_eq!(p.encoding, Some(Encoding::Utf16));
        assert_eq!(p.rows.len(), 1);
        assert_eq!(p.rows[0].1.channel, Channel::Xiaohongshu);
        assert_eq!(p.rows[0].1.spend, 9_950);
        // Without a channel column or a platform, nothing is read until a mapping says.
        let p = read_csv(b"Date,Cost\n2026-11-01,5\n", None, Currency::Cny);
        assert_eq!(p.missing, vec![Field::Channel]);
        assert!(p.rows.is_empty());
        let mapping = Mapping {
            channel: Some(Channel::Baidu),
            ..p.mapping
        };
        let p = read_csv(b"Date,Cost\n2026-11-01,5\n", Some(mapping), Currency::Cny);
        assert_eq!(p.rows[0].1.channel, Channel::Baidu);
        // Nothing at all, or bytes that are no text, refuse nothing and read nothing.
        assert!(read_csv(b"", None, Currency::Cny).rows.is_empty());
        let p = read_csv(&[0xFF, 0x00, 0x81, 0x30], None, Currency::Cny);
        assert!(p.rows.is_empty());
    }
}
