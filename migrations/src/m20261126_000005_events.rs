//! The project event log: one row per change to a project, numbered by the project's revision.
//! Browsers watching a project receive these rows; one that was away asks for the rows after
//! the last number it saw. Only the most recent rows of each project are kept.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ProjectEvents {
    Table,
    ProjectId,
    Seq,
    Payload,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ProjectEvents::Table)
                    .col(big_integer(ProjectEvents::ProjectId))
                    .col(big_integer(ProjectEvents::Seq))
                    .col(text(ProjectEvents::Payload))
                    .col(timestamp_with_time_zone(ProjectEvents::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(ProjectEvents::ProjectId)
                            .col(ProjectEvents::Seq),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProjectEvents::Table, ProjectEvents::ProjectId)
                            .to(Projects::Table, Projects::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ProjectEvents::Table).to_owned())
            .await
    }
}
