//! The `#[server]` functions: the app's whole HTTP API, at `/api/<name>`, JSON in and out.
//! Each is thin: find the caller, then call the service in `crate::server`, which authorises and
//! validates.
pub mod approvals;
pub mod audit;
pub mod board;
pub mod cases;
pub mod channel_data;
pub mod check_ins;
pub mod comments;
pub mod conversions;
pub mod files;
pub mod finance;
pub mod notifications;
pub mod performance;
pub mod planning;
pub mod pmo;
pub mod points;
pub mod projects;
pub mod reports;
pub mod retros;
pub mod session;
pub mod settings;
pub mod tasks;
pub mod templates;
pub mod users;
pub mod webhooks;
