//! Points (积分): the rules admins set (what a task done on time, a deliverable accepted, a
//! check-in streak, a case published or help on someone else's task is worth, and the
//! deductions they choose), the append-only ledger of points earned — each with its reason and
//! its source, once per person, rule and source — who has left the public leaderboard, and the
//! nominations for each month's star (项目之星). Each rule keeps how far the records have been
//! read for it, so that settling reads only what is new.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PointRules {
    Table,
    Rule,
    Points,
    Active,
    Since,
    SettledTo,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PointEntries {
    Table,
    Id,
    UserId,
    Points,
    Rule,
    Source,
    ProjectId,
    Note,
    HappenedAt,
    RecordedAt,
    RecordedBy,
}

#[derive(DeriveIden)]
enum PointPrefs {
    Table,
    UserId,
    Hidden,
}

#[derive(DeriveIden)]
enum StarNominations {
    Table,
    Id,
    Month,
    NomineeId,
    NominatorId,
    Reason,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PointRules::Table)
                    .col(string(PointRules::Rule).primary_key())
                    .col(integer(PointRules::Points))
                    .col(boolean(PointRules::Active))
                    .col(timestamp_with_time_zone(PointRules::Since))
                    .col(timestamp_with_time_zone(PointRules::SettledTo))
                    .col(big_integer_null(PointRules::UpdatedBy))
                    .col(timestamp_with_time_zone(PointRules::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PointEntries::Table)
                    .col(big_pk_auto(PointEntries::Id))
                    .col(big_integer(PointEntries::UserId))
                    .col(integer(PointEntries::Points))
                    .col(string(PointEntries::Rule))
                    .col(string(PointEntries::Source))
                    .col(big_integer_null(PointEntries::ProjectId))
                    .col(text(PointEntries::Note))
                    .col(timestamp_with_time_zone(PointEntries::HappenedAt))
                    .col(timestamp_with_time_zone(PointEntries::RecordedAt))
                    .col(big_integer_null(PointEntries::RecordedBy))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_point_entries_once")
                    .table(PointEntries::Table)
                    .col(PointEntries::UserId)
                    .col(PointEntries::Rule)
                    .col(PointEntries::Source)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_point_entries_happened")
                    .table(PointEntries::Table)
                    .col(PointEntries::HappenedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PointPrefs::Table)
                    .col(big_integer(PointPrefs::UserId).primary_key())
                    .col(boolean(PointPrefs::Hidden))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(StarNominations::Table)
                    .col(big_pk_auto(StarNominations::Id))
                    .col(string(StarNominations::Month))
                    .col(big_integer(StarNominations::NomineeId))
                    .col(big_integer(StarNominations::NominatorId))
                    .col(text(StarNominations::Reason))
                    .col(timestamp_with_time_zone(StarNominations::At))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_star_nominations_one")
                    .table(StarNominations::Table)
                    .col(StarNominations::Month)
                    .col(StarNominations::NominatorId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            StarNominations::Table.into_iden(),
            PointPrefs::Table.into_iden(),
            PointEntries::Table.into_iden(),
            PointRules::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
