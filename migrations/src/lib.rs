//! Database schema migrations, applied in order at start-up. A migration that has landed is never
//! edited: change the schema with a new file.
pub use sea_orm_migration::prelude::*;

mod m20261125_000001_foundation;
mod m20261125_000002_planning;
mod m20261126_000003_board;
mod m20261126_000004_revision;
mod m20261126_000005_events;
mod m20261202_000006_finance;
mod m20261202_000007_approvals;
mod m20261202_000008_webhooks;
mod m20261202_000009_alerts;
mod m20261202_000010_templates;
mod m20261203_000011_channel_data;
mod m20261204_000012_ingestion;
mod m20261206_000013_security;
mod m20261206_000014_execution;
mod m20261206_000015_files;
mod m20261206_000016_weekly_reports;
mod m20261206_000017_email;
mod m20261206_000018_holidays;
mod m20261206_000019_push;
mod m20261207_000020_applied_edits;
mod m20261207_000021_comment_edits;
mod m20261207_000022_retrospectives;
mod m20261208_000023_cases;
mod m20261209_000024_points;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_foundation::Migration),
            Box::new(m20261125_000002_planning::Migration),
            Box::new(m20261126_000003_board::Migration),
            Box::new(m20261126_000004_revision::Migration),
            Box::new(m20261126_000005_events::Migration),
            Box::new(m20261202_000006_finance::Migration),
            Box::new(m20261202_000007_approvals::Migration),
            Box::new(m20261202_000008_webhooks::Migration),
            Box::new(m20261202_000009_alerts::Migration),
            Box::new(m20261202_000010_templates::Migration),
            Box::new(m20261203_000011_channel_data::Migration),
            Box::new(m20261204_000012_ingestion::Migration),
            Box::new(m20261206_000013_security::Migration),
            Box::new(m20261206_000014_execution::Migration),
            Box::new(m20261206_000015_files::Migration),
            Box::new(m20261206_000016_weekly_reports::Migration),
            Box::new(m20261206_000017_email::Migration),
            Box::new(m20261206_000018_holidays::Migration),
            Box::new(m20261206_000019_push::Migration),
            Box::new(m20261207_000020_applied_edits::Migration),
            Box::new(m20261207_000021_comment_edits::Migration),
            Box::new(m20261207_000022_retrospectives::Migration),
            Box::new(m20261208_000023_cases::Migration),
            Box::new(m20261209_000024_points::Migration),
        ]
    }
}
