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
    let start = reader.position().clone();
    let body = &text[(start.byte() as usize).min(text.len())..];
    let mut reader = ReaderBuilder::new();
    reader
        .delimiter(delimiter(&text))
        .flexible(true)
        .has_headers(false);
    read_body(
        &mut parsed,
        body,
        start.line(),
        &reader,
        currency,
        HALVES_FROM,
    );
    parsed
}

/// Files whose rows take more bytes than this are read in two halves at once.
const HALVES_FROM: usize = 1 << 20;

/// Reads the rows of `body`, whose first line is line `first_line` of the file. From
/// `halves_from` bytes on, the rows are read in two halves side by side (on two threads), cut
/// where the reader itself finds a row ending, so that quoted line breaks stay inside their
/// row; what comes out is what one reader would have given.
fn read_body(
    parsed: &mut Parsed,
    body: &str,
    first_line: u64,
    reader: &ReaderBuilder,
    currency: Currency,
    halves_from: usize,
) {
    let cut = (body.len() >= halves_from)
        .then(|| halfway(body, reader))
        .flatten();
    let Some((byte, line)) = cut else {
        read_rows(parsed, body, first_line, reader, currency);
        return;
    };
    let mut second = Parsed {
        mapping: parsed.mapping.clone(),
        ..Parsed::default()
    };
    std::thread::scope(|scope| {
        scope.spawn(|| {
            read_rows(
                &mut second,
                &body[byte..],
                first_line + line - 1,
                reader,
                currency,
            )
        });
        read_rows(parsed, &body[..byte], first_line, reader, currency);
    });
    parsed.rows.append(&mut second.rows);
    parsed.skipped += second.skipped;
    parsed.refused_count += second.refused_count;
    let room = REFUSED_KEPT.saturating_sub(parsed.refused.len());
    parsed.refused.extend(second.refused.into_iter().take(room));
}

/// The first row ending the reader finds past the middle of `body`, as (byte, line of the
/// next row counted from 1); none when a row before it is malformed or it is the end.
fn halfway(body: &str, reader: &ReaderBuilder) -> Option<(usize, u64)> {
    let mut r = reader.from_reader(body.as_bytes());
    let mut record = csv::ByteRecord::new();
    while r.position().byte() < (body.len() / 2) as u64 {
        if !matches!(r.read_byte_record(&mut record), Ok(true)) {
            return None;
        }
    }
    let byte = r.position().byte() as usize;
    (byte < body.len() && body.is_char_boundary(byte)).then(|| (byte, r.position().line()))
}

/// Reads every row of `body`, whose first line is line `first_line` of the file.
fn read_rows(
    parsed: &mut Parsed,
    body: &str,
    first_line: u64,
    reader: &ReaderBuilder,
    currency: Currency,
) {
    let mut reader = reader.from_reader(body.as_bytes());
    let mut record = StringRecord::new();
    loop {
        let line = first_line + reader.position().line() - 1;
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

    /// Rows of `text` (a header line, then rows) read by one reader and in two halves.
    fn one_way_and_halves(text: &str) -> (Parsed, Parsed) {
        let header_end = text.find('\n').unwrap() + 1;
        let headers: Vec<String> = text[..header_end]
            .trim()
            .split(',')
            .map(String::from)
            .collect();
        let reader = {
            let mut b = ReaderBuilder::new();
            b.flexible(true).has_headers(false);
            b
        };
        let read = |halves_from: usize| {
            let mut p = Parsed::start(headers.clone(), None, Some(Encoding::Utf8));
            assert!(p.missing.is_empty());
            read_body(
                &mut p,
                &text[header_end..],
                2,
                &reader,
                Currency::Cny,
                halves_from,
            );
            p
        };
        (read(usize::MAX), read(0))
    }

    #[test]
    fn a_file_read_in_two_halves_reads_as_in_one() {
        let mut text = String::from("日期,渠道,广告计划,广告创意,消耗(元),展示数,点击数\n");
        for i in 0..400u32 {
            let day = i % 30 + 1;
            match i % 50 {
                // A quoted cell with a line break in it, and a comma.
                7 => text.push_str(&format!(
                    "2026-11-{day:02},抖音,\"双11\n预热, 二期\",创意{i},\"1,234.50\",100,10\n"
                )),
                // Bad rows, in both halves: a date that is none, an unknown channel, a negative spend.
                13 => text.push_str(&format!("2026-13-{day:02},抖音,计划,创意{i},1,1,1\n")),
                29 => text.push_str(&format!("2026-11-{day:02},电视,计划,创意{i},1,1,1\n")),
                41 => text.push_str(&format!("2026-11-{day:02},快手,计划,创意{i},-5,1,1\n")),
                _ => text.push_str(&format!(
                    "2026-11-{day:02},快手,计划{},创意{i},{}.5,{},{}\n",
                    i % 7,
                    i,
                    i * 10,
                    i
                )),
            }
        }
        let (one, halves) = one_way_and_halves(&text);
        assert_eq!(one.rows.len(), 400 - 3 * 8);
        assert_eq!(one.refused_count, 3 * 8);
        assert_eq!(
            one.rows
                .iter()
                .filter(|(_, r)| r.campaign == "双11\n预热, 二期")
                .count(),
            8
        );
        // The same rows, with the same line numbers, and the same refusals in the same order.
        assert_eq!(halves.rows, one.rows);
        assert_eq!(halves.refused, one.refused);
        assert_eq!(
            (halves.refused_count, halves.skipped),
            (one.refused_count, one.skipped)
        );
        // Line numbers count the quoted line breaks: the last row is on the file's last line.
        let lines = text.lines().count() as u64;
        assert_eq!(halves.rows.last().unwrap().0, lines);
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
