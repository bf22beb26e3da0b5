//! Points (积分) and the month's star (项目之星): the rules admins set, the ledger as a person
//! reads it, leaderboards for the organisation or a project's team by month, nominations.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::people::UserRef;
use super::values::{Id, PointReason};

/// A rule as admins set it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointRuleView {
    pub rule: PointReason,
    pub points: i32,
    pub active: bool,
}

/// One line of the ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointEntryView {
    pub id: Id,
    pub points: i32,
    pub reason: PointReason,
    /// The admin's reason for an adjustment, or what earned it (a task's or case's title).
    pub note: String,
    /// Where it came from, to open: a task on its board, a case, check-ins.
    pub href: Option<String>,
    pub project: Option<(Id, String)>,
    pub happened_at: DateTime<Utc>,
    /// The admin who adjusted.
    pub by: Option<UserRef>,
}

/// A row of a leaderboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaderRow {
    pub rank: u32,
    pub user: UserRef,
    pub points: i64,
    pub nominations: u32,
}

/// A month's star.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StarView {
    /// "2026-11".
    pub month: String,
    pub user: UserRef,
    pub points: i64,
    pub nominations: u32,
}

/// Which leaderboard: a month ("2026-12"; the current one when `None`) of the organisation,
/// or of one project's team.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsQuery {
    pub month: Option<String>,
    pub project_id: Option<Id>,
}

/// The points page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsPage {
    pub month: String,
    /// The month now, in the organisation's time zone.
    pub current_month: String,
    pub project_id: Option<Id>,
    /// The teams to choose from: the projects the caller sees.
    pub projects: Vec<(Id, String)>,
    /// Everyone but those who left it (the caller always sees their own row).
    pub board: Vec<LeaderRow>,
    /// The caller's points this month and in all, and their lines this month.
    pub my_month: i64,
    pub my_total: i64,
    pub my_entries: Vec<PointEntryView>,
    /// The caller has left the public leaderboard.
    pub hidden: bool,
    /// The star of the month before, and who leads this one so far.
    pub last_star: Option<StarView>,
    pub leading: Option<StarView>,
    /// Whom the caller nominated this month, and whom they may.
    pub nominated: Option<Id>,
    pub nominees: Vec<UserRef>,
    pub can_nominate: bool,
    /// The rules (for everyone to know), and whether the caller sets them.
    pub rules: Vec<PointRuleView>,
    pub can_manage: bool,
}

/// An admin's adjustment: points given (or taken, negative) and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointAdjustment {
    pub user_id: Id,
    pub points: i32,
    pub reason: String,
}

/// A nomination for this month's star.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nomination {
    pub nominee_id: Id,
    pub reason: String,
}
