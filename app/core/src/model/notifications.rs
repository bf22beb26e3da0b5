//! Webhooks and their deliveries, exception alerts and the notification centre.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::people::UserRef;
use super::values::{
    AlertKind, DeliveryStatus, Id, NotifyReason, NotifyTopic, WebhookEvent, WebhookKind,
};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookInput {
    /// `None` creates a webhook.
    pub id: Option<Id>,
    pub version: i32,
    pub name: String,
    pub kind: WebhookKind,
    pub url: String,
    /// The signing secret; empty on an edit keeps the one set before.
    pub secret: String,
    pub events: Vec<WebhookEvent>,
    pub active: bool,
    /// Send budget changes with their amounts (they leave sealed storage for the receiver).
    #[serde(default)]
    pub include_amounts: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryView {
    pub id: Id,
    pub event: WebhookEvent,
    pub status: DeliveryStatus,
    pub attempts: i32,
    /// The receiver's last HTTP status, if it answered.
    pub last_status: Option<i32>,
    pub last_error: String,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// When it is tried again, while pending.
    pub next_attempt_at: Option<DateTime<Utc>>,
}

/// A webhook as admins see it: never its secret, only whether it has one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookView {
    pub id: Id,
    pub name: String,
    pub kind: WebhookKind,
    pub url: String,
    pub has_secret: bool,
    pub events: Vec<WebhookEvent>,
    pub active: bool,
    #[serde(default)]
    pub include_amounts: bool,
    pub version: i32,
    /// The latest deliveries, newest first.
    pub deliveries: Vec<DeliveryView>,
}

/// What an alert says: the task, budget line or flow it is about, and its figure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertDetail {
    pub title: String,
    /// Days overdue or waiting.
    pub days: i64,
    /// How far a budget line is over, in minor units.
    pub amount: i64,
    pub currency: crate::domain::money::Currency,
}

/// One thing a person is told: an alert, a mention, a comment on their task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: Id,
    pub reason: NotifyReason,
    /// An alert's kind and what it says.
    pub kind: Option<AlertKind>,
    pub detail: Option<AlertDetail>,
    pub project_id: Id,
    pub project_name: String,
    /// The task it is about, and its title.
    pub task_id: Option<Id>,
    pub task_title: Option<String>,
    /// Who caused it (the commenter); none for the system's alerts.
    pub actor: Option<UserRef>,
    /// A comment's first words.
    pub excerpt: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
    /// The weekly report it is about.
    #[serde(default)]
    pub report_id: Option<Id>,
}

/// What a person chooses to be told of, per channel: in the app everything is on until turned
/// off; by email and push each topic's default holds until chosen ([`NotifyTopic::default_on`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotifyPrefs {
    /// Topics turned off in the app.
    pub muted: Vec<NotifyTopic>,
    /// Topics sent by email.
    #[serde(default)]
    pub email: Vec<NotifyTopic>,
    /// Where email goes: the account's address (read only here; empty when there is none).
    #[serde(default)]
    pub email_address: String,
    /// Whether the organisation sends email at all.
    #[serde(default)]
    pub email_ready: bool,
    /// Topics pushed to the person's devices. `None` in a change: leave them as they are.
    #[serde(default)]
    pub push: Option<Vec<NotifyTopic>>,
    /// The devices that take pushes (read only here).
    #[serde(default)]
    pub devices: Vec<PushDevice>,
}

/// A browser that takes a person's pushes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushDevice {
    pub id: Id,
    /// Which browser on which system.
    pub agent: String,
    /// The push service's address: how a browser knows its own subscription here.
    pub endpoint: String,
    pub created_at: DateTime<Utc>,
    /// When its push service last took a message.
    pub last_ok_at: Option<DateTime<Utc>>,
}

/// A subscription as the browser's `PushSubscription.toJSON()` gives it, and a name for it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushSubscriptionInput {
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    #[serde(default)]
    pub agent: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationPage {
    pub unread: u32,
    /// The latest, newest first.
    pub items: Vec<NotificationView>,
}
