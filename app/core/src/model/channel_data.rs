//! Channel data: imports of ad-platform exports, their outcome, and reports by any dimension.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::people::UserRef;
use super::values::{Channel, Dimension, Id};

/// A channel report asked for: rows by `dimension`, from `from` to `to` (both included; the
/// last 30 days with data when not given), one channel or all, and whether to compare with the
/// period just before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportQuery {
    pub project_id: Id,
    pub dimension: Dimension,
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub channel: Option<Channel>,
    #[serde(default)]
    pub compare: bool,
}

/// An import of channel data, as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportView {
    pub id: Id,
    pub file_name: String,
    /// `csv` or `xlsx`.
    pub format: String,
    pub platform: Option<crate::domain::ingest::Platform>,
    /// `utf8`, `utf16`, `gb18030`, or empty for a workbook.
    pub encoding: String,
    pub rows_read: i64,
    pub rows_added: i64,
    pub rows_updated: i64,
    pub rows_refused: i64,
    pub rows_skipped: i64,
    pub first_day: Option<NaiveDate>,
    pub last_day: Option<NaiveDate>,
    pub created_by: UserRef,
    pub created_at: DateTime<Utc>,
}

/// A project's channel report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelReport {
    pub project_id: Id,
    pub dimension: Dimension,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub channel: Option<Channel>,
    /// The period compared with, when asked for.
    pub previous: Option<(NaiveDate, NaiveDate)>,
    pub currency: crate::domain::money::Currency,
    pub pivot: crate::domain::report::Pivot,
    /// The first and last day the project has data for.
    pub data_from: Option<NaiveDate>,
    pub data_to: Option<NaiveDate>,
    /// The channels the project has data for.
    pub channels: Vec<Channel>,
    /// For a report by period, each channel's sums per period (in the rows' order), the channel
    /// with the most spend first; empty otherwise.
    pub by_channel: Vec<(Channel, Vec<crate::domain::report::Sums>)>,
    /// Whether the reader may import (and so sees the import panel).
    pub can_import: bool,
    /// The latest imports, newest first.
    pub imports: Vec<ImportView>,
}

/// What became of an import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum ImportOutcome {
    /// The headers were not enough to read the rows: nothing was written; the columns must be
    /// chosen (`guess` is the best match found; `sample` the first rows, to choose by).
    NeedsMapping {
        headers: Vec<String>,
        guess: crate::domain::ingest::Mapping,
        missing: Vec<crate::domain::ingest::Field>,
        sample: Vec<Vec<String>>,
    },
    /// The rows read were written; the refused ones (the first thousand) with their reasons.
    Imported {
        import: ImportView,
        refused: Vec<crate::domain::ingest::RefusedRow>,
    },
}

/// A report written out as a file, its bytes in base64.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportFile {
    pub file_name: String,
    pub mime: String,
    pub content: String,
}
