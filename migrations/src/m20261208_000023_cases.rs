//! The case library: a reviewed project published as a case — its category (type, industry,
//! channels, budget band, season), its outcome figures as its retrospective found them, lessons,
//! chosen files, its plan kept to start new projects from — and how much each case is read and
//! reused (by whom, how often, which projects started from it).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
    ProjectId,
    Title,
    Kind,
    Industry,
    Channels,
    BudgetBand,
    Season,
    Outcome,
    Lessons,
    Files,
    Plan,
    Budget,
    PublishedBy,
    PublishedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum CaseReads {
    Table,
    CaseId,
    UserId,
    Times,
    FirstAt,
    LastAt,
}

#[derive(DeriveIden)]
enum CaseReuses {
    Table,
    Id,
    CaseId,
    ProjectId,
    UserId,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Cases::Table)
                    .col(big_pk_auto(Cases::Id))
                    .col(big_integer(Cases::ProjectId))
                    .col(string(Cases::Title))
                    .col(string(Cases::Kind))
                    .col(string_null(Cases::Industry))
                    .col(text(Cases::Channels))
                    .col(string(Cases::BudgetBand))
                    .col(string(Cases::Season))
                    .col(text(Cases::Outcome))
                    .col(text(Cases::Lessons))
                    .col(text(Cases::Files))
                    .col(text(Cases::Plan))
                    .col(text(Cases::Budget))
                    .col(big_integer(Cases::PublishedBy))
                    .col(timestamp_with_time_zone(Cases::PublishedAt))
                    .col(timestamp_with_time_zone(Cases::UpdatedAt))
                    .col(integer(Cases::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Cases::Table, Cases::ProjectId)
                            .to(Projects::Table, Projects::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_cases_project")
                    .table(Cases::Table)
                    .col(Cases::ProjectId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CaseReads::Table)
                    .col(big_integer(CaseReads::CaseId))
                    .col(big_integer(CaseReads::UserId))
                    .col(integer(CaseReads::Times))
                    .col(timestamp_with_time_zone(CaseReads::FirstAt))
                    .col(timestamp_with_time_zone(CaseReads::LastAt))
                    .primary_key(
                        Index::create()
                            .col(CaseReads::CaseId)
                            .col(CaseReads::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseReads::Table, CaseReads::CaseId)
                            .to(Cases::Table, Cases::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CaseReuses::Table)
                    .col(big_pk_auto(CaseReuses::Id))
                    .col(big_integer(CaseReuses::CaseId))
                    .col(big_integer(CaseReuses::ProjectId))
                    .col(big_integer(CaseReuses::UserId))
                    .col(timestamp_with_time_zone(CaseReuses::At))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseReuses::Table, CaseReuses::CaseId)
                            .to(Cases::Table, Cases::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CaseReuses::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(CaseReads::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Cases::Table).to_owned())
            .await
    }
}
