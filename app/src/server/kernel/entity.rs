//! SeaORM entities: the database rows. Server-only; converted to `crate::model` types before
//! anything leaves the server.
#![allow(clippy::derive_partial_eq_without_eq)]

pub mod user {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub username: String,
        pub display_name: String,
        pub email: String,
        pub password_hash: String,
        pub role: String,
        pub active: bool,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        /// The language the person last used ("en", "zh-CN"; empty before they signed in):
        /// what is sent to them while they are away is written in it.
        pub locale: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod session {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "sessions")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub token_hash: String,
        pub user_id: i64,
        pub created_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod project {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "projects")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub name: String,
        pub kind: String,
        pub background: String,
        pub objectives: String,
        pub expected_benefit: String,
        /// JSON array of `model::Risk`.
        pub risks: String,
        pub owner_id: i64,
        pub start_date: Date,
        pub end_date: Date,
        pub status: String,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        /// JSON of `WorkCalendar`; empty for the default calendar.
        pub calendar: String,
        /// Changes to the project and everything in it so far (see `server::revision`).
        pub revision: i64,
        /// ISO 4217 code of the project's money (`domain::money::Currency`).
        pub currency: String,
        /// Alert when work is overdue, or an approval has waited, more than this many days.
        pub alert_days: i32,
        /// Whether the project's observers may comment.
        pub observers_comment: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod project_member {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "project_members")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub project_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: i64,
        pub role: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod status_change {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "project_status_changes")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: i64,
        pub from_status: String,
        pub to_status: String,
        pub by_user_id: i64,
        pub at: DateTimeUtc,
        pub comment: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod task {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "tasks")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: i64,
        pub parent_id: Option<i64>,
        pub title: String,
        pub description: String,
        pub deliverable: String,
        pub owner_id: Option<i64>,
        pub start_date: Option<Date>,
        pub due_date: Option<Date>,
        pub status: String,
        pub priority: String,
        pub progress: i16,
        pub milestone: bool,
        pub sort_order: i64,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        /// The board column the card was put in; see `domain::board::column_of`.
        pub column_id: Option<i64>,
        /// When the task was last finished (its status became done); none while it is not done.
        pub done_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod audit_entry {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_log")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub at: DateTimeUtc,
        pub actor_id: Option<i64>,
        pub entity: String,
        pub entity_id: i64,
        pub action: String,
        pub before: Option<String>,
        pub after: Option<String>,
        /// Its place in the chain, once linked.
        pub seq: Option<i64>,
        /// SHA-256 of the entry before's hash and this entry, once linked.
        pub hash: Option<String>,
        /// Where it came from (sign-ins and refused calls).
        pub address: Option<String>,
        pub agent: Option<String>,
        /// The project the change belongs to, for its activity feed.
        pub project_id: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A project's budget total when it was last approved (sealed, `projects.approved_budget`).
pub mod approved_budget {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "approved_budgets")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub project_id: i64,
        pub amount: String,
        pub at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The end of the audit chain: the last place given and its hash (one row, id 1).
pub mod audit_head {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_head")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub seq: i64,
        pub hash: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod task_link {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "task_links")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: i64,
        pub predecessor_id: i64,
        pub successor_id: i64,
        pub kind: String,
        pub lag_days: i32,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod baseline {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "baselines")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: i64,
        pub name: String,
        pub created_by: Option<i64>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod baseline_task {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "baseline_tasks")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub baseline_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub task_id: i64,
        pub start_date: Date,
        pub due_date: Date,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod board_column {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "board_columns")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: i64,
        pub name: String,
        pub category: String,
        pub colour: String,
        pub wip_limit: Option<i32>,
        pub position: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod label {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "labels")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: i64,
        pub name: String,
        pub colour: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod task_label {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "task_labels")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub task_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub label_id: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod project_event {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "project_events")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub project_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub seq: i64,
        /// The `LiveEvent`, as JSON.
        pub payload: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod kpi_target {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "kpi_targets")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: i64,
        pub metric: String,
        pub name: String,
        pub unit: String,
        pub target: i64,
        /// JSON of `domain::kpi::Phasing`.
        pub phasing: String,
        /// JSON array of `[channel, target]`.
        pub splits: String,
        pub position: i64,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod kpi_actual {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "kpi_actuals")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub kpi_id: i64,
        pub day: Date,
        /// Empty for the whole campaign.
        pub channel: String,
        pub value: i64,
        pub entered_by: i64,
        pub entered_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod budget_line {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "budget_lines")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: i64,
        pub name: String,
        /// Empty when the line is not for one channel.
        pub channel: String,
        pub category: String,
        pub phase: String,
        /// Sealed amount in minor units (`server::crypto`).
        pub planned: String,
        pub position: i64,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod expense {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "expenses")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: i64,
        pub line_id: i64,
        pub day: Date,
        pub vendor: String,
        /// Sealed amount in minor units (`server::crypto`).
        pub amount: String,
        pub state: String,
        pub note: String,
        pub created_by: i64,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod approval_flow {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "approval_flows")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub name: String,
        pub kind: Option<String>,
        pub budget_above: Option<i64>,
        /// JSON array of `domain::approval::StepRule`.
        pub steps: String,
        pub position: i64,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        /// What the flow approves: `model::FlowPurpose`.
        pub purpose: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod approval_request {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "approval_requests")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: i64,
        pub flow_name: String,
        /// The flow's steps when submitted, JSON of `Vec<domain::approval::StepRule>`.
        pub steps: String,
        pub status: String,
        pub submitted_by: i64,
        pub submitted_at: DateTimeUtc,
        pub comment: String,
        pub decided_at: Option<DateTimeUtc>,
        /// What is asked: `model::FlowPurpose` (a project's submission or a budget change).
        pub subject: String,
        /// A budget change: sealed JSON of `server::approvals::BudgetChange`.
        pub change: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod approval_decision {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "approval_decisions")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub request_id: i64,
        pub step: i32,
        pub user_id: i64,
        pub approve: bool,
        pub comment: String,
        pub at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod webhook {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "webhooks")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub name: String,
        pub kind: String,
        pub url: String,
        /// Sealed (`server::crypto`); empty when there is none.
        pub secret: String,
        /// JSON array of `model::WebhookEvent`.
        pub events: String,
        pub active: bool,
        /// Budget changes are sent with their amounts (an administrator's choice).
        pub include_amounts: bool,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod webhook_delivery {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "webhook_deliveries")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub webhook_id: i64,
        pub event: String,
        /// JSON of `server::webhooks::Notice`.
        pub payload: String,
        pub status: String,
        pub attempts: i32,
        pub next_attempt_at: DateTimeUtc,
        pub last_status: Option<i32>,
        pub last_error: String,
        pub created_at: DateTimeUtc,
        pub delivered_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod alert {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "alerts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// What the alert is about and at which threshold: raised once per key.
        pub key: String,
        pub project_id: i64,
        pub kind: String,
        /// JSON of `model::AlertDetail`.
        pub detail: String,
        pub raised_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod notification {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "notifications")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub user_id: i64,
        /// Why the person is told (`model::NotifyReason`).
        pub reason: String,
        pub project_id: Option<i64>,
        pub task_id: Option<i64>,
        pub comment_id: Option<i64>,
        pub alert_id: Option<i64>,
        /// Who caused it; none for the system's own (alerts).
        pub actor_id: Option<i64>,
        pub created_at: DateTimeUtc,
        pub read_at: Option<DateTimeUtc>,
        /// The weekly report it is about.
        pub report_id: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The organisation's settings: one row, id 1.
pub mod org_setting {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "org_settings")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        /// An IANA time zone name: it decides what "today" is.
        pub time_zone: String,
        /// When those who have not checked in are reminded, local "HH:MM".
        pub check_in_at: String,
        pub updated_at: Option<DateTimeUtc>,
        /// The largest file that may be uploaded, in MB.
        pub file_max_mb: i32,
        /// When weekly reports are drafted: the weekday (1 = Monday … 7 = Sunday) and the
        /// local time "HH:MM".
        pub report_weekday: i32,
        pub report_at: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A topic a person turned off on a channel ("in_app" so far).
pub mod notify_mute {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "notify_mutes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub topic: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub channel: String,
        /// Whether the person wants the topic on the channel (a row is a choice; without one
        /// the topic's default for the channel holds).
        pub wanted: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A daily check-in: one per person, project and day (the organisation's).
pub mod check_in {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "check_ins")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: i64,
        pub user_id: i64,
        pub day: Date,
        pub done: String,
        pub next: String,
        pub blockers: String,
        /// JSON array of `model::CheckedTask`.
        pub tasks: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A comment on a project, or on one of its tasks.
pub mod comment {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "comments")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: i64,
        pub task_id: Option<i64>,
        pub author_id: i64,
        /// The Markdown as written.
        pub body: String,
        /// What it renders to, sanitised.
        pub html: String,
        /// JSON array of the ids of the people it mentions.
        pub mentions: String,
        pub created_at: DateTimeUtc,
        pub edited_at: Option<DateTimeUtc>,
        /// Written offline: the id of the edit that posted it, so that it is posted once.
        pub edit_id: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod project_template {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "project_templates")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub name: String,
        pub description: String,
        pub kind: String,
        /// JSON of `domain::templates::TemplatePlan` without its budget.
        pub plan: String,
        /// Sealed JSON of the plan's budget lines (`server::crypto`).
        pub budget: String,
        pub source_project_id: Option<i64>,
        pub created_by: i64,
        pub version: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod channel_import {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "channel_imports")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: i64,
        pub file_name: String,
        /// `csv` or `xlsx`.
        pub format: String,
        /// The platform recognised by its headers, or empty (a mapped sheet).
        pub platform: String,
        /// The text encoding of a CSV file, or empty.
        pub encoding: String,
        pub rows_read: i64,
        pub rows_added: i64,
        pub rows_updated: i64,
        pub rows_refused: i64,
        pub rows_skipped: i64,
        pub first_day: Option<Date>,
        pub last_day: Option<Date>,
        /// JSON of the refused rows kept (`domain::ingest::RefusedRow`).
        pub refused: String,
        pub created_by: i64,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod api_token {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "api_tokens")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: i64,
        pub name: String,
        /// The token's first characters, shown to tell tokens apart.
        pub prefix: String,
        /// SHA-256 of the token, in hex: the token itself is never kept.
        pub token_hash: String,
        /// `model::TokenScope`s, comma-separated.
        pub scopes: String,
        pub created_by: i64,
        pub created_at: DateTimeUtc,
        pub last_used_at: Option<DateTimeUtc>,
        pub revoked_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod tracking_site {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "tracking_sites")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub project_id: i64,
        /// Public: it is in the snippet on the site's pages.
        pub site_key: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Stored content, named by its SHA-256: the same bytes are kept once.
pub mod blob {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "blobs")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub hash: String,
        pub size: i64,
        /// The type read from the content.
        pub mime: String,
        /// An image's size as its header gives it.
        pub width: Option<i32>,
        pub height: Option<i32>,
        /// Last uploaded or referred to: unreferenced blobs are forgotten a day after this.
        pub touched_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A file or a link in one place of a project (the project, a task, a comment, a check-in).
pub mod attachment {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "attachments")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: i64,
        /// `model::Place::key`: "project", "task:12", "comment:7", "check_in:3".
        pub place: String,
        /// What makes it the same attachment: a file's name in lower case, a link's address.
        pub lookup: String,
        /// "file" or "link".
        pub kind: String,
        /// The file's name, or the link's title.
        pub name: String,
        pub url: Option<String>,
        pub provider: Option<String>,
        /// A share link's extraction code (提取码).
        pub code: Option<String>,
        pub created_by: i64,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One version of a file attachment.
pub mod attachment_version {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "attachment_versions")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub attachment_id: i64,
        /// 1, 2, 3 … in the order they were made.
        pub number: i32,
        pub blob_hash: String,
        /// The name it was uploaded under.
        pub name: String,
        pub uploaded_by: i64,
        pub uploaded_at: DateTimeUtc,
        /// The version this one brought back, if it was a restore.
        pub restored_from: Option<i32>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A weekly report: a project's (person 0) or one person's, for the week starting `week_start`.
pub mod weekly_report {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "weekly_reports")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: i64,
        /// Whose week; 0 for the project's report.
        pub person_id: i64,
        /// Monday of the week.
        pub week_start: Date,
        /// "draft" or "sent".
        pub state: String,
        /// What the author says, Markdown.
        pub summary: String,
        /// JSON `model::ReportFacts`.
        pub facts: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        pub sent_at: Option<DateTimeUtc>,
        pub sent_by: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The SMTP server the organisation sends email through (one row, id 1); the password sealed.
pub mod mail_setting {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "mail_settings")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub enabled: bool,
        pub host: String,
        pub port: i32,
        /// "starttls", "tls" or "none".
        pub security: String,
        pub username: String,
        /// Sealed; empty when there is none.
        pub password: String,
        pub from_address: String,
        /// Where links in messages lead ("https://marquee.example.com").
        pub site_url: String,
        pub updated_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// What is to go out to a person on a channel other than the app, until it has gone.
pub mod outbox {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "outbox")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// "email" or "push".
        pub channel: String,
        pub user_id: i64,
        pub reason: String,
        pub topic: String,
        pub project_id: i64,
        pub task_id: Option<i64>,
        pub comment_id: Option<i64>,
        pub alert_id: Option<i64>,
        pub report_id: Option<i64>,
        pub actor_id: Option<i64>,
        pub created_at: DateTimeUtc,
        /// Not before: what comes in bursts waits a little, to go as one.
        pub send_after: DateTimeUtc,
        /// "pending", "sent", "failed" (given up) or "skipped" (nowhere to send it).
        pub status: String,
        pub attempts: i32,
        /// While a process is sending it, no other takes it.
        pub lease_until: Option<DateTimeUtc>,
        pub last_error: String,
        pub sent_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An official holiday schedule the organisation entered for a year (dates as JSON arrays).
pub mod holiday_year {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "holiday_years")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub year: i32,
        pub holidays: String,
        pub workdays: String,
        pub updated_at: DateTimeUtc,
        pub updated_by: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The server's VAPID key pair (one row): the private half sealed.
pub mod push_key {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "push_keys")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub private_key: String,
        /// As browsers take it (`applicationServerKey`).
        pub public_key: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A browser a person allowed to be sent pushes: where its push service takes them, and the
/// keys they are encrypted for.
pub mod push_subscription {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "push_subscriptions")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub user_id: i64,
        pub endpoint: String,
        pub p256dh: String,
        pub auth: String,
        /// Which browser on which system, as the person would recognise it.
        pub agent: String,
        pub created_at: DateTimeUtc,
        pub last_ok_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One push to one subscription, until the push service took it.
pub mod push_delivery {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "push_deliveries")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub outbox_id: Option<i64>,
        pub subscription_id: i64,
        /// What the service worker shows (JSON: title, body, url, tag), in the person's language.
        pub payload: String,
        /// "high" or "normal" (RFC 8030 `Urgency`).
        pub urgency: String,
        pub created_at: DateTimeUtc,
        pub send_after: DateTimeUtc,
        /// As the outbox: "pending", "sent", "failed".
        pub status: String,
        pub attempts: i32,
        pub lease_until: Option<DateTimeUtc>,
        pub last_error: String,
        pub sent_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An edit made offline that was applied: its id, whose it was and which task it changed.
pub mod applied_edit {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "applied_edits")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub edit_id: String,
        pub user_id: i64,
        pub task_id: i64,
        pub applied_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A project's retrospective (复盘): the facts as drafted, the team's sections, its state.
pub mod retrospective {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "retrospectives")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: i64,
        /// "draft" or "approved".
        pub state: String,
        /// JSON of `model::RetroFacts`.
        pub facts: String,
        /// JSON of `model::RetroSections`.
        pub sections: String,
        pub version: i32,
        pub drafted_at: DateTimeUtc,
        pub drafted_by: i64,
        pub updated_at: DateTimeUtc,
        pub approved_at: Option<DateTimeUtc>,
        pub approved_by: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An action item of a retrospective: what, who, by when, and the project it is carried into.
pub mod retro_action {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "retro_actions")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub retro_id: i64,
        pub text: String,
        pub owner_id: i64,
        pub due_date: Option<Date>,
        pub target_project_id: Option<i64>,
        /// The task it became in the target project once the retrospective was approved.
        pub carried_task_id: Option<i64>,
        pub position: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A reviewed project published to the case library.
pub mod case {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "cases")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub project_id: i64,
        pub title: String,
        pub kind: String,
        pub industry: Option<String>,
        /// JSON array of `model::Channel`.
        pub channels: String,
        pub budget_band: String,
        pub season: String,
        /// JSON of `model::CaseOutcome`.
        pub outcome: String,
        pub lessons: String,
        /// JSON array of attachment ids.
        pub files: String,
        /// JSON of `domain::templates::TemplatePlan`: the project's plan, to start from (its
        /// budget lines kept apart, sealed, in `budget`).
        pub plan: String,
        /// Sealed JSON of the plan's budget (`server::templates::SealedBudget`).
        pub budget: String,
        pub published_by: i64,
        pub published_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// How often a person has read a case.
pub mod case_read {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "case_reads")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub case_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: i64,
        pub times: i32,
        pub first_at: DateTimeUtc,
        pub last_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A project started from a case.
pub mod case_reuse {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "case_reuses")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub case_id: i64,
        pub project_id: i64,
        pub user_id: i64,
        pub at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod point_rule {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "point_rules")]
    pub struct Model {
        /// `model::PointReason`, never `adjustment`.
        #[sea_orm(primary_key, auto_increment = false)]
        pub rule: String,
        pub points: i32,
        pub active: bool,
        /// When it was last switched on: what happened before earns nothing by it.
        pub since: DateTimeUtc,
        /// How far the records have been read for it.
        pub settled_to: DateTimeUtc,
        pub updated_by: Option<i64>,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod point_entry {
    use sea_orm::entity::prelude::*;

    /// One line of the append-only points ledger.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "point_entries")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub user_id: i64,
        pub points: i32,
        /// `model::PointReason`.
        pub rule: String,
        /// What earned it: "task:12", "case:3", "streak:2026-12-11", "adjustment:…".
        pub source: String,
        pub project_id: Option<i64>,
        pub note: String,
        pub happened_at: DateTimeUtc,
        pub recorded_at: DateTimeUtc,
        /// The admin who adjusted; `None` for what a rule gave.
        pub recorded_by: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod point_pref {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "point_prefs")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: i64,
        /// Left the public leaderboard.
        pub hidden: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod star_nomination {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "star_nominations")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// "2026-12".
        pub month: String,
        pub nominee_id: i64,
        pub nominator_id: i64,
        pub reason: String,
        pub at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
