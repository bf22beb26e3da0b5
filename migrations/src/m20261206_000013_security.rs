//! Holding under attack. Failed sign-ins and password checks, counted per key (an account from
//! one client, a client address, an account from anywhere) so that every server process shares
//! the limits and they outlive a restart — times in Unix seconds, so both backends do the same
//! arithmetic on them. The audit log as a chain: each entry, once linked, carries its place and
//! the hash of itself and the entry before (`audit_head` holds the chain's end), and where a
//! sign-in or a refused call came from. A project's budget total as last approved, sealed.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SignInLimits {
    Table,
    Key,
    Failures,
    WindowStart,
    BlockedUntil,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Seq,
    Hash,
    Address,
    Agent,
}

#[derive(DeriveIden)]
enum AuditHead {
    Table,
    Id,
    Seq,
    Hash,
}

#[derive(DeriveIden)]
enum ApprovedBudgets {
    Table,
    ProjectId,
    Amount,
    At,
}

#[derive(DeriveIden)]
enum Webhooks {
    Table,
    IncludeAmounts,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SignInLimits::Table)
                    .col(string(SignInLimits::Key).primary_key())
                    .col(integer(SignInLimits::Failures))
                    .col(big_integer(SignInLimits::WindowStart))
                    .col(big_integer(SignInLimits::BlockedUntil))
                    .to_owned(),
            )
            .await?;
        // One column at a time: SQLite alters a table by one change per statement.
        for column in [
            big_integer_null(AuditLog::Seq),
            string_null(AuditLog::Hash),
            string_null(AuditLog::Address),
            string_null(AuditLog::Agent),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(AuditLog::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        // Webhooks send budget amounts only when an administrator says so.
        manager
            .alter_table(
                Table::alter()
                    .table(Webhooks::Table)
                    .add_column(boolean(Webhooks::IncludeAmounts).default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_log_seq")
                    .table(AuditLog::Table)
                    .col(AuditLog::Seq)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditHead::Table)
                    .col(integer(AuditHead::Id).primary_key())
                    .col(big_integer(AuditHead::Seq))
                    .col(string(AuditHead::Hash))
                    .to_owned(),
            )
            .await?;
        // A project's budget total as last approved (sealed): raises since then add up against
        // a budget flow's threshold.
        manager
            .create_table(
                Table::create()
                    .table(ApprovedBudgets::Table)
                    .col(big_integer(ApprovedBudgets::ProjectId).primary_key())
                    .col(text(ApprovedBudgets::Amount))
                    .col(timestamp_with_time_zone(ApprovedBudgets::At))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(AuditHead::Table)
                    .columns([AuditHead::Id, AuditHead::Seq, AuditHead::Hash])
                    .values_panic([1.into(), 0i64.into(), "".into()])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ApprovedBudgets::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(AuditHead::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Webhooks::Table)
                    .drop_column(Webhooks::IncludeAmounts)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_audit_log_seq")
                    .table(AuditLog::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            AuditLog::Seq,
            AuditLog::Hash,
            AuditLog::Address,
            AuditLog::Agent,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(AuditLog::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(SignInLimits::Table).to_owned())
            .await
    }
}
