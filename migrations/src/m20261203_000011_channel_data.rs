//! Channel data: a day's metrics per campaign, ad, region and audience on a channel, keyed by
//! those (so the same row imported again replaces itself); the same figures summed per day,
//! channel and one dimension, kept up to date on every import so reports read a few rows; and a
//! record of every import with the rows it refused.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ChannelMetrics {
    Table,
    Id,
    ProjectId,
    Day,
    Channel,
    Campaign,
    Ad,
    Region,
    Audience,
    Spend,
    Impressions,
    Clicks,
    Conversions,
    Revenue,
    ImportId,
}

#[derive(DeriveIden)]
enum ChannelRollups {
    Table,
    ProjectId,
    Day,
    Channel,
    Dimension,
    Value,
    Spend,
    Impressions,
    Clicks,
    Conversions,
    Revenue,
}

#[derive(DeriveIden)]
enum ChannelImports {
    Table,
    Id,
    ProjectId,
    FileName,
    Format,
    Platform,
    Encoding,
    RowsRead,
    RowsAdded,
    RowsUpdated,
    RowsRefused,
    RowsSkipped,
    FirstDay,
    LastDay,
    Refused,
    CreatedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChannelMetrics::Table)
                    .col(big_pk_auto(ChannelMetrics::Id))
                    .col(big_integer(ChannelMetrics::ProjectId))
                    .col(date(ChannelMetrics::Day))
                    .col(string(ChannelMetrics::Channel))
                    .col(string(ChannelMetrics::Campaign))
                    .col(string(ChannelMetrics::Ad))
                    .col(string(ChannelMetrics::Region))
                    .col(string(ChannelMetrics::Audience))
                    .col(big_integer(ChannelMetrics::Spend))
                    .col(big_integer(ChannelMetrics::Impressions))
                    .col(big_integer(ChannelMetrics::Clicks))
                    .col(big_integer(ChannelMetrics::Conversions))
                    .col(big_integer(ChannelMetrics::Revenue))
                    .col(big_integer(ChannelMetrics::ImportId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_channel_metrics_key")
                    .table(ChannelMetrics::Table)
                    .col(ChannelMetrics::ProjectId)
                    .col(ChannelMetrics::Day)
                    .col(ChannelMetrics::Channel)
                    .col(ChannelMetrics::Campaign)
                    .col(ChannelMetrics::Ad)
                    .col(ChannelMetrics::Region)
                    .col(ChannelMetrics::Audience)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ChannelRollups::Table)
                    .col(big_integer(ChannelRollups::ProjectId))
                    .col(date(ChannelRollups::Day))
                    .col(string(ChannelRollups::Channel))
                    .col(string(ChannelRollups::Dimension))
                    .col(string(ChannelRollups::Value))
                    .col(big_integer(ChannelRollups::Spend))
                    .col(big_integer(ChannelRollups::Impressions))
                    .col(big_integer(ChannelRollups::Clicks))
                    .col(big_integer(ChannelRollups::Conversions))
                    .col(big_integer(ChannelRollups::Revenue))
                    .primary_key(
                        Index::create()
                            .col(ChannelRollups::ProjectId)
                            .col(ChannelRollups::Dimension)
                            .col(ChannelRollups::Day)
                            .col(ChannelRollups::Channel)
                            .col(ChannelRollups::Value),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ChannelImports::Table)
                    .col(big_pk_auto(ChannelImports::Id))
                    .col(big_integer(ChannelImports::ProjectId))
                    .col(string(ChannelImports::FileName))
                    .col(string(ChannelImports::Format))
                    .col(string(ChannelImports::Platform))
                    .col(string(ChannelImports::Encoding))
                    .col(big_integer(ChannelImports::RowsRead))
                    .col(big_integer(ChannelImports::RowsAdded))
                    .col(big_integer(ChannelImports::RowsUpdated))
                    .col(big_integer(ChannelImports::RowsRefused))
                    .col(big_integer(ChannelImports::RowsSkipped))
                    .col(date_null(ChannelImports::FirstDay))
                    .col(date_null(ChannelImports::LastDay))
                    .col(text(ChannelImports::Refused))
                    .col(big_integer(ChannelImports::CreatedBy))
                    .col(timestamp_with_time_zone(ChannelImports::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_channel_imports_project")
                    .table(ChannelImports::Table)
                    .col(ChannelImports::ProjectId)
                    .col(ChannelImports::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ChannelImports::Table.into_iden(),
            ChannelRollups::Table.into_iden(),
            ChannelMetrics::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
