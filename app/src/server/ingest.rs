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
use crate::i18n::K;

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

/// What a workbook may unpack to, in all its parts. Neither the sizes its archive declares nor
/// the dimension its sheet states are believed: the parts are unpacked once, counting, before
/// anything reads them, and the sheet's cells are read one at a time, each checked against the
/// limits below — a sheet with a cell at A1 and one at the last row and column, or a million
/// empty rows, is refused with memory to spare.
pub const WORKBOOK_UNPACKED_MAX: u64 = 256 << 20;
/// The most parts an archive may have (a workbook has a few dozen).
const WORKBOOK_PARTS_MAX: usize = 10_000;
/// The rows and columns of the sheet read (an ad platform's export has a few dozen columns).
pub const SHEET_ROWS_MAX: u32 = 500_000;
pub const SHEET_COLUMNS_MAX: u32 = 256;
/// The most of one cell kept (a cell shared a million times is copied only this much each time).
const CELL_TEXT_MAX: usize = 4096;

/// Unpacks every part of the archive into nothing, counting: refused when they add up to more
/// than [`WORKBOOK_UNPACKED_MAX`], whatever the archive says of them.
fn check_archive(bytes: &[u8]) -> Result<(), K> {
    check_archive_within(bytes, WORKBOOK_UNPACKED_MAX)
}

fn check_archive_within(bytes: &[u8], limit: u64) -> Result<(), K> {
    use std::io::Read;
    let unreadable = K::ErrUnreadableWorkbook;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| unreadable)?;
    if archive.len() > WORKBOOK_PARTS_MAX {
        return Err(K::ErrWorkbookTooLarge);
    }
    let mut left = limit;
    for i in 0..archive.len() {
        let part = archive.by_index(i).map_err(|_| unreadable)?;
        let unpacked = std::io::copy(&mut part.take(left + 1), &mut std::io::sink())
            .map_err(|_| unreadable)?;
        if unpacked > left {
            return Err(K::ErrWorkbookTooLarge);
        }
        left -= unpacked;
    }
    Ok(())
}

fn clipped(text: &str) -> String {
    if text.len() <= CELL_TEXT_MAX {
        return text.to_string();
    }
    let mut end = CELL_TEXT_MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}

/// A workbook cell as the text an export would have written: dates as `2026-11-01`, whole
/// numbers without a fraction, others to six places at most (a sum Excel worked out as
/// 0.30000000000000004 is 0.3).
fn cell_text(cell: &calamine::DataRef<'_>) -> String {
    use calamine::DataRef;
    match cell {
        DataRef::Empty => String::new(),
        DataRef::SharedString(s) => clipped(s),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => clipped(s),
        DataRef::Int(i) => i.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                let t = format!("{f:.6}");
                t.trim_end_matches('0').trim_end_matches('.').to_string()
            }
        }
        DataRef::DateTime(d) => d
            .as_datetime()
            .map(|t| t.date().format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

/// The cells of the first sheet that hold something, by row (in the sheet's order) and column:
/// read one at a time, within the limits.
type SparseRows = Vec<(u32, Vec<(u32, String)>)>;

fn sheet_cells(bytes: &[u8]) -> Result<SparseRows, K> {
    use calamine::Reader;
    let unreadable = K::ErrUnreadableWorkbook;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| unreadable)?;
    let Some(first) = book.sheet_names().into_iter().next() else {
        return Ok(Vec::new());
    };
    let mut cells = book
        .worksheet_cells_reader(&first)
        .map_err(|_| unreadable)?;
    let mut rows: SparseRows = Vec::new();
    while let Some(cell) = cells.next_cell().map_err(|_| unreadable)? {
        let (row, column) = cell.get_position();
        if row >= SHEET_ROWS_MAX || column >= SHEET_COLUMNS_MAX {
            return Err(K::ErrWorkbookTooLarge);
        }
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        match rows.last_mut() {
            Some((r, row_cells)) if *r == row => row_cells.push((column, text)),
            _ => rows.push((row, vec![(column, text)])),
        }
    }
    Ok(rows)
}

