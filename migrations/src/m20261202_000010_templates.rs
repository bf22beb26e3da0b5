//! Templates saved from projects (their plan as JSON, the budget lines sealed), and approval
//! flows for budget changes: a flow says what it approves, a request what it asks — a project's
//! submission, or a change of a budget line with the change itself sealed.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ProjectTemplates {
    Table,
    Id,
    Name,
    Description,
    Kind,
    Plan,
    Budget,
    SourceProjectId,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ApprovalFlows {
    Table,
    Purpose,
}

#[derive(DeriveIden)]
enum ApprovalRequests {
    Table,
    Subject,
    Change,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ProjectTemplates::Table)
                    .col(big_pk_auto(ProjectTemplates::Id))
                    .col(string(ProjectTemplates::Name))
                    .col(text(ProjectTemplates::Description))
                    .col(string(ProjectTemplates::Kind))
                    .col(text(ProjectTemplates::Plan))
                    .col(text(ProjectTemplates::Budget))
                    .col(big_integer_null(ProjectTemplates::SourceProjectId))
                    .col(big_integer(ProjectTemplates::CreatedBy))
                    .col(integer(ProjectTemplates::Version))
                    .col(timestamp_with_time_zone(ProjectTemplates::CreatedAt))
                    .col(timestamp_with_time_zone(ProjectTemplates::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        // SQLite adds one column per statement.
        manager
            .alter_table(
                Table::alter()
                    .table(ApprovalFlows::Table)
                    .add_column(string(ApprovalFlows::Purpose).default("project"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ApprovalRequests::Table)
                    .add_column(string(ApprovalRequests::Subject).default("project"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ApprovalRequests::Table)
                    .add_column(text_null(ApprovalRequests::Change))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ApprovalRequests::Table)
                    .drop_column(ApprovalRequests::Change)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ApprovalRequests::Table)
                    .drop_column(ApprovalRequests::Subject)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ApprovalFlows::Table)
                    .drop_column(ApprovalFlows::Purpose)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(ProjectTemplates::Table).to_owned())
            .await
    }
}
