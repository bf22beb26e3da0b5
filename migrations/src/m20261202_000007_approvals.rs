//! Approval flows configured by admins (ordered steps as JSON, a condition on the project's type
//! and budget), the requests projects make when submitted (with the steps as they were then,
//! so a later edit of the flow does not change a request under way), and each decision.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ApprovalFlows {
    Table,
    Id,
    Name,
    Kind,
    BudgetAbove,
    Steps,
    Position,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ApprovalRequests {
    Table,
    Id,
    ProjectId,
    FlowName,
    Steps,
    Status,
    SubmittedBy,
    SubmittedAt,
    Comment,
    DecidedAt,
}

#[derive(DeriveIden)]
enum ApprovalDecisions {
    Table,
    Id,
    RequestId,
    Step,
    UserId,
    Approve,
    Comment,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ApprovalFlows::Table)
                    .col(big_pk_auto(ApprovalFlows::Id))
                    .col(string(ApprovalFlows::Name))
                    .col(string_null(ApprovalFlows::Kind))
                    .col(big_integer_null(ApprovalFlows::BudgetAbove))
                    .col(text(ApprovalFlows::Steps))
                    .col(big_integer(ApprovalFlows::Position))
                    .col(integer(ApprovalFlows::Version))
                    .col(timestamp_with_time_zone(ApprovalFlows::CreatedAt))
                    .col(timestamp_with_time_zone(ApprovalFlows::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApprovalRequests::Table)
                    .col(big_pk_auto(ApprovalRequests::Id))
                    .col(big_integer(ApprovalRequests::ProjectId))
                    .col(string(ApprovalRequests::FlowName))
                    .col(text(ApprovalRequests::Steps))
                    .col(string(ApprovalRequests::Status))
                    .col(big_integer(ApprovalRequests::SubmittedBy))
                    .col(timestamp_with_time_zone(ApprovalRequests::SubmittedAt))
                    .col(text(ApprovalRequests::Comment))
                    .col(timestamp_with_time_zone_null(ApprovalRequests::DecidedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ApprovalRequests::Table, ApprovalRequests::ProjectId)
                            .to(Projects::Table, Projects::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_approval_requests_project")
                    .table(ApprovalRequests::Table)
                    .col(ApprovalRequests::ProjectId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_approval_requests_status")
                    .table(ApprovalRequests::Table)
                    .col(ApprovalRequests::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApprovalDecisions::Table)
                    .col(big_pk_auto(ApprovalDecisions::Id))
                    .col(big_integer(ApprovalDecisions::RequestId))
                    .col(integer(ApprovalDecisions::Step))
                    .col(big_integer(ApprovalDecisions::UserId))
                    .col(boolean(ApprovalDecisions::Approve))
                    .col(text(ApprovalDecisions::Comment))
                    .col(timestamp_with_time_zone(ApprovalDecisions::At))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ApprovalDecisions::Table, ApprovalDecisions::RequestId)
                            .to(ApprovalRequests::Table, ApprovalRequests::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_approval_decisions_request")
                    .table(ApprovalDecisions::Table)
                    .col(ApprovalDecisions::RequestId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ApprovalDecisions::Table.into_iden(),
            ApprovalRequests::Table.into_iden(),
            ApprovalFlows::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
