//! Weekly reports: one per project and week, and one per person of the project and week (the
//! person 0 is the project's own), drafted with the week's facts, edited, sent. When in the week
//! they are drafted (an organisation setting). A notification may be about a report.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OrgSettings {
    Table,
    ReportWeekday,
    ReportAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    ReportId,
}

#[derive(DeriveIden)]
enum WeeklyReports {
    Table,
    Id,
    ProjectId,
    PersonId,
    WeekStart,
    State,
    Summary,
    Facts,
    CreatedAt,
    UpdatedAt,
    SentAt,
    SentBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OrgSettings::Table)
                    .add_column(integer(OrgSettings::ReportWeekday).default(5))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(OrgSettings::Table)
                    .add_column(string(OrgSettings::ReportAt).default("17:00"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Notifications::Table)
                    .add_column(big_integer_null(Notifications::ReportId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WeeklyReports::Table)
                    .col(big_pk_auto(WeeklyReports::Id))
                    .col(big_integer(WeeklyReports::ProjectId))
                    .col(big_integer(WeeklyReports::PersonId))
                    .col(date(WeeklyReports::WeekStart))
                    .col(string(WeeklyReports::State))
                    .col(text(WeeklyReports::Summary))
                    .col(text(WeeklyReports::Facts))
                    .col(timestamp_with_time_zone(WeeklyReports::CreatedAt))
                    .col(timestamp_with_time_zone(WeeklyReports::UpdatedAt))
                    .col(timestamp_with_time_zone_null(WeeklyReports::SentAt))
                    .col(big_integer_null(WeeklyReports::SentBy))
                    .foreign_key(
                        ForeignKey::create()
                            .from(WeeklyReports::Table, WeeklyReports::ProjectId)
                            .to(Projects::Table, Projects::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_weekly_reports_week")
                    .table(WeeklyReports::Table)
                    .col(WeeklyReports::ProjectId)
                    .col(WeeklyReports::PersonId)
                    .col(WeeklyReports::WeekStart)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(WeeklyReports::Table).to_owned())
            .await?;
        for column in [OrgSettings::ReportWeekday, OrgSettings::ReportAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(OrgSettings::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Notifications::Table)
                    .drop_column(Notifications::ReportId)
                    .to_owned(),
            )
            .await
    }
}
