//! Edits made offline carry an id of their own; the server keeps the id of each it applied, so
//! an edit sent again (its answer lost on a bad connection, or sent by two tabs) is applied once.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AppliedEdits {
    Table,
    EditId,
    UserId,
    TaskId,
    AppliedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AppliedEdits::Table)
                    .col(string_len(AppliedEdits::EditId, 36).primary_key())
                    .col(big_integer(AppliedEdits::UserId))
                    .col(big_integer(AppliedEdits::TaskId))
                    .col(timestamp_with_time_zone(AppliedEdits::AppliedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("applied_edits_applied_at")
                    .table(AppliedEdits::Table)
                    .col(AppliedEdits::AppliedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AppliedEdits::Table).to_owned())
            .await
    }
}