/// Reads the first sheet of a workbook like a CSV export: its first row with anything in it is
/// the header, and columns start at the first one used.
pub fn read_xlsx(
    bytes: &[u8],
    mapping: Option<Mapping>,
    currency: Currency,
) -> Result<Parsed, crate::i18n::K> {
    check_archive(bytes)?;
    let sparse = sheet_cells(bytes)?;
    let first_column = sparse
        .iter()
        .flat_map(|(_, cells)| cells.iter().map(|(c, _)| *c))
        .min()
        .unwrap_or(0);
    // Rows are numbered as the sheet shows them.
    let mut rows = sparse.into_iter().map(|(row, cells)| {
        let width = cells
            .iter()
            .map(|(c, _)| c + 1 - first_column)
            .max()
            .unwrap_or(0);
        let mut dense = vec![String::new(); width as usize];
        for (column, text) in cells {
            dense[(column - first_column) as usize] = text;
        }
        (u64::from(row) + 1, dense)
    });
    let headers: Vec<String> = rows
        .next()
        .map(|(_, r)| r.iter().map(|c| c.trim().to_string()).collect())
        .unwrap_or_default();
    let mut parsed = Parsed::start(headers, mapping, None);
    if !parsed.missing.is_empty() {
        parsed.sample = rows.take(SAMPLE_ROWS).map(|(_, r)| r).collect();
        return Ok(parsed);
    }
    for (line, row) in rows {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        parsed.take(line, &cells, currency);
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::K;
    use crate::model::Channel;
    use chrono::NaiveDate;

    /// A workbook of the given parts besides the ones every workbook has; `sheet` is the
    /// first sheet's `<sheetData>` content.
    pub(crate) fn workbook(sheet: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let parts: Vec<(&str, Vec<u8>)> = vec![
            ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_vec()),
            ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec()),
            ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_vec()),
            ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_vec()),
            ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet}</sheetData></worksheet>"#).into_bytes()),
        ];
        for (name, bytes) in parts
            .iter()
            .map(|(n, b)| (*n, b.as_slice()))
            .chain(extra.iter().copied())
        {
            zip.start_file(name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn text_cell(at: &str, text: &str) -> String {
        format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
    }

    fn header_row() -> String {
        format!(
            r#"<row r="1">{}{}{}</row>"#,
            text_cell("A1", "日期"),
            text_cell("B1", "渠道"),
            text_cell("C1", "消耗(元)")
        )
    }

    #[test]
    fn a_small_workbook_reads_its_rows_where_the_sheet_puts_them() {
        let sheet = format!(
            r#"{}<row r="2">{}{}<c r="C2"><v>1200.5</v></c></row><row r="4">{}{}<c r="C4"><v>80</v></c></row>"#,
            header_row(),
            text_cell("A2", "2026-11-01"),
            text_cell("B2", "抖音"),
            text_cell("A4", "2026-11-02"),
            text_cell("B4", "快手"),
        );
        let parsed = read_xlsx(&workbook(&sheet, &[]), None, Currency::Cny).unwrap();
        assert!(parsed.missing.is_empty(), "{:?}", parsed.missing);
        assert_eq!(parsed.rows.len(), 2);
        assert!(parsed.refused.is_empty());
    }

    #[test]
    fn a_cell_at_the_last_row_and_column_is_refused_not_allocated() {
        let sheet = format!(
            r#"{}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
            header_row()
        );
        let bytes = workbook(&sheet, &[]);
        assert!(
            bytes.len() < 2_000,
            "the whole attack is {} bytes",
            bytes.len()
        );
        assert_eq!(
            read_xlsx(&bytes, None, Currency::Cny).err(),
            Some(K::ErrWorkbookTooLarge)
        );
    }

    #[test]
    fn a_million_empty_rows_are_refused() {
        let mut sheet = header_row();
        for r in 2..=1_000_001u32 {
            sheet.push_str(&format!(r#"<row r="{r}"><c r="A{r}"/></row>"#));
        }
        assert_eq!(
            read_xlsx(&workbook(&sheet, &[]), None, Currency::Cny).err(),
            Some(K::ErrWorkbookTooLarge)
        );
    }

    /// The limit the archive tests use: the real one takes a quarter of a gigabyte to pass.
    const TEST_UNPACKED_MAX: u64 = 4 << 20;

    /// A workbook whose shared strings unpack to more than the test's limit, from a few KB.
    fn shared_strings_bomb() -> Vec<u8> {
        let mut strings = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>"#,
        );
        let unpacked = TEST_UNPACKED_MAX as usize + (1 << 20);
        strings.push_str(&"A".repeat(unpacked));
        strings.push_str("</t></si></sst>");
        workbook(
            &header_row(),
            &[("xl/sharedStrings.xml", strings.as_bytes())],
        )
    }

    #[test]
    fn parts_that_unpack_past_the_limit_are_refused_whatever_the_archive_says() {
        let mut bytes = shared_strings_bomb();
        assert!(bytes.len() < 64 << 10, "packed to {} bytes", bytes.len());
        assert_eq!(
            check_archive_within(&bytes, TEST_UNPACKED_MAX),
            Err(K::ErrWorkbookTooLarge)
        );
        assert_eq!(check_archive_within(&bytes, TEST_UNPACKED_MAX * 2), Ok(()));
        // The archive lies: every part says it unpacks to 100 bytes. Still refused.
        for signature in [[0x50u8, 0x4b, 0x01, 0x02], [0x50, 0x4b, 0x03, 0x04]] {
            let size_at = if signature[2] == 1 { 24 } else { 22 };
            let mut i = 0;
            while i + 30 < bytes.len() {
                if bytes[i..i + 4] == signature {
                    bytes[i + size_at..i + size_at + 4].copy_from_slice(&100u32.to_le_bytes());
                }
                i += 1;
            }
        }
        assert!(matches!(
            check_archive_within(&bytes, TEST_UNPACKED_MAX),
            Err(K::ErrWorkbookTooLarge | K::ErrUnreadableWorkbook)
        ));
    }

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
