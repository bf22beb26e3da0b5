//! Data sent in rather than uploaded: per-project API tokens (kept as hashes, with the scopes
//! they carry), CRM conversions (leads, customers, orders, keyed by the CRM's own id so sending
//! one again updates it), and website events from the tracking snippet with the public key of
//! each project's site.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    ProjectId,
    Name,
    Prefix,
    TokenHash,
    Scopes,
    CreatedBy,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum Conversions {
    Table,
    Id,
    ProjectId,
    Kind,
    ExternalId,
    OccurredAt,
    Day,
    Channel,
    Campaign,
    UtmSource,
    UtmMedium,
    UtmCampaign,
    UtmContent,
    UtmTerm,
    VisitorId,
    Value,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TrackingSites {
    Table,
    ProjectId,
    SiteKey,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TrackingEvents {
    Table,
    Id,
    ProjectId,
    VisitorId,
    Kind,
    OccurredAt,
    Day,
    Channel,
    UtmSource,
    UtmMedium,
    UtmCampaign,
    UtmContent,
    UtmTerm,
    Path,
    DwellMs,
    Value,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ApiTokens::Table)
                    .col(big_pk_auto(ApiTokens::Id))
                    .col(big_integer(ApiTokens::ProjectId))
                    .col(string(ApiTokens::Name))
                    .col(string(ApiTokens::Prefix))
                    .col(string_uniq(ApiTokens::TokenHash))
                    .col(string(ApiTokens::Scopes))
                    .col(big_integer(ApiTokens::CreatedBy))
                    .col(timestamp_with_time_zone(ApiTokens::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::LastUsedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::RevokedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_api_tokens_project")
                    .table(ApiTokens::Table)
                    .col(ApiTokens::ProjectId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Conversions::Table)
                    .col(big_pk_auto(Conversions::Id))
                    .col(big_integer(Conversions::ProjectId))
                    .col(string(Conversions::Kind))
                    .col(string(Conversions::ExternalId))
                    .col(timestamp_with_time_zone(Conversions::OccurredAt))
                    .col(date(Conversions::Day))
                    .col(string(Conversions::Channel))
                    .col(string(Conversions::Campaign))
                    .col(string(Conversions::UtmSource))
                    .col(string(Conversions::UtmMedium))
                    .col(string(Conversions::UtmCampaign))
                    .col(string(Conversions::UtmContent))
                    .col(string(Conversions::UtmTerm))
                    .col(string(Conversions::VisitorId))
                    .col(big_integer(Conversions::Value))
                    .col(timestamp_with_time_zone(Conversions::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_conversions_key")
                    .table(Conversions::Table)
                    .col(Conversions::ProjectId)
                    .col(Conversions::Kind)
                    .col(Conversions::ExternalId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_conversions_day")
                    .table(Conversions::Table)
                    .col(Conversions::ProjectId)
                    .col(Conversions::Day)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TrackingSites::Table)
                    .col(big_integer(TrackingSites::ProjectId).primary_key())
                    .col(string_uniq(TrackingSites::SiteKey))
                    .col(timestamp_with_time_zone(TrackingSites::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TrackingEvents::Table)
                    .col(big_pk_auto(TrackingEvents::Id))
                    .col(big_integer(TrackingEvents::ProjectId))
                    .col(string(TrackingEvents::VisitorId))
                    .col(string(TrackingEvents::Kind))
                    .col(timestamp_with_time_zone(TrackingEvents::OccurredAt))
                    .col(date(TrackingEvents::Day))
                    .col(string_null(TrackingEvents::Channel))
                    .col(string(TrackingEvents::UtmSource))
                    .col(string(TrackingEvents::UtmMedium))
                    .col(string(TrackingEvents::UtmCampaign))
                    .col(string(TrackingEvents::UtmContent))
                    .col(string(TrackingEvents::UtmTerm))
                    .col(string(TrackingEvents::Path))
                    .col(big_integer(TrackingEvents::DwellMs))
                    .col(big_integer(TrackingEvents::Value))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_tracking_events_day")
                    .table(TrackingEvents::Table)
                    .col(TrackingEvents::ProjectId)
                    .col(TrackingEvents::Day)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_tracking_events_visitor")
                    .table(TrackingEvents::Table)
                    .col(TrackingEvents::ProjectId)
                    .col(TrackingEvents::VisitorId)
                    .col(TrackingEvents::OccurredAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            TrackingEvents::Table.into_iden(),
            TrackingSites::Table.into_iden(),
            Conversions::Table.into_iden(),
            ApiTokens::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
