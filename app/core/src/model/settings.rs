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

/// How a connection to the SMTP server is secured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS (usually port 587); refused if the server cannot.
    Starttls,
    /// TLS from the first byte (usually port 465).
    Tls,
    /// No encryption: only for a relay on the same machine or network (port 25).
    None,
}

impl SmtpSecurity {
    pub fn as_str(self) -> &'static str {
        match self {
            SmtpSecurity::Starttls => "starttls",
            SmtpSecurity::Tls => "tls",
            SmtpSecurity::None => "none",
        }
    }

    pub fn parse(text: &str) -> Option<SmtpSecurity> {
        match text {
            "starttls" => Some(SmtpSecurity::Starttls),
            "tls" => Some(SmtpSecurity::Tls),
            "none" => Some(SmtpSecurity::None),
            _ => None,
        }
    }
}

/// The email settings as admins see them: never the password, only whether there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailSettings {
    pub enabled: bool,
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: String,
    pub has_password: bool,
    /// The sender, "Marquee <marquee@example.com>" or a bare address.
    pub from_address: String,
    /// Where links in messages lead.
    pub site_url: String,
    /// The outbox's email: waiting, sent, given up.
    pub pending: u32,
    pub sent: u32,
    pub failed: u32,
}

/// How a test message went: what the server said when it did not go.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailTestOutcome {
    pub sent: bool,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailSettingsInput {
    pub enabled: bool,
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: String,
    /// Empty keeps the password set before (see `clear_password`).
    pub password: String,
    #[serde(default)]
    pub clear_password: bool,
    pub from_address: String,
    pub site_url: String,
}

/// One year's official holiday schedule, as the settings page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayYearView {
    pub year: i32,
    /// Known to Marquee itself (the organisation may still enter its own for it).
    pub built_in: bool,
    /// Entered by the organisation (it replaces a built-in one).
    pub entered: bool,
    /// The year as lines of text, as it is entered.
    pub text: String,
    pub holidays: u32,
    pub workdays: u32,
}
