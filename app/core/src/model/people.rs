//! People: who is signed in, users as an admin manages them, and a password change.
use serde::{Deserialize, Serialize};

use super::values::{Id, OrgRole};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRef {
    pub id: Id,
    pub display_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: Id,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub role: OrgRole,
    pub active: bool,
}

impl UserView {
    pub fn as_ref(&self) -> UserRef {
        UserRef {
            id: self.id,
            display_name: self.display_name.clone(),
        }
    }
}

/// What the browser knows about who is signed in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub needs_setup: bool,
    pub user: Option<UserView>,
    /// Unread notifications of the signed-in person.
    #[serde(default)]
    pub unread: u32,
    /// Today in the organisation's time zone (for the signed-in).
    #[serde(with = "super::day::option", default)]
    pub today: Option<chrono::NaiveDate>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupInput {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub load_demo: bool,
}

/// Accounts created by the demo organisation, with one-time passwords shown once to the admin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoAccount {
    pub username: String,
    pub display_name: String,
    pub role: OrgRole,
    pub password: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUserInput {
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub role: Option<OrgRole>,
    pub password: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserUpdate {
    pub id: Id,
    pub role: OrgRole,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
}
