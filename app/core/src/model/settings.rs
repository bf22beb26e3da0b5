//! The organisation's settings.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSettings {
    /// An IANA time zone name (Asia/Shanghai unless changed): it decides what "today" is.
    pub time_zone: String,
    /// Today there.
    pub today: NaiveDate,
    /// When those who have not checked in are reminded, local "HH:MM".
    pub check_in_at: String,
    /// Every time zone that may be chosen.
    pub zones: Vec<String>,
    /// The largest file that may be uploaded, in MB.
    pub file_max_mb: u32,
    /// When weekly reports are drafted: 1 = Monday … 7 = Sunday, and local "HH:MM".
    pub report_weekday: u32,
    pub report_at: String,
}

/// The largest file unless an admin says otherwise, in MB.
pub const FILE_MAX_MB_DEFAULT: u32 = 100;
/// The most an admin may allow, in MB (5 GB: the most an S3 store copies in one request).
pub const FILE_MAX_MB_CEILING: u32 = 5_120;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSettingsInput {
    pub time_zone: String,
    #[serde(default = "evening")]
    pub check_in_at: String,
    /// Unchanged when not given.
    #[serde(default)]
    pub file_max_mb: Option<u32>,
    #[serde(default)]
    pub report_weekday: Option<u32>,
    #[serde(default)]
    pub report_at: Option<String>,
}

fn evening() -> String {
    "17:30".into()
}
