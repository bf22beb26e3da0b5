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
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSettingsInput {
    pub time_zone: String,
    #[serde(default = "evening")]
    pub check_in_at: String,
}

fn evening() -> String {
    "17:30".into()
}
