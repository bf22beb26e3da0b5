//! A comment written offline carries the id of its edit; the comment keeps it, so that the
//! comment sent again (its answer lost on a bad connection, or sent by two tabs) is posted once.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Comments {
    Table,
    EditId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Comments::Table)
                    .add_column(string_len_null(Comments::EditId, 36))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("comments_edit_id")
                    .table(Comments::Table)
                    .col(Comments::EditId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("comments_edit_id")
                    .table(Comments::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Comments::Table)
                    .drop_column(Comments::EditId)
                    .to_owned(),
            )
            .await
    }
}
