//! Web Push: the server's VAPID key (made once, the private half sealed), each person's
//! subscriptions (one per browser, named by the push service's endpoint), and the deliveries —
//! one per notification and subscription, tried until the push service takes it.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PushKeys {
    Table,
    Id,
    PrivateKey,
    PublicKey,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PushSubscriptions {
    Table,
    Id,
    UserId,
    Endpoint,
    P256dh,
    Auth,
    Agent,
    CreatedAt,
    LastOkAt,
}

#[derive(DeriveIden)]
enum PushDeliveries {
    Table,
    Id,
    OutboxId,
    SubscriptionId,
    Payload,
    Urgency,
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
            .create_table(
                Table::create()
                    .table(PushKeys::Table)
                    .col(integer(PushKeys::Id).primary_key())
                    .col(text(PushKeys::PrivateKey))
                    .col(string(PushKeys::PublicKey))
                    .col(timestamp_with_time_zone(PushKeys::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PushSubscriptions::Table)
                    .col(big_pk_auto(PushSubscriptions::Id))
                    .col(big_integer(PushSubscriptions::UserId))
                    .col(string_len(PushSubscriptions::Endpoint, 1024).unique_key())
                    .col(string(PushSubscriptions::P256dh))
                    .col(string(PushSubscriptions::Auth))
                    .col(string(PushSubscriptions::Agent))
                    .col(timestamp_with_time_zone(PushSubscriptions::CreatedAt))
                    .col(timestamp_with_time_zone_null(PushSubscriptions::LastOkAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PushSubscriptions::Table, PushSubscriptions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_push_subscriptions_user")
                    .table(PushSubscriptions::Table)
                    .col(PushSubscriptions::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PushDeliveries::Table)
                    .col(big_pk_auto(PushDeliveries::Id))
                    // None for a test message, which no notification is behind.
                    .col(big_integer_null(PushDeliveries::OutboxId))
                    .col(big_integer(PushDeliveries::SubscriptionId))
                    .col(text(PushDeliveries::Payload))
                    .col(string(PushDeliveries::Urgency))
                    .col(timestamp_with_time_zone(PushDeliveries::CreatedAt))
                    .col(timestamp_with_time_zone(PushDeliveries::SendAfter))
                    .col(string(PushDeliveries::Status))
                    .col(integer(PushDeliveries::Attempts).default(0))
                    .col(timestamp_with_time_zone_null(PushDeliveries::LeaseUntil))
                    .col(text(PushDeliveries::LastError).default(""))
                    .col(timestamp_with_time_zone_null(PushDeliveries::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PushDeliveries::Table, PushDeliveries::OutboxId)
                            .to(Outbox::Table, Outbox::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PushDeliveries::Table, PushDeliveries::SubscriptionId)
                            .to(PushSubscriptions::Table, PushSubscriptions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Once per notification and subscription, however many processes hand it out.
        manager
            .create_index(
                Index::create()
                    .name("idx_push_deliveries_once")
                    .table(PushDeliveries::Table)
                    .col(PushDeliveries::OutboxId)
                    .col(PushDeliveries::SubscriptionId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_push_deliveries_due")
                    .table(PushDeliveries::Table)
                    .col(PushDeliveries::Status)
                    .col(PushDeliveries::SendAfter)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PushDeliveries::Table.into_iden(),
            PushSubscriptions::Table.into_iden(),
            PushKeys::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
