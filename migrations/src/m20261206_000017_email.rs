//! Email: the settings of the SMTP server the organisation sends through, each person's
//! language (for messages written when they are not there), choices per topic *and channel*
//! (a row now says whether the topic is wanted; absent rows keep the topic's default), and the
//! outbox — what is to go out on a channel other than the app, tried until it goes.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Locale,
}

#[derive(DeriveIden)]
enum NotifyMutes {
    Table,
    Wanted,
}

#[derive(DeriveIden)]
enum MailSettings {
    Table,
    Id,
    Enabled,
    Host,
    Port,
    Security,
    Username,
    Password,
    FromAddress,
    SiteUrl,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    Channel,
    UserId,
    Reason,
    Topic,
    ProjectId,
    TaskId,
    CommentId,
    AlertId,
    ReportId,
    ActorId,
    CreatedAt,
    SendAfter,
    Status,
    Attempts,
    LeaseUntil,
    LastError,
    SentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(string(Users::Locale).default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(NotifyMutes::Table)
                    .add_column(boolean(NotifyMutes::Wanted).default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MailSettings::Table)
                    .col(integer(MailSettings::Id).primary_key())
                    .col(boolean(MailSettings::Enabled))
                    .col(string(MailSettings::Host))
                    .col(integer(MailSettings::Port))
                    .col(string(MailSettings::Security))
                    .col(string(MailSettings::Username))
                    .col(text(MailSettings::Password))
                    .col(string(MailSettings::FromAddress))
                    .col(string(MailSettings::SiteUrl))
                    .col(timestamp_with_time_zone_null(MailSettings::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .col(big_pk_auto(Outbox::Id))
                    .col(string(Outbox::Channel))
                    .col(big_integer(Outbox::UserId))
                    .col(string(Outbox::Reason))
                    .col(string(Outbox::Topic))
                    .col(big_integer(Outbox::ProjectId))
                    .col(big_integer_null(Outbox::TaskId))
                    .col(big_integer_null(Outbox::CommentId))
                    .col(big_integer_null(Outbox::AlertId))
                    .col(big_integer_null(Outbox::ReportId))
                    .col(big_integer_null(Outbox::ActorId))
                    .col(timestamp_with_time_zone(Outbox::CreatedAt))
                    .col(timestamp_with_time_zone(Outbox::SendAfter))
                    .col(string(Outbox::Status))
                    .col(integer(Outbox::Attempts).default(0))
                    .col(timestamp_with_time_zone_null(Outbox::LeaseUntil))
                    .col(text(Outbox::LastError).default(""))
                    .col(timestamp_with_time_zone_null(Outbox::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Outbox::Table, Outbox::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_due")
                    .table(Outbox::Table)
                    .col(Outbox::Status)
                    .col(Outbox::SendAfter)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Outbox::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(MailSettings::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(NotifyMutes::Table)
                    .drop_column(NotifyMutes::Wanted)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::Locale)
                    .to_owned(),
            )
            .await
    }
}
